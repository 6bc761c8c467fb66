import pytest
from hypothesis import given, settings

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse, Response
from facilitate.activities.open_text import OpenTextKind

from .helpers import answers, check_untrusted_value, json_values

kind = OpenTextKind()
TEXT = kind.validate_definition({"question": "Hva tar du med deg?", "max_length": 20})


def test_definition():
    assert kind.validate_definition({"question": "Q"}) == {"question": "Q", "max_length": 500}
    for bad in (0, 2001, "50", True):
        with pytest.raises(InvalidDefinition) as refused:
            kind.validate_definition({"question": "Q", "max_length": bad})
        assert refused.value.field == "max_length"


def test_valid_value_is_stripped():
    assert kind.validate_response(TEXT, "  Mer tillit \n") == "Mer tillit"
    assert kind.texts("Mer tillit") == ["Mer tillit"]


@pytest.mark.parametrize(("value", "code"), [
    (None, "bad_type"),
    (["tekst"], "bad_type"),
    (42, "bad_type"),
    ("\udcff", "bad_type"),
    ("", "empty"),
    (" \n\t ", "empty"),
    ("x" * 21, "too_long"),
    ("x" * 1_000_000, "too_long"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(TEXT, value)
    assert refused.value.code == code


def test_too_long_says_the_limit():
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(TEXT, "x" * 21)
    assert refused.value.params == {"max": 20}


def test_tally_lists_newest_first():
    result = kind.tally(TEXT, answers("først", "så", "sist"), ActivityState())
    assert result == {"respondents": 3, "answers": [
        {"id": 3, "text": "sist"}, {"id": 2, "text": "så"}, {"id": 1, "text": "først"}]}


def test_tally_shows_at_most_200_answers():
    many = [Response(n, n % 250, 1, "", f"svar {n}") for n in range(300)]
    result = kind.tally(TEXT, many, ActivityState())
    assert result["respondents"] == 250
    assert len(result["answers"]) == 200
    assert result["answers"][0] == {"id": 299, "text": "svar 299"}


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, TEXT, value)
