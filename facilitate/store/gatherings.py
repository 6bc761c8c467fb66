"""Gatherings, their agenda items and the facilitator's controls over them.

Every change a client must see bumps the gathering's version, so a client
that reconnects with the version it last saw learns whether it missed
anything."""

from __future__ import annotations

import json
import secrets

from .clock import now
from .unit_of_work import transaction

# No 0/O, 1/I/L: a code is read aloud and typed from a projector.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ITEM_STATUSES = ("idle", "open", "locked", "closed")


def new_code(length: int = 6) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def create_gathering(db, programme_id: int, module: int, date: str, title: str, plan,
                     municipality_ids: list[int], min_group_size: int = 3) -> int:
    """Copy the session plan's items into the gathering, so editing a plan
    file later never changes a gathering that has run."""
    with transaction(db):
        cursor = db.execute(
            """INSERT INTO gatherings (programme_id, module, date, title, plan_path, code,
                   presenter_key, min_group_size, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [programme_id, module, date, title, plan.path, _unused_code(db),
             secrets.token_urlsafe(16), min_group_size, now()],
        )
        gathering_id = cursor.lastrowid
        for municipality_id in municipality_ids:
            db.execute(
                "INSERT INTO gathering_municipalities VALUES (?, ?)",
                [gathering_id, municipality_id],
            )
        for position, item in enumerate(plan.items):
            db.execute(
                """INSERT INTO items (gathering_id, position, type, title, planned_start,
                       duration, notes, activity_kind, definition, reveal_default,
                       results_visible)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [gathering_id, position, item.type, item.title, item.start, item.duration,
                 item.notes, item.activity,
                 json.dumps(item.definition) if item.definition is not None else None,
                 int(item.reveal), int(item.reveal)],
            )
    return gathering_id


def _unused_code(db) -> str:
    while True:
        code = new_code()
        if not db.execute("SELECT 1 FROM gatherings WHERE code = ?", [code]).fetchone():
            return code


def _one(db, sql: str, params: list) -> dict | None:
    rows = list(db.query(sql, params))
    return rows[0] if rows else None


def get_gathering(db, gathering_id: int) -> dict | None:
    return _one(db, "SELECT * FROM gatherings WHERE id = ?", [gathering_id])


def get_gathering_by_code(db, code: str) -> dict | None:
    return _one(db, "SELECT * FROM gatherings WHERE code = ?", [code.strip().upper()])


def list_gatherings(db) -> list[dict]:
    return list(db.query(
        """SELECT g.*, p.name AS programme_name,
               (SELECT COUNT(*) FROM gathering_municipalities gm
                WHERE gm.gathering_id = g.id) AS municipality_count
           FROM gatherings g JOIN programmes p ON p.id = g.programme_id
           ORDER BY g.date, g.id"""))


def _decode_item(row: dict) -> dict:
    row["definition"] = json.loads(row["definition"]) if row["definition"] else None
    row["state"] = json.loads(row["state"])
    row["results_visible"] = bool(row["results_visible"])
    row["reveal_default"] = bool(row["reveal_default"])
    row["timer"] = json.loads(row["timer"]) if row["timer"] else None
    return row


def list_items(db, gathering_id: int) -> list[dict]:
    rows = db.query("SELECT * FROM items WHERE gathering_id = ? ORDER BY position",
                    [gathering_id])
    return [_decode_item(row) for row in rows]


def get_item(db, item_id: int) -> dict | None:
    row = _one(db, "SELECT * FROM items WHERE id = ?", [item_id])
    return _decode_item(row) if row else None


def answer_target(db, item_id: int) -> dict | None:
    """The few fields accepting an answer needs, in one light query: it runs
    for every answer."""
    row = db.execute("SELECT gathering_id, activity_kind, status, definition, state FROM items "
                     "WHERE id = ?", [item_id]).fetchone()
    if row is None:
        return None
    return {"gathering_id": row[0], "activity_kind": row[1], "status": row[2],
            "definition": json.loads(row[3]) if row[3] else None, "state": json.loads(row[4])}


