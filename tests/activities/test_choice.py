import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse
from facilitate.activities.choice import ChoiceKind

from .helpers import answers, check_untrusted_value, json_values

kind = ChoiceKind()
SINGLE = kind.validate_definition({"question": "Rolle?", "options": ["Leder", "Stab", "Annet"]})
MULTIPLE = kind.validate_definition({"question": "Tema?", "options": ["A", "B", "C", "D"],
                                     "multiple": True, "max_choices": 2})


def test_definition_defaults():
    assert SINGLE == {"question": "Rolle?", "options": ["Leder", "Stab", "Annet"],
                      "multiple": False, "max_choices": 1}
    assert kind.validate_definition({"question": "Q", "options": ["a", "b"],
                                     "multiple": True})["max_choices"] == 2


@pytest.mark.parametrize(("definition", "field"), [
    ({"options": ["a", "b"]}, "question"),
    ({"question": " ", "options": ["a", "b"]}, "question"),
    ({"question": "x" * 301, "options": ["a", "b"]}, "question"),
    ({"question": "Q", "options": ["a"]}, "options"),
    ({"question": "Q", "options": ["a"] * 13}, "options"),
    ({"question": "Q", "options": ["a", ""]}, "options[1]"),
    ({"question": "Q", "options": ["a", "b", "x" * 121]}, "options[2]"),
    ({"question": "Q", "options": ["Ja", "ja"]}, "options[1]"),
    ({"question": "Q", "options": ["a", 2]}, "options[1]"),
    ({"question": "Q", "options": ["a", "b"], "max_choices": 2}, "max_choices"),
    ({"question": "Q", "options": ["a", "b"], "multiple": True, "max_choices": 3}, "max_choices"),
    ({"question": "Q", "options": ["a", "b"], "multiple": True, "max_choices": True},
     "max_choices"),
    ({"question": "Q", "options": ["a", "b"], "multiple": 1}, "multiple"),
    ({"question": "Q", "options": ["a", "b"], "multipel": True}, "multipel"),
])
def test_bad_definitions_name_the_field(definition, field):
    with pytest.raises(InvalidDefinition) as refused:
        kind.validate_definition(definition)
    assert refused.value.field == field


def test_valid_values():
    assert kind.validate_response(SINGLE, [2]) == [2]
    assert kind.validate_response(MULTIPLE, [3, 0]) == [0, 3]


@pytest.mark.parametrize(("definition", "value", "code"), [
    (SINGLE, 1, "bad_type"),
    (SINGLE, [True], "bad_type"),
    (SINGLE, [1.0], "bad_type"),
    (SINGLE, {"0": 1}, "bad_type"),
    (SINGLE, [], "empty"),
    (SINGLE, [0, 1], "too_many"),
    (MULTIPLE, [0, 1, 2], "too_many"),
    (SINGLE, [3], "unknown_option"),
    (SINGLE, [-1], "unknown_option"),
    (SINGLE, [10**100], "unknown_option"),
    (MULTIPLE, [1, 1], "duplicate"),
])
def test_refusals(definition, value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(definition, value)
    assert refused.value.code == code


def test_too_many_says_how_many():
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(MULTIPLE, [0, 1, 2])
    assert refused.value.params == {"max": 2}


def test_tally_counts_each_option():
    result = kind.tally(MULTIPLE, answers([0, 1], [1], [1, 3]), ActivityState())
    assert result == {"respondents": 3, "counts": [1, 3, 0, 1]}


def test_tally_skips_answers_that_no_longer_fit_the_plan():
    result = kind.tally(SINGLE, answers([7], "x", [0]), ActivityState())
    assert result == {"respondents": 3, "counts": [1, 0, 0]}


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.lists(st.integers(-1, 4) | st.booleans(), max_size=5),
       definition=st.sampled_from([SINGLE, MULTIPLE]))
def test_any_json_is_refused_cleanly_or_tallies(value, definition):
    check_untrusted_value(kind, definition, value)
