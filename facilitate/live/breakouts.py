"""Breakouts: group work on a board (activities/board.py), live.

Groups are audiences: a phone in breakout group 7 is in the room
``gathering:<id>:phone:b:7`` (live/audiences.py), so the broadcaster sends
each group its own board and nothing of another's. Who is in which group is
stored (store/groups.py) and mirrored into the item's state in the same
transaction, for the pure kind.

Phones post notes, edits, deletions, dots and the scribe's merges as
ordinary `answer`s through their outbox (`accept_board`, registered below):
one submission id is stored once, the ack follows the commit. The events
here place a phone in its group (`board.me`), let it choose a group or take
the scribe's role, and give the facilitator the breakout's controls.

The rules for the hard cases (docs/PROTOCOL.md, "Breakouts"):

- two phones edit one note: only its author and the group's scribe may,
  and an edit names the revision it saw; an older one is refused
  (`note_changed`);
- a note deleted while voted on or merged: its dots count for nothing and
  return to the voters' budgets, it leaves its cluster and the summary; a
  vote or merge naming it is refused (`unknown_note`);
- a vote after voting closed: `voting_closed`; the dots already given stay;
- a phone moved to another group: its notes stay on the board where they
  were written, its dots are taken back, it stops being that group's
  scribe, and its phone re-joins the new group's room (`regroup` to its
  device's room); anything it still sends for the old group is refused
  (`not_in_group`);
- a phone of another group posting to a board: `not_in_group`; it never
  receives that board either;
- several server processes: every write is one SQLite transaction; a
  group's room spans processes through the message queue, and a phone
  re-joins its rooms on the process that holds its socket.
"""

from __future__ import annotations

import time

from flask import request

from ..activities import board_rules as rules
from ..activities import get_kind, shared
from ..activities.base import InvalidResponse
from ..activities.board import audience_group
from ..model import grouping
from ..store import boards, devices, gatherings, groups, programmes
from ..store.clock import now
from .answers import KIND_ANSWERS
from .errors import MESSAGES, N_, Refusal
from .events import EVENTS, event
from .guard import boolean, integer, text
from .results import item_results

BOARD = "board"

# Refusals of the board (merged into the table of messages every event uses).
MESSAGES.update({
    "not_a_board": N_("That agenda item is not group work on a board."),
    "no_group": N_("You are not in a group yet. Choose a group, or ask the facilitator."),
    "not_in_group": N_("That board belongs to another group."),
    "unknown_note": N_("That note is gone: it was deleted or hidden."),
    "unknown_cluster": N_("That cluster no longer exists."),
    "unknown_column": N_("That column does not exist on this board."),
    "note_changed": N_("Someone changed this note meanwhile. Look at the new text "
                       "and edit again."),
    "not_author": N_("Only the person who wrote a note and the scribe may change it."),
    "not_scribe": N_("Only the group's scribe may do that."),
    "scribe_taken": N_("Someone else in the group is already the scribe."),
    "voting_closed": N_("Voting is closed."),
    "over_budget": N_("You have only %(max)s dots to spend."),
    "merge_needs_two": N_("Choose at least two notes to merge, and give the cluster a name."),
    "duplicate_note": N_("That note was already added."),
    "too_many_notes": N_("You have added as many notes as a board takes from one phone "
                         "(%(max)s)."),
    "already_in_group": N_("You are already in a group. Ask the facilitator to move you."),
    "unknown_group": N_("That group does not exist in this breakout."),
    "unknown_device": N_("That phone is not in this gathering."),
    "choose_not_allowed": N_("In this breakout the groups are not chosen on the phone."),
    "board_started": N_("The groups already have notes or dots; they can no longer "
                        "be formed again."),
    "bad_timer": N_("That is not something the timer can do."),
    "bad_group_size": N_("A group size must be a whole number from 2 to 30."),
})

MIN_GROUP_SIZE, MAX_GROUP_SIZE = 2, 30


def now_ms() -> int:
    return int(time.time() * 1000)


# --- finding things -------------------------------------------------------------------


def _board_item(context, payload: dict) -> dict:
    item = gatherings.get_item(context.db, integer(payload, "item_id"))
    if item is None or item["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_item")
    if item["activity_kind"] != BOARD:
        raise Refusal("not_a_board")
    return item


def _municipalities(db, gathering_id: int) -> dict[int, str]:
    return {m["id"]: m["name"] for m in programmes.gathering_municipalities(db, gathering_id)}


def _own_group(db, item: dict, group_id) -> dict:
    group = groups.get_group(db, group_id) if type(group_id) is int else None
    if group is None or group["item_id"] != item["id"]:
        raise Refusal("unknown_group")
    return group


def _group_size(item: dict, state: dict) -> int:
    return state.get("group_size") or item["definition"]["group_size"]


