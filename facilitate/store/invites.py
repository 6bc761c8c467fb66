"""Invite links: how a programme admin brings in facilitators, programme
admins and coordinators. The link carries a random token; only its SHA-256
is stored. Using the link once, before it expires, creates the user with the
password they chose and gives them the invite's role."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from ..policy import ROLES
from . import grants
from .clock import now
from .unit_of_work import transaction

INVITE_DAYS = 14
MAX_NOTE = 200


class InviteError(ValueError):
    """The link cannot be used: `reason` is "unknown", "expired", "used" or
    "withdrawn" (the role's scope no longer exists)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class UsernameTaken(ValueError):
    pass


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_invite(db, *, role: str, programme_id: int, municipality_id: int | None = None,
                  note: str = "", created_by: int | None = None,
                  days: int = INVITE_DAYS) -> tuple[int, str]:
    """A new invite; returns its id and the token (shown once, never stored).
    Raises ValueError for a scope that does not fit the role."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    token = secrets.token_urlsafe(32)
    expires = (datetime.now(UTC) + timedelta(days=days)).isoformat(timespec="milliseconds")
    with transaction(db):
        grants.check(db, role, programme_id, municipality_id)
        cursor = db.execute(
            "INSERT INTO invites (token_hash, role, programme_id, municipality_id, note, "
            "created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [token_hash(token), role, programme_id, municipality_id, note[:MAX_NOTE],
             created_by, now(), expires])
        return cursor.lastrowid, token


def _with_names(db, row: dict | None) -> dict | None:
    if row is None:
        return None
    row["programme_name"] = db.execute("SELECT name FROM programmes WHERE id = ?",
                                       [row["programme_id"]]).fetchone()[0]
    found = db.execute("SELECT name FROM municipalities WHERE id = ?",
                       [row["municipality_id"]]).fetchone() if row["municipality_id"] else None
    row["municipality_name"] = found[0] if found else None
    return row


def state(invite: dict, at: str | None = None) -> str:
    """"open", "used" or "expired"."""
    if invite["used_at"]:
        return "used"
    if invite["expires_at"] <= (at or now()):
        return "expired"
    return "open"


def find(db, token: str) -> dict | None:
    """The invite of a token, whatever its state (see state())."""
    if not token or len(token) > 200:
        return None
    rows = list(db.query("SELECT * FROM invites WHERE token_hash = ?", [token_hash(token)]))
    return _with_names(db, rows[0]) if rows else None


def get_invite(db, invite_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM invites WHERE id = ?", [invite_id]))
    return _with_names(db, rows[0]) if rows else None


def open_invites(db, programme_id: int) -> list[dict]:
    """Invites of the programme not yet used nor expired, newest first."""
    rows = db.query("SELECT * FROM invites WHERE programme_id = ? AND used_at IS NULL "
                    "AND expires_at > ? ORDER BY id DESC", [programme_id, now()])
    return [_with_names(db, row) for row in rows]


def withdraw(db, invite_id: int) -> None:
    """An admin takes an unused invite back: its link stops working."""
    with transaction(db):
        db.execute("DELETE FROM invites WHERE id = ? AND used_at IS NULL", [invite_id])


def accept(db, token: str, username: str, password_hash: str) -> int:
    """Use the link: create the user with this (already hashed) password and
    give them the invite's role, once. Returns the new user's id. Raises
    InviteError when the link cannot be used and UsernameTaken when the name
    belongs to someone (an invite never changes an existing account)."""
    with transaction(db):
        invite = find(db, token)
        if invite is None:
            raise InviteError("unknown")
        if state(invite) != "open":
            raise InviteError(state(invite))
        if db.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone():
            raise UsernameTaken(username)
        user_id = db.execute(
            "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
            [username, password_hash, now()]).lastrowid
        # Marked used in the same transaction, and only if nobody else just did.
        if db.execute("UPDATE invites SET used_at = ?, used_by = ? WHERE id = ? "
                      "AND used_at IS NULL", [now(), user_id, invite["id"]]).rowcount != 1:
            raise InviteError("used")
        try:
            grants.grant(db, user_id, invite["role"], invite["programme_id"],
                         invite["municipality_id"])
        except ValueError:
            raise InviteError("withdrawn") from None
        return user_id
