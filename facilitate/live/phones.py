"""Phones as the facilitator sees them, and a participant's own answers.

The console lists the phones of each municipality against the number it is
expected to bring; a phone that joined beyond it is held (its answers count
nowhere) until the facilitator accepts it, or removes it. Removing a phone
erases it: the device, its answers and its submissions, and its sockets are
disconnected with a reason. A participant can read back and erase their own
answers (`answers.mine`, `answers.erase`). See docs/SECURITY.md, "Fake phones"
and "Personal data"."""

from __future__ import annotations

from flask import current_app
from flask_babel import force_locale, gettext

from ..store import devices, gatherings, programmes, responses
from .callers import Caller
from .errors import Refusal
from .events import event
from .guard import cut, integer


def device_room(caller: Caller) -> str:
    """Every socket of one phone (two tabs, a reconnect on another process)."""
    return f"gathering:{caller.gathering_id}:device:{caller.device_id}"


def _device_room(gathering_id: int, device_id: int) -> str:
    return f"gathering:{gathering_id}:device:{device_id}"


# --- the facilitator's list of phones ---------------------------------------------

def devices_message(db, gathering_id: int) -> dict:
    """What the console's phone panel shows: per municipality the phones that
    count, the held ones and the expected number; per phone its display name
    (the console is the only place it is shown), whether it is held, when it
    joined and how many answers it has stored."""
    expected = programmes.expected_participants(db, gathering_id)
    listed = devices.list_devices(db, gathering_id)
    municipalities = []
    for municipality in programmes.gathering_municipalities(db, gathering_id):
        mine = [d for d in listed if d["municipality_id"] == municipality["id"]]
        municipalities.append({
            "id": municipality["id"], "name": municipality["name"],
            "expected": expected.get(municipality["id"]),
            "phones": sum(1 for d in mine if not d["held"]),
            "held": sum(1 for d in mine if d["held"]),
        })
    return {
        "municipalities": municipalities,
        "devices": [{"id": d["id"], "municipality_id": d["municipality_id"],
                     "name": d["display_name"], "held": bool(d["held"]),
                     "joined_at": d["created_at"], "answers": d["answers"]} for d in listed],
    }


def push_devices(socketio, db, gathering_id: int) -> None:
    """Tell the gathering's consoles that its phones changed."""
    from .audiences import Audience

    socketio.emit("devices", devices_message(db, gathering_id),
                  to=Audience(gathering_id, "console").room)


def _own_device(context, payload: dict) -> dict:
    device = devices.get_device(context.db, integer(payload, "device_id"))
    if device is None or device["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_device")
    return device


@event("devices.list", "console", writes=False)
def list_devices(context, payload: dict) -> dict:
    return {"devices": devices_message(context.db, context.caller.gathering_id)}


@event("device.accept", "console", writes=True, payload="{device_id: int}",
       fields=("device_id",))
def accept(context, payload: dict) -> dict:
    """A held phone's answers count from now on."""
    device = _own_device(context, payload)
    for item_id in devices.accept_device(context.db, device["id"]):
        context.results_changed(item_id)
    context.after(lambda: _accepted(context, device))
    return {}


def _accepted(context, device: dict) -> None:
    socketio = context.live.socketio
    socketio.emit("device", {"held": False},
                  to=_device_room(device["gathering_id"], device["id"]))
    push_devices(socketio, context.db, device["gathering_id"])


@event("device.remove", "console", writes=True, payload="{device_id: int}",
       fields=("device_id",))
def remove(context, payload: dict) -> dict:
    """Erase a phone: its answers, its submissions and the device itself; its
    token opens nothing any more and its sockets are disconnected."""
    device = _own_device(context, payload)
    for item_id in devices.erase_device(context.db, device["id"]):
        context.results_changed(item_id)
    context.after(lambda: _removed(context, device))
    return {}


def _removed(context, device: dict) -> None:
    live = context.live
    room = _device_room(device["gathering_id"], device["id"])
    # This process's sockets of the phone: a reason, then disconnected. A
    # socket on another process is refused (`removed`) at its next event.
    server = live.socketio.server
    for sid, _ in list(server.manager.get_participants("/", room)):
        caller = live.callers.get(sid)
        cut(live, sid, "removed", caller.locale if caller else "nb", later=True)
    push_devices(live.socketio, context.db, device["gathering_id"])


# --- a participant's own answers -------------------------------------------------

def answer_text(kind: str, definition: dict, value) -> str:
    """One answer as the participant reads it back."""
    options = definition.get("options") or []

    def label(index) -> str:
        return options[index] if isinstance(index, int) and 0 <= index < len(options) else "?"

    if kind == "qa" and isinstance(value, dict):
        if "ask" in value:
            return value["ask"]
        return gettext("A vote for a question") if value.get("on") else \
            gettext("A vote taken back")
    if kind == "ranking":
        return " · ".join(f"{place}. {label(index)}" for place, index in enumerate(value, 1))
    if kind == "points":
        return ", ".join(f"{label(index)}: {share}" for index, share in enumerate(value) if share)
    if kind == "scale":
        statements = definition.get("statements") or []
        return "; ".join(f"{text}: {'–' if rating is None else rating}"
                         for text, rating in zip(statements, value, strict=False))
    if isinstance(value, str):
        return value
    if isinstance(value, list) and options:
        return ", ".join(label(index) for index in value)
    if isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    return str(value)


@event("answers.mine", "phone", writes=False)
def mine(context, payload: dict) -> dict:
    """This phone's stored answers, oldest first, with each item's title and
    question: all that the server keeps of what this phone sent."""
    db = context.db
    caller = context.caller
    items = {item["id"]: item for item in gatherings.list_items(db, caller.gathering_id)}
    listed = []
    with force_locale(caller.locale):
        for answer in responses.device_responses(db, caller.device_id):
            item = items.get(answer["item_id"])
            if item is None or item["activity_kind"] is None:
                continue
            listed.append({"item_id": item["id"], "title": item["title"],
                           "question": item["definition"].get("question", ""),
                           "text": answer_text(item["activity_kind"], item["definition"],
                                               answer["value"])})
    device = devices.get_device(db, caller.device_id)
    return {"answers": listed, "held": bool(device and device["held"])}


@event("answers.erase", "phone", writes=True, payload="{confirm: true}", fields=("confirm",))
def erase(context, payload: dict) -> dict:
    """Delete every answer (and submission) of this phone, and of this phone
    only. The phone stays joined and may answer again."""
    if payload.get("confirm") is not True:
        raise Refusal("bad_request")
    caller = context.caller
    erased = devices.erase_answers(context.db, caller.device_id)
    for item_id in erased:
        context.results_changed(item_id)
    context.after(lambda: push_devices(context.live.socketio, context.db,
                                       caller.gathering_id))
    return {"erased_items": len(erased)}


def joined(gathering_id: int) -> None:
    """After a phone joined over HTTP (and the join committed): the consoles'
    phone panel changes."""
    from ..store.db import get_db

    socketio = current_app.extensions.get("facilitate_socketio")
    if socketio is not None:
        push_devices(socketio, get_db(), gathering_id)