# --- forming groups and placing phones ------------------------------------------------------


def form_groups(db, item: dict, gathering_id: int, group_size: int | None = None) -> None:
    """The item's groups from every phone registered in the gathering."""
    definition = item["definition"]
    planned = grouping.form(definition["grouping"], groups.gathering_seats(db, gathering_id),
                            _municipalities(db, gathering_id),
                            group_size or definition["group_size"], definition["groups"])
    groups.create_groups(db, item["id"], planned)
    groups.mirror_roster(db, item["id"])


def place_device(db, item: dict, device: dict) -> dict | None:
    """The phone's group, placing it by the breakout's rule when it has none
    yet and the board is open (a late joiner, or a board opened without
    `breakout.start`). None when it must choose, or the board is not open."""
    found = groups.group_of(db, item["id"], device["id"])
    if found is not None or item["status"] != "open":
        return found
    definition = item["definition"]
    stored = groups.list_groups(db, item["id"])
    seats = groups.gathering_seats(db, item["gathering_id"])
    placed = grouping.place(
        definition["grouping"], grouping.Seat(device["id"], device["municipality_id"]),
        groups.as_planned(stored), _municipalities(db, item["gathering_id"]),
        _group_size(item, item["state"]), {seat.device_id: seat.municipality_id for seat in seats})
    if placed is None:
        return None
    if placed.new_group is not None:
        group_id = groups.add_group(db, item["id"], placed.new_group)
    else:
        group_id = next(g["id"] for g in stored if g["position"] == placed.position)
        groups.set_member(db, item["id"], device["id"], group_id)
    groups.mirror_roster(db, item["id"])
    return groups.get_group(db, group_id)


def start_item_timer(context, item: dict, state: dict) -> dict:
    """INTEGRATION POINT (the shared item timer, branch screens-room): the
    console's "start breakout" starts the item's countdown here. Until that
    timer exists, the board keeps a minimal server-side deadline in its own
    state (board_rules.run_timer; `breakout.timer` pauses and adds minutes).
    Once the shared timer is merged, this calls its start event for the item
    with the board's `duration`, and the board shows that timer instead."""
    timer = rules.timer_of(item["definition"], state)
    if timer["running"] or timer["remaining_ms"] == 0:
        return state
    return {**state, "timer": rules.run_timer(timer, "start", now_ms())}


# --- what a phone is told about itself ----------------------------------------------------------


def _me(context, item_id: int, group: dict | None) -> dict:
    """The phone's own view of the breakout: its group, whether it is the
    scribe, its dot budget, the server's clock (for the timer) and its
    group's board."""
    db = context.db
    item = gatherings.get_item(db, item_id)
    gathering = gatherings.get_gathering(db, item["gathering_id"])
    described = item_results(db, gathering, item)
    audience = audience_group(group["id"]) if group is not None else None
    return {
        "group": {"id": group["id"], "name": group["name"]} if group else None,
        "scribe": group is not None and group["scribe_device_id"] == context.caller.device_id,
        "budget": item["definition"]["dots"],
        "server_now_ms": now_ms(),
        "results": get_kind(BOARD).results_for("phone", audience, described,
                                                item["results_visible"]),
    }


def _rejoin(context) -> None:
    context.caller = context.live.rejoin(request.sid, context.caller, context.db)


@event("board.me", "phone", writes=True, payload="{item_id: int}", fields=("item_id",))
def me(context, payload: dict) -> dict:
    """Which group this phone is in (placing it by the rule if it has none),
    and its group's board. The phone's socket joins its group's room."""
    item = _board_item(context, payload)
    db = context.db
    device = devices.get_device(db, context.caller.device_id)
    before = groups.group_of(db, item["id"], device["id"])
    group = place_device(db, item, device)
    if group is not None and "groups" not in item["state"]:
        groups.mirror_roster(db, item["id"])  # after a reset the mirror is rebuilt
        context.results_changed(item["id"])
    if group is not None and before is None:
        context.results_changed(item["id"])
    _rejoin(context)
    return _me(context, item["id"], group)


@event("board.choose", "phone", writes=True, payload="{item_id: int, group_id: int}",
       fields=("item_id", "group_id"))
def choose(context, payload: dict) -> dict:
    """A participant picks a group (breakouts whose groups are chosen)."""
    item = _board_item(context, payload)
    db = context.db
    if item["definition"]["grouping"] != "chosen":
        raise Refusal("choose_not_allowed")
    if item["status"] != "open":
        raise Refusal("not_open")
    group = _own_group(db, item, integer(payload, "group_id"))
    current = groups.group_of(db, item["id"], context.caller.device_id)
    if current is not None and current["id"] != group["id"]:
        raise Refusal("already_in_group")
    if current is None:
        groups.set_member(db, item["id"], context.caller.device_id, group["id"])
        groups.mirror_roster(db, item["id"])
        context.results_changed(item["id"])
    _rejoin(context)
    return _me(context, item["id"], groups.get_group(db, group["id"]))


