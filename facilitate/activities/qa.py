"""Q&A: participants ask questions and upvote each other's.

Each question fills its own slot ("q:" + the asking phone's submission id),
so one phone can ask several. Questions are known to everyone else only by
the server's id for the stored answer: no phone ever sees another phone's
submission ids, and a vote names that id. An upvote fills the slot
"up:<question id>", so a second tap replaces the first and {"on": false}
takes the vote back.

The facilitator can mark a question answered or pin one to the top
(the kind's console actions). With `moderated = true` in the definition a
question reaches the projector and the phones only once the facilitator has
approved it; until then only the console sees it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, InvalidResponse, Response, action

QUESTION_PREFIX = "q:"
UPVOTE_PREFIX = "up:"


class QAKind(ActivityKind):
    name = "qa"
    label = N_("Questions and upvotes")
    example = {"question": "Hva vil du spørre innlederen om?"}
    has_text = True
    phones_follow_results = True
    several_answers = True
    public_answers = True

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "max_length", "moderated"))
        return {
            "question": shared.question_field(definition),
            "max_length": shared.int_field(definition, "max_length", 280, 1, 2000),
            "moderated": shared.bool_field(definition, "moderated", False),
        }

    def validate_response(self, definition: dict, value: Any) -> dict:
        """Only the shape is checked here: whether an upvoted question exists is
        known to the live layer, not to this pure function."""
        if not isinstance(value, dict):
            raise InvalidResponse("bad_type", "expected an object")
        if value.keys() == {"ask"}:
            return {"ask": shared.clean_text(value["ask"], definition["max_length"])}
        if value.keys() == {"upvote", "on"}:
            question = value["upvote"]
            if not isinstance(value["on"], bool):
                raise InvalidResponse("bad_type", "'on' must be true or false")
            if not shared.is_int(question) or not 0 < question < 2**53:
                raise InvalidResponse("unknown_question")
            return {"upvote": question, "on": value["on"]}
        raise InvalidResponse("bad_type", "expected {ask} or {upvote, on}")

    def response_key(self, value: Any, submission_id: str) -> str:
        if isinstance(value, dict) and "upvote" in value:
            return f"{UPVOTE_PREFIX}{value['upvote']}"
        return QUESTION_PREFIX + submission_id

    def required_response(self, value: Any) -> int | None:
        """An upvote needs its question: the id of a visible stored question."""
        if isinstance(value, dict) and shared.is_int(value.get("upvote")):
            return value["upvote"]
        return None

    def is_target(self, key: str) -> bool:
        return key.startswith(QUESTION_PREFIX)

    def texts(self, value: Any) -> list[str]:
        asked = _asked(value)
        return [asked] if asked is not None else []

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        # Keyed by the stored answer's id, which only the server makes: a
        # phone cannot take over another phone's question by reusing its key.
        questions = {response.id: response for response in responses
                     if _asked(response.value) is not None
                     and response.key.startswith(QUESTION_PREFIX)}
        voters: defaultdict[int, set[int]] = defaultdict(set)
        for response in responses:
            value = response.value
            # Votes for hidden or deleted questions find no question and are ignored.
            if isinstance(value, dict) and value.get("on") is True:
                target = value.get("upvote")
                if shared.is_int(target) and target in questions:
                    voters[target].add(response.device_id)
        answered = set(state.get("answered", []))
        pinned = state.get("pinned")
        approved = set(state.get("approved", []))
        moderated = definition.get("moderated", False)
        listed = [{"id": question_id, "text": _asked(asked.value),
                   "votes": len(voters[question_id]),
                   "answered": question_id in answered, "pinned": question_id == pinned,
                   "approved": not moderated or question_id in approved}
                  for question_id, asked in questions.items()]
        # Pinned first, open questions before answered ones, then by votes, newest first.
        listed.sort(key=lambda q: (not q["pinned"], q["answered"], -q["votes"], -q["id"]))
        return {"respondents": shared.count_devices(responses), "questions": listed}

    def results_for(self, role: str, group: str | None, described: dict,
                    revealed: bool) -> dict | None:
        """Questions waiting for approval reach the console only."""
        shown = super().results_for(role, group, described, revealed)
        if shown is None or role == "console" or not shown.get("groups"):
            return shown
        return {**shown, "groups": [_approved_only(g) for g in shown["groups"]]}

    @action("approve", "{question_id: int, approved: bool}")
    def approve(self, definition: dict, state: ActivityState, params: dict,
                responses: list[Response]) -> ActivityState:
        """Let a question through to the room (when the item is moderated), or take it back."""
        question_id = _question_param(params, responses)
        let_through = params.get("approved")
        if not isinstance(let_through, bool):
            raise InvalidResponse("bad_type")
        approved = set(state.get("approved", [])) - {question_id}
        if let_through:
            approved.add(question_id)
        return {**state, "approved": sorted(approved)}

    @action("answered", "{question_id: int, answered: bool}")
    def mark_answered(self, definition: dict, state: ActivityState, params: dict,
                      responses: list[Response]) -> ActivityState:
        """Mark a question answered (it moves below the open ones), or open again."""
        question_id = _question_param(params, responses)
        done = params.get("answered")
        if not isinstance(done, bool):
            raise InvalidResponse("bad_type")
        answered = set(state.get("answered", [])) - {question_id}
        if done:
            answered.add(question_id)
        return {**state, "answered": sorted(answered)}

    @action("pin", "{question_id: int | null}")
    def pin(self, definition: dict, state: ActivityState, params: dict,
            responses: list[Response]) -> ActivityState:
        """Pin one question to the top of every list; null unpins."""
        if params.get("question_id") is None:
            return {**state, "pinned": None}
        return {**state, "pinned": _question_param(params, responses)}


def _approved_only(group: dict) -> dict:
    if not group.get("result"):
        return group
    result = group["result"]
    return {**group, "result": {**result, "questions": [q for q in result["questions"]
                                                        if q["approved"]]}}


def _question_param(params: dict, responses: list[Response]) -> int:
    question_id = params.get("question_id")
    if not shared.is_int(question_id) or not any(
            response.id == question_id and _asked(response.value) is not None
            for response in responses):
        raise InvalidResponse("unknown_question")
    return question_id


def _asked(value: Any) -> str | None:
    if isinstance(value, dict) and isinstance(value.get("ask"), str):
        return value["ask"]
    return None
