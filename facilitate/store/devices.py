"""Participants' phones: a random token per device and gathering, no account.

A phone that joins beyond its municipality's expected number of participants
is *held*: its answers are stored but count in no result until the
facilitator accepts it (see docs/SECURITY.md, "Fake phones"). Erasing a
device deletes it with every answer and submission it made."""

from __future__ import annotations

import secrets

from .clock import now
from .gatherings import bump_revision
from .unit_of_work import transaction

MAX_NAME_LENGTH = 40


def register_device(db, gathering_id: int, municipality_id: int,
                    display_name: str | None) -> dict:
    """A new phone. Held when its municipality already has its expected
    number of counted (not held) phones in this gathering."""
    token = secrets.token_urlsafe(24)
    with transaction(db):
        row = db.execute("SELECT expected_participants FROM municipalities WHERE id = ?",
                         [municipality_id]).fetchone()
        expected = row[0] if row else None
        held = False
        if expected is not None:
            counted = db.execute(
                "SELECT COUNT(*) FROM devices WHERE gathering_id = ? AND municipality_id = ? "
                "AND held = 0", [gathering_id, municipality_id]).fetchone()[0]
            held = counted >= expected
        cursor = db.execute(
            """INSERT INTO devices (gathering_id, token, municipality_id, display_name,
                   consented_at, created_at, held) VALUES (?, ?, ?, ?, ?, ?, ?)""",
            [gathering_id, token, municipality_id, display_name or None, now(), now(),
             int(held)],
        )
        return get_device(db, cursor.lastrowid)


def get_device(db, device_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM devices WHERE id = ?", [device_id]))
    return rows[0] if rows else None


def device_exists(db, device_id: int) -> bool:
    return db.execute("SELECT 1 FROM devices WHERE id = ?", [device_id]).fetchone() is not None


def device_by_token(db, gathering_id: int, token: str) -> dict | None:
    if not isinstance(token, str) or not 10 <= len(token) <= 64:
        return None
    rows = list(db.query("SELECT * FROM devices WHERE token = ? AND gathering_id = ?",
                         [token, gathering_id]))
    return rows[0] if rows else None


def devices_per_municipality(db, gathering_id: int) -> dict[int, int]:
    rows = db.execute("SELECT municipality_id, COUNT(*) FROM devices WHERE gathering_id = ? "
                      "GROUP BY municipality_id", [gathering_id]).fetchall()
    return dict(rows)


def list_devices(db, gathering_id: int) -> list[dict]:
    """Every phone of a gathering, for the facilitator: id, municipality,
    display name, held, joined at, and how many answers it has stored. No
    tokens."""
    return list(db.query(
        """SELECT d.id, d.municipality_id, d.display_name, d.held, d.created_at,
                  (SELECT COUNT(*) FROM responses r WHERE r.device_id = d.id) AS answers
           FROM devices d WHERE d.gathering_id = ? ORDER BY d.id""", [gathering_id]))


def accept_device(db, device_id: int) -> list[int]:
    """The facilitator vouches for a held phone: its answers count from now
    on. Returns the items whose results change."""
    with transaction(db):
        db.execute("UPDATE devices SET held = 0 WHERE id = ?", [device_id])
        return _bump_items_of(db, device_id)


def erase_answers(db, device_id: int) -> list[int]:
    """Delete every answer and submission of a device (the participant's own
    "delete my answers"). Returns the items whose results change."""
    with transaction(db):
        items = _bump_items_of(db, device_id)
        db.execute("DELETE FROM responses WHERE device_id = ?", [device_id])
        db.execute("DELETE FROM submissions WHERE device_id = ?", [device_id])
        return items


def erase_device(db, device_id: int) -> list[int]:
    """Delete a device with everything it made: answers, submissions, the
    device row (its token stops working). Returns the items whose results
    change."""
    with transaction(db):
        items = erase_answers(db, device_id)
        db.execute("DELETE FROM devices WHERE id = ?", [device_id])
        return items


def _bump_items_of(db, device_id: int) -> list[int]:
    items = [row[0] for row in db.execute(
        "SELECT DISTINCT item_id FROM responses WHERE device_id = ? ORDER BY item_id",
        [device_id]).fetchall()]
    for item_id in items:
        bump_revision(db, item_id)
    return items


# --- the join throttle, shared by every server process -------------------------------

def joins_allowed(db, address: str, limit: int, window: float, at: float) -> bool:
    """Whether `address` may join once more: fewer than `limit` joins in the
    last `window` seconds. Records the attempt when allowed; forgets joins
    older than the window."""
    with transaction(db):
        db.execute("DELETE FROM join_attempts WHERE at < ?", [at - window])
        recent = db.execute("SELECT COUNT(*) FROM join_attempts WHERE address = ? AND at >= ?",
                            [address, at - window]).fetchone()[0]
        if recent >= limit:
            return False
        db.execute("INSERT INTO join_attempts (address, at) VALUES (?, ?)", [address, at])
        return True
