"""The facilitator's console drives the gathering. Each handler checks the
item belongs to the caller's gathering and changes the store; the guard
commits and then tells every audience what changed."""

from __future__ import annotations

from ..activities import get_kind
from ..activities.base import InvalidResponse
from ..store import gatherings, programmes, records, responses
from ..vocabulary import VIEW_MODES
from .errors import Refusal
from .events import event
from .guard import boolean, integer, text
from .results import item_results, moderation_list

STATUS_BY_EVENT = {"activity.open": "open", "activity.close": "closed",
                   "activity.lock": "locked"}
ACTION_NAME_MAX = 40


def _own_item(context, payload: dict) -> dict:
    item = gatherings.get_item(context.db, integer(payload, "item_id"))
    if item is None or item["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_item")
    return item


def _own_activity(context, payload: dict) -> dict:
    item = _own_item(context, payload)
    if item["activity_kind"] is None:
        raise Refusal("not_an_activity")
    return item


def _gathering(context) -> dict:
    return gatherings.get_gathering(context.db, context.caller.gathering_id)


def _file(context, item_id: int) -> None:
    """File a closed activity to the programme record, in the event's unit of
    work: what the room saw, per municipality and for the whole gathering.
    Filing again (reopened and closed, an answer hidden, words merged after
    closing) replaces what was filed."""
    records.file_item(context.db, _gathering(context), gatherings.get_item(context.db, item_id),
                      user_id=context.caller.user_id)


def _refile_if_closed(context, item: dict) -> None:
    if item["status"] == "closed":
        _file(context, item["id"])


@event("gathering.start", "console", writes=True)
def start(context, payload: dict) -> None:
    gatherings.start_gathering(context.db, context.caller.gathering_id)
    context.changed()


@event("gathering.end", "console", writes=True)
def end(context, payload: dict) -> None:
    running = [item["id"] for item in gatherings.list_items(context.db, context.caller.gathering_id)
               if item["activity_kind"] is not None and item["status"] in ("open", "locked")]
    gatherings.end_gathering(context.db, context.caller.gathering_id)
    for item_id in running:
        _file(context, item_id)
    context.changed()


def _move(context, position: int) -> None:
    if _gathering(context)["status"] != "running":
        raise Refusal("not_running")
    if not gatherings.go_to(context.db, context.caller.gathering_id, position):
        raise Refusal("unknown_item")
    context.changed()


@event("agenda.goto", "console", writes=True, payload="{position: int}", fields=("position",))
def goto(context, payload: dict) -> None:
    _move(context, integer(payload, "position"))


@event("agenda.next", "console", writes=True)
def next_item(context, payload: dict) -> None:
    current = _gathering(context)["current_position"]
    _move(context, (current if current is not None else -1) + 1)


@event("agenda.prev", "console", writes=True)
def previous_item(context, payload: dict) -> None:
    current = _gathering(context)["current_position"]
    _move(context, (current if current is not None else 1) - 1)


def _status_event(name: str, status: str) -> None:
    def set_status(context, payload: dict) -> None:
        item = _own_activity(context, payload)
        if status == "open" and _gathering(context)["current_position"] != item["position"]:
            _move(context, item["position"])  # opening an item brings it on screen
        gatherings.update_item(context.db, item["id"], status=status)
        if status == "closed":
            _file(context, item["id"])
        context.changed(item["id"])

    event(name, "console", writes=True, payload="{item_id: int}", fields=("item_id",))(
        set_status)


for _name, _status in STATUS_BY_EVENT.items():
    _status_event(_name, _status)


@event("activity.reset", "console", writes=True, payload="{item_id: int}", fields=("item_id",))
def reset(context, payload: dict) -> None:
    item = _own_activity(context, payload)
    responses.reset_item(context.db, item["id"])
    records.unfile_item(context.db, item["id"])
    kind = get_kind(item["activity_kind"])
    gatherings.update_item(context.db, item["id"], status="idle",
                           results_visible=item["reveal_default"], state=kind.initial_state(),
                           preview_mode=None, preview_focus=None)
    context.changed(item["id"])


