"""The rules of a breakout board, as pure functions over plain data: the
shape of each thing a phone may do (`parse_op`), the rules that need the
stored board (`check_*`), clusters, dot votes, the minimal timer, the tally
of every group's board, what each audience may see of it, and what is filed
to the programme record. No Flask, no database: activities/board.py wires
these into the kind, live/breakouts.py into the socket events.

Stored data (see docs/PROTOCOL.md, "Breakouts"):

- a note is a response in the slot ``n:<ref>`` of the device that wrote it;
  `ref` is made by the phone (8-32 of [A-Za-z0-9_-]) and is the note's
  public id. Its value: ``{group, column, text, rev, by, at, edited}``.
- a phone's dots are one response in the slot ``v``:
  ``{group, dots: {ref: n}, at}``, replaced whole by each vote.
- everything else is the item's state: the group roster (mirrored from the
  breakout_groups and group_members tables), clusters, whether voting is
  open, the timer, the report-back, pins and the message to all phones.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from . import shared
from .base import InvalidResponse, Response

NOTE_PREFIX = "n:"
VOTES_KEY = "v"
REF = re.compile(r"[A-Za-z0-9_-]{8,32}")
OPS = ("add", "edit", "delete", "vote", "merge", "rename", "unmerge")
SCRIBE_OPS = ("merge", "rename", "unmerge")
CLUSTER_NAME_MAX = 80
MAX_MERGE = 30
MAX_NOTES_PER_PHONE = 60
MESSAGE_MAX = 280
MAX_ID = 2**53


# --- what a phone sends --------------------------------------------------------------


def _int_id(value: Any, code: str) -> int:
    if not shared.is_int(value) or not 0 < value < MAX_ID:
        raise InvalidResponse(code)
    return value


def _ref(value: Any) -> str:
    if not isinstance(value, str) or not REF.fullmatch(value):
        raise InvalidResponse("unknown_note")
    return value


def _column(definition: dict, value: Any) -> int:
    count = max(1, len(definition["columns"]))
    if value is None:
        return 0
    if not shared.is_int(value) or not 0 <= value < count:
        raise InvalidResponse("unknown_column")
    return value


def _keys(value: dict, required: set[str], optional: set[str] = frozenset()) -> None:
    if not required <= value.keys() or not value.keys() <= required | optional:
        raise InvalidResponse("bad_type", f"expected {sorted(required)} (+ {sorted(optional)})")


def parse_op(definition: dict, value: Any) -> dict:
    """The normalised operation, or InvalidResponse. Only its shape is
    checked here; whether the phone is in that group, the note exists or the
    phone may change it is for `check_*` with the stored board."""
    if not isinstance(value, dict) or value.get("op") not in OPS:
        raise InvalidResponse("bad_type", f"expected an object with op one of {', '.join(OPS)}")
    op = value["op"]
    group = _int_id(value.get("group"), "not_in_group")
    if op == "add":
        _keys(value, {"op", "group", "ref", "text"}, {"column"})
        return {"op": op, "group": group, "ref": _ref(value["ref"]),
                "column": _column(definition, value.get("column")),
                "text": shared.clean_text(value["text"], definition["max_length"])}
    if op == "edit":
        _keys(value, {"op", "group", "note", "rev", "text"}, {"column"})
        if not shared.is_int(value["rev"]) or not 0 < value["rev"] < MAX_ID:
            raise InvalidResponse("bad_type", "rev must be the note's revision")
        edited = {"op": op, "group": group, "note": _ref(value["note"]), "rev": value["rev"],
                  "text": shared.clean_text(value["text"], definition["max_length"])}
        if "column" in value:
            edited["column"] = _column(definition, value["column"])
        return edited
    if op == "delete":
        _keys(value, {"op", "group", "note"})
        return {"op": op, "group": group, "note": _ref(value["note"])}
    if op == "vote":
        _keys(value, {"op", "group", "dots"})
        return {"op": op, "group": group, "dots": parse_dots(definition, value["dots"])}
    if op == "merge":
        _keys(value, {"op", "group", "notes"}, {"name", "cluster"})
        notes = value["notes"]
        if not isinstance(notes, list) or not notes:
            raise InvalidResponse("empty")
        if len(notes) > MAX_MERGE:
            raise InvalidResponse("too_many", max=MAX_MERGE)
        refs = [_ref(note) for note in notes]
        if len(set(refs)) != len(refs):
            raise InvalidResponse("duplicate")
        merged: dict = {"op": op, "group": group, "notes": refs}
        if value.get("cluster") is not None:
            merged["cluster"] = _int_id(value["cluster"], "unknown_cluster")
            if "name" in value:
                merged["name"] = shared.clean_text(value["name"], CLUSTER_NAME_MAX)
        else:
            if len(refs) < 2:
                raise InvalidResponse("merge_needs_two")
            merged["name"] = shared.clean_text(value.get("name"), CLUSTER_NAME_MAX)
        return merged
    if op == "rename":
        _keys(value, {"op", "group", "cluster", "name"})
        return {"op": op, "group": group, "cluster": _int_id(value["cluster"], "unknown_cluster"),
                "name": shared.clean_text(value["name"], CLUSTER_NAME_MAX)}
    _keys(value, {"op", "group", "cluster"})
    return {"op": op, "group": group, "cluster": _int_id(value["cluster"], "unknown_cluster")}


def parse_dots(definition: dict, dots: Any) -> dict[str, int]:
    """A whole allocation of a phone's dots: {note ref: dots}, zeros dropped,
    at most the budget in all."""
    budget = definition["dots"]
    if not isinstance(dots, dict):
        raise InvalidResponse("bad_type", "dots must be an object {note: count}")
    if len(dots) > max(budget, 1) * 2:
        raise InvalidResponse("over_budget", max=budget)
    allocation: dict[str, int] = {}
    for ref, count in dots.items():
        ref = _ref(ref)
        if not shared.is_int(count) or count < 0:
            raise InvalidResponse("bad_type", "each count must be a whole number from 0")
        if count > budget:
            raise InvalidResponse("over_budget", max=budget)
        if count:
            allocation[ref] = count
    if sum(allocation.values()) > budget:
        raise InvalidResponse("over_budget", max=budget)
    return allocation


# --- rules that need the stored board ------------------------------------------------


def may_change(note_device: int, device_id: int, scribe: int | None) -> bool:
    """Only a note's author and the group's scribe may edit or delete it."""
    return device_id == note_device or (scribe is not None and device_id == scribe)


def check_edit(note_value: dict, op: dict) -> None:
    """Two phones editing one note: each edit names the revision it saw; an
    edit of an older revision is refused (`note_changed`), so nobody
    overwrites a change they have not seen."""
    if note_value.get("rev") != op["rev"]:
        raise InvalidResponse("note_changed")


def check_votes(allocation: dict[str, int], notes_in_group: set[str], voting_open: bool) -> None:
    if not voting_open:
        raise InvalidResponse("voting_closed")
    if not set(allocation) <= notes_in_group:
        raise InvalidResponse("unknown_note")


def edited_note(value: dict, op: dict, by_scribe: bool, at: str) -> dict:
    changed = {**value, "text": op["text"], "rev": value.get("rev", 1) + 1, "at": at,
               "edited": "scribe" if by_scribe else "author"}
    if "column" in op:
        changed["column"] = op["column"]
    return changed


# --- clusters (the scribe's merges) ------------------------------------------------------


def _clusters(state: dict, group: int) -> list[dict]:
    return [dict(cluster, notes=list(cluster["notes"]))
            for cluster in state.get("clusters", {}).get(str(group), [])]


def apply_cluster(state: dict, op: dict, notes_in_group: set[str]) -> dict:
    """The state after a scribe's merge, rename or unmerge. Notes must be on
    this group's board; a note moves out of any cluster it was in; a
    cluster left with fewer than one note is dropped."""
    group = op["group"]
    clusters = _clusters(state, group)
    by_id = {cluster["id"]: cluster for cluster in clusters}
    if "cluster" in op and op["cluster"] not in by_id:
        raise InvalidResponse("unknown_cluster")
    next_id = state.get("next_cluster", 1)
    if op["op"] == "merge":
        if not set(op["notes"]) <= notes_in_group:
            raise InvalidResponse("unknown_note")
        for cluster in clusters:
            cluster["notes"] = [ref for ref in cluster["notes"] if ref not in op["notes"]]
        if "cluster" in op:
            target = by_id[op["cluster"]]
            target["notes"] += op["notes"]
            if "name" in op:
                target["name"] = op["name"]
        else:
            clusters.append({"id": next_id, "name": op["name"], "notes": list(op["notes"])})
            next_id += 1
    elif op["op"] == "rename":
        by_id[op["cluster"]]["name"] = op["name"]
    else:
        clusters = [cluster for cluster in clusters if cluster["id"] != op["cluster"]]
    clusters = [cluster for cluster in clusters if cluster["notes"]]
    return {**state, "clusters": {**state.get("clusters", {}), str(group): clusters},
            "next_cluster": next_id}


def forget_note(state: dict, group: int, ref: str) -> dict:
    """A deleted note leaves its cluster (and the room summary)."""
    clusters = [dict(cluster, notes=[r for r in cluster["notes"] if r != ref])
                for cluster in _clusters(state, group)]
    pins = [pin for pin in state.get("pins", []) if pin != {"group": group, "note": ref}]
    return {**state, "clusters": {**state.get("clusters", {}),
                                  str(group): [c for c in clusters if c["notes"]]},
            "pins": pins}


# --- the timer (minimal; see live/breakouts.py: the shared item timer replaces it) -----


def timer_of(definition: dict, state: dict) -> dict:
    """{running, ends_at_ms (running), remaining_ms (paused), duration_ms}."""
    duration = definition["duration"] * 60_000
    return state.get("timer") or {"running": False, "ends_at_ms": None,
                                  "remaining_ms": duration, "duration_ms": duration}


TIMER_ACTIONS = ("start", "pause", "add", "set")
MAX_TIMER_MS = 360 * 60_000


def run_timer(timer: dict, do: str, now_ms: int, amount: int | None = None) -> dict:
    """start / pause / add `amount` minutes (may be negative) / set `amount`
    seconds left. The deadline is the server's clock; phones show it with
    their offset to the server, so every screen shows the same second."""
    if do not in TIMER_ACTIONS:
        raise InvalidResponse("bad_timer")
    remaining = (max(0, timer["ends_at_ms"] - now_ms) if timer["running"]
                 else timer["remaining_ms"])
    running = timer["running"]
    if do == "start":
        running = True
    elif do == "pause":
        running = False
    elif do == "add":
        if not shared.is_int(amount) or not -360 <= amount <= 360:
            raise InvalidResponse("bad_timer")
        remaining = max(0, remaining + amount * 60_000)
    else:
        if not shared.is_int(amount) or not 0 <= amount <= MAX_TIMER_MS // 1000:
            raise InvalidResponse("bad_timer")
        remaining = amount * 1000
    remaining = min(remaining, MAX_TIMER_MS)
    return {"running": running, "ends_at_ms": now_ms + remaining if running else None,
            "remaining_ms": remaining, "duration_ms": timer["duration_ms"]}


# --- the tally --------------------------------------------------------------------------


def _note(response: Response) -> dict | None:
    value = response.value
    if not (response.key.startswith(NOTE_PREFIX) and isinstance(value, dict)
            and isinstance(value.get("text"), str) and shared.is_int(value.get("group"))):
        return None
    return value


def notes_by_group(responses: list[Response]) -> dict[int, dict[str, Response]]:
    found: dict[int, dict[str, Response]] = defaultdict(dict)
    for response in responses:
        value = _note(response)
        if value is not None:
            found[value["group"]][response.key[len(NOTE_PREFIX):]] = response
    return found


def tally(definition: dict, responses: list[Response], state: dict) -> dict:
    """Every group's board: its members (roster), notes by column, clusters,
    dot totals and how active it is. Hidden notes never get here."""
    roster = state.get("groups", {})
    notes = notes_by_group(responses)
    totals: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    voters: dict[int, set[int]] = defaultdict(set)
    spent: dict[int, int] = defaultdict(int)
    active: dict[int, set[int]] = defaultdict(set)
    last: dict[int, str] = {}

    def touch(group: int, device: int, at: Any) -> None:
        active[group].add(device)
        if isinstance(at, str) and at > last.get(group, ""):
            last[group] = at

    for group, refs in notes.items():
        for response in refs.values():
            touch(group, response.device_id, response.value.get("at"))
    for response in responses:
        value = response.value
        if response.key != VOTES_KEY or not isinstance(value, dict):
            continue
        group = value.get("group")
        dots = value.get("dots")
        if not shared.is_int(group) or not isinstance(dots, dict):
            continue
        # Dots on a note that was deleted (or hidden) count for nothing and
        # are free to spend again.
        counted = {ref: n for ref, n in dots.items() if ref in notes.get(group, {})
                   and shared.is_int(n) and n > 0}
        if counted:
            voters[group].add(response.device_id)
            touch(group, response.device_id, value.get("at"))
        for ref, n in counted.items():
            totals[group][ref] += n
            spent[group] += n

    group_ids = sorted({int(gid) for gid in roster} | set(notes),
                       key=lambda gid: (roster.get(str(gid), {}).get("position", 10**6), gid))
    boards = [_board(definition, gid, roster.get(str(gid), {}), notes.get(gid, {}),
                     totals[gid], state, voters[gid], spent[gid], active[gid], last.get(gid))
              for gid in group_ids]
    pins = []
    for pin in state.get("pins", []):
        board = next((b for b in boards if b["group"] == pin.get("group")), None)
        note = board and next((n for n in board["notes"] if n["id"] == pin.get("note")), None)
        if note:
            pins.append({"group": board["group"], "group_name": board["name"], "note": note["id"],
                         "text": note["text"], "votes": note["votes"]})
    message = state.get("message")
    return {
        "respondents": shared.count_devices(responses),
        "task": definition["question"],
        "columns": definition["columns"],
        "dots": definition["dots"],
        "grouping": definition["grouping"],
        "quiet_minutes": definition["quiet_minutes"],
        "voting": state.get("voting", True),
        "timer": timer_of(definition, state),
        "started_at": state.get("started_at"),
        "report": state.get("report"),
        "message": message.get("text") if isinstance(message, dict) else None,
        "boards": boards,
        "summary": pins,
    }


def _board(definition: dict, gid: int, roster: dict, notes: dict[str, Response],
           totals: dict[str, int], state: dict, voters: set[int], spent: int,
           active: set[int], last: str | None) -> dict:
    members = roster.get("members", {})
    listed = []
    for ref, response in sorted(notes.items(), key=lambda pair: pair[1].id):
        value = response.value
        listed.append({"id": ref, "column": value.get("column", 0), "text": value["text"],
                       "rev": value.get("rev", 1), "municipality_id": response.municipality_id,
                       "by": value.get("by"), "edited": value.get("edited"),
                       "votes": totals.get(ref, 0), "cluster": None})
    by_ref = {note["id"]: note for note in listed}
    clusters = []
    for cluster in state.get("clusters", {}).get(str(gid), []):
        refs = [ref for ref in cluster["notes"] if ref in by_ref]
        if not refs:
            continue
        for ref in refs:
            by_ref[ref]["cluster"] = cluster["id"]
        clusters.append({"id": cluster["id"], "name": cluster["name"], "notes": refs,
                         "votes": sum(by_ref[ref]["votes"] for ref in refs)})
    ranked = ([{"type": "cluster", "id": c["id"], "votes": c["votes"]} for c in clusters]
              + [{"type": "note", "id": n["id"], "votes": n["votes"]} for n in listed
                 if n["cluster"] is None])
    order = {("cluster", c["id"]): i for i, c in enumerate(clusters)}
    order.update({("note", n["id"]): len(clusters) + i for i, n in enumerate(listed)})
    ranked.sort(key=lambda entry: (-entry["votes"], order[(entry["type"], entry["id"])]))
    scribe = roster.get("scribe")
    scribe_seat = members.get(str(scribe)) if scribe is not None else None
    return {
        "group": gid,
        "name": roster.get("name", str(gid)),
        "position": roster.get("position", 0),
        "municipality_id": roster.get("municipality_id"),
        "members": [{"device": int(device), "municipality_id": seat[0], "name": seat[1]}
                    for device, seat in sorted(members.items(), key=lambda p: int(p[0]))],
        "member_count": len(members),
        "municipalities": sorted({seat[0] for seat in members.values()}
                                 | {n["municipality_id"] for n in listed}),
        "scribe": ({"device": scribe, "municipality_id": scribe_seat[0], "name": scribe_seat[1]}
                   if scribe_seat else None),
        "scribe_serial": roster.get("serial", 0),
        "notes": listed,
        "clusters": clusters,
        "ranked": ranked,
        "dots_spent": spent,
        "voters": len(voters),
        "active": len(active),
        "last_activity": last,
    }


# --- what each audience sees ----------------------------------------------------------------


def _public_board(board: dict, show_votes: bool) -> dict:
    """A board without device numbers: who wrote a note is its municipality,
    and a name only where the person gave one when joining."""
    shown = {key: value for key, value in board.items() if key not in ("members",)}
    shown["notes"] = [dict(note) for note in board["notes"]]
    if board["scribe"] is not None:
        shown["scribe"] = {key: board["scribe"][key] for key in ("municipality_id", "name")}
    if not show_votes:
        for note in shown["notes"]:
            note["votes"] = None
        shown["clusters"] = [dict(cluster, votes=None) for cluster in board["clusters"]]
        shown["ranked"] = None
    return shown


def console_cut(board: dict) -> dict:
    return {**board, "view": "console"}


def presenter_cut(board: dict) -> dict:
    """The projector during the breakout: the task, the timer and how far
    each group has come, never a note. At report-back: the group being
    shown, most-voted first; or the room summary (pinned notes)."""
    shown = {key: value for key, value in board.items() if key not in ("boards", "summary")}
    shown["view"] = "presenter"
    shown["boards"] = [{"group": b["group"], "name": b["name"], "position": b["position"],
                        "member_count": b["member_count"], "note_count": len(b["notes"]),
                        "active": b["active"]} for b in board["boards"]]
    report = board.get("report")
    shown["shown"] = None
    if report == "summary":
        shown["summary"] = board["summary"]
    else:
        shown["summary"] = []
        reported = next((b for b in board["boards"] if b["group"] == report), None)
        if reported is not None:
            shown["shown"] = _public_board(reported, show_votes=True)
    return shown


def phone_cut(board: dict, group: int | None, revealed: bool) -> dict:
    """One group's phones: their own board and nothing of any other group's.
    Dot totals only when the facilitator has revealed them. A phone with no
    group yet (it must choose, or is being placed) gets the lobby: the
    task, the timer and the names of the groups."""
    shown = {key: board[key] for key in ("respondents", "task", "columns", "dots", "grouping",
                                         "voting", "timer", "report", "message")}
    shown["view"] = "phone"
    shown["revealed"] = revealed
    mine = next((b for b in board["boards"] if b["group"] == group), None)
    shown["board"] = _public_board(mine, show_votes=revealed) if mine else None
    shown["group"] = {"id": mine["group"], "name": mine["name"]} if mine else None
    shown["choices"] = ([{"id": b["group"], "name": b["name"]} for b in board["boards"]]
                        if mine is None and board["grouping"] == "chosen" else [])
    return shown


# --- the programme record ----------------------------------------------------------------------


def record_board(board: dict, definition: dict, municipalities: dict[int, str]) -> dict:
    """One group's board as filed: notes with their column, cluster and
    dots, clusters, who wrote what as a municipality (a name only where the
    person gave one). No device numbers, no submission ids."""
    columns = definition["columns"]
    clusters = {cluster["id"]: cluster["name"] for cluster in board["clusters"]}
    return {
        "group": board["name"],
        "grouping": definition["grouping"],
        "municipalities": [municipalities.get(mid, str(mid)) for mid in board["municipalities"]],
        "members": board["member_count"],
        "notes": [{"text": note["text"],
                   "column": columns[note["column"]] if note["column"] < len(columns) else None,
                   "votes": note["votes"], "cluster": clusters.get(note["cluster"]),
                   "municipality": municipalities.get(note["municipality_id"]),
                   "by": note["by"]} for note in board["notes"]],
        "clusters": [{"name": c["name"], "votes": c["votes"], "notes": len(c["notes"])}
                     for c in board["clusters"]],
        "dots_spent": board["dots_spent"],
        "voters": board["voters"],
    }


def record_entries(definition: dict, tallied: dict, municipalities: dict[int, str]) -> dict:
    """Each group's board to the record of every municipality in the group
    (a member, or the author of one of its notes); the whole gathering's
    part holds every board and the room summary."""
    filed = [(board, record_board(board, definition, municipalities))
             for board in tallied["boards"] if board["notes"] or board["member_count"]]
    room_result = {"task": definition["question"], "columns": definition["columns"],
                   "boards": [record for _, record in filed],
                   "summary": [{"group": pin["group_name"], "text": pin["text"],
                                "votes": pin["votes"]} for pin in tallied["summary"]]}
    room = {"respondents": tallied["respondents"], "n": tallied["respondents"],
            "suppressed": False, "result": room_result}
    entries: dict[int | None, dict] = {None: room}
    for board, record in filed:
        members = {member["device"]: member["municipality_id"] for member in board["members"]}
        for mid in board["municipalities"]:
            if mid not in municipalities:
                continue
            entry = entries.setdefault(mid, {
                "n": 0, "suppressed": False, "room": room,
                "result": {"task": definition["question"], "columns": definition["columns"],
                           "boards": []}})
            entry["n"] += sum(1 for home in members.values() if home == mid)
            entry["result"]["boards"].append(record)
    return entries
