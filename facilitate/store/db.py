"""The SQLite database: one file in the instance folder, WAL mode. Each app
context borrows a connection from the app's pool and gives it back on
teardown."""

from __future__ import annotations

import sqlite3
import weakref
from pathlib import Path

import sqlite_utils
from flask import current_app, g

from .migrations import migrate


def connect(path: str | Path) -> sqlite_utils.Database:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    # NORMAL in WAL mode is durable across application crashes (the case we
    # promise: an acknowledged answer survives kill -9); only an OS crash or
    # power loss may drop the last transactions.
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA busy_timeout=30000")
    return sqlite_utils.Database(conn)


class ConnectionPool:
    """Open connections kept for reuse. Every socket event runs in its own app
    context, and opening a connection (and closing the last one, which
    checkpoints the WAL) cost several times more than the answer it served."""

    def __init__(self, path: str | Path, keep: int = 8) -> None:
        self.path, self.keep = path, keep
        self._idle: list[sqlite_utils.Database] = []

    def take(self) -> sqlite_utils.Database:
        try:
            return self._idle.pop()
        except IndexError:
            return connect(self.path)

    def give_back(self, db: sqlite_utils.Database) -> None:
        if db.conn.in_transaction:  # never hand on a half-done transaction
            db.conn.rollback()
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
        db = connect(path)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
        finally:
            db.conn.close()
    except sqlite3.Error as error:
        return {"ok": False, "error": str(error)}
    return {"ok": version == len(MIGRATIONS), "schema_version": version,
            "expected_version": len(MIGRATIONS)}


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
    init_db(app.config["DATABASE"])
    pool = app.extensions["facilitate_db"] = ConnectionPool(app.config["DATABASE"])
    weakref.finalize(app, pool.close)  # close the kept connections with the app


# Placeholder until the store's unit of work lands: store functions still
# open their own transactions, so this one adds nothing yet.
from contextlib import contextmanager  # noqa: E402


@contextmanager
def transaction(db, *, write: bool = True):
    yield db
