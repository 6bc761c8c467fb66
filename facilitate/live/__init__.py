"""Socket.IO: who is connected, what they may send, and the fan-out by
audience. Handlers are thin and live in the event table (events.py): check,
call the store in one unit of work, then tell each audience what changed."""

from __future__ import annotations

import time
from dataclasses import replace

from flask import session
from flask_socketio import join_room, leave_room, rooms

from .. import policy
from ..store import devices, gatherings
from ..store.db import get_db, set_sleep, transaction
from ..web.auth import user_from_session
from .audiences import Audience, audiences_of, device_group
from .broadcaster import Broadcaster
from .callers import Caller, Presence, RateLimiter
from .errors import Refusal
from .events import load_events
from .guard import EventContext, guarded, unknown_event
from .state import Current


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

    # --- who may drive ------------------------------------------------------------

    def console_user(self, db, gathering: dict) -> int:
        """The logged-in user who may drive this gathering, or Refusal."""
        user = user_from_session(db, session)
        target = policy.GatheringRef(gathering["id"], gathering["programme_id"])
        if user is None or not policy.may(user["grants"], policy.GATHERING_DRIVE, target):
            raise Refusal("not_allowed")
        return user["id"]

    def authorize(self, db, caller: Caller) -> None:
        """Checked on every event: a console's login (not logged out, password
        not changed) and its grant must still hold."""
        if caller.role != "console":
            return
        gathering = gatherings.get_gathering(db, caller.gathering_id)
        if self.console_user(db, gathering) != caller.user_id:
            raise Refusal("not_allowed")

    # --- what each connection sees ----------------------------------------------------

    def state_for(self, db, caller: Caller, known_version: int | None) -> dict:
        """The caller's state: partial when it already has the current
        version (a reconnect that missed nothing on the agenda), else full."""
        current = Current(db, caller.gathering_id)
        group = None  # phones share the role-wide results unless the kind cuts per group
        groups = current.phone_groups() if caller.role == "phone" else None
        if groups is not None:
            group = next((a.group for a in audiences_of(caller, db) if a.group in groups), None)
        presence = self.presence.per_municipality(caller.gathering_id)
        if known_version == current.gathering["version"]:
            return current.partial(caller.role, group, presence=presence)
        return current.state(caller.role, group, presence=presence, device_id=caller.device_id)

    def rejoin(self, sid: str, caller: Caller, db) -> Caller:
        """Put a phone's socket in the rooms of the groups it belongs to now.
        Run by the process that holds the socket (on connect and on `sync`),
        so after a regroup every phone re-joins its rooms whichever process
        serves it: `regroup` asks the phones to sync."""
        if caller.role != "phone":
            return caller
        device = devices.get_device(db, caller.device_id)
        if device is None:
            return caller
        moved = replace(caller, municipality_id=device["municipality_id"])
        self.callers[sid] = moved
        wanted = {audience.room for audience in audiences_of(moved, db)}
        prefix = Audience(caller.gathering_id, "phone").room
        for joined in rooms(sid):
            if joined.startswith(prefix) and joined not in wanted:
                leave_room(joined, sid=sid)
        for room in wanted:
            join_room(room, sid=sid)
        return moved

    def regroup(self, gathering_id: int) -> None:
        """The groups of a gathering changed: every phone syncs, and so re-joins."""
        self.socketio.emit("regroup", {}, to=Audience(gathering_id, "phone").room)

    def regroup_device(self, gathering_id: int, device_id: int) -> None:
        """One phone's groups changed (the facilitator moved it): that phone
        syncs, on whichever process holds its sockets."""
        self.socketio.emit("regroup", {}, to=Audience(gathering_id, "phone",
                                                      device_group(device_id)).room)

    def publish(self, context: EventContext) -> None:
        """After a committed event: every audience's state when the agenda
        changed (it carries the current item's results), and the coalesced
        results of any other item that changed."""
        gathering_id = context.caller.gathering_id
        pushed_item = None
        if context.agenda_changed:
            pushed_item = self.push_state(gathering_id)
        for item_id in context.items_changed:
            if item_id != pushed_item:
                self.broadcaster.mark_results(gathering_id, item_id)

    def push_state(self, gathering_id: int) -> int | None:
        """Every audience's full state, from one read and one tally. Returns
        the current item's id (its results went out with the state)."""
        db = get_db()
        with transaction(db, write=False):
            current = Current(db, gathering_id)
            presence = self.presence.per_municipality(gathering_id)
            messages = [(Audience(gathering_id, "console"),
                         current.state("console", presence=presence)),
                        (Audience(gathering_id, "presenter"), current.state("presenter"))]
            groups = current.phone_groups()
            # Every phone gets the role's state; when the kind cuts per group
            # (a board), that is the cut for a phone in no group yet, and each
            # group's phones then get their own, which arrives after it.
            messages.append((Audience(gathering_id, "phone"), current.state("phone")))
            if groups is not None:
                messages += [(Audience(gathering_id, "phone", group),
                              current.state("phone", group)) for group in groups]
        for audience, message in messages:
            self.socketio.emit("state", message, to=audience.room)
        return current.item["id"] if current.is_activity else None


def init_live(app, socketio) -> None:
    # Waiting for SQLite's write lock yields to the event loop (see store/unit_of_work.py).
    set_sleep(app, socketio.sleep)
    live = Live(app, socketio)
    app.extensions["facilitate_socketio"] = socketio
    app.extensions["facilitate_live"] = live
    from . import connection

    connection.register(socketio, live)
    for event in load_events().values():
        socketio.on_event(event.name, guarded(live, event))
    socketio.on("*")(unknown_event(live))
