"""Aggregation of a capability mapping: plain functions over plain data."""

import pytest

from facilitate.activities import mapping_stats as stats
from facilitate.activities.mapping import resolve
from facilitate.activities.mapping_history import earlier_values, item_values


def dist(*ratings, points=6):
    counts = [0] * points
    for rating in ratings:
        counts[rating - 1] += 1
    return counts


@pytest.mark.parametrize(("ratings", "median"), [
    ((), None), ((4,), 4), ((2, 5), 3.5), ((1, 2, 6), 2), ((1, 1, 5, 6), 3), ((3, 3, 3, 4), 3),
])
def test_median(ratings, median):
    assert stats.median(dist(*ratings)) == median


@pytest.mark.parametrize(("ratings", "spread"), [
    ((), None), ((4,), 0), ((4, 4, 4, 5), 0), ((1, 2, 5, 6), 4), ((1, 6), 5),
    ((2, 3, 3, 3, 3, 3, 3, 6), 0), ((1, 2, 3, 4, 5, 6, 6, 6), 4),
])
def test_spread_is_the_interquartile_range_by_nearest_rank(ratings, spread):
    assert stats.spread(dist(*ratings)) == spread


def test_add_sums_distributions():
    assert stats.add(3, [[1, 0, 2], [0, 1, 1]]) == [1, 1, 3]
    assert stats.add(3, []) == [0, 0, 0]


DIMIOS = resolve("dimios-style")
GENERATIONS = resolve("di2x-generations")


def uniform(framework, **by_area):
    """Every item of an area rated by the ratings given for that area."""
    return {item["key"]: dist(*by_area.get(item["area"], ()))
            for item in framework["items"]}


def test_area_scores_are_the_median_of_every_rating_in_the_area():
    distributions = uniform(DIMIOS, effektivisering=(2, 3), innovasjon=(5,), data=(1, 6, 6))
    distributions["ef1"] = dist(6, 6, 6)  # more ratings weigh more: 2,3 x4 items + 6,6,6
    areas = stats.scores_by(DIMIOS, distributions, "area")
    assert areas["effektivisering"] == 3
    assert areas["innovasjon"] == 5
    assert areas["data"] == 6
    assert areas["balansering"] is None


def test_the_2x2_places_by_dimension_medians_and_the_split():
    def place(capability, heritage):
        distributions = uniform(DIMIOS, **{area: ratings for area, ratings in (
            ("effektivisering", capability), ("innovasjon", capability),
            ("balansering", capability), ("systemer", heritage), ("data", heritage),
            ("organisering", heritage))})
        return stats.grid_position(DIMIOS, stats.scores_by(DIMIOS, distributions, "dimension"))

    assert place((5,), (5,)) == {"x": 5, "y": 5, "type": "A"}
    assert place((5,), (2,)) == {"x": 5, "y": 2, "type": "B"}
    assert place((2,), (5,)) == {"x": 2, "y": 5, "type": "C"}
    assert place((2,), (2,)) == {"x": 2, "y": 2, "type": "D"}
    assert place((3, 4), (3,))["type"] == "B"  # x 3.5 is on the split: counts as high
    assert place((), (5,)) is None  # no ratings on one dimension: no position
    assert stats.grid_position(GENERATIONS, {}) is None  # no grid at all


def test_the_three_weakest_areas_skip_unrated_and_break_ties_in_framework_order():
    scores = {"effektivisering": 3, "innovasjon": 2, "balansering": None, "systemer": 3,
              "data": 5, "organisering": 4}
    assert stats.weakest(DIMIOS, scores) == ["innovasjon", "effektivisering", "systemer"]
    assert stats.weakest({**DIMIOS, "weakest": 0}, scores) == []


def test_spokes_are_areas_or_items():
    distributions = {"gen1": dist(6, 6), "gen3": dist(2, 3, 4)}
    assert stats.spokes(GENERATIONS, distributions) == [6, None, 3, None, None, None]
    dimios = uniform(DIMIOS, effektivisering=(4,))
    assert stats.spokes(DIMIOS, dimios) == [4, None, None, None, None, None]
    # A gathering that maps one area (module 2: ledelse) gets a spoke per item.
    leadership = {**resolve("capabilities-10-3"), "radar": "areas"}
    leadership = {**leadership, "items": [i for i in leadership["items"]
                                          if i["area"] == "ledelse"],
                  "areas": [a for a in leadership["areas"] if a["key"] == "ledelse"]}
    assert stats.spokes(leadership, {"endringsevne": dist(3, 5)}) == [4, None, None, None]


def test_columns_by_area_or_widest_spread_first():
    keys = [item["key"] for item in GENERATIONS["items"]]
    spreads = {"gen1": 0, "gen2": 3, "gen3": None, "gen4": 3, "gen5": 1, "gen6": 0}
    assert stats.order_columns(GENERATIONS, spreads, "area") == keys
    assert stats.order_columns(GENERATIONS, spreads, "spread") == [
        "gen2", "gen4", "gen5", "gen1", "gen6", "gen3"]


def test_change_since_before():
    assert stats.change(4.5, 3) == 1.5
    assert stats.change(2, 3.5) == -1.5
    assert stats.change(None, 3) is None and stats.change(3, None) is None


def entry(module, stage, payload, municipality_id=5, gathering_id=1, source="mapping"):
    return {"source": source, "municipality_id": municipality_id, "module": module,
            "stage": stage, "gathering_id": gathering_id, "filed_at": f"2026-0{module}-01",
            "payload": payload}


def test_earlier_values_take_the_newest_earlier_mapping_of_the_same_framework():
    framework = {"key": "capabilities-10-3", "version": "2026.1"}
    entries = [
        entry(1, "samling", {"framework": framework, "result": {"medians": {"a": 2, "b": 3}},
                             "agreed": {"a": 3}}),
        entry(2, "samling", {"framework": framework, "result": {"medians": {"b": 4}},
                             "agreed": {}}, gathering_id=2),
        entry(2, "samling", {"framework": {"key": "other"}, "result": {"medians": {"a": 6}}},
              gathering_id=3),
        entry(1, "samling", {"framework": framework, "result": {"medians": {"a": 1}}},
              municipality_id=6),
        entry(4, "samling", {"framework": framework, "result": {"medians": {"a": 6}}},
              gathering_id=9),  # a later module: not "before"
        entry(2, "forarbeid", '{"framework": {"key": "capabilities-10-3"}, '
                              '"result": null, "agreed": {"c": 5}}', gathering_id=None),
    ]
    found = earlier_values(entries, 5, "capabilities-10-3", module=2, exclude_gathering=2)
    assert found == {
        "a": {"value": 3, "module": 1, "stage": "samling", "gathering_id": 1},
        "b": {"value": 3, "module": 1, "stage": "samling", "gathering_id": 1},
        "c": {"value": 5, "module": 2, "stage": "forarbeid", "gathering_id": None},
    }
    assert earlier_values(entries, 5, "capabilities-10-3", module=1, exclude_gathering=None) == {}


def test_item_values_prefer_the_agreed_rating():
    assert item_values({"result": {"medians": {"a": 2, "b": None}}, "agreed": {"a": 4, "c": 1}}) \
        == {"a": 4, "b": None, "c": 1}
    assert item_values({"result": None}) == {}
