"""Connecting, reconnecting and leaving.

A client says who it is in the Socket.IO `auth` object: {role, code} plus a
device token (phone; or the device cookie), the presenter key (presenter) or
the logged-in session (console). Anything else is refused at the door, with
`{code, message}` as the connect_error's data."""

from __future__ import annotations

from flask import request
from flask_socketio import ConnectionRefusedError, join_room

from ..store import devices, gatherings
from ..store.db import get_db, transaction
from .audiences import audiences_of
from .callers import ROLES, Caller
from .errors import Refusal, refusal_payload


def device_cookie(code: str) -> str:
    return f"device_{code}"


def identify(live, auth, db) -> Caller:
    """Work out who is connecting, or raise Refusal."""
    locale = auth.get("lang") if isinstance(auth, dict) else None
    if not isinstance(auth, dict) or auth.get("role") not in ROLES:
        raise Refusal("bad_request")
    code = auth.get("code")
    gathering = gatherings.get_gathering_by_code(db, code) if isinstance(code, str) else None
    if gathering is None:
        raise Refusal("unknown_gathering")
    locale = locale if locale in ("nb", "en") else "nb"
    role = auth["role"]
    if role == "phone":
        token = auth.get("token") or request.cookies.get(device_cookie(gathering["code"]))
        device = devices.device_by_token(db, gathering["id"], token)
        if device is None:
            raise Refusal("not_registered")
        return Caller(role, gathering["id"], locale, device_id=device["id"],
                      municipality_id=device["municipality_id"])
    if role == "presenter":
        if auth.get("key") != gathering["presenter_key"]:
            raise Refusal("not_allowed")
        return Caller(role, gathering["id"], locale)
    caller = Caller(role, gathering["id"], locale, user_id=live.console_user(db, gathering))
    return caller


def register(socketio, live) -> None:
    @socketio.on("connect")
    def on_connect(auth=None):
        db = get_db()
        try:
            with transaction(db, write=False):
                caller = identify(live, auth, db)
        except Refusal as refusal:
            locale = auth.get("lang") if isinstance(auth, dict) else None
            error = refusal_payload(refusal.code, locale if locale in ("nb", "en") else "nb")
            # The client reads connect_error's `data`: {code, message}.
            raise ConnectionRefusedError(error["error"]) from None
        live.callers[request.sid] = caller
        for audience in audiences_of(caller, db):
            join_room(audience.room)
        if caller.role == "phone":
            live.presence.arrive(caller)
            live.broadcaster.mark_presence(caller.gathering_id)
        live.broadcaster.start()
        known = auth.get("version")
        with transaction(db, write=False):
            message = live.state_for(db, caller, known if type(known) is int else None)
        socketio.emit("state", message, to=request.sid)

    @socketio.on("disconnect")
    def on_disconnect(*reason):
        caller = live.callers.pop(request.sid, None)
        if caller is not None and caller.role == "phone":
            live.presence.leave(caller)
            live.broadcaster.mark_presence(caller.gathering_id)
