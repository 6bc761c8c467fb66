"""Breakout groups: which device is in which group of a board activity, and
who is each group's scribe. The tables are the truth; the item's state
holds a mirror of the roster (`mirror_roster`), written in the same
transaction, because the board kind is pure and reads only its state (and
the programme record files a board from that state, see
activities/board.py).
"""

from __future__ import annotations

import json

from ..model.grouping import Group, Seat
from .clock import now
from .gatherings import bump_revision
from .unit_of_work import transaction


def gathering_seats(db, gathering_id: int) -> list[Seat]:
    """Every phone registered in the gathering, as the grouping rules see it."""
    return [Seat(row[0], row[1]) for row in db.execute(
        "SELECT id, municipality_id FROM devices WHERE gathering_id = ? ORDER BY id",
        [gathering_id]).fetchall()]


def list_groups(db, item_id: int) -> list[dict]:
    """The item's groups in order, each with its members' device ids."""
    groups = [dict(row) for row in db.query(
        "SELECT * FROM breakout_groups WHERE item_id = ? ORDER BY position", [item_id])]
    members: dict[int, list[int]] = {group["id"]: [] for group in groups}
    for group_id, device_id in db.execute(
            "SELECT group_id, device_id FROM group_members WHERE item_id = ? ORDER BY device_id",
            [item_id]).fetchall():
        members.setdefault(group_id, []).append(device_id)
    for group in groups:
        group["members"] = members[group["id"]]
    return groups


def as_planned(groups: list[dict]) -> list[Group]:
    """Stored groups in the grouping rules' terms (model/grouping.py)."""
    return [Group(g["position"], g["name"], g["municipality_id"], tuple(g["members"]))
            for g in groups]


def get_group(db, group_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM breakout_groups WHERE id = ?", [group_id]))
    return rows[0] if rows else None


def group_of(db, item_id: int, device_id: int) -> dict | None:
    """The group this device is in for this item, or None."""
    rows = list(db.query(
        "SELECT g.* FROM group_members m JOIN breakout_groups g ON g.id = m.group_id "
        "WHERE m.item_id = ? AND m.device_id = ?", [item_id, device_id]))
    return rows[0] if rows else None


def device_groups(db, device_id: int) -> list[int]:
    """Every group the device is in, one per board item: its phone joins all
    of their rooms, so they need not change when the agenda moves."""
    return [row[0] for row in db.execute(
        "SELECT group_id FROM group_members WHERE device_id = ? ORDER BY group_id",
        [device_id]).fetchall()]


def add_group(db, item_id: int, group: Group) -> int:
    with transaction(db):
        group_id = db.execute(
            "INSERT INTO breakout_groups (item_id, position, name, municipality_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [item_id, group.position, group.name, group.municipality_id, now()]).lastrowid
        for device_id in group.members:
            set_member(db, item_id, device_id, group_id)
    return group_id


def create_groups(db, item_id: int, groups: list[Group]) -> list[int]:
    """Store freshly formed groups (the item must have none)."""
    with transaction(db):
        return [add_group(db, item_id, group) for group in groups]


def clear_groups(db, item_id: int) -> None:
    """Forget the item's groups, to form them again (only before any note)."""
    with transaction(db):
        db.execute("DELETE FROM group_members WHERE item_id = ?", [item_id])
        db.execute("DELETE FROM breakout_groups WHERE item_id = ?", [item_id])


def set_member(db, item_id: int, device_id: int, group_id: int) -> int | None:
    """Put a device in a group (moving it if it was in another); returns the
    group it left, or None. A scribe who moves stops being the scribe."""
    with transaction(db):
        before = group_of(db, item_id, device_id)
        db.execute(
            "INSERT INTO group_members (item_id, device_id, group_id, joined_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (item_id, device_id) DO UPDATE SET "
            "group_id = excluded.group_id, joined_at = excluded.joined_at",
            [item_id, device_id, group_id, now()])
        if before is not None and before["id"] != group_id:
            db.execute("UPDATE breakout_groups SET scribe_device_id = NULL "
                       "WHERE id = ? AND scribe_device_id = ?", [before["id"], device_id])
            return before["id"]
    return None


def set_scribe(db, group_id: int, device_id: int | None) -> None:
    with transaction(db):
        db.execute("UPDATE breakout_groups SET scribe_device_id = ? WHERE id = ?",
                   [device_id, group_id])


def roster(db, item_id: int) -> dict:
    """The mirror kept in the item's state: {group id: {name, position,
    municipality_id, scribe, members: {device id: [municipality id, name]}}}.
    Names are the display names people chose to give (or None)."""
    found: dict[str, dict] = {}
    for group in db.query("SELECT * FROM breakout_groups WHERE item_id = ? ORDER BY position",
                          [item_id]):
        found[str(group["id"])] = {"name": group["name"], "position": group["position"],
                                   "municipality_id": group["municipality_id"],
                                   "scribe": group["scribe_device_id"], "members": {}}
    for group_id, device_id, municipality_id, name in db.execute(
            "SELECT m.group_id, m.device_id, d.municipality_id, d.display_name "
            "FROM group_members m JOIN devices d ON d.id = m.device_id "
            "WHERE m.item_id = ? ORDER BY m.device_id", [item_id]).fetchall():
        found[str(group_id)]["members"][str(device_id)] = [municipality_id, name]
    return found


def mirror_roster(db, item_id: int) -> dict:
    """Write the roster into the item's state (same transaction); each
    group's `serial` grows when its scribe changes, so phones notice."""
    with transaction(db):
        state = read_state(db, item_id)
        fresh = roster(db, item_id)
        old = state.get("groups", {})
        for group_id, group in fresh.items():
            before = old.get(group_id, {})
            serial = before.get("serial", 0)
            group["serial"] = serial + 1 if before.get("scribe") != group["scribe"] else serial
        state["groups"] = fresh
        save_state(db, item_id, state)
        return state


def read_state(db, item_id: int) -> dict:
    row = db.execute("SELECT state FROM items WHERE id = ?", [item_id]).fetchone()
    return json.loads(row[0]) if row else {}


def save_state(db, item_id: int, state: dict) -> None:
    """The kind's state, without bumping the gathering's version (no agenda
    change): the results' revision moves, so every screen gets the board."""
    with transaction(db):
        db.execute("UPDATE items SET state = ? WHERE id = ?", [json.dumps(state), item_id])
        bump_revision(db, item_id)


def use_mixed_groups(db, item_id: int) -> None:
    """Make a board's groups mixed (its plan may say by municipality): the
    benchmark's breakout spreads its phones over many groups this way."""
    with transaction(db):
        row = db.execute("SELECT definition FROM items WHERE id = ?", [item_id]).fetchone()
        definition = {**json.loads(row[0]), "grouping": "mixed", "groups": []}
        db.execute("UPDATE items SET definition = ? WHERE id = ?",
                   [json.dumps(definition), item_id])
