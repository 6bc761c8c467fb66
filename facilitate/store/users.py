"""User accounts: hashed passwords, session epochs, roles through grants and
the throttle on failed log-ins.

Hashing is slow on purpose (scrypt by default), so every function that hashes
takes the method (the app's PASSWORD_HASH_METHOD; tests use a cheap one) and
`run`, which the login view sets to server_mode.run_blocking so a hash never
stalls the event loop."""

from __future__ import annotations

import functools
import secrets
import time
from dataclasses import dataclass

from werkzeug.security import check_password_hash, generate_password_hash

from . import grants
from .clock import now
from .unit_of_work import transaction

MIN_PASSWORD_LENGTH = 8
DEFAULT_METHOD = "scrypt"  # werkzeug's default


def _direct(fn, *args):
    return fn(*args)


def hash_password(password: str, method: str = DEFAULT_METHOD) -> str:
    return generate_password_hash(password, method=method)


@functools.cache
def _dummy_hash(method: str) -> str:
    """A hash no password matches, made with `method`: checked against for an
    unknown username so it costs what a known one does."""
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _valid(username: str, password: str) -> str:
    username = username.strip()
    if not username or len(username) > 80:
        raise ValueError("username must be 1-80 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    return username


def add_user(db, username: str, password: str, method: str = DEFAULT_METHOD) -> int:
    """Create a user, or give an existing one a new password (which ends all
    of their sessions). Returns the user's id."""
    username = _valid(username, password)
    # Hashed before the write lock is taken: it is slow on purpose.
    password_hash = hash_password(password, method)
    with transaction(db):
        existing = db.execute("SELECT id FROM users WHERE username = ?",
                              [username]).fetchone()
        if existing:
            _store_password(db, existing[0], password_hash)
            return existing[0]
        cursor = db.execute(
            "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
            [username, password_hash, now()],
        )
        return cursor.lastrowid


def set_password(db, user_id: int, password: str, method: str = DEFAULT_METHOD,
                 run=_direct) -> None:
    """A new password ends every session of the user."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    hashed = run(hash_password, password, method)
    with transaction(db):
        _store_password(db, user_id, hashed)


def _store_password(db, user_id: int, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ?, session_epoch = session_epoch + 1 "
               "WHERE id = ?", [password_hash, user_id])


def end_sessions(db, user_id: int) -> int:
    """Log the user out everywhere; returns the new epoch."""
    with transaction(db):
        db.execute("UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ?",
                   [user_id])
    row = db.execute("SELECT session_epoch FROM users WHERE id = ?", [user_id]).fetchone()
    return row[0] if row else 0


def check_login(db, username: str, password: str, method: str = DEFAULT_METHOD,
                run=_direct) -> dict | None:
    """The user row if the password is right. An unknown username costs one
    hash check too (against a dummy hash made with `method`), so the time
    taken does not tell which names exist."""
    rows = list(db.query("SELECT id, username, password_hash, session_epoch FROM users "
                         "WHERE username = ?", [username.strip()]))
    stored = rows[0]["password_hash"] if rows else _dummy_hash(method)
    matches = run(check_password_hash, stored, password)
    if rows and matches:
        user = dict(rows[0])
        del user["password_hash"]
        return user
    return None


def get_user(db, user_id: int) -> dict | None:
    rows = list(db.query("SELECT id, username, session_epoch FROM users WHERE id = ?",
                         [user_id]))
    return rows[0] if rows else None


def with_grants(db, user: dict | None) -> dict | None:
    """The user row with `grants`: a list of policy.Grant."""
    if user is None:
        return None
    return {**user, "grants": grants.grants_of(db, user["id"])}


def list_users(db) -> list[dict]:
    return [with_grants(db, user) for user in
            db.query("SELECT id, username, session_epoch FROM users ORDER BY username")]


# --- throttling failed log-ins ----------------------------------------------


@dataclass(frozen=True)
class Throttle:
    """After `per_user` failures for one username (or `per_address` from one
    client address) within `window` seconds, refuse tries for `delay`
    seconds after the last failure, doubling with each further failure, at
    most `window`."""

    per_user: int = 5
    per_address: int = 20
    window: float = 15 * 60
    delay: float = 30

    @classmethod
    def from_config(cls, config) -> Throttle:
        return cls(per_user=config["LOGIN_FAILURES_PER_USER"],
                   per_address=config["LOGIN_FAILURES_PER_ADDRESS"],
                   window=config["LOGIN_FAILURE_WINDOW"], delay=config["LOGIN_LOCK_SECONDS"])


def _user_key(username: str) -> str:
    return username.strip().casefold()


def _wait(db, kind: str, key: str, limit: int, throttle: Throttle, at: float) -> float:
    count, last = db.execute(
        "SELECT COUNT(*), MAX(at) FROM login_failures WHERE kind = ? AND key = ? AND at > ?",
        [kind, key, at - throttle.window]).fetchone()
    if count < limit:
        return 0.0
    delay = min(throttle.delay * 2 ** min(count - limit, 32), throttle.window)
    return max(0.0, last + delay - at)


def login_wait(db, username: str, address: str, throttle: Throttle = Throttle(),
               at: float | None = None) -> float:
    """Seconds until this username may try again from this address; 0 when free."""
    at = time.time() if at is None else at
    return max(_wait(db, "user", _user_key(username), throttle.per_user, throttle, at),
               _wait(db, "address", address, throttle.per_address, throttle, at))


def record_login_failure(db, username: str, address: str, throttle: Throttle = Throttle(),
                         at: float | None = None) -> None:
    at = time.time() if at is None else at
    with transaction(db):
        db.execute("DELETE FROM login_failures WHERE at <= ?", [at - throttle.window])
        db.execute("INSERT INTO login_failures (kind, key, at) VALUES ('user', ?, ?), "
                   "('address', ?, ?)", [_user_key(username), at, address, at])


def clear_login_failures(db, username: str) -> None:
    """After a right password: the username starts afresh (the address does
    not, so one good account does not unlock guessing at others)."""
    with transaction(db):
        db.execute("DELETE FROM login_failures WHERE kind = 'user' AND key = ?",
                   [_user_key(username)])
