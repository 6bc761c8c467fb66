import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse
from facilitate.activities.ranking import RankingKind

from .helpers import answers, check_untrusted_value, json_values

kind = RankingKind()
RANKING = kind.validate_definition({"question": "Hva bremser mest?",
                                    "options": ["Siloer", "Kompetanse", "Kultur"]})


def test_definition():
    assert RANKING == {"question": "Hva bremser mest?",
                       "options": ["Siloer", "Kompetanse", "Kultur"]}
    with pytest.raises(InvalidDefinition) as refused:
        kind.validate_definition({"question": "Q", "options": ["bare én"]})
    assert refused.value.field == "options"


def test_full_and_partial_orderings_are_accepted():
    assert kind.validate_response(RANKING, [2, 0, 1]) == [2, 0, 1]
    assert kind.validate_response(RANKING, [1]) == [1]


@pytest.mark.parametrize(("value", "code"), [
    ("2,0,1", "bad_type"),
    ([2, "0"], "bad_type"),
    ([False, 1], "bad_type"),
    ([], "empty"),
    ([0, 1, 2, 0], "too_many"),
    ([0, 3], "unknown_option"),
    ([0, 0], "duplicate"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(RANKING, value)
    assert refused.value.code == code


def test_tally_borda_points_ties_by_index():
    result = kind.tally(RANKING, answers([2, 0, 1], [2, 1, 0], [0]), ActivityState())
    assert result == {"respondents": 3, "options": [
        {"index": 0, "label": "Siloer", "points": 6, "mean_rank": 2.0, "n": 3},
        {"index": 2, "label": "Kultur", "points": 6, "mean_rank": 1.0, "n": 2},
        {"index": 1, "label": "Kompetanse", "points": 3, "mean_rank": 2.5, "n": 2},
    ]}


def test_unranked_option_has_no_mean_rank():
    result = kind.tally(RANKING, answers([1]), ActivityState())
    assert result["options"][0] == {"index": 1, "label": "Kompetanse", "points": 3,
                                    "mean_rank": 1.0, "n": 1}
    assert result["options"][1]["mean_rank"] is None


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.lists(st.integers(-1, 3) | st.booleans(), max_size=5))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, RANKING, value)
