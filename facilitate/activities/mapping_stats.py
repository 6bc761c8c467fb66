"""Pure aggregation for capability mappings: medians, spread, scores per
area and dimension, the 2x2 position, the weakest areas and the change since
an earlier mapping. Plain functions over plain data, no I/O.

A *distribution* is a list of counts, one per point of the rating scale:
distribution[r - 1] is how many gave the rating r (1..points). "Vet ikke"
(don't know) is counted apart and never enters a median.

- median: the middle rating (the mean of the two middle ones for an even
  count), None for no ratings.
- spread: the interquartile range by nearest rank, Q3 - Q1, where Qp is the
  rating at rank ceil(p * n): 0 when at least half agree closely, larger
  when the group is split. None for no ratings.
- an area's (or dimension's) score: the median of every rating given to its
  items (the distributions summed), so an item rated by more people weighs
  more, and "vet ikke" weighs nothing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def empty(points: int) -> list[int]:
    return [0] * points


def add(points: int, distributions: Iterable[Sequence[int]]) -> list[int]:
    total = empty(points)
    for distribution in distributions:
        for index, count in enumerate(distribution):
            total[index] += count
    return total


def _value_at(distribution: Sequence[int], rank: int) -> int:
    """The rating at 1-based rank `rank` of the sorted ratings."""
    seen = 0
    for index, count in enumerate(distribution):
        seen += count
        if seen >= rank:
            return index + 1
    raise ValueError("rank beyond the ratings")


def median(distribution: Sequence[int]) -> float | None:
    n = sum(distribution)
    if n == 0:
        return None
    low = _value_at(distribution, (n + 1) // 2)
    high = _value_at(distribution, n // 2 + 1)
    middle = (low + high) / 2
    return int(middle) if middle == int(middle) else middle


def quantile(distribution: Sequence[int], p: float) -> int | None:
    n = sum(distribution)
    if n == 0:
        return None
    return _value_at(distribution, max(1, math.ceil(p * n)))


def spread(distribution: Sequence[int]) -> int | None:
    if sum(distribution) == 0:
        return None
    return quantile(distribution, 0.75) - quantile(distribution, 0.25)


def scores_by(framework: dict, distributions: dict[str, Sequence[int]],
              field: str) -> dict[str, float | None]:
    """The median of all ratings of the items in each area (field "area") or
    dimension (field "dimension"), in the framework's order."""
    points = framework["scale"]["points"]
    keys = ([area["key"] for area in framework["areas"]] if field == "area"
            else [dimension["key"] for dimension in framework["dimensions"]])
    return {key: median(add(points, (distributions.get(item["key"], empty(points))
                                     for item in framework["items"] if item[field] == key)))
            for key in keys}


def spokes_are_items(framework: dict) -> bool:
    """A spoke per item when the framework says so (the generations), or when
    a gathering maps fewer than three areas (a radar needs three spokes)."""
    return framework["radar"] == "items" or len(framework["areas"]) < 3


def spokes(framework: dict, distributions: dict[str, Sequence[int]]) -> list[float | None]:
    """The radar's values: one per area, or one per item (spokes_are_items)."""
    if spokes_are_items(framework):
        return [median(distributions.get(item["key"], [])) for item in framework["items"]]
    return list(scores_by(framework, distributions, "area").values())


def grid_position(framework: dict, dimension_scores: dict[str, float | None]) -> dict | None:
    """Where a group sits in the framework's 2x2 grid: its two dimension
    scores and the type of that corner. A score exactly on the split counts
    as high. None without a grid or without ratings on both dimensions."""
    grid = framework.get("grid")
    if not grid:
        return None
    x, y = dimension_scores.get(grid["x"]), dimension_scores.get(grid["y"])
    if x is None or y is None:
        return None
    side_x = "high" if x >= grid["split"] else "low"
    side_y = "high" if y >= grid["split"] else "low"
    corner = next(kind for kind in grid["types"] if kind["x"] == side_x and kind["y"] == side_y)
    return {"x": x, "y": y, "type": corner["key"]}


def weakest(framework: dict, area_scores: dict[str, float | None]) -> list[str]:
    """The framework's `weakest` lowest-scoring areas (ties: the framework's
    order), skipping areas nobody rated."""
    count = framework.get("weakest", 0)
    order = {area["key"]: index for index, area in enumerate(framework["areas"])}
    rated = [key for key, score in area_scores.items() if score is not None]
    rated.sort(key=lambda key: (area_scores[key], order[key]))
    return rated[:count]


def change(now: float | None, before: float | None) -> float | None:
    if now is None or before is None:
        return None
    return round(now - before, 2)


def order_columns(framework: dict, spreads: dict[str, int | None], by: str) -> list[str]:
    """Item keys in the heatmap's column order: the framework's (area by
    area), or the widest spread first (ties and unrated items: the
    framework's order)."""
    keys = [item["key"] for item in framework["items"]]
    if by != "spread":
        return keys
    position = {key: index for index, key in enumerate(keys)}
    return sorted(keys, key=lambda key: (-(spreads.get(key) if spreads.get(key) is not None
                                           else -1), position[key]))
