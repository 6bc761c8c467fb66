"""The facilitator's console drives the gathering. Each handler checks the
item belongs to the caller's gathering, changes the store, then tells every
room what changed."""

from __future__ import annotations

from ..activities.words import merge_key
from ..store import gatherings, responses
from ..store.db import get_db
from .callers import Caller
from .errors import Refusal
from .guard import boolean, guarded, integer, text

VIEW_MODES = ("all", "by_municipality", "versus")
STATUS_BY_EVENT = {"activity.open": "open", "activity.close": "closed",
                   "activity.lock": "locked"}


def _own_item(db, caller: Caller, payload: dict) -> dict:
    item = gatherings.get_item(db, integer(payload, "item_id"))
    if item is None or item["gathering_id"] != caller.gathering_id:
        raise Refusal("unknown_item")
    return item


def _own_activity(db, caller: Caller, payload: dict) -> dict:
    item = _own_item(db, caller, payload)
    if item["activity_kind"] is None:
        raise Refusal("not_an_activity")
    return item


def register(socketio, live) -> None:
    def changed(gathering_id: int, item_id: int | None = None) -> dict:
        live.push_state(gathering_id)
        if item_id is not None:
            live.broadcaster.mark_results(gathering_id, item_id)
        return {"ok": True}

    def on(event: str):
        def decorate(handle):
            socketio.on_event(event, guarded(live, "console")(handle))
            return handle
        return decorate

    @on("gathering.start")
    def start(caller: Caller, payload: dict):
        gatherings.start_gathering(get_db(), caller.gathering_id)
        return changed(caller.gathering_id)

    @on("gathering.end")
    def end(caller: Caller, payload: dict):
        gatherings.end_gathering(get_db(), caller.gathering_id)
        return changed(caller.gathering_id)

    def move(caller: Caller, position: int) -> dict:
        db = get_db()
        if gatherings.get_gathering(db, caller.gathering_id)["status"] != "running":
            raise Refusal("not_running")
        if not gatherings.go_to(db, caller.gathering_id, position):
            raise Refusal("unknown_item")
        return changed(caller.gathering_id)

    @on("agenda.goto")
    def goto(caller: Caller, payload: dict):
        return move(caller, integer(payload, "position"))

    @on("agenda.next")
    def next_item(caller: Caller, payload: dict):
        current = gatherings.get_gathering(get_db(), caller.gathering_id)["current_position"]
        return move(caller, (current if current is not None else -1) + 1)

    @on("agenda.prev")
    def previous_item(caller: Caller, payload: dict):
        current = gatherings.get_gathering(get_db(), caller.gathering_id)["current_position"]
        return move(caller, (current if current is not None else 1) - 1)

    def set_status(event: str):
        status = STATUS_BY_EVENT[event]

        def handle(caller: Caller, payload: dict):
            db = get_db()
            item = _own_activity(db, caller, payload)
            gathering = gatherings.get_gathering(db, caller.gathering_id)
            if status == "open" and gathering["current_position"] != item["position"]:
                move(caller, item["position"])  # opening an item brings it on screen
            gatherings.update_item(db, item["id"], status=status)
            return changed(caller.gathering_id, item["id"])

        on(event)(handle)

    for event in STATUS_BY_EVENT:
        set_status(event)

    @on("activity.reset")
    def reset(caller: Caller, payload: dict):
        db = get_db()
        item = _own_activity(db, caller, payload)
        responses.reset_item(db, item["id"])
        gatherings.update_item(db, item["id"], status="idle", results_visible=False)
        return changed(caller.gathering_id, item["id"])

    @on("results.reveal")
    def reveal(caller: Caller, payload: dict):
        db = get_db()
        item = _own_activity(db, caller, payload)
        gatherings.update_item(db, item["id"], results_visible=boolean(payload, "visible"))
        return changed(caller.gathering_id, item["id"])

    @on("results.view")
    def view(caller: Caller, payload: dict):
        db = get_db()
        item = _own_activity(db, caller, payload)
        mode = payload.get("mode")
        if mode not in VIEW_MODES:
            raise Refusal("bad_view")
        focus = None
        if mode == "versus":
            focus = integer(payload, "municipality_id")
            members = {m["municipality_id"] for m in db.query(
                "SELECT municipality_id FROM gathering_municipalities WHERE gathering_id = ?",
                [caller.gathering_id])}
            if focus not in members:
                raise Refusal("bad_view")
        gatherings.update_item(db, item["id"], view_mode=mode, view_focus=focus)
        return changed(caller.gathering_id, item["id"])

    @on("response.hide")
    def hide(caller: Caller, payload: dict):
        db = get_db()
        response = responses.get_response(db, integer(payload, "response_id"))
        item = response and gatherings.get_item(db, response["item_id"])
        if item is None or item["gathering_id"] != caller.gathering_id:
            raise Refusal("unknown_response")
        responses.set_hidden(db, response["id"], boolean(payload, "hidden"))
        return changed(caller.gathering_id, item["id"])

    @on("words.merge")
    def merge(caller: Caller, payload: dict):
        db = get_db()
        item = _own_activity(db, caller, payload)
        if item["activity_kind"] != "wordcloud":
            raise Refusal("not_allowed")
        variant = merge_key(text(payload, "variant", 100))
        into = merge_key(text(payload, "into", 100))
        if not variant or not into or variant == into:
            raise Refusal("no_words")
        merges = dict(item["state"].get("merges", {}))
        merges[variant] = into
        gatherings.update_item(db, item["id"], state={**item["state"], "merges": merges})
        return changed(caller.gathering_id, item["id"])

    @on("words.unmerge")
    def unmerge(caller: Caller, payload: dict):
        db = get_db()
        item = _own_activity(db, caller, payload)
        merges = dict(item["state"].get("merges", {}))
        merges.pop(merge_key(text(payload, "variant", 100)), None)
        gatherings.update_item(db, item["id"], state={**item["state"], "merges": merges})
        return changed(caller.gathering_id, item["id"])