@event("results.reveal", "console", writes=True, payload="{item_id: int, visible: bool}",
       fields=("item_id", "visible"))
def reveal(context, payload: dict) -> None:
    item = _own_activity(context, payload)
    gatherings.update_item(context.db, item["id"], results_visible=boolean(payload, "visible"))
    context.changed(item["id"])


def _view_choice(context, item: dict, payload: dict) -> tuple[str, int | None]:
    mode = payload.get("mode")
    if mode not in VIEW_MODES or mode not in get_kind(item["activity_kind"]).view_modes:
        raise Refusal("bad_view")
    focus = None
    if mode == "versus":
        focus = integer(payload, "municipality_id")
        if not programmes.is_member(context.db, context.caller.gathering_id, focus):
            raise Refusal("bad_view")
    return mode, focus


@event("results.view", "console", writes=True,
       payload='{item_id: int, mode: "all" | "by_municipality" | "versus", municipality_id?: int}',
       fields=("item_id", "mode", "municipality_id"))
def view(context, payload: dict) -> None:
    """How the room sees the results; a preview the console had ends."""
    item = _own_activity(context, payload)
    mode, focus = _view_choice(context, item, payload)
    gatherings.update_item(context.db, item["id"], view_mode=mode, view_focus=focus,
                           preview_mode=None, preview_focus=None)
    context.changed(item["id"])


@event("results.preview", "console", writes=True,
       payload='{item_id: int, mode: "all" | "by_municipality" | "versus" | null, '
               'municipality_id?: int}',
       fields=("item_id", "mode", "municipality_id"))
def preview(context, payload: dict) -> None:
    """A view only the console sees, to look at before the room does; mode
    null ends it. The room's view does not change."""
    item = _own_activity(context, payload)
    if payload.get("mode") is None:
        mode, focus = None, None
    else:
        mode, focus = _view_choice(context, item, payload)
    gatherings.update_item(context.db, item["id"], preview_mode=mode, preview_focus=focus)
    context.changed(item["id"])


@event("results.fetch", "console", writes=False, payload="{item_id: int}", fields=("item_id",))
def fetch(context, payload: dict) -> dict:
    """Any item's results and texts, read only: the console looks back at
    the day (also after it ended) without changing what the room sees."""
    item = _own_activity(context, payload)
    gathering = _gathering(context)
    return {"results": item_results(context.db, gathering, item),
            "moderation": {"item_id": item["id"], "texts": moderation_list(context.db, item)}}


@event("response.hide", "console", writes=True, payload="{response_id: int, hidden: bool}",
       fields=("response_id", "hidden"))
def hide(context, payload: dict) -> None:
    response = responses.get_response(context.db, integer(payload, "response_id"))
    item = response and gatherings.get_item(context.db, response["item_id"])
    if item is None or item["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_response")
    responses.set_hidden(context.db, response["id"], boolean(payload, "hidden"))
    _refile_if_closed(context, item)
    context.changed(item["id"])


@event("activity.action", "console", writes=True,
       payload="{item_id: int, action: str, params?: object}",
       fields=("item_id", "action", "params"))
def kind_action(context, payload: dict) -> None:
    """A kind's own console action (see each kind's actions in docs/PROTOCOL.md)."""
    item = _own_activity(context, payload)
    name = text(payload, "action", ACTION_NAME_MAX)
    params = payload.get("params", {})
    if not isinstance(params, dict):
        raise Refusal("bad_request")
    kind = get_kind(item["activity_kind"])
    answers = responses.current_responses(context.db, item["id"])
    try:
        state = kind.run_action(name, item["definition"], item["state"], params, answers)
    except InvalidResponse as refused:
        raise Refusal(refused.code, **refused.params) from None
    gatherings.update_item(context.db, item["id"], state=state)
    _refile_if_closed(context, item)
    context.changed(item["id"])
