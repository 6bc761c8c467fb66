"""Multiple choice: pick one option, or up to max_choices options."""

from __future__ import annotations

from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, Response


class ChoiceKind(ActivityKind):
    name = "choice"
    label = N_("Multiple choice")
    example = {"question": "Hvilken rolle har du i ledergruppen?",
               "options": ["Kommunedirektør", "Kommunalsjef", "Annen rolle"]}

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "options", "multiple", "max_choices"))
        options = shared.options_field(definition)
        multiple = shared.bool_field(definition, "multiple", False)
        most = len(options) if multiple else 1
        return {
            "question": shared.question_field(definition),
            "options": options,
            "multiple": multiple,
            "max_choices": shared.int_field(definition, "max_choices", most, 1, most),
        }

    def validate_response(self, definition: dict, value: Any) -> list[int]:
        chosen = shared.index_list(value, len(definition["options"]), definition["max_choices"])
        return sorted(chosen)

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        counts = [0] * len(definition["options"])
        for response in responses:
            for index in _indices(response.value, len(counts)):
                counts[index] += 1
        return {"respondents": shared.count_devices(responses), "counts": counts}


def _indices(value: Any, option_count: int) -> set[int]:
    # Lenient on purpose: a plan edited mid-session must not break the results.
    if not isinstance(value, list):
        return set()
    return {i for i in value if shared.is_int(i) and 0 <= i < option_count}
