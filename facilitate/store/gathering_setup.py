"""Changing a gathering while it is planned: its date, title, module,
municipalities and agenda. (Creating one is gatherings.create_gathering.)"""

from __future__ import annotations

import json

from . import gatherings
from .unit_of_work import transaction


class NotPlanned(ValueError):
    """The gathering has started: its set-up can no longer change."""


def _planned(db, gathering_id: int) -> dict:
    found = gatherings.get_gathering(db, gathering_id)
    if found is None or found["status"] != "planned":
        raise NotPlanned(gathering_id)
    return found


def joined_municipalities(db, gathering_id: int) -> set[int]:
    """Municipalities that phones have already joined the gathering for."""
    return {row[0] for row in db.execute(
        "SELECT DISTINCT municipality_id FROM devices WHERE gathering_id = ?", [gathering_id])}


def update_gathering(db, gathering_id: int, *, title: str, date: str, module: int,
                     municipality_ids: list[int]) -> None:
    """Raises NotPlanned once it has started, and ValueError when a
    municipality with phones already joined would be taken out."""
    with transaction(db):
        _planned(db, gathering_id)
        current = {row[0] for row in db.execute(
            "SELECT municipality_id FROM gathering_municipalities WHERE gathering_id = ?",
            [gathering_id])}
        removed = current - set(municipality_ids)
        if removed & joined_municipalities(db, gathering_id):
            raise ValueError("phones have joined for a municipality taken out")
        db.execute("UPDATE gatherings SET title = ?, date = ?, module = ? WHERE id = ?",
                   [title, date, module, gathering_id])
        for municipality_id in removed:
            db.execute("DELETE FROM gathering_municipalities WHERE gathering_id = ? "
                       "AND municipality_id = ?", [gathering_id, municipality_id])
        for municipality_id in set(municipality_ids) - current:
            db.execute("INSERT INTO gathering_municipalities VALUES (?, ?)",
                       [gathering_id, municipality_id])
        gatherings.bump_version(db, gathering_id)


def has_answers(db, gathering_id: int) -> bool:
    return db.execute("SELECT 1 FROM responses r JOIN items i ON i.id = r.item_id "
                      "WHERE i.gathering_id = ? LIMIT 1", [gathering_id]).fetchone() is not None


def replace_agenda(db, gathering_id: int, plan) -> None:
    """Put a session plan's items in place of the gathering's (planned, and
    no answers yet)."""
    with transaction(db):
        _planned(db, gathering_id)
        if has_answers(db, gathering_id):
            raise NotPlanned(gathering_id)
        db.execute("DELETE FROM submissions WHERE item_id IN "
                   "(SELECT id FROM items WHERE gathering_id = ?)", [gathering_id])
        db.execute("DELETE FROM items WHERE gathering_id = ?", [gathering_id])
        for position, item in enumerate(plan.items):
            db.execute(
                """INSERT INTO items (gathering_id, position, type, title, planned_start,
                       duration, notes, activity_kind, definition)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [gathering_id, position, item.type, item.title, item.start, item.duration,
                 item.notes, item.activity,
                 json.dumps(item.definition) if item.definition is not None else None])
        db.execute("UPDATE gatherings SET plan_path = ?, current_position = NULL WHERE id = ?",
                   [plan.path, gathering_id])
        gatherings.bump_version(db, gathering_id)
