"""One wrapper for every socket event in the event table: it finds the
caller, checks the role (and, for the console, that the login still holds),
checks the payload is an object, runs the handler in one unit of work, and
turns a Refusal into an error ack. A refused event changes nothing: its
transaction is rolled back. What the room must be told goes out after the
commit, so nobody sees a change that did not happen."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field

from flask import request
from socketio import packet

from ..store.db import get_db, transaction
from .callers import Caller
from .errors import Refusal, refusal_payload
from .events import Event

log = logging.getLogger(__name__)

# Every connection's budget over every message it sends (events of the table,
# `sync`, unknown names, acks): EVENT_RATE a second on average, bursts up to
# EVENT_BURST. Past it an event is refused with `too_fast` before anything is
# read or written; a client that keeps sending runs into debt, and one whose
# debt reaches another EVENT_BURST is disconnected with a reason and may not
# reconnect for FLOOD_COOLDOWN seconds. A phone sends an answer at a time and
# waits for its ack; a facilitator holding an arrow key sends about 30 a second
# for a moment: neither comes near. Overridable through app config
# (FACILITATE_EVENT_RATE, ...), see docs/SECURITY.md, "Flooding".
EVENT_RATE = 20.0
EVENT_BURST = 60
FLOOD_COOLDOWN = 10.0
# The largest event payload handled: a larger one (up to Engine.IO's buffer,
# MAX_MESSAGE_BYTES in app.py) is refused with a `too_large` ack.
MAX_EVENT_BYTES = 64 * 1024


def setting(app, name: str, default: float) -> float:
    return type(default)(app.config.get(name, default))


class EventBudget:
    """A token bucket per socket. `spend` says "ok", "refuse" or "cut"."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[str, tuple[float, float]] = {}

    def spend(self, key: str) -> str:
        now = self.clock()
        tokens, last = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - last) * self.rate) - 1
        self._buckets[key] = (tokens, now)
        if tokens >= 0:
            return "ok"
        return "refuse" if tokens > -self.burst else "cut"

    def forget(self, key: str) -> None:
        self._buckets.pop(key, None)


