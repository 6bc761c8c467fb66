"""Phones answering: committed before the ack, stored once, last answer counts."""

from support import flush, item_of, latest_results, received

from facilitate.store import responses


def open_item(console, item):
    assert console.emit("gathering.start", {}, callback=True) == {"ok": True}
    assert console.emit("activity.open", {"item_id": item["id"]}, callback=True) == {"ok": True}


def test_answer_is_stored_once_and_acknowledged(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Stavanger")
    cloud = item_of(demo, "wordcloud")
    open_item(console, cloud)
    payload = {"item_id": cloud["id"], "submission_id": "abcdef123456", "value": ["Tillit"]}

    first = phone.emit("answer", payload, callback=True)
    resend = phone.emit("answer", payload, callback=True)

    assert first == {"ok": True, "submission_id": "abcdef123456", "duplicate": False}
    assert resend == {"ok": True, "submission_id": "abcdef123456", "duplicate": True}
    stored = responses.current_responses(db, cloud["id"])
    assert [r.value for r in stored] == [["Tillit"]]


def test_changed_answer_replaces_the_old_one(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    for number, option in enumerate([0, 1]):
        ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": f"change-{number}xx",
                                    "value": [option]}, callback=True)
        assert ack["ok"]
    assert [r.value for r in responses.current_responses(db, choice["id"])] == [[1]]


def test_closed_activity_refuses_answers_and_changes_nothing(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    assert console.emit("activity.close", {"item_id": choice["id"]}, callback=True)["ok"]

    ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": "closed-1234",
                                "value": [0]}, callback=True)

    assert ack["ok"] is False
    assert ack["error"]["code"] == "not_open"
    assert "ikke åpent" in ack["error"]["message"] or "not open" in ack["error"]["message"]
    assert responses.current_responses(db, choice["id"]) == []


def test_resend_after_close_of_a_stored_answer_is_still_acknowledged(app, demo, sockets):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    payload = {"item_id": choice["id"], "submission_id": "lost-ack-1", "value": [0]}
    assert phone.emit("answer", payload, callback=True)["ok"]
    console.emit("activity.close", {"item_id": choice["id"]}, callback=True)

    assert phone.emit("answer", payload, callback=True) == {
        "ok": True, "submission_id": "lost-ack-1", "duplicate": True}


def test_bad_values_are_refused_with_a_message(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    for value in (None, "0", [99], [True], {"a": 1}, ["x" * 100000]):
        ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": "bad-value-1",
                                    "value": value}, callback=True)
        assert ack["ok"] is False, value
        assert ack["error"]["message"]
    assert responses.current_responses(db, choice["id"]) == []


def test_bad_submission_ids_and_items_are_refused(app, demo, sockets):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    for payload, code in [
        ({"item_id": choice["id"], "submission_id": "x", "value": [0]}, "bad_submission_id"),
        ({"item_id": choice["id"], "submission_id": "<script>alert(1)</script>", "value": [0]},
         "bad_submission_id"),
        ({"item_id": 999999, "submission_id": "unknown-item", "value": [0]}, "unknown_item"),
        ({"item_id": "1", "submission_id": "string-item", "value": [0]}, "bad_request"),
    ]:
        assert phone.emit("answer", payload, callback=True)["error"]["code"] == code
    assert phone.emit("answer", ["not", "a", "dict"], callback=True)["error"]["code"] == \
        "bad_request"


def test_answer_is_counted_on_console_while_the_projector_gets_only_the_count(app, demo,
                                                                             sockets):
    console = sockets.console()
    presenter = sockets.presenter()
    phones = [sockets.phone("Stavanger") for _ in range(3)]  # the minimum group
    other = sockets.phone("Sandnes")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    for client in (console, presenter, *phones, other):
        client.get_received()

    for n, phone in enumerate(phones):
        phone.emit("answer", {"item_id": choice["id"], "submission_id": f"count-me-{n}",
                              "value": [1]}, callback=True)
    flush(app)

    results = received(console, "results")
    assert len(results) == 1
    assert results[0]["groups"][0]["result"]["counts"][1] == 3
    # Until the facilitator reveals them, the projector learns how many
    # answered and nothing else; the phones nothing at all.
    held = received(presenter, "results")
    assert len(held) == 1
    assert held[0]["hidden"] is True and held[0]["respondents"] == 3
    assert held[0]["groups"] == []
    assert received(other, "results") == []

    console.emit("results.reveal", {"item_id": choice["id"], "visible": True}, callback=True)
    assert latest_results(presenter)["groups"][0]["result"]["counts"][1] == 3


def test_rate_limit_refuses_a_flood(app, demo, sockets):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    open_item(console, choice)
    codes = [phone.emit("answer", {"item_id": choice["id"], "submission_id": f"flood-{n:04d}",
                                   "value": [0]}, callback=True).get("error", {}).get("code")
             for n in range(40)]
    assert "rate_limited" in codes
    assert codes[0] is None
