"""Socket.IO: who is connected, what they may send, and the coalesced
fan-out of results. Handlers are thin: check, call the store, tell a room."""

from __future__ import annotations

import time

from ..store import gatherings
from ..store.db import get_db
from . import answers, connection, control
from .broadcaster import Broadcaster
from .callers import Caller, Presence, RateLimiter, room
from .results import item_results
from .snapshots import current_item, snapshot


class Live:
    """Per-app live state: callers by socket id, presence, rate limits and
    the broadcaster."""

    def __init__(self, app, socketio) -> None:
        self.socketio = socketio
        self.callers: dict[str, Caller] = {}
        self.presence = Presence()
        self.rate_limiter = RateLimiter(app.config["ANSWER_RATE"], app.config["ANSWER_BURST"],
                                        time.monotonic)
        self.broadcaster = Broadcaster(app, socketio, self.presence)

    def snapshot_for(self, db, caller: Caller) -> dict:
        return snapshot(db, caller.gathering_id, caller.role, device_id=caller.device_id,
                        presence=self.presence.per_municipality(caller.gathering_id))

    def current_version(self, db, gathering_id: int) -> int:
        return gatherings.get_gathering(db, gathering_id)["version"]

    def resume_for(self, db, caller: Caller) -> dict:
        """What a client that already has the current version still needs:
        the results, which change without bumping the version."""
        full = self.snapshot_for(db, caller)
        return {"version": full["version"], "results": full["results"],
                **({"presence": full["presence"], "moderation": full["moderation"]}
                   if caller.role == "console" else {})}

    def push_state(self, gathering_id: int) -> None:
        """After an agenda change every room gets its view. Phones share one
        message; each phone keeps its own answers from its first snapshot."""
        db = get_db()
        presence = self.presence.per_municipality(gathering_id)
        gathering = gatherings.get_gathering(db, gathering_id)
        current = current_item(gatherings.list_items(db, gathering_id), gathering)
        results = (item_results(db, gathering, current)
                   if current is not None and current["activity_kind"] else None)
        for role in ("console", "presenter", "phone"):
            state = snapshot(db, gathering_id, role, presence=presence, results=results)
            state.pop("mine", None)
            self.socketio.emit("state", state, to=room(gathering_id, role))


def init_live(app, socketio) -> None:
    live = Live(app, socketio)
    app.extensions["facilitate_socketio"] = socketio
    app.extensions["facilitate_live"] = live
    connection.register(socketio, live)
    answers.register(socketio, live)
    control.register(socketio, live)
