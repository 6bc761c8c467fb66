"""Phones answering. The ack is sent only after the answer is committed."""

from __future__ import annotations

import re

from ..activities import get_kind
from ..activities.base import InvalidResponse
from ..store import gatherings, responses
from ..store.db import get_db
from .callers import Caller
from .errors import Refusal
from .guard import guarded, integer

SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def register(socketio, live) -> None:
    @socketio.on("answer")
    @guarded(live, "phone")
    def on_answer(caller: Caller, payload: dict):
        submission_id = payload.get("submission_id")
        if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
            raise Refusal("bad_submission_id")
        saved = accept_answer(live, caller, integer(payload, "item_id"), submission_id,
                              payload.get("value"))
        return {"ok": True, "submission_id": submission_id, "duplicate": not saved}


def accept_answer(live, caller: Caller, item_id: int, submission_id: str, value) -> bool:
    """Validate and commit one answer; returns False for a resend already stored."""
    if not live.rate_limiter.allow(caller.device_id):
        raise Refusal("rate_limited")
    db = get_db()
    item = gatherings.answer_target(db, item_id)
    if item is None or item["gathering_id"] != caller.gathering_id:
        raise Refusal("unknown_item")
    if item["activity_kind"] is None:
        raise Refusal("not_an_activity")
    if item["status"] != "open":
        if _already_stored(db, caller, submission_id):
            return False  # the ack was lost before the activity closed
        raise Refusal("not_open")
    kind = get_kind(item["activity_kind"])
    try:
        normalised = kind.validate_response(item["definition"], value)
    except InvalidResponse as invalid:
        raise Refusal(invalid.code, **invalid.params) from None
    required = kind.required_key(normalised)
    if required is not None and not responses.visible_key_exists(db, item_id, required):
        raise Refusal("unknown_question")
    key = kind.response_key(normalised, submission_id)
    saved = responses.save_response(db, {"id": caller.device_id,
                                         "municipality_id": caller.municipality_id},
                                    item_id, submission_id, key, normalised)
    if saved:
        live.broadcaster.mark_results(caller.gathering_id, item_id)
    return saved


def _already_stored(db, caller: Caller, submission_id: str) -> bool:
    return db.execute("SELECT 1 FROM submissions WHERE device_id = ? AND submission_id = ?",
                      [caller.device_id, submission_id]).fetchone() is not None
