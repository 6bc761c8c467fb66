"""Ranking: order the options from most to least important.

A full ordering is expected, but a top-k (at least one) is accepted: options
left unranked get no points. Points are Borda counts: with n options, rank 1
gets n points, rank 2 gets n - 1, and so on.
"""

from __future__ import annotations

from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, Response


class RankingKind(ActivityKind):
    name = "ranking"
    label = N_("Ranking")
    example = {"question": "Ranger barrierene", "options": ["Siloer", "Kultur", "Kompetanse"]}

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "options"))
        return {
            "question": shared.question_field(definition),
            "options": shared.options_field(definition),
        }

    def validate_response(self, definition: dict, value: Any) -> list[int]:
        option_count = len(definition["options"])
        return shared.index_list(value, option_count, option_count)

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        labels = definition["options"]
        points = [0] * len(labels)
        rank_sums = [0] * len(labels)
        times_ranked = [0] * len(labels)
        for response in responses:
            for rank, index in enumerate(_ordering(response.value, len(labels)), start=1):
                points[index] += len(labels) - rank + 1
                rank_sums[index] += rank
                times_ranked[index] += 1
        options = [
            {"index": index, "label": label, "points": points[index],
             "mean_rank": round(rank_sums[index] / times_ranked[index], 2)
             if times_ranked[index] else None,
             "n": times_ranked[index]}
            for index, label in enumerate(labels)
        ]
        options.sort(key=lambda option: (-option["points"], option["index"]))
        return {"respondents": shared.count_devices(responses), "options": options}


def _ordering(value: Any, option_count: int) -> list[int]:
    # Lenient: skip what no longer fits the plan rather than break the results.
    if not isinstance(value, list):
        return []
    ordering: list[int] = []
    for index in value:
        if shared.is_int(index) and 0 <= index < option_count and index not in ordering:
            ordering.append(index)
    return ordering
