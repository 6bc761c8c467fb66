"""Q&A: participants ask questions and upvote each other's.

Each question fills its own slot ("q:" + submission id), so one phone can ask
several. An upvote fills the slot "up:" + question key, so a second tap
replaces the first and {"on": false} takes the vote back.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import shared
from .base import ActivityKind, ActivityState, InvalidResponse, Response

QUESTION_PREFIX = "q:"
UPVOTE_PREFIX = "up:"
KEY_MAX = 80


class QAKind(ActivityKind):
    name = "qa"
    has_text = True
    phones_follow_results = True

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "max_length"))
        return {
            "question": shared.question_field(definition),
            "max_length": shared.int_field(definition, "max_length", 280, 1, 2000),
        }

    def validate_response(self, definition: dict, value: Any) -> dict:
        """Only the shape is checked here: whether an upvoted question exists is
        known to the live layer, not to this pure function."""
        if not isinstance(value, dict):
            raise InvalidResponse("bad_type", "expected an object")
        if value.keys() == {"ask"}:
            return {"ask": shared.clean_text(value["ask"], definition["max_length"])}
        if value.keys() == {"upvote", "on"}:
            key = shared.require_text(value["upvote"])
            if not isinstance(value["on"], bool):
                raise InvalidResponse("bad_type", "'on' must be true or false")
            if (not key.startswith(QUESTION_PREFIX) or len(key) <= len(QUESTION_PREFIX)
                    or len(key) > KEY_MAX):
                raise InvalidResponse("unknown_question")
            return {"upvote": key, "on": value["on"]}
        raise InvalidResponse("bad_type", "expected {ask} or {upvote, on}")

    def response_key(self, value: Any, submission_id: str) -> str:
        if isinstance(value, dict) and isinstance(value.get("upvote"), str):
            return UPVOTE_PREFIX + value["upvote"]
        return QUESTION_PREFIX + submission_id

    def required_key(self, value: Any) -> str | None:
        if isinstance(value, dict) and isinstance(value.get("upvote"), str):
            return value["upvote"]
        return None

    def texts(self, value: Any) -> list[str]:
        asked = _asked(value)
        return [asked] if asked is not None else []

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        questions: dict[str, Response] = {}
        for response in sorted(responses, key=lambda r: r.id):
            if _asked(response.value) is not None and response.key.startswith(QUESTION_PREFIX):
                questions[response.key] = response  # the newest wins a (rare) key clash
        voters: defaultdict[str, set[int]] = defaultdict(set)
        for response in responses:
            value = response.value
            # Votes for hidden or deleted questions find no question and are ignored.
            if isinstance(value, dict) and value.get("on") is True:
                target = value.get("upvote")
                if isinstance(target, str) and target in questions:
                    voters[target].add(response.device_id)
        listed = [{"key": key, "id": asked.id, "text": _asked(asked.value),
                   "votes": len(voters[key])}
                  for key, asked in questions.items()]
        listed.sort(key=lambda question: (-question["votes"], -question["id"]))
        return {"respondents": shared.count_devices(responses), "questions": listed}


def _asked(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("ask"), str):
        return value["ask"]
    return None
