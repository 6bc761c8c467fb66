"""Open text: one free-text answer per phone."""

from __future__ import annotations

from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, Response

MAX_SHOWN = 200  # newest first; a screen cannot show more anyway


class OpenTextKind(ActivityKind):
    name = "open_text"
    label = N_("Open text")
    example = {"question": "Hva tar du med deg hjem fra i dag?"}
    has_text = True

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "max_length"))
        return {
            "question": shared.question_field(definition),
            "max_length": shared.int_field(definition, "max_length", 500, 1, 2000),
        }

    def validate_response(self, definition: dict, value: Any) -> str:
        return shared.clean_text(value, definition["max_length"])

    def texts(self, value: Any) -> list[str]:
        return [value] if isinstance(value, str) else []

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        newest_first = sorted((r for r in responses if isinstance(r.value, str)),
                              key=lambda r: r.id, reverse=True)
        return {
            "respondents": shared.count_devices(responses),
            "answers": [{"id": r.id, "text": r.value} for r in newest_first[:MAX_SHOWN]],
        }
