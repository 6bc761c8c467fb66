"""Group board: breakout group work on every phone.

Each group (by municipality, mixed, or chosen from a list; see
facilitate/model/grouping.py) gets a board of its own: notes in columns,
a scribe who merges duplicates into named clusters, and dot voting with a
budget per person. A group's notes reach only that group's phones and the
console; the projector shows how far each group has come and, at
report-back, one group's board at a time, most-voted first.

The rules live in board_rules.py (pure); the socket events in
live/breakouts.py. Notes and votes are responses (see board_rules), so an
answer's whole path applies to them: the phone's outbox, one submission id
stored once, the ack after the commit.
"""

from __future__ import annotations

from typing import Any

from ..model.grouping import GROUPINGS
from . import board_rules as rules
from . import shared
from .base import (
    N_,
    ActivityKind,
    ActivityState,
    InvalidDefinition,
    InvalidResponse,
    Response,
    action,
)

FIELDS = ("question", "columns", "duration", "dots", "grouping", "group_size", "groups",
          "max_length", "quiet_minutes")
MAX_COLUMNS = 6
COLUMN_MAX = 60
MAX_GROUPS = 40
GROUP_NAME_MAX = 60


class BoardKind(ActivityKind):
    name = "board"
    label = N_("Group board")
    example = {"question": "Hva gjør digital transformasjon lettere hos oss, og hva gjør det "
                           "vanskeligere?",
               "columns": ["Barrierer", "Muligheter"], "duration": 20, "dots": 5}
    has_text = True  # notes can be hidden by the facilitator (moderation)
    phones_follow_results = True  # phones answer from their group's board
    several_answers = True  # one slot per note
    # The board is the group's shared work, shown at report-back: a group
    # smaller than the minimum still sees its own board. Who wrote a note is
    # only ever its municipality (and a name the person chose to give).
    public_answers = True
    record_source = "board"

    # --- definitions and responses ---------------------------------------------------

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, FIELDS)
        grouping = definition.get("grouping", "municipality")
        if grouping not in GROUPINGS:
            raise InvalidDefinition("grouping", f"must be one of {', '.join(GROUPINGS)}")
        columns = (shared.text_list_field(definition, "columns", 0, MAX_COLUMNS, COLUMN_MAX,
                                          unique=True)
                   if "columns" in definition else [])
        groups = definition.get("groups", [])
        if grouping == "chosen":
            groups = shared.text_list_field(definition, "groups", 2, MAX_GROUPS, GROUP_NAME_MAX,
                                            unique=True)
        elif groups != []:
            raise InvalidDefinition("groups", "is only for grouping = \"chosen\"")
        return {
            "question": shared.question_field(definition),
            "columns": columns,
            "duration": shared.int_field(definition, "duration", 20, 1, 180),
            "dots": shared.int_field(definition, "dots", 5, 0, 20),
            "grouping": grouping,
            "group_size": shared.int_field(definition, "group_size", 4, 2, 30),
            "groups": groups,
            "max_length": shared.int_field(definition, "max_length", 200, 10, 500),
            "quiet_minutes": shared.int_field(definition, "quiet_minutes", 5, 1, 60),
        }

    def validate_response(self, definition: dict, value: Any) -> dict:
        return rules.parse_op(definition, value)

    def response_key(self, value: Any, submission_id: str) -> str:
        if isinstance(value, dict) and value.get("op") == "add":
            return rules.NOTE_PREFIX + value["ref"]
        if isinstance(value, dict) and value.get("op") == "vote":
            return rules.VOTES_KEY
        return "op:" + submission_id  # never stored: live/breakouts.py applies it

    def texts(self, value: Any) -> list[str]:
        if isinstance(value, dict) and isinstance(value.get("text"), str) and "group" in value:
            return [value["text"]]
        return []

    # --- results --------------------------------------------------------------------------

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        return rules.tally(definition, responses, state)

    def results_for(self, role: str, group: str | None, described: dict,
                    revealed: bool) -> dict | None:
        """Console: every board. Projector: progress, and at report-back the
        group shown. A group's phones: their own board only (`b:<id>`); a
        phone with no group: the lobby."""
        board = _the_board(described)
        if board is None:
            return described if role == "console" else None
        if role == "console":
            cut = rules.console_cut(board)
        elif role == "presenter":
            cut = rules.presenter_cut(board)
        else:
            cut = rules.phone_cut(board, group_id(group), revealed)
        return {**described, "groups": [{**described["groups"][0], "result": cut}]}

    def phone_groups(self, described: dict) -> list[str] | None:
        board = _the_board(described)
        if board is None:
            return []
        return [audience_group(b["group"]) for b in board["boards"]]

    def record_entries(self, definition: dict, responses: list[Response], state: ActivityState,
                       municipalities: dict[int, str], min_group: int) -> dict[int | None, dict]:
        """Each group's board (notes, clusters, dots) to every municipality in
        the group; the whole gathering's part holds all boards."""
        return rules.record_entries(definition, rules.tally(definition, responses, state),
                                    municipalities)

    # --- the facilitator's actions -------------------------------------------------------------

    @action("voting", "{open: bool}")
    def voting(self, definition: dict, state: ActivityState, params: dict,
               responses: list[Response]) -> ActivityState:
        """Open or close dot voting; a closed vote keeps every dot where it was."""
        if not isinstance(params.get("open"), bool):
            raise InvalidResponse("bad_type")
        return {**state, "voting": params["open"]}

    @action("report", '{group_id: int | "summary" | null}')
    def report(self, definition: dict, state: ActivityState, params: dict,
               responses: list[Response]) -> ActivityState:
        """Show one group's board on the projector (report-back), the room summary, or neither."""
        target = params.get("group_id")
        if target is not None and target != "summary" and target not in _group_ids(state,
                                                                                      responses):
            raise InvalidResponse("unknown_group")
        return {**state, "report": target}

    @action("pin", "{group_id: int, note: str, pinned: bool}")
    def pin(self, definition: dict, state: ActivityState, params: dict,
            responses: list[Response]) -> ActivityState:
        """Pin a note to the room summary, or unpin it."""
        group, note = params.get("group_id"), params.get("note")
        if not isinstance(params.get("pinned"), bool):
            raise InvalidResponse("bad_type")
        if not shared.is_int(group) or not isinstance(note, str) or note not in \
                rules.notes_by_group(responses).get(group, {}):
            raise InvalidResponse("unknown_note")
        pin = {"group": group, "note": note}
        pins = [p for p in state.get("pins", []) if p != pin]
        return {**state, "pins": pins + [pin] if params["pinned"] else pins}


def audience_group(group: int) -> str:
    """The phone audience of one breakout group (live/audiences.py)."""
    return f"b:{group}"


def group_id(group: str | None) -> int | None:
    if isinstance(group, str) and group.startswith("b:") and group[2:].isdigit():
        return int(group[2:])
    return None


def _the_board(described: dict) -> dict | None:
    """A board is described whole (view "all"); any other view has no board."""
    groups = described.get("groups") or []
    if len(groups) == 1 and groups[0]["key"] == "all" and groups[0]["result"] is not None:
        return groups[0]["result"]
    return None


def _group_ids(state: ActivityState, responses: list[Response]) -> set[int]:
    return {int(gid) for gid in state.get("groups", {})} | set(rules.notes_by_group(responses))
