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


def vote(response_id, device, question_id, on=True):
    return Response(response_id, device, 1, f"up:{question_id}",
                    {"upvote": question_id, "on": on})


def test_definition_default():
    assert QA == {"question": "Hva vil du spørre om?", "max_length": 280, "moderated": False}


def test_ask_and_upvote_values_and_slots():
    asked = kind.validate_response(QA, {"ask": "  Hvordan startet dere? "})
    assert asked == {"ask": "Hvordan startet dere?"}
    assert kind.response_key(asked, "abc12345") == "q:abc12345"
    assert kind.texts(asked) == ["Hvordan startet dere?"]
    upvote = kind.validate_response(QA, {"upvote": 17, "on": True})
    assert upvote == {"upvote": 17, "on": True}
    assert kind.response_key(upvote, "zzz99999") == "up:17"
    assert kind.required_response(upvote) == 17
    assert kind.required_response(asked) is None
    assert kind.texts(upvote) == []


@pytest.mark.parametrize(("value", "code"), [
    ("Hvordan?", "bad_type"),
    ({}, "bad_type"),
    ({"ask": 5}, "bad_type"),
    ({"ask": "Hei", "on": True}, "bad_type"),
    ({"upvote": 3}, "bad_type"),
    ({"upvote": 3, "on": 1}, "bad_type"),
    ({"upvote": [3], "on": True}, "unknown_question"),
    ({"ask": "  "}, "empty"),
    ({"ask": "x" * 281}, "too_long"),
    ({"upvote": "q:abc12345", "on": True}, "unknown_question"),
    ({"upvote": 0, "on": True}, "unknown_question"),
    ({"upvote": True, "on": True}, "unknown_question"),
    ({"upvote": 2**53, "on": True}, "unknown_question"),
])
def test_refusals(value, code):
    with pytest.raises(InvalidResponse) as refused:
        kind.validate_response(QA, value)
    assert refused.value.code == code


def test_tally_sorts_by_votes_then_newest():
    responses = [
        ask(1, 10, "Første"), ask(2, 11, "Andre"), ask(3, 12, "Tredje"),
        vote(4, 10, 2), vote(5, 12, 2), vote(6, 11, 2),  # the asker counts too
        vote(7, 13, 1, on=False),  # a vote taken back
    ]
    result = kind.tally(QA, responses, ActivityState())
    assert result == {"respondents": 4, "questions": [
        {"id": 2, "text": "Andre", "votes": 3, "answered": False, "pinned": False,
         "approved": True},
        {"id": 3, "text": "Tredje", "votes": 0, "answered": False, "pinned": False,
         "approved": True},
        {"id": 1, "text": "Første", "votes": 0, "answered": False, "pinned": False,
         "approved": True},
    ]}


def test_votes_for_hidden_or_missing_questions_are_ignored():
    # The caller leaves hidden questions out, so their votes point at nothing.
    result = kind.tally(QA, [ask(1, 10, "Synlig"), vote(2, 11, 9)], ActivityState())
    assert result["questions"] == [
        {"id": 1, "text": "Synlig", "votes": 0, "answered": False, "pinned": False,
         "approved": True}]
    assert result["respondents"] == 2


@settings(max_examples=200, deadline=None)
@given(value=json_values
       | st.fixed_dictionaries({"ask": json_values | st.text(max_size=300)})
       | st.fixed_dictionaries({"upvote": json_values | st.integers(),
                                "on": json_values | st.booleans()}))
def test_any_json_is_refused_cleanly_or_tallies(value):
    check_untrusted_value(kind, QA, value)


def test_a_phone_reusing_another_phones_slot_key_asks_a_new_question():
    """The hijack: phone 11 asks under the same slot key as phone 10's
    question. Both questions stand, each with its own votes."""
    hijack = Response(3, 11, 1, "q:s1", {"ask": "Overtatt"})
    result = kind.tally(QA, [ask(1, 10, "Original"), vote(2, 12, 1), hijack], ActivityState())
    assert [(q["text"], q["votes"]) for q in result["questions"]] == [
        ("Original", 1), ("Overtatt", 0)]
    assert all("key" not in q for q in result["questions"])


def test_answered_and_pinned_questions_are_ordered():
    responses = [ask(1, 10, "Første"), ask(2, 11, "Andre"), ask(3, 12, "Tredje"),
                 vote(4, 10, 1)]
    state = kind.run_action("answered", QA, {}, {"question_id": 1, "answered": True}, responses)
    state = kind.run_action("pin", QA, state, {"question_id": 2}, responses)
    result = kind.tally(QA, responses, state)
    assert [(q["id"], q["pinned"], q["answered"]) for q in result["questions"]] == [
        (2, True, False), (3, False, False), (1, False, True)]
    state = kind.run_action("answered", QA, state, {"question_id": 1, "answered": False},
                            responses)
    assert state["answered"] == []


@pytest.mark.parametrize("params", [{"question_id": 99}, {"question_id": "1"}, {}])
def test_actions_refuse_unknown_questions(params):
    with pytest.raises(InvalidResponse) as refused:
        kind.run_action("answered", QA, {}, {**params, "answered": True},
                        [ask(1, 10, "Første")])
    assert refused.value.code == "unknown_question"


def test_unknown_action_is_refused():
    with pytest.raises(InvalidResponse) as refused:
        kind.run_action("delete_everything", QA, {}, {}, [])
    assert refused.value.code == "unknown_action"


# --- approve before show --------------------------------------------------------------

MODERATED = kind.validate_definition({"question": "Spørsmål?", "moderated": True})


def described(result):
    return {"mode": "all", "min_group": 3, "respondents": result["respondents"],
            "item_id": 1, "revision": 1,
            "groups": [{"key": "all", "municipality_id": None, "label": "all", "n": 2,
                        "suppressed": False, "result": result}]}


def test_a_moderated_question_reaches_the_room_only_when_approved():
    asked = [ask(1, 10, "Venter"), ask(2, 11, "Godkjent")]
    state = kind.run_action("approve", MODERATED, ActivityState(),
                            {"question_id": 2, "approved": True}, asked)
    whole = described(kind.tally(MODERATED, asked, state))
    console = kind.results_for("console", None, whole, True)
    assert [(q["text"], q["approved"]) for q in console["groups"][0]["result"]["questions"]] \
        == [("Godkjent", True), ("Venter", False)]
    for role in ("presenter", "phone"):
        shown = kind.results_for(role, None, whole, True)
        assert [q["text"] for q in shown["groups"][0]["result"]["questions"]] == ["Godkjent"]
    taken_back = kind.run_action("approve", MODERATED, state,
                                 {"question_id": 2, "approved": False}, asked)
    assert taken_back["approved"] == []


def test_an_unmoderated_question_needs_no_approval():
    whole = described(kind.tally(QA, [ask(1, 10, "Rett ut")], ActivityState()))
    shown = kind.results_for("presenter", None, whole, True)
    assert [q["text"] for q in shown["groups"][0]["result"]["questions"]] == ["Rett ut"]


def test_the_projector_sees_only_the_count_until_revealed():
    whole = described(kind.tally(QA, [ask(1, 10, "Rett ut")], ActivityState()))
    held = kind.results_for("presenter", None, whole, False)
    assert held["hidden"] is True and held["groups"] == [] and held["respondents"] == 1
    # phones answer from the questions, so they follow them all the same
    assert kind.results_for("phone", None, whole, False)["groups"]
