"""Scale: rate one or more statements on a numeric scale (e.g. 1 to 5)."""

from __future__ import annotations

from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, InvalidDefinition, InvalidResponse, Response

MAX_STATEMENTS = 20
STATEMENT_MAX = 200
LABEL_MAX = 80
MAX_SPAN = 10
BOUND_LIMIT = 1000  # keeps min/max sane; the span check does the real work


class ScaleKind(ActivityKind):
    name = "scale"
    label = N_("Scale")
    example = {"question": "Hvor godt passer utsagnene?",
               "statements": ["Vi deler data på tvers", "Ledergruppen eier transformasjonen"],
               "min": 1, "max": 6, "min_label": "Passer ikke", "max_label": "Passer helt"}

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "statements", "min", "max",
                                         "min_label", "max_label"))
        question = shared.question_field(definition)
        low = shared.int_field(definition, "min", 1, -BOUND_LIMIT, BOUND_LIMIT)
        high = shared.int_field(definition, "max", 5, -BOUND_LIMIT, BOUND_LIMIT)
        if not low < high:
            raise InvalidDefinition("max", "must be greater than min")
        if high - low > MAX_SPAN:
            raise InvalidDefinition("max", f"may be at most {MAX_SPAN} above min")
        return {
            "question": question,
            "statements": shared.text_list_field(definition, "statements", 1, MAX_STATEMENTS,
                                                 STATEMENT_MAX, unique=False),
            "min": low,
            "max": high,
            "min_label": shared.text_field(definition, "min_label", LABEL_MAX, required=False),
            "max_label": shared.text_field(definition, "max_label", LABEL_MAX, required=False),
        }

    def validate_response(self, definition: dict, value: Any) -> list[int | None]:
        """One rating per statement; None marks a statement the participant skipped."""
        low, high = definition["min"], definition["max"]
        ratings = shared.int_list(value, len(definition["statements"]), allow_none=True)
        if any(r is not None and not low <= r <= high for r in ratings):
            raise InvalidResponse("out_of_range", min=low, max=high)
        if all(r is None for r in ratings):
            raise InvalidResponse("empty")
        return ratings

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        low, high = definition["min"], definition["max"]
        statements = definition["statements"]
        distributions = [[0] * (high - low + 1) for _ in statements]
        for response in responses:
            # Lenient: a stored answer that no longer fits the plan is skipped.
            if not isinstance(response.value, list) or len(response.value) != len(statements):
                continue
            for distribution, rating in zip(distributions, response.value, strict=True):
                if shared.is_int(rating) and low <= rating <= high:
                    distribution[rating - low] += 1
        return {
            "respondents": shared.count_devices(responses),
            "statements": [_summary(text, distribution, low)
                           for text, distribution in zip(statements, distributions, strict=True)],
        }


def _summary(text: str, distribution: list[int], low: int) -> dict:
    n = sum(distribution)
    total = sum((low + offset) * count for offset, count in enumerate(distribution))
    return {"text": text, "n": n, "distribution": distribution,
            "mean": round(total / n, 2) if n else None}
