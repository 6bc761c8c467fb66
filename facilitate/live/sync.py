"""`sync`: a client says which version it has and gets its state back in
the ack: full if anything on the agenda changed, else partial. A phone's
rooms are brought up to date first (after a `regroup`)."""

from __future__ import annotations

from flask import request

from .events import event
from .guard import integer


@event("sync", "phone", "presenter", "console", writes=False, payload="{version?: int}",
       fields=("version",))
def sync(context, payload: dict) -> dict:
    known = integer(payload, "version", optional=True)
    caller = context.live.rejoin(request.sid, context.caller, context.db)
    return {"state": context.live.state_for(context.db, caller, known)}
