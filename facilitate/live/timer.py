"""Countdowns: a timer for any agenda item (a break, an activity, later a
breakout group's work) that the facilitator starts, pauses, resumes and
extends from the console.

The server keeps the truth. A timer is stored with its item as JSON:

    {"total": ms, "running": true, "ends_at": server epoch ms}
    {"total": ms, "running": false, "remaining": ms}

Every `state` message carries the server's clock (`server_time`, epoch ms);
a client works out the offset to its own clock from it, so every screen
shows the same second whatever its own clock says (static/js/timer.js).

The pure functions below take `now` (epoch ms) so they are tested without
a clock; the events use `server_now()`.
"""

from __future__ import annotations

import time

from ..store import gatherings
from .errors import Refusal
from .events import event
from .guard import integer

MIN_SECONDS = 1
MAX_SECONDS = 6 * 60 * 60  # a whole day's item at most


def server_now() -> int:
    """The server's clock in epoch milliseconds: what clients set theirs by."""
    return int(time.time() * 1000)


def remaining(timer: dict | None, now: int) -> int | None:
    """Milliseconds left (never below 0), or None without a timer."""
    if timer is None:
        return None
    left = timer["ends_at"] - now if timer["running"] else timer["remaining"]
    return max(0, left)


def started(seconds: int, now: int) -> dict:
    ms = seconds * 1000
    return {"total": ms, "running": True, "ends_at": now + ms}


def paused(timer: dict, now: int) -> dict:
    if not timer["running"]:
        return timer
    return {"total": timer["total"], "running": False, "remaining": remaining(timer, now)}


def resumed(timer: dict, now: int) -> dict:
    if timer["running"]:
        return timer
    return {"total": timer["total"], "running": True, "ends_at": now + timer["remaining"]}


def extended(timer: dict, seconds: int, now: int) -> dict:
    """More time: added to what is left (a timer that ran out starts again
    from the extra time), and to the total the screens draw against."""
    ms = seconds * 1000
    left = remaining(timer, now) + ms
    total = max(timer["total"] + ms, left)
    if timer["running"]:
        return {"total": total, "running": True, "ends_at": now + left}
    return {"total": total, "running": False, "remaining": left}


def _seconds(payload: dict) -> int:
    seconds = integer(payload, "seconds")
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        raise Refusal("bad_duration", max=MAX_SECONDS // 60)
    return seconds


def _item(context, payload: dict) -> dict:
    item = gatherings.get_item(context.db, integer(payload, "item_id"))
    if item is None or item["gathering_id"] != context.caller.gathering_id:
        raise Refusal("unknown_item")
    return item


def _set(context, item: dict, timer: dict | None) -> None:
    gatherings.update_item(context.db, item["id"], timer=timer)
    context.changed()


def _running_timer(item: dict) -> dict:
    if item["timer"] is None:
        raise Refusal("no_timer")
    return item["timer"]


@event("timer.start", "console", writes=True, payload="{item_id: int, seconds: int}",
       fields=("item_id", "seconds"))
def start(context, payload: dict) -> None:
    """A new countdown of `seconds` for the item (replacing any it had)."""
    item = _item(context, payload)
    _set(context, item, started(_seconds(payload), server_now()))


@event("timer.pause", "console", writes=True, payload="{item_id: int}", fields=("item_id",))
def pause(context, payload: dict) -> None:
    item = _item(context, payload)
    _set(context, item, paused(_running_timer(item), server_now()))


@event("timer.resume", "console", writes=True, payload="{item_id: int}", fields=("item_id",))
def resume(context, payload: dict) -> None:
    item = _item(context, payload)
    _set(context, item, resumed(_running_timer(item), server_now()))


@event("timer.extend", "console", writes=True, payload="{item_id: int, seconds: int}",
       fields=("item_id", "seconds"))
def extend(context, payload: dict) -> None:
    item = _item(context, payload)
    seconds = _seconds(payload)
    _set(context, item, extended(_running_timer(item), seconds, server_now()))


@event("timer.clear", "console", writes=True, payload="{item_id: int}", fields=("item_id",))
def clear(context, payload: dict) -> None:
    item = _item(context, payload)
    _set(context, item, None)
