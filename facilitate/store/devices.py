"""Participants' phones: a random token per device and gathering, no account."""

import secrets

from .clock import now
from .unit_of_work import transaction

MAX_NAME_LENGTH = 40


def register_device(db, gathering_id: int, municipality_id: int,
                    display_name: str | None) -> dict:
    token = secrets.token_urlsafe(24)
    with transaction(db):
        cursor = db.execute(
            """INSERT INTO devices (gathering_id, token, municipality_id, display_name,
                   consented_at, created_at) VALUES (?, ?, ?, ?, ?, ?)""",
            [gathering_id, token, municipality_id, display_name or None, now(), now()],
        )
        return get_device(db, cursor.lastrowid)


def get_device(db, device_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM devices WHERE id = ?", [device_id]))
    return rows[0] if rows else None


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
