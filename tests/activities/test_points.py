import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse
from facilitate.activities.points import PointsKind

from .helpers import answers, check_untrusted_value, json_values

kind = PointsKind()
POINTS = kind.validate_definition({"question": "Fordel 100 poeng",
                                   "options": ["Ledelse", "Kompetanse", "Tjenester"]})


def test_definition():
    assert POINTS["total"] == 100
    for bad in (0, 1001, 99.5):
        with pytest.raises(InvalidDefinition) as refused:
            kind.validate_definition({"question": "Q", "options": ["a", "b"], "total": bad})
        assert refused.value.field == "total"


def test_valid_value():
    assert kind.validate_response(POINTS, [50, 0, 50]) == [50, 0, 50]


@pytest.mark.parametrize(("value", "code"), [
    ({"0": 100}, "bad_type"),
    ([100, 0], "bad_type"),
    ([100, 0, 0, 0], "bad_type"),
    ([50, 50.0, 0], "bad_type"),
    ([True, 99, 0], "bad_type"),
    ([None, 100, 0], "bad_type"),
    ([150, -50, 0], "out_of_range"),
    ([10**30, 0, 0], "out_of_range"),
    ([50, 40, 0], "bad_total"),
    ([0, 0, 0], "bad_total"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(POINTS, value)
    assert refused.value.code == code


def test_bad_total_says_the_total():
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(POINTS, [1, 2, 3])
    assert refused.value.params == {"total": 100}


def test_tally_sums_and_means():
    result = kind.tally(POINTS, answers([50, 50, 0], [100, 0, 0], [0, 33, 67]),
                        ActivityState())
    assert result == {"respondents": 3, "total": 100, "options": [
        {"index": 0, "label": "Ledelse", "sum": 150, "mean": 50.0},
        {"index": 1, "label": "Kompetanse", "sum": 83, "mean": 27.7},
        {"index": 2, "label": "Tjenester", "sum": 67, "mean": 22.3},
    ]}


def test_tally_of_nothing_has_no_means():
    result = kind.tally(POINTS, [], ActivityState())
    assert result["options"][0] == {"index": 0, "label": "Ledelse", "sum": 0, "mean": None}


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.lists(st.integers(-5, 105) | st.booleans(), min_size=3,
                                    max_size=3))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, POINTS, value)