@event("board.scribe", "phone", writes=True, payload="{item_id: int, take: bool}",
       fields=("item_id", "take"))
def scribe(context, payload: dict) -> dict:
    """Take the scribe's role (the first to take it has it) or give it up."""
    item = _board_item(context, payload)
    db = context.db
    take = boolean(payload, "take")
    if item["status"] == "closed":
        raise Refusal("not_open")
    group = groups.group_of(db, item["id"], context.caller.device_id)
    if group is None:
        raise Refusal("no_group")
    holder, device_id = group["scribe_device_id"], context.caller.device_id
    if take and holder not in (None, device_id):
        raise Refusal("scribe_taken")
    if not take and holder != device_id:
        raise Refusal("not_scribe")
    groups.set_scribe(db, group["id"], device_id if take else None)
    groups.mirror_roster(db, item["id"])
    context.results_changed(item["id"])
    return _me(context, item["id"], groups.get_group(db, group["id"]))


# --- notes, edits, dots and merges: answers through the outbox ---------------------------------


def accept_board(context, item_id: int, item: dict, submission_id: str, op: dict) -> bool:
    """One board operation from a phone (already shape-checked by the kind).
    Returns False for a resend of a submission id already stored."""
    db, caller = context.db, context.caller
    if not boards.claim_submission(db, caller.device_id, submission_id, item_id):
        return False
    group = groups.group_of(db, item_id, caller.device_id)
    if group is None:
        raise Refusal("no_group")
    if group["id"] != op["group"]:
        raise Refusal("not_in_group")
    device = devices.get_device(db, caller.device_id)
    scribe_id = group["scribe_device_id"]
    try:
        if op["op"] == "add":
            if boards.note_exists(db, item_id, op["ref"]):
                raise Refusal("duplicate_note")
            if boards.count_notes(db, item_id, device["id"]) >= rules.MAX_NOTES_PER_PHONE:
                raise Refusal("too_many_notes", max=rules.MAX_NOTES_PER_PHONE)
            boards.add_note(db, item_id, device, op["ref"], {
                "group": group["id"], "column": op["column"], "text": op["text"], "rev": 1,
                "by": device["display_name"], "at": now(), "edited": None}, submission_id)
        elif op["op"] in ("edit", "delete"):
            note = boards.get_note(db, item_id, op["note"])
            if note is None:
                raise Refusal("unknown_note")
            if note["value"].get("group") != group["id"]:
                raise Refusal("not_in_group")
            if not rules.may_change(note["device_id"], device["id"], scribe_id):
                raise Refusal("not_author")
            if op["op"] == "edit":
                rules.check_edit(note["value"], op)
                boards.update_note(db, item_id, note["id"], rules.edited_note(
                    note["value"], op, by_scribe=note["device_id"] != device["id"], at=now()))
            else:
                boards.delete_note(db, item_id, note["id"])
                groups.save_state(db, item_id, rules.forget_note(
                    groups.read_state(db, item_id), group["id"], op["note"]))
        elif op["op"] == "vote":
            rules.check_votes(op["dots"], boards.on_board(db, item_id, group["id"], op["dots"]),
                              groups.read_state(db, item_id).get("voting", True))
            boards.put_votes(db, item_id, device, {"group": group["id"], "dots": op["dots"],
                                                   "at": now()}, submission_id)
        else:
            if scribe_id != device["id"]:
                raise Refusal("not_scribe")
            groups.save_state(db, item_id, rules.apply_cluster(
                groups.read_state(db, item_id), op,
                boards.on_board(db, item_id, group["id"], op.get("notes", []))))
    except InvalidResponse as refused:
        raise Refusal(refused.code, **refused.params) from None
    return True


KIND_ANSWERS[BOARD] = accept_board


# --- the facilitator's controls ------------------------------------------------------------------


@event("breakout.start", "console", writes=True, payload="{item_id: int, group_size?: int}",
       fields=("item_id", "group_size"))
