"""Points: share a fixed total (usually 100) across the options."""

from __future__ import annotations

from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, InvalidResponse, Response


class PointsKind(ActivityKind):
    name = "points"
    label = N_("100 points")
    example = {"question": "Fordel 100 poeng på satsingene",
               "options": ["Ledelse", "Kultur", "Teknologi"], "total": 100}

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "options", "total"))
        return {
            "question": shared.question_field(definition),
            "options": shared.options_field(definition),
            "total": shared.int_field(definition, "total", 100, 1, 1000),
        }

    def validate_response(self, definition: dict, value: Any) -> list[int]:
        total = definition["total"]
        shares = shared.int_list(value, len(definition["options"]), allow_none=False)
        if any(not 0 <= share <= total for share in shares):
            raise InvalidResponse("out_of_range", min=0, max=total)
        if sum(shares) != total:
            raise InvalidResponse("bad_total", total=total)
        return shares

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        labels = definition["options"]
        sums = [0] * len(labels)
        counted = 0
        for response in responses:
            shares = response.value
            # Lenient: an answer that no longer fits the plan is skipped whole.
            if (isinstance(shares, list) and len(shares) == len(labels)
                    and all(shared.is_int(share) and share >= 0 for share in shares)):
                counted += 1
                sums = [running + share for running, share in zip(sums, shares, strict=True)]
        return {
            "respondents": shared.count_devices(responses),
            "total": definition["total"],
            "options": [{"index": index, "label": label, "sum": sums[index],
                         "mean": round(sums[index] / counted, 1) if counted else None}
                        for index, label in enumerate(labels)],
        }
