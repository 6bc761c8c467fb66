"""Phones answering. The ack is sent only after the answer is committed."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..activities import get_kind
from ..activities.base import InvalidResponse
from ..store import gatherings, responses
from .callers import Caller
from .errors import Refusal
from .events import event
from .guard import integer

SUBMISSION_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")
# Kinds whose answers are more than one slot's write (a board: notes of a
# group, edited by their author or the scribe, dots against a budget) take
# over once the answer passed the common checks and the kind's own shape
# check: handler(context, item_id, item, submission_id, value) -> stored?
# (False for a resend already stored). See live/breakouts.py.
KIND_ANSWERS: dict[str, Callable] = {}


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
    special = KIND_ANSWERS.get(item["activity_kind"])
    if special is not None:
        return special(context, item_id, item, submission_id, normalised)
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
