import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidDefinition, InvalidResponse, Response
from facilitate.activities.wordcloud import WordCloudKind

from .helpers import answers, check_untrusted_value, json_values

kind = WordCloudKind()
CLOUD = kind.validate_definition({"question": "Lederegenskaper?"})


def tally(*values, merges=None):
    return kind.tally(CLOUD, answers(*values), ActivityState(merges=merges or {}))


def words(result):
    return [(w["word"], w["count"]) for w in result["words"]]


def test_definition_defaults_and_limits():
    assert CLOUD == {"question": "Lederegenskaper?", "max_entries": 3, "max_length": 40}
    for field, bad in [("max_entries", 0), ("max_entries", 11), ("max_length", 0)]:
        with pytest.raises(InvalidDefinition) as refused:
            kind.validate_definition({"question": "Q", field: bad})
        assert refused.value.field == field


def test_valid_values_are_stripped_and_blank_boxes_dropped():
    assert kind.validate_response(CLOUD, ["  Mot ", "", "Tillit"]) == ["Mot", "Tillit"]
    assert kind.texts(["Mot", "Tillit"]) == ["Mot", "Tillit"]


@pytest.mark.parametrize(("value", "code"), [
    ("mot", "bad_type"),
    ([1], "bad_type"),
    ([None], "bad_type"),
    (["\ud800"], "bad_type"),  # a lone surrogate cannot be stored as UTF-8
    ([], "empty"),
    (["  ", "\u200b"], "empty"),
    (["a", "b", "c", "d"], "too_many"),
    (["x" * 41], "too_long"),
    (["x" * 1_000_000], "too_long"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(CLOUD, value)
    assert refused.value.code == code


def test_tally_folds_case_punctuation_and_stop_words():
    result = tally(["Samarbeid", "og"], ["samarbeid!"], ["Og samarbeid", "Tillit"])
    assert result == {
        "respondents": 3,
        "words": [{"word": "samarbeid", "key": "samarbeid", "count": 3},
                  {"word": "Tillit", "key": "tillit", "count": 1}],
    }


def test_display_is_the_most_common_spelling_ties_alphabetical():
    assert words(tally(["KI"], ["ki"], ["KI"])) == [("KI", 3)]
    assert words(tally(["Ki"], ["KI"])) == [("KI", 2)]


def test_one_phone_naming_a_word_twice_counts_once():
    assert words(tally(["Mot", "MOT", "mot!"])) == [("Mot", 1)]


def test_merge_applies_to_past_answers():
    given = [["AI"], ["KI"], ["ki"], ["samarbeide"], ["Samarbeid"]]
    assert words(tally(*given)) == [("KI", 2), ("AI", 1), ("Samarbeid", 1), ("samarbeide", 1)]
    merged = tally(*given, merges={"ai": "ki", "samarbeide": "samarbeid"})
    assert words(merged) == [("KI", 3), ("Samarbeid", 2)]
    assert [w["key"] for w in merged["words"]] == ["ki", "samarbeid"]


def test_merged_variants_in_one_answer_count_once():
    assert words(tally(["AI", "KI"], merges={"ai": "ki"})) == [("KI", 1)]


def test_canonical_nobody_typed_shows_as_its_key():
    assert words(tally(["AI"], ["A.I."], merges={"ai": "kunstig intelligens"})) == [
        ("kunstig intelligens", 2)]


def test_ties_sort_alphabetically_norwegian_order():
    assert [w for w, _ in words(tally(["åpenhet", "ærlighet", "zebra"]))] == [
        "zebra", "ærlighet", "åpenhet"]


def test_only_the_top_100_words_are_sent():
    many = [Response(n, n, 1, "", [f"ord{n}"]) for n in range(150)]
    result = kind.tally(CLOUD, many, ActivityState())
    assert result["respondents"] == 150
    assert len(result["words"]) == 100


def test_answers_with_only_stop_words_still_count_as_respondents():
    assert tally(["og"]) == {"respondents": 1, "words": []}


@settings(max_examples=200, deadline=None)
@given(value=json_values | st.lists(st.text(max_size=45) | st.integers(), max_size=4))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, CLOUD, value)


# --- hiding single words ------------------------------------------------------------


def run(state, name, **params):
    return kind.run_action(name, CLOUD, state, params,
                           answers(["tydelig", "modig", "Tillit"], ["Tydelig", "mot"]))


def test_hiding_one_word_keeps_the_rest_of_the_same_answer():
    state = run(ActivityState(), "hide_word", word="Tydelig", hidden=True)
    assert state["hidden_words"] == ["tydelig"]
    result = kind.tally(CLOUD, answers(["tydelig", "modig", "Tillit"], ["Tydelig", "mot"]), state)
    assert sorted(words(result)) == [("Tillit", 1), ("modig", 1), ("mot", 1)]
    assert kind.word_hidden("TYDELIG", state) is True
    assert kind.word_hidden("modig", state) is False
    shown = run(state, "hide_word", word="tydelig", hidden=False)
    assert shown["hidden_words"] == []


def test_hiding_a_merged_word_hides_its_variants_too():
    merged = run(ActivityState(), "merge", variant="mot", into="modig")
    state = run(merged, "hide_word", word="modig", hidden=True)
    result = kind.tally(CLOUD, answers(["modig"], ["mot", "Tillit"]), state)
    assert words(result) == [("Tillit", 1)]
    assert kind.word_hidden("mot", state) is True


@pytest.mark.parametrize(("params", "code"), [
    ({"word": "ingen", "hidden": True}, "word_not_entered"),
    ({"word": "modig", "hidden": False}, "word_not_hidden"),
    ({"word": "modig", "hidden": "yes"}, "bad_type"),
    ({"word": 3, "hidden": True}, "bad_type"),
    ({"word": "og", "hidden": True}, "bad_type"),  # a stop word alone is no word
])
def test_hide_word_refusals(params, code):
    with pytest.raises(InvalidResponse) as refused:
        run(ActivityState(), "hide_word", **params)
    assert refused.value.code == code
