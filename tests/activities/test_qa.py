import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, InvalidResponse, Response
from facilitate.activities.qa import QAKind

from .helpers import check_untrusted_value, json_values

kind = QAKind()
QA = kind.validate_definition({"question": "Hva vil du spørre om?"})


def ask(response_id, device, text):
    return Response(response_id, device, 1, f"q:s{response_id}", {"ask": text})


def vote(response_id, device, key, on=True):
    return Response(response_id, device, 1, f"up:{key}", {"upvote": key, "on": on})


def test_definition_default():
    assert QA == {"question": "Hva vil du spørre om?", "max_length": 280}


def test_ask_and_upvote_values_and_slots():
    asked = kind.validate_response(QA, {"ask": "  Hvordan startet dere? "})
    assert asked == {"ask": "Hvordan startet dere?"}
    assert kind.response_key(asked, "abc12345") == "q:abc12345"
    assert kind.texts(asked) == ["Hvordan startet dere?"]
    upvote = kind.validate_response(QA, {"upvote": "q:abc12345", "on": True})
    assert upvote == {"upvote": "q:abc12345", "on": True}
    assert kind.response_key(upvote, "zzz99999") == "up:q:abc12345"
    assert kind.texts(upvote) == []


@pytest.mark.parametrize(("value", "code"), [
    ("Hvordan?", "bad_type"),
    ({}, "bad_type"),
    ({"ask": 5}, "bad_type"),
    ({"ask": "Hei", "on": True}, "bad_type"),
    ({"upvote": "q:a"}, "bad_type"),
    ({"upvote": "q:a", "on": 1}, "bad_type"),
    ({"upvote": ["q:a"], "on": True}, "bad_type"),
    ({"ask": "  "}, "empty"),
    ({"ask": "x" * 281}, "too_long"),
    ({"upvote": "a", "on": True}, "unknown_question"),
    ({"upvote": "q:", "on": True}, "unknown_question"),
    ({"upvote": "q:" + "x" * 79, "on": True}, "unknown_question"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(QA, value)
    assert refused.value.code == code


def test_tally_sorts_by_votes_then_newest():
    responses = [
        ask(1, 10, "Første"), ask(2, 11, "Andre"), ask(3, 12, "Tredje"),
        vote(4, 10, "q:s2"), vote(5, 12, "q:s2"), vote(6, 11, "q:s2"),  # the asker counts too
        vote(7, 13, "q:s1", on=False),  # a vote taken back
    ]
    result = kind.tally(QA, responses, ActivityState())
    assert result == {"respondents": 4, "questions": [
        {"key": "q:s2", "id": 2, "text": "Andre", "votes": 3},
        {"key": "q:s3", "id": 3, "text": "Tredje", "votes": 0},
        {"key": "q:s1", "id": 1, "text": "Første", "votes": 0},
    ]}


def test_votes_for_hidden_or_missing_questions_are_ignored():
    # The caller leaves hidden questions out, so their votes point at nothing.
    result = kind.tally(QA, [ask(1, 10, "Synlig"), vote(2, 11, "q:s9")], ActivityState())
    assert result["questions"] == [{"key": "q:s1", "id": 1, "text": "Synlig", "votes": 0}]
    assert result["respondents"] == 2


@settings(max_examples=200, deadline=None)
@given(value=json_values
       | st.fixed_dictionaries({"ask": json_values | st.text(max_size=300)})
       | st.fixed_dictionaries({"upvote": json_values | st.text(max_size=85).map("q:".__add__),
                                "on": json_values | st.booleans()}))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, QA, value)