def install_budget(live, socketio, app) -> None:
    """Check every Engine.IO message of a connection against its budget, and
    every event's size, in the connection's reader, before Engine.IO starts a
    task for it, python-socketio decodes it or Flask makes a request context.
    A refused message costs a few microseconds and queues nothing: a reader
    that never waits (the flood is always ahead of it) would otherwise start
    tens of thousands of tasks in front of everyone else's events before the
    first of them could say "too fast". An over-budget or oversized event gets
    its refusal ack right there; a connection deep in debt is cut."""
    server = socketio.server
    eio = server.eio
    original = eio.handlers["message"]
    budget = live.budget
    limit = setting(app, "MAX_EVENT_BYTES", MAX_EVENT_BYTES)

    def screen(eio_sid, data) -> bool:
        """True: hand the message on. False: refused here (acked or dropped)."""
        verdict = budget.spend(eio_sid)
        is_event = isinstance(data, str) and data[:1] == str(packet.EVENT)
        # A UTF-8 character is at most 4 bytes, and decoding only shortens
        # escapes: a message of up to limit/4 characters cannot be too large.
        if verdict == "ok" and not (is_event and len(data) > limit // 4):
            return True
        sid = server.manager.sid_from_eio_sid(eio_sid, "/")
        caller = live.callers.get(sid) if sid else None
        locale = caller.locale if caller else "nb"
        if verdict == "cut":
            cut(live, sid, "too_fast", locale, eio_sid=eio_sid)
            return False
        if not is_event:
            return False  # not an event: nothing to acknowledge
        try:
            decoded = server.packet_class(encoded_packet=data)
        except Exception:  # noqa: BLE001 - malformed: drop it, as Engine.IO would
            return False
        if verdict == "ok" and payload_bytes(decoded.data) <= limit:
            return True
        if decoded.id is not None and sid is not None:
            code = "too_fast" if verdict == "refuse" else "too_large"
            server._send_packet(eio_sid, server.packet_class(
                packet.ACK, namespace=decoded.namespace, id=decoded.id,
                data=[refusal_payload(code, locale, {"max": limit})]))
        return False

    original_trigger = eio._trigger_event

    def trigger(event, *args, **kwargs):
        if event == "message" and not screen(args[0], args[1]):
            return None
        return original_trigger(event, *args, **kwargs)

    eio._trigger_event = trigger
    # Flask-SocketIO's test client hands messages to this method directly.
    server._handle_eio_message = lambda eio_sid, data: (
        original(eio_sid, data) if screen(eio_sid, data) else None)
    original_disconnect = eio.handlers["disconnect"]

    def on_disconnect(eio_sid, *args):
        budget.forget(eio_sid)
        return original_disconnect(eio_sid, *args)

    eio.handlers["disconnect"] = on_disconnect


def payload_bytes(data) -> int:
    """An event's size as compact UTF-8 JSON, whichever way the client
    escaped it (browsers send UTF-8, python-socketio \\u escapes)."""
    try:
        return len(json.dumps(data[1:], ensure_ascii=False, separators=(",", ":")).encode())
    except (TypeError, ValueError):
        return 0  # binary attachments: Engine.IO's buffer bounds them


def cut(live, sid: str | None, code: str, locale: str, *, eio_sid: str | None = None,
        later: bool = False) -> None:
    """Disconnect one socket of this process with a reason: it gets
    `goodbye` {code, message} (the last thing it receives), then its
    Socket.IO and Engine.IO sessions are closed, so whatever it still sends is
    never read. A flooder's identity may not reconnect for FLOOD_COOLDOWN
    seconds. `later`: from inside an event handler, after its ack is out."""
    server = live.socketio.server
    if eio_sid is None and sid is not None:
        eio_sid = server.manager.eio_sid_from_sid(sid, "/")
    caller = live.callers.get(sid) if sid else None
    if code == "too_fast" and caller is not None:
        now = time.monotonic()
        for key in [key for key, until in live.cooldown.items() if until < now]:
            del live.cooldown[key]  # forget the expired ones
        live.cooldown[identity(caller)] = now + live.flood_cooldown
    if eio_sid is None:
        return
    goodbye = refusal_payload(code, locale)["error"]

    def close() -> None:
        if later:
            live.socketio.sleep(0.2)
        try:
            server._send_packet(eio_sid, server.packet_class(
                packet.EVENT, namespace="/", data=["goodbye", goodbye]))
        except KeyError:
            pass  # already gone
        if sid is not None and server.manager.is_connected(sid, "/"):
            server.disconnect(sid, ignore_queue=True)
        server.eio.disconnect(eio_sid)
        live.budget.forget(eio_sid)
        log.info("disconnected %s: %s", sid, code)

    if later:
        live.socketio.start_background_task(close)
    else:
        close()


def identity(caller: Caller) -> tuple:
    """Who a socket is, across reconnects: a phone's device, a console's user,
    the presenter of a gathering."""
    return (caller.role, caller.gathering_id, caller.device_id, caller.user_id)


@dataclass
class EventContext:
    """What a handler works with, and what it changed."""

    live: object
    caller: Caller
    db: object
    agenda_changed: bool = False
    items_changed: set[int] = field(default_factory=set)
    after_commit: list = field(default_factory=list)

    def after(self, callback) -> None:
        """Run `callback()` once the event has committed and been published."""
        self.after_commit.append(callback)

    def changed(self, item_id: int | None = None) -> None:
        """The agenda (and so every role's state) changed; with `item_id`,
        that item's results changed too."""
        self.agenda_changed = True
        if item_id is not None:
            self.items_changed.add(item_id)

    def results_changed(self, item_id: int) -> None:
        self.items_changed.add(item_id)


def guarded(live, event: Event):
    def handler(payload=None, *extra):
        caller = live.callers.get(request.sid)
        locale = caller.locale if caller else "nb"
        try:
            if caller is None or caller.role not in event.roles:
                raise Refusal("not_allowed")
            if payload is None:
                payload = {}
            if not isinstance(payload, dict) or extra:
                raise Refusal("bad_request")
            db = get_db()
            live.authorize(db, caller)
            context = EventContext(live, caller, db)
            with transaction(db, write=event.writes):
                ack = event.handle(context, payload)
            live.publish(context)
            for callback in context.after_commit:
                callback()
            return {"ok": True, **(ack or {})}
        except Refusal as refusal:
            if refusal.code == "removed":  # the facilitator removed this phone
                cut(live, request.sid, "removed", locale, later=True)
            return refusal_payload(refusal.code, locale, refusal.params)
    handler.__name__ = f"on_{event.name.replace('.', '_')}"
    return handler


def unknown_event(live):
    """Every event is acknowledged, also one nobody registered."""
    def handler(name, *args):
        caller = live.callers.get(request.sid)
        return refusal_payload("unknown_event", caller.locale if caller else "nb")
    return handler


def integer(payload: dict, name: str, optional: bool = False) -> int | None:
    value = payload.get(name)
    if value is None and optional:
        return None
    if type(value) is not int or not -(2**53) < value < 2**53:
        raise Refusal("bad_request")
    return value


def text(payload: dict, name: str, max_length: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or len(value) > max_length:
        raise Refusal("bad_request")
    return value


def boolean(payload: dict, name: str) -> bool:
    value = payload.get(name)
    if not isinstance(value, bool):
        raise Refusal("bad_request")
    return value
