"""The SQLite database: one file in the instance folder, WAL mode. Each app
context borrows a connection from the app's pool and gives it back on
teardown; an HTTP request that may write is one unit of work."""

from __future__ import annotations

import sqlite3
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import sqlite_utils
from flask import current_app, g, request

from .migrations import migrate
from .unit_of_work import LOCK_WAIT, Connection, Transaction, forget, retry_while_busy, transaction

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def connect(path: str | Path, busy_timeout: float = 30.0) -> sqlite_utils.Database:
    """A connection in WAL mode. busy_timeout (seconds) is how long a
    statement blocks inside SQLite for a lock; pool connections use 0 and
    wait cooperatively in transaction() instead."""
    # The timeout is set before anything else: switching a brand-new file to
    # WAL needs a lock another process starting at the same moment may hold.
    # SQLite does not always wait for that lock (it would risk a deadlock),
    # so the switch is retried too.
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None,
                           check_same_thread=False, factory=Connection)
    retry_while_busy(lambda: conn.execute("PRAGMA journal_mode=WAL"), time.sleep, LOCK_WAIT)
    # NORMAL in WAL mode is durable across application crashes (the case we
    # promise: an acknowledged answer survives kill -9); only an OS crash or
    # power loss may drop the last transactions.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
    return sqlite_utils.Database(conn)


class ConnectionPool:
    """Open connections kept for reuse. Every socket event runs in its own app
    context, and opening a connection (and closing the last one, which
    checkpoints the WAL) cost several times more than the answer it served.

    Its connections never block inside SQLite (busy_timeout 0): transaction()
    waits for the write lock with `sleep`, which the live layer sets to
    socketio.sleep so a held lock freezes no other connection."""

    def __init__(self, path: str | Path, keep: int = 8,
                 sleep: Callable[[float], object] = time.sleep,
                 lock_wait: float = LOCK_WAIT) -> None:
        self.path, self.keep = path, keep
        self.sleep, self.lock_wait = sleep, lock_wait
        self._idle: list[sqlite_utils.Database] = []

    def take(self) -> sqlite_utils.Database:
        try:
            db = self._idle.pop()
        except IndexError:
            db = connect(self.path, busy_timeout=0)
        db.conn.sleep, db.conn.lock_wait = self.sleep, self.lock_wait
        return db

    def give_back(self, db: sqlite_utils.Database) -> None:
        if db.conn.in_transaction:  # never hand on a half-done transaction
            db.conn.rollback()
        forget(db.conn)
        if len(self._idle) < self.keep:
            self._idle.append(db)
        else:
            db.conn.close()

    def close(self) -> None:
        while self._idle:
            self._idle.pop().conn.close()


def get_db() -> sqlite_utils.Database:
    if "db" not in g:
        g.db = current_app.extensions["facilitate_db"].take()
    return g.db


def close_db(exc: BaseException | None = None) -> None:
    db = g.pop("db", None)
    if db is not None:
        current_app.extensions["facilitate_db"].give_back(db)


def set_sleep(app, sleep: Callable[[float], object]) -> None:
    """How pool connections wait for the write lock (socketio.sleep under
    gevent or eventlet); applies to connections already made too."""
    app.extensions["facilitate_db"].sleep = sleep


# --- one unit of work per HTTP request that may write -----------------------------


def _begin_request() -> None:
    if request.method in UNSAFE_METHODS:
        g.unit_of_work = transaction(get_db()).begin()


def _commit_request(response):
    """Commit before the response leaves, so a failed commit is a 500 and
    never a lost write the client was told succeeded. A refused or failed
    request (status 400 and up) leaves nothing behind."""
    unit: Transaction | None = g.pop("unit_of_work", None)
    if unit is not None:
        if response.status_code >= 400:
            unit.rollback()
        else:
            try:
                unit.commit()
            except BaseException:
                unit.rollback()
                raise
    return response


def _end_request(exc: BaseException | None = None) -> None:
    unit: Transaction | None = g.pop("unit_of_work", None)
    if unit is not None:  # after_request never ran: an error escaped
        unit.rollback()


def init_db(path: str | Path) -> int:
    """Create or upgrade the schema; returns the schema version."""
    db = connect(path)
    try:
        return migrate(db)
    finally:
        db.conn.close()


def database_state(path: str | Path) -> dict:
    from .migrations import MIGRATIONS

    try:
        # A health check must answer, not wait: reads in WAL mode need no lock.
        db = connect(path, busy_timeout=0)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.conn.close()
    except sqlite3.Error as error:
        return {"ok": False, "error": str(error)}
    return {"ok": version == len(MIGRATIONS), "schema_version": version,
            "expected_version": len(MIGRATIONS)}


def init_app(app) -> None:
    app.before_request(_begin_request)
    app.after_request(_commit_request)
    app.teardown_request(_end_request)
    app.teardown_appcontext(close_db)
    init_db(app.config["DATABASE"])
    pool = app.extensions["facilitate_db"] = ConnectionPool(app.config["DATABASE"])
    weakref.finalize(app, pool.close)  # close the kept connections with the app

