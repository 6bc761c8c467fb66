"""The event table: every socket event a client may send, who may send it,
whether it writes, and its payload. Socket handlers are registered from this
table, and docs/PROTOCOL.md, the fuzzer and the access tests iterate it, so
an event cannot exist without being documented and tried."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .callers import ROLES


@dataclass(frozen=True)
class Event:
    name: str
    roles: tuple[str, ...]
    handle: Callable  # (context, payload) -> ack fields
    writes: bool  # runs in a write transaction (BEGIN IMMEDIATE) when True
    payload: str  # as documented in docs/PROTOCOL.md
    fields: tuple[str, ...]  # the payload fields it reads (the fuzzer fills them)


EVENTS: dict[str, Event] = {}


def event(name: str, *roles: str, writes: bool, payload: str = "{}",
          fields: tuple[str, ...] = ()) -> Callable:
    """Registers a handler `(context, payload) -> dict` as the event `name`."""
    assert all(role in ROLES for role in roles), roles

    def register(handle: Callable) -> Callable:
        assert name not in EVENTS, f"event {name} registered twice"
        EVENTS[name] = Event(name, roles, handle, writes, payload, fields)
        return handle
    return register


def load_events() -> dict[str, Event]:
    """The whole table: importing the handler modules fills it."""
    from . import answers, breakouts, control, sync  # noqa: F401

    return EVENTS
