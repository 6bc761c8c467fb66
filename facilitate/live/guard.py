"""One wrapper for every socket event in the event table: it finds the
caller, checks the role (and, for the console, that the login still holds),
checks the payload is an object, runs the handler in one unit of work, and
turns a Refusal into an error ack. A refused event changes nothing: its
transaction is rolled back. What the room must be told goes out after the
commit, so nobody sees a change that did not happen."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import request

from ..store.db import get_db, transaction
from .callers import Caller
from .errors import Refusal, refusal_payload
from .events import Event

log = logging.getLogger(__name__)


@dataclass
class EventContext:
    """What a handler works with, and what it changed."""

    live: object
    caller: Caller
    db: object
    agenda_changed: bool = False
    items_changed: set[int] = field(default_factory=set)
    # What to do once the event's transaction has committed (e.g. tell
    # phones to sync after their groups changed), in order.
    after: list = field(default_factory=list)

    def after_commit(self, action) -> None:
        self.after.append(action)

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
            for action in context.after:
                action()
            return {"ok": True, **(ack or {})}
        except Refusal as refusal:
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
