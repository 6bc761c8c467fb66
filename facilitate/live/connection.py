"""Connecting, reconnecting and leaving.

A client says who it is in the Socket.IO `auth` object: {role, code} plus a
device token (phone; or the device cookie), the presenter key (presenter) or
the logged-in session (console). Anything else is refused at the door."""

from __future__ import annotations

from flask import request, session
from flask_socketio import ConnectionRefusedError, join_room

from ..store import devices, gatherings
from ..store.db import get_db
from .callers import ROLES, Caller, room
from .errors import refusal_payload
from .guard import guarded, integer


def device_cookie(code: str) -> str:
    return f"device_{code}"


def identify(auth, db) -> Caller:
    """Work out who is connecting, or raise ConnectionRefusedError."""
    locale = auth.get("lang") if isinstance(auth, dict) else None
    locale = locale if locale in ("nb", "en") else session.get("lang", "nb")

    def refuse(code: str):
        return ConnectionRefusedError(refusal_payload(code, locale)["error"])

    if not isinstance(auth, dict) or auth.get("role") not in ROLES:
        raise refuse("bad_request")
    code = auth.get("code")
    gathering = gatherings.get_gathering_by_code(db, code) if isinstance(code, str) else None
    if gathering is None:
        raise refuse("unknown_gathering")
    role = auth["role"]
    if role == "phone":
        token = auth.get("token") or request.cookies.get(device_cookie(gathering["code"]))
        device = devices.device_by_token(db, gathering["id"], token)
        if device is None:
            raise refuse("not_registered")
        return Caller(role, gathering["id"], locale, device_id=device["id"],
                      municipality_id=device["municipality_id"])
    if role == "presenter":
        if auth.get("key") != gathering["presenter_key"]:
            raise refuse("not_allowed")
        return Caller(role, gathering["id"], locale)
    if session.get("user_id") is None:
        raise refuse("not_allowed")
    return Caller(role, gathering["id"], locale, user_id=session["user_id"])


def register(socketio, live) -> None:
    @socketio.on("connect")
    def on_connect(auth=None):
        db = get_db()
        caller = identify(auth, db)
        live.callers[request.sid] = caller
        join_room(room(caller.gathering_id, caller.role))
        if caller.role == "phone":
            live.presence.arrive(caller)
            live.broadcaster.mark_presence(caller.gathering_id)
        live.broadcaster.start()
        known = auth.get("version")
        if type(known) is int and known == live.current_version(db, caller.gathering_id):
            # A reconnect that missed nothing on the agenda: only fresh results.
            socketio.emit("resume", live.resume_for(db, caller), to=request.sid)
        else:
            socketio.emit("snapshot", live.snapshot_for(db, caller), to=request.sid)

    @socketio.on("disconnect")
    def on_disconnect(*reason):
        caller = live.callers.pop(request.sid, None)
        if caller is not None and caller.role == "phone":
            live.presence.leave(caller)
            live.broadcaster.mark_presence(caller.gathering_id)

    @socketio.on("sync")
    @guarded(live, *ROLES)
    def on_sync(caller: Caller, payload: dict):
        """A client says which version it has; it gets a fresh snapshot only
        if something changed."""
        known = integer(payload, "version", optional=True)
        db = get_db()
        if known == live.current_version(db, caller.gathering_id):
            return {"ok": True, "unchanged": True, **live.resume_for(db, caller)}
        return {"ok": True, "snapshot": live.snapshot_for(db, caller)}

