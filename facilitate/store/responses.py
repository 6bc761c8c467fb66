"""Answers: stored once per submission id, the newest per device and slot counts."""

from __future__ import annotations

import json

from ..activities.base import Response
from .clock import now
from .gatherings import bump_revision  # also reachable as responses.bump_revision
from .unit_of_work import transaction


def save_response(db, device: dict, item_id: int, submission_id: str, key: str,
                  value) -> bool:
    """Commit one submission. Returns False when this device already sent this
    submission id (a resend after a dropped ack): nothing changes then."""
    stamp = now()
    with transaction(db):
        seen = db.execute(
            "INSERT OR IGNORE INTO submissions (device_id, submission_id, item_id, received_at) "
            "VALUES (?, ?, ?, ?)", [device["id"], submission_id, item_id, stamp])
        if seen.rowcount == 0:
            return False
        db.execute(
            """INSERT INTO responses (item_id, device_id, municipality_id, key, value,
                   submission_id, created_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (item_id, device_id, key) DO UPDATE SET
                   value = excluded.value, submission_id = excluded.submission_id,
                   updated_at = excluded.updated_at""",
            [item_id, device["id"], device["municipality_id"], key,
             json.dumps(value, ensure_ascii=False), submission_id, stamp, stamp])
        bump_revision(db, item_id)
    return True


# A held phone (joined beyond its municipality's expected number, not yet
# accepted by the facilitator) has its answers stored, but they count nowhere.
COUNTED = "NOT EXISTS (SELECT 1 FROM devices d WHERE d.id = responses.device_id AND d.held = 1)"


def current_responses(db, item_id: int, include_hidden: bool = False) -> list[Response]:
    """The answers that count: hidden ones left out unless asked for, a held
    phone's always."""
    sql = ("SELECT id, device_id, municipality_id, key, value, hidden FROM responses "
           "WHERE item_id = ? AND " + COUNTED + ("" if include_hidden else " AND hidden = 0")
           + " ORDER BY id")
    rows = db.execute(sql, [item_id]).fetchall()
    # The live tally reads every answer ten times a second: one JSON parse of
    # all the values is about ten times faster than one parse per row.
    values = json.loads("[" + ",".join(row[4] for row in rows) + "]")
    return [Response(row[0], row[1], row[2], row[3], value, bool(row[5]))
            for row, value in zip(rows, values, strict=True)]


def device_responses(db, device_id: int) -> list[dict]:
    """A phone's own answers, so it can show them after a reload."""
    return [{"item_id": row[0], "key": row[1], "value": json.loads(row[2]),
             "submission_id": row[3]}
            for row in db.execute(
                "SELECT item_id, key, value, submission_id FROM responses WHERE device_id = ? "
                "ORDER BY id", [device_id]).fetchall()]


def answered_per_municipality(db, item_id: int) -> dict[int, int]:
    rows = db.execute("SELECT municipality_id, COUNT(DISTINCT device_id) FROM responses "
                      "WHERE item_id = ? AND " + COUNTED + " GROUP BY municipality_id",
                      [item_id]).fetchall()
    return dict(rows)


def submission_exists(db, device_id: int, submission_id: str) -> bool:
    """Whether this device's submission id was ever stored (resets keep them)."""
    return db.execute("SELECT 1 FROM submissions WHERE device_id = ? AND submission_id = ?",
                      [device_id, submission_id]).fetchone() is not None


def visible_key_exists(db, item_id: int, key: str) -> bool:
    return db.execute("SELECT 1 FROM responses WHERE item_id = ? AND key = ? AND hidden = 0",
                      [item_id, key]).fetchone() is not None


def get_response(db, response_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM responses WHERE id = ?", [response_id]))
    return rows[0] if rows else None


def set_hidden(db, response_id: int, hidden: bool) -> None:
    with transaction(db):
        db.execute("UPDATE responses SET hidden = ? WHERE id = ?", [int(hidden), response_id])
        row = db.execute("SELECT item_id FROM responses WHERE id = ?", [response_id]).fetchone()
        if row is not None:
            bump_revision(db, row[0])


def reset_item(db, item_id: int) -> None:
    """Drop an activity's answers. Submission ids are kept, so a phone resending
    an answer from before the reset does not bring it back. The item's
    `resets` counts up, telling phones that what they saved is gone."""
    with transaction(db):
        db.execute("DELETE FROM responses WHERE item_id = ?", [item_id])
        db.execute("UPDATE items SET resets = resets + 1 WHERE id = ?", [item_id])
        bump_revision(db, item_id)