def bump_version(db, gathering_id: int) -> int:
    with transaction(db):
        db.execute("UPDATE gatherings SET version = version + 1 WHERE id = ?", [gathering_id])
        return db.execute("SELECT version FROM gatherings WHERE id = ?",
                          [gathering_id]).fetchone()[0]


def bump_revision(db, item_id: int) -> None:
    """The one place an item's revision moves: with every change to its
    answers or to how its results are shown, in the same transaction."""
    with transaction(db):
        db.execute("UPDATE items SET revision = revision + 1 WHERE id = ?", [item_id])


def start_gathering(db, gathering_id: int) -> None:
    with transaction(db):
        gathering = get_gathering(db, gathering_id)
        if gathering["status"] == "running":
            return
        db.execute(
            "UPDATE gatherings SET status = 'running', started_at = COALESCE(started_at, ?) "
            "WHERE id = ?", [now(), gathering_id])
        if gathering["current_position"] is None:
            go_to(db, gathering_id, 0)
        bump_version(db, gathering_id)


def end_gathering(db, gathering_id: int) -> None:
    stamp = now()
    with transaction(db):
        db.execute("UPDATE items SET ended_at = ? WHERE gathering_id = ? "
                   "AND started_at IS NOT NULL AND ended_at IS NULL", [stamp, gathering_id])
        db.execute("UPDATE items SET status = 'closed' WHERE gathering_id = ? AND status IN "
                   "('open', 'locked')", [gathering_id])
        db.execute("UPDATE gatherings SET status = 'ended', ended_at = ? WHERE id = ?",
                   [stamp, gathering_id])
        bump_version(db, gathering_id)


def go_to(db, gathering_id: int, position: int) -> bool:
    """Make `position` the current item; stamps actual start and end times.
    Returns False when there is no such item."""
    with transaction(db):
        count = db.execute("SELECT COUNT(*) FROM items WHERE gathering_id = ?",
                           [gathering_id]).fetchone()[0]
        if not 0 <= position < count:
            return False
        stamp = now()
        current = get_gathering(db, gathering_id)["current_position"]
        if current is not None and current != position:
            # Phones answer only what is on screen: moving on pauses answers
            # to the item left open, so its badge says what is true ("locked").
            db.execute("UPDATE items SET ended_at = ?, status = CASE status WHEN 'open' "
                       "THEN 'locked' ELSE status END WHERE gathering_id = ? AND position = ?",
                       [stamp, gathering_id, current])
        db.execute("UPDATE items SET started_at = COALESCE(started_at, ?), ended_at = NULL "
                   "WHERE gathering_id = ? AND position = ?", [stamp, gathering_id, position])
        db.execute("UPDATE gatherings SET current_position = ? WHERE id = ?",
                   [position, gathering_id])
        bump_version(db, gathering_id)
        return True


def update_item(db, item_id: int, **fields) -> None:
    """Set item columns (status, results_visible, view_mode, view_focus, state)
    and bump the gathering's version."""
    if "state" in fields:
        fields["state"] = json.dumps(fields["state"])
    if "timer" in fields and fields["timer"] is not None:
        fields["timer"] = json.dumps(fields["timer"])
    if "results_visible" in fields:
        fields["results_visible"] = int(fields["results_visible"])
    with transaction(db):
        if fields:
            assignments = ", ".join(f"{name} = ?" for name in fields)
            db.execute(f"UPDATE items SET {assignments} WHERE id = ?",
                       [*fields.values(), item_id])
        # Any of these can change what the results show, so the revision moves too.
        bump_revision(db, item_id)
        gathering_id = db.execute("SELECT gathering_id FROM items WHERE id = ?",
                                  [item_id]).fetchone()[0]
        bump_version(db, gathering_id)