def start(context, payload: dict) -> None:
    """Form the groups (again, with another size, while no note exists),
    open the board, start its timer; when groups were formed, every phone
    then syncs into its group (started again, the board only reopens)."""
    item = _board_item(context, payload)
    db = context.db
    size = integer(payload, "group_size", optional=True)
    if size is not None and not MIN_GROUP_SIZE <= size <= MAX_GROUP_SIZE:
        raise Refusal("bad_group_size")
    if gatherings.get_gathering(db, item["gathering_id"])["status"] != "running":
        raise Refusal("not_running")
    state = item["state"]
    formed = groups.list_groups(db, item["id"])
    if formed and size is not None and item["definition"]["grouping"] == "mixed":
        if boards.has_content(db, item["id"]):
            raise Refusal("board_started")
        groups.clear_groups(db, item["id"])
        formed = []
    if size is not None:
        state = {**state, "group_size": size}
    groups.save_state(db, item["id"], state)
    if not formed:
        form_groups(db, item, item["gathering_id"], _group_size(item, state))
        gathering_id = item["gathering_id"]
        context.after_commit(lambda: context.live.regroup(gathering_id))
    state = groups.mirror_roster(db, item["id"])
    state = start_item_timer(context, item, {**state, "started_at": state.get("started_at")
                                             or now()})
    groups.save_state(db, item["id"], state)
    EVENTS["activity.open"].handle(context, {"item_id": item["id"]})


@event("breakout.move", "console", writes=True,
       payload="{item_id: int, device_id: int, group_id: int}",
       fields=("item_id", "device_id", "group_id"))
def move(context, payload: dict) -> None:
    """Move a phone to another group: its notes stay where they were written,
    its dots are taken back, it re-joins its new group's room."""
    item = _board_item(context, payload)
    db = context.db
    device = devices.get_device(db, integer(payload, "device_id"))
    if device is None or device["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_device")
    group = _own_group(db, item, integer(payload, "group_id"))
    left = groups.set_member(db, item["id"], device["id"], group["id"])
    if left is not None:
        boards.drop_votes(db, item["id"], device["id"])
    groups.mirror_roster(db, item["id"])
    context.results_changed(item["id"])
    gathering_id, device_id = item["gathering_id"], device["id"]
    context.after_commit(lambda: context.live.regroup_device(gathering_id, device_id))


@event("breakout.scribe", "console", writes=True,
       payload="{item_id: int, group_id: int, device_id: int | null}",
       fields=("item_id", "group_id", "device_id"))
def choose_scribe(context, payload: dict) -> None:
    """Make a member the group's scribe (null: nobody)."""
    item = _board_item(context, payload)
    db = context.db
    group = _own_group(db, item, integer(payload, "group_id"))
    device_id = integer(payload, "device_id", optional=True)
    if device_id is not None:
        member_of = groups.group_of(db, item["id"], device_id)
        if member_of is None or member_of["id"] != group["id"]:
            raise Refusal("not_in_group")
    groups.set_scribe(db, group["id"], device_id)
    groups.mirror_roster(db, item["id"])
    context.results_changed(item["id"])


@event("breakout.message", "console", writes=True, payload="{item_id: int, text: str}",
       fields=("item_id", "text"))
def message(context, payload: dict) -> None:
    """A banner on every phone of the breakout ("" takes it away)."""
    item = _board_item(context, payload)
    words = text(payload, "text", rules.MESSAGE_MAX * 4)
    try:
        words = shared.strip_text(shared.require_text(words))
    except InvalidResponse as refused:
        raise Refusal(refused.code) from None
    if len(words) > rules.MESSAGE_MAX:
        raise Refusal("too_long", max=rules.MESSAGE_MAX)
    groups.save_state(context.db, item["id"], {
        **item["state"], "message": {"text": words, "at": now()} if words else None})
    context.results_changed(item["id"])


@event("breakout.timer", "console", writes=True,
       payload='{item_id: int, do: "start" | "pause" | "add" | "set", amount?: int}',
       fields=("item_id", "do", "amount"))
def timer(context, payload: dict) -> None:
    """The board's countdown: start, pause, add `amount` minutes (negative to
    take off), or set `amount` seconds left."""
    item = _board_item(context, payload)
    do = payload.get("do")
    amount = integer(payload, "amount", optional=True)
    try:
        ticking = rules.run_timer(rules.timer_of(item["definition"], item["state"]), do,
                                  now_ms(), amount)
    except InvalidResponse as refused:
        raise Refusal(refused.code) from None
    groups.save_state(context.db, item["id"], {**item["state"], "timer": ticking})
    context.results_changed(item["id"])


@event("breakout.end", "console", writes=True, payload="{item_id: int}", fields=("item_id",))
def come_back(context, payload: dict) -> None:
    """"Come back": voting closes, the timer stops and the board closes on
    every phone. Closing goes through `activity.close`, so whatever closing
    an activity does (filing it to the programme record) happens here too."""
    item = _board_item(context, payload)
    state = item["state"]
    ticking = rules.timer_of(item["definition"], state)
    if ticking["running"]:
        ticking = rules.run_timer(ticking, "pause", now_ms())
    groups.save_state(context.db, item["id"], {**state, "voting": False, "timer": ticking})
    EVENTS["activity.close"].handle(context, {"item_id": item["id"]})
