"""Every event checks the caller's role and scope."""

import pytest
from support import join, received

from facilitate.store import gatherings

CONTROL_EVENTS = ["gathering.start", "gathering.end", "agenda.next", "agenda.prev", "agenda.goto",
                  "activity.open", "activity.close", "activity.lock", "activity.reset",
                  "results.reveal", "results.view", "response.hide", "words.merge",
                  "words.unmerge"]


@pytest.mark.parametrize("event", CONTROL_EVENTS)
def test_phone_and_presenter_cannot_drive_the_agenda(app, demo, sockets, db, event):
    phone = sockets.phone("Sola")
    presenter = sockets.presenter()
    before = gatherings.get_gathering(db, demo["gathering"]["id"])
    for client in (phone, presenter):
        ack = client.emit(event, {"item_id": demo["items"][2]["id"], "position": 1}, callback=True)
        assert ack["ok"] is False
        assert ack["error"]["code"] == "not_allowed"
    assert gatherings.get_gathering(db, demo["gathering"]["id"]) == before


def test_presenter_with_wrong_key_is_refused(app, demo, sockets):
    socketio = app.extensions["socketio"]
    client = socketio.test_client(app, auth={"role": "presenter", "code": demo["gathering"]["code"],
                                             "key": "guess"})
    assert not client.is_connected()


def test_console_needs_a_login(app, demo):
    socketio = app.extensions["socketio"]
    client = socketio.test_client(app, auth={"role": "console", "code": demo["gathering"]["code"]})
    assert not client.is_connected()


def test_phone_without_joining_is_refused(app, demo):
    socketio = app.extensions["socketio"]
    client = socketio.test_client(app, auth={"role": "phone", "code": demo["gathering"]["code"],
                                             "token": "made-up-token-123"})
    assert not client.is_connected()


@pytest.mark.parametrize("auth", [None, "phone", {"role": "admin", "code": "X"},
                                  {"role": "phone", "code": 12}, {"role": "phone"}])
def test_malformed_auth_is_refused(app, demo, auth):
    client = app.extensions["socketio"].test_client(app, auth=auth)
    assert not client.is_connected()


def test_a_phone_cannot_answer_another_gatherings_item(app, demo, sockets, db):
    other_gathering = gatherings.list_gatherings(db)[1]
    other_item = next(i for i in gatherings.list_items(db, other_gathering["id"])
                      if i["activity_kind"])
    gatherings.update_item(db, other_item["id"], status="open")
    phone = sockets.phone("Sola")
    ack = phone.emit("answer", {"item_id": other_item["id"], "submission_id": "cross-1234",
                                "value": [0]}, callback=True)
    assert ack["error"]["code"] == "unknown_item"


def test_console_cannot_touch_another_gatherings_items(app, demo, sockets, db):
    other_gathering = gatherings.list_gatherings(db)[1]
    other_item = next(i for i in gatherings.list_items(db, other_gathering["id"])
                      if i["activity_kind"])
    console = sockets.console()
    ack = console.emit("activity.open", {"item_id": other_item["id"]}, callback=True)
    assert ack["error"]["code"] == "unknown_item"
    assert gatherings.get_item(db, other_item["id"])["status"] == "idle"


def test_device_cookie_of_one_gathering_does_not_open_another(app, demo, db):
    http = join(app.test_client(), demo, "Sola")
    other = gatherings.list_gatherings(db)[1]
    client = app.extensions["socketio"].test_client(
        app, flask_test_client=http, auth={"role": "phone", "code": other["code"]})
    assert not client.is_connected()


def test_phone_snapshot_has_no_speaker_notes(app, demo, sockets):
    console = sockets.console()
    console.emit("gathering.start", {}, callback=True)
    phone = sockets.phone("Sola")
    snapshot = received(phone, "snapshot")[0]
    assert snapshot["current"] is not None
    assert "notes" not in snapshot["current"]
    assert "items" not in snapshot
    console_snapshot = received(console, "snapshot")[0]
    assert console_snapshot["items"][0]["notes"]
