import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse
from facilitate.activities.scale import ScaleKind

from .helpers import answers, check_untrusted_value, json_values

kind = ScaleKind()
SCALE = kind.validate_definition({"question": "Hvor godt passer det?",
                                  "statements": ["Selvbetjening", "Samhandling"]})


def test_definition_defaults():
    assert SCALE == {"question": "Hvor godt passer det?",
                     "statements": ["Selvbetjening", "Samhandling"],
                     "min": 1, "max": 5, "min_label": "", "max_label": ""}


@pytest.mark.parametrize(("changes", "field"), [
    ({"statements": []}, "statements"),
    ({"statements": ["s"] * 21}, "statements"),
    ({"statements": ["x" * 201]}, "statements[0]"),
    ({"min": 5, "max": 5}, "max"),
    ({"min": 0, "max": 11}, "max"),
    ({"min": 1.0}, "min"),
    ({"max": False}, "max"),
    ({"min_label": 3}, "min_label"),
])
def test_bad_definitions(changes, field):
    with pytest.raises(InvalidDefinition) as refused:
        kind.validate_definition({"question": "Q", "statements": ["s"], **changes})
    assert refused.value.field == field


def test_valid_values_may_skip_statements():
    assert kind.validate_response(SCALE, [5, 1]) == [5, 1]
    assert kind.validate_response(SCALE, [None, 3]) == [None, 3]


@pytest.mark.parametrize(("value", "code"), [
    (3, "bad_type"),
    ([3], "bad_type"),
    ([3, 3, 3], "bad_type"),
    ([3, True], "bad_type"),
    ([3, 2.5], "bad_type"),
    ([3, "4"], "bad_type"),
    ([None, None], "empty"),
    ([0, 3], "out_of_range"),
    ([3, 6], "out_of_range"),
    ([3, 10**400], "out_of_range"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(SCALE, value)
    assert refused.value.code == code


def test_tally_distribution_and_mean():
    result = kind.tally(SCALE, answers([1, None], [2, 5], [2, None]), ActivityState())
    assert result == {"respondents": 3, "statements": [
        {"text": "Selvbetjening", "n": 3, "distribution": [1, 2, 0, 0, 0], "mean": 1.67},
        {"text": "Samhandling", "n": 1, "distribution": [0, 0, 0, 0, 1], "mean": 5.0},
    ]}


def test_tally_of_nothing_has_no_mean():
    result = kind.tally(SCALE, [], ActivityState())
    assert result["statements"][0] == {"text": "Selvbetjening", "n": 0,
                                       "distribution": [0, 0, 0, 0, 0], "mean": None}


def test_negative_scales_work():
    centred = kind.validate_definition({"question": "Q", "statements": ["s"],
                                        "min": -2, "max": 2})
    result = kind.tally(centred, answers([-2], [1]), ActivityState())
    assert result["statements"][0]["distribution"] == [1, 0, 0, 1, 0]
    assert result["statements"][0]["mean"] == -0.5


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.lists(st.none() | st.integers(-1, 7) | st.booleans(),
                                    min_size=1, max_size=3))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, SCALE, value)
