"""A board's notes and dots. They are responses (see activities/board_rules.py):
a note in the slot ``n:<ref>`` of the device that wrote it, a phone's dots
in its slot ``v``. Each write claims the phone's submission id first, so a
resend after a lost ack changes nothing, and runs in the event's transaction,
so the ack follows the commit."""

from __future__ import annotations

import json

from ..activities.board_rules import NOTE_PREFIX, VOTES_KEY
from .clock import now
from .gatherings import bump_revision
from .unit_of_work import transaction


def claim_submission(db, device_id: int, submission_id: str, item_id: int) -> bool:
    """False when this device sent this submission id before (a resend)."""
    with transaction(db):
        return db.execute(
            "INSERT OR IGNORE INTO submissions (device_id, submission_id, item_id, received_at) "
            "VALUES (?, ?, ?, ?)", [device_id, submission_id, item_id, now()]).rowcount == 1


def get_note(db, item_id: int, ref: str) -> dict | None:
    """A visible note by its ref (a hidden one counts as gone)."""
    row = db.execute("SELECT id, device_id, municipality_id, value FROM responses "
                     "WHERE item_id = ? AND key = ? AND hidden = 0",
                     [item_id, NOTE_PREFIX + ref]).fetchone()
    if row is None:
        return None
    return {"id": row[0], "device_id": row[1], "municipality_id": row[2],
            "value": json.loads(row[3])}


def note_exists(db, item_id: int, ref: str) -> bool:
    """Whether any note (hidden too) has this ref: refs are unique per item."""
    return db.execute("SELECT 1 FROM responses WHERE item_id = ? AND key = ?",
                      [item_id, NOTE_PREFIX + ref]).fetchone() is not None


def on_board(db, item_id: int, group_id: int, refs) -> set[str]:
    """Which of these refs are visible notes on one group's board."""
    keys = [NOTE_PREFIX + ref for ref in refs]
    if not keys:
        return set()
    marks = ", ".join("?" * len(keys))
    return {row[0][len(NOTE_PREFIX):] for row in db.execute(
        f"SELECT key FROM responses WHERE item_id = ? AND key IN ({marks}) AND hidden = 0 "
        "AND json_extract(value, '$.group') = ?", [item_id, *keys, group_id]).fetchall()}


def count_notes(db, item_id: int, device_id: int) -> int:
    return db.execute("SELECT COUNT(*) FROM responses WHERE item_id = ? AND device_id = ? "
                      "AND key LIKE 'n:%'", [item_id, device_id]).fetchone()[0]


def has_content(db, item_id: int) -> bool:
    """Whether any note or dot was given (groups may then not be formed again)."""
    return db.execute("SELECT 1 FROM responses WHERE item_id = ? LIMIT 1",
                      [item_id]).fetchone() is not None


def add_note(db, item_id: int, device: dict, ref: str, value: dict, submission_id: str) -> None:
    _put(db, item_id, device, NOTE_PREFIX + ref, value, submission_id)


def put_votes(db, item_id: int, device: dict, value: dict, submission_id: str) -> None:
    _put(db, item_id, device, VOTES_KEY, value, submission_id)


def _put(db, item_id: int, device: dict, key: str, value: dict, submission_id: str) -> None:
    stamp = now()
    with transaction(db):
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


def update_note(db, item_id: int, response_id: int, value: dict) -> None:
    """A new text (by its author or the scribe): the row stays its author's."""
    with transaction(db):
        db.execute("UPDATE responses SET value = ?, updated_at = ? WHERE id = ?",
                   [json.dumps(value, ensure_ascii=False), now(), response_id])
        bump_revision(db, item_id)


def delete_note(db, item_id: int, response_id: int) -> None:
    with transaction(db):
        db.execute("DELETE FROM responses WHERE id = ?", [response_id])
        bump_revision(db, item_id)


def drop_votes(db, item_id: int, device_id: int) -> None:
    """Take back a phone's dots (it moved to another group)."""
    with transaction(db):
        db.execute("DELETE FROM responses WHERE item_id = ? AND device_id = ? AND key = ?",
                   [item_id, device_id, VOTES_KEY])
        bump_revision(db, item_id)
