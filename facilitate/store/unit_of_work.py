"""One unit of work: `with transaction(db):` around everything that writes.

The outermost block on a connection begins the transaction (BEGIN IMMEDIATE
to write, BEGIN to read one consistent snapshot) and commits or rolls back;
a block inside it becomes a SAVEPOINT. So a caller can wrap several store
calls in one transaction, and each store function still works alone.

Nesting is tracked by SQLite itself (the connection's in_transaction), so a
transaction begun by other code is joined as a savepoint, never committed
from here."""

from __future__ import annotations

import itertools
import random
import sqlite3
import time
from collections.abc import Callable

# How long the outermost BEGIN IMMEDIATE keeps retrying while another
# connection (or an sqlite3 shell) holds the write lock.
LOCK_WAIT = 30.0
FIRST_DELAY, MAX_DELAY = 0.001, 0.1

_savepoints = itertools.count(1)
_reading: set[int] = set()  # id() of connections inside an outermost read transaction


class LockTimeout(sqlite3.OperationalError):
    """The write lock stayed taken for longer than the wait allowed."""


class Connection(sqlite3.Connection):
    """A connection that knows how to wait for the write lock. Pool
    connections wait with busy_timeout 0 and this sleep instead: a busy wait
    inside SQLite blocks the whole gevent loop, a cooperative sleep does not."""

    sleep: Callable[[float], object] = staticmethod(time.sleep)
    lock_wait: float = LOCK_WAIT


def is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == sqlite3.SQLITE_BUSY
    return "database is locked" in str(error)


def retry_while_busy(attempt: Callable[[], object], sleep: Callable[[float], object],
                     wait: float):
    """Run attempt() until it does not find the database locked, sleeping
    with backoff in between. The bound counts the time asked of sleep(), so
    a fake sleep makes it testable."""
    delay, waited = FIRST_DELAY, 0.0
    while True:
        try:
            return attempt()
        except sqlite3.OperationalError as error:
            if not is_busy(error):
                raise
            if waited >= wait:
                raise LockTimeout(f"database is locked (waited {waited:.1f} s)") from error
        # Jitter, so waiters that woke together do not retry together.
        pause = min(delay * random.uniform(0.5, 1.0), wait - waited)
        sleep(pause)
        waited += pause
        delay = min(delay * 2, MAX_DELAY)


def begin_immediate(conn: sqlite3.Connection) -> None:
    """Take the write lock, waiting with the connection's sleep while it is taken."""
    retry_while_busy(lambda: conn.execute("BEGIN IMMEDIATE"),
                     getattr(conn, "sleep", time.sleep), getattr(conn, "lock_wait", LOCK_WAIT))


class Transaction:
    """Use as `with transaction(db):`, or begin()/commit()/rollback() where a
    block does not fit (the per-request unit of work)."""

    def __init__(self, db, write: bool = True) -> None:
        self.db, self.write = db, write
        self.savepoint: str | None = None

    def begin(self) -> Transaction:
        conn = self.db.conn
        if conn.in_transaction:
            if self.write and id(conn) in _reading:
                raise sqlite3.ProgrammingError("a write inside a read transaction")
            self.savepoint = f"unit_{next(_savepoints)}"
            conn.execute(f"SAVEPOINT {self.savepoint}")
        elif self.write:
            begin_immediate(conn)
        else:
            conn.execute("BEGIN")  # WAL: reads see one snapshot and never wait
            _reading.add(id(conn))
        return self

    def commit(self) -> None:
        conn = self.db.conn
        if self.savepoint:
            conn.execute(f"RELEASE {self.savepoint}")
            return
        try:
            conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise
        finally:
            _reading.discard(id(conn))

    def rollback(self) -> None:
        conn = self.db.conn
        # An error such as SQLITE_FULL may already have ended the whole
        # transaction: then there is nothing left to undo.
        if conn.in_transaction:
            if self.savepoint:
                conn.execute(f"ROLLBACK TO {self.savepoint}")
                conn.execute(f"RELEASE {self.savepoint}")
            else:
                conn.execute("ROLLBACK")
        if not self.savepoint:
            _reading.discard(id(conn))

    def __enter__(self):
        self.begin()
        return self.db

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.commit()
        else:
            self.rollback()


def transaction(db, *, write: bool = True) -> Transaction:
    """A unit of work on db (a sqlite_utils.Database): the outermost one
    commits, inner ones are savepoints."""
    return Transaction(db, write)


def forget(conn: sqlite3.Connection) -> None:
    """Drop what is known about a connection whose transaction was ended
    from outside (the pool rolling back a half-done one)."""
    _reading.discard(id(conn))
