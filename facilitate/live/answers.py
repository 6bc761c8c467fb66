"""Phones answering. The ack is sent only after the answer is committed."""

from __future__ import annotations

import re

from ..activities import get_kind
from ..activities.base import InvalidResponse, Sender
from ..store import gatherings, responses
from .callers import Caller
from .errors import Refusal
from .events import event
from .guard import integer

SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


@event("answer", "phone", writes=True, payload="{item_id: int, submission_id: str, value}",
       fields=("item_id", "submission_id", "value"))
def answer(context, payload: dict) -> dict:
    submission_id = payload.get("submission_id")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
        raise Refusal("bad_submission_id")
    item_id = integer(payload, "item_id")
    saved = accept_answer(context, item_id, submission_id, payload.get("value"))
    if saved:
        context.results_changed(item_id)
    return {"submission_id": submission_id, "duplicate": not saved}


def accept_answer(context, item_id: int, submission_id: str, value) -> bool:
    """Validate and store one answer; returns False for a resend already stored."""
    caller: Caller = context.caller
    if not context.live.rate_limiter.allow(caller.device_id):
        raise Refusal("rate_limited")
    db = context.db
    item = gatherings.answer_target(db, item_id)
    if item is None or item["gathering_id"] != caller.gathering_id:
        raise Refusal("unknown_item")
    if item["activity_kind"] is None:
        raise Refusal("not_an_activity")
    if item["status"] != "open":
        if responses.submission_exists(db, caller.device_id, submission_id):
            return False  # the ack was lost before the activity closed
        raise Refusal("not_open")
    kind = get_kind(item["activity_kind"])
    try:
        normalised = kind.validate_response(item["definition"], value)
    except InvalidResponse as invalid:
        raise Refusal(invalid.code, **invalid.params) from None
    try:  # allowed now, from this phone? (a mapping's phase, its scribe)
        kind.check_answer(item["definition"], item["state"], normalised,
                          Sender(caller.device_id, caller.municipality_id),
                          lambda: responses.current_responses(db, item_id))
    except InvalidResponse as invalid:
        if responses.submission_exists(db, caller.device_id, submission_id):
            return False  # stored before the phase moved on; its ack was lost
        raise Refusal(invalid.code, **invalid.params) from None
    required = kind.required_response(normalised)
    if required is not None:
        target = responses.get_response(db, required)
        if (target is None or target["item_id"] != item_id or target["hidden"]
                or not kind.is_target(target["key"])):
            raise Refusal("unknown_question")
    key = kind.response_key(normalised, submission_id)
    return responses.save_response(db, {"id": caller.device_id,
                                        "municipality_id": caller.municipality_id},
                                   item_id, submission_id, key, normalised)
