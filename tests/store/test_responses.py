"""Answers in the store: one row per submission id, the newest answer per
slot, and resets that do not bring old answers back."""

import pytest

from facilitate.store import devices, responses


@pytest.fixture
def phone(db, demo):
    sola = next(m for m in demo["municipalities"] if m["name"] == "Sola")
    return devices.register_device(db, demo["gathering"]["id"], sola["id"], "Kari")


@pytest.fixture
def item(demo):
    return next(i for i in demo["items"] if i["activity_kind"] == "choice")


def submissions(db) -> list[tuple]:
    return db.execute("SELECT device_id, submission_id, item_id FROM submissions "
                      "ORDER BY id").fetchall()


def stored(db, item_id: int) -> list:
    return [(r.key, r.value) for r in responses.current_responses(db, item_id)]


def test_a_submission_is_stored_once(db, phone, item):
    assert responses.save_response(db, phone, item["id"], "sub-00000001", "", [1]) is True
    assert responses.save_response(db, phone, item["id"], "sub-00000001", "", [1]) is False
    assert stored(db, item["id"]) == [("", [1])]
    assert submissions(db) == [(phone["id"], "sub-00000001", item["id"])]


def test_a_resend_with_another_value_changes_nothing(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    assert responses.save_response(db, phone, item["id"], "sub-00000001", "", [4]) is False
    assert stored(db, item["id"]) == [("", [1])]


def test_the_same_submission_id_from_another_device_is_its_own(db, demo, phone, item):
    other = devices.register_device(db, demo["gathering"]["id"], phone["municipality_id"], None)
    assert responses.save_response(db, phone, item["id"], "sub-00000001", "", [1]) is True
    assert responses.save_response(db, other, item["id"], "sub-00000001", "", [2]) is True
    values = sorted(r.value for r in responses.current_responses(db, item["id"]))
    assert values == [[1], [2]]


def test_the_last_answer_wins_per_item_device_and_key(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    responses.save_response(db, phone, item["id"], "sub-00000002", "", [3])
    [only] = responses.current_responses(db, item["id"])
    assert only.value == [3]
    assert only.device_id == phone["id"]
    assert only.municipality_id == phone["municipality_id"]
    row = responses.get_response(db, only.id)
    assert row["submission_id"] == "sub-00000002"
    assert row["updated_at"] >= row["created_at"]
    assert len(submissions(db)) == 2


def test_different_keys_are_different_slots(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "q:a", {"ask": "Hvorfor?"})
    responses.save_response(db, phone, item["id"], "sub-00000002", "q:b", {"ask": "Hvordan?"})
    responses.save_response(db, phone, item["id"], "sub-00000003", "q:a", {"ask": "Når?"})
    assert sorted(stored(db, item["id"])) == [("q:a", {"ask": "Når?"}),
                                              ("q:b", {"ask": "Hvordan?"})]


def test_answers_to_different_items_are_kept_apart(db, demo, phone, item):
    cloud = next(i for i in demo["items"] if i["activity_kind"] == "wordcloud")
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    responses.save_response(db, phone, cloud["id"], "sub-00000002", "", ["Tillit"])
    assert stored(db, item["id"]) == [("", [1])]
    assert stored(db, cloud["id"]) == [("", ["Tillit"])]
    assert responses.device_responses(db, phone["id"]) == [
        {"item_id": item["id"], "key": "", "value": [1], "submission_id": "sub-00000001"},
        {"item_id": cloud["id"], "key": "", "value": ["Tillit"],
         "submission_id": "sub-00000002"},
    ]


def test_unicode_is_stored_as_written(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "", ["Ærlig, ødeland 🌧"])
    raw = db.execute("SELECT value FROM responses").fetchone()[0]
    assert raw == '["Ærlig, ødeland 🌧"]'


def test_reset_drops_answers_but_keeps_submission_ids(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    responses.reset_item(db, item["id"])
    assert stored(db, item["id"]) == []
    assert len(submissions(db)) == 1

    # a phone resending the answer from before the reset does not bring it back
    assert responses.save_response(db, phone, item["id"], "sub-00000001", "", [1]) is False
    assert stored(db, item["id"]) == []

    # a new answer after the reset counts
    assert responses.save_response(db, phone, item["id"], "sub-00000002", "", [2]) is True
    assert stored(db, item["id"]) == [("", [2])]


def test_reset_touches_only_that_item(db, demo, phone, item):
    cloud = next(i for i in demo["items"] if i["activity_kind"] == "wordcloud")
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    responses.save_response(db, phone, cloud["id"], "sub-00000002", "", ["Mot"])
    responses.reset_item(db, item["id"])
    assert stored(db, cloud["id"]) == [("", ["Mot"])]


def test_hidden_answers_are_left_out_unless_asked_for(db, phone, item):
    responses.save_response(db, phone, item["id"], "sub-00000001", "", [1])
    [response] = responses.current_responses(db, item["id"])
    responses.set_hidden(db, response.id, True)
    assert responses.current_responses(db, item["id"]) == []
    [hidden] = responses.current_responses(db, item["id"], include_hidden=True)
    assert hidden.hidden is True
    responses.set_hidden(db, response.id, False)
    assert len(responses.current_responses(db, item["id"])) == 1


def test_answered_per_municipality_counts_devices(db, demo, phone, item):
    other = devices.register_device(db, demo["gathering"]["id"], phone["municipality_id"], None)
    responses.save_response(db, phone, item["id"], "sub-00000001", "a", [1])
    responses.save_response(db, phone, item["id"], "sub-00000002", "b", [2])
    responses.save_response(db, other, item["id"], "sub-00000003", "", [2])
    assert responses.answered_per_municipality(db, item["id"]) == {phone["municipality_id"]: 2}
