"""Every event checks the caller's role and scope."""

import pytest
from support import join, received

from facilitate.live.events import load_events
from facilitate.store import gatherings

# Every (event, role) pair the event table does not allow.
FORBIDDEN = [(event.name, role) for event in load_events().values()
             for role in ("phone", "presenter", "console") if role not in event.roles]


def test_the_table_forbids_something_to_every_role():
    assert {role for _, role in FORBIDDEN} == {"phone", "presenter", "console"}


@pytest.mark.parametrize(("event", "role"), FORBIDDEN)
def test_a_role_cannot_send_what_the_event_table_does_not_allow(app, demo, sockets, db, event,
                                                                 role):
    client = {"phone": lambda: sockets.phone("Sola"), "presenter": sockets.presenter,
              "console": sockets.console}[role]()
    before = (gatherings.get_gathering(db, demo["gathering"]["id"]),
              db.execute("SELECT * FROM items").fetchall(),
              db.execute("SELECT * FROM responses").fetchall())
    ack = client.emit(event, {"item_id": demo["items"][2]["id"], "position": 1,
                              "submission_id": "sub-00000001", "value": [0],
                              "action": "merge", "params": {}}, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "not_allowed"
    assert (gatherings.get_gathering(db, demo["gathering"]["id"]),
            db.execute("SELECT * FROM items").fetchall(),
            db.execute("SELECT * FROM responses").fetchall()) == before


@pytest.mark.parametrize("role", ["phone", "presenter", "console"])
def test_an_unknown_event_gets_a_refusal_ack(app, demo, sockets, role):
    client = {"phone": lambda: sockets.phone("Sola"), "presenter": sockets.presenter,
              "console": sockets.console}[role]()
    ack = client.emit("agenda.jump_everywhere", {}, callback=True)
    assert ack["ok"] is False
    assert ack["error"]["code"] == "unknown_event"
    assert ack["error"]["message"]


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


def test_phone_state_has_no_speaker_notes(app, demo, sockets):
    console = sockets.console()
    console.emit("gathering.start", {}, callback=True)
    phone = sockets.phone("Sola")
    state = received(phone, "state")[0]
    assert state["full"] is True
    assert state["current"] is not None
    assert "notes" not in state["current"]
    assert "state" not in state["current"]
    assert "items" not in state
    console_state = received(console, "state")[0]
    assert console_state["items"][0]["notes"]


def test_a_console_of_another_programme_is_refused(app, demo, db):
    """A facilitator granted another programme cannot open this console."""
    from support import log_in

    from facilitate.store import grants, programmes, users

    other = programmes.create_programme(db, "Annet program", "Digi Andre")
    user_id = users.add_user(db, "annen", "annen-passord", method="pbkdf2:sha256:1")
    grants.grant(db, user_id, "facilitator", programme_id=other)
    http = log_in(app.test_client(), {"username": "annen", "password": "annen-passord"})
    client = app.extensions["socketio"].test_client(
        app, flask_test_client=http, auth={"role": "console", "code": demo["gathering"]["code"]})
    assert not client.is_connected()


def test_a_console_stops_working_when_its_user_logs_out(app, demo, sockets, db):
    """Logout ends every session of the user: an open console's next event is refused."""
    from support import log_in

    console = sockets.console()
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    elsewhere = log_in(app.test_client(), demo)
    elsewhere.post("/logout")
    ack = console.emit("agenda.next", {}, callback=True)
    assert ack["error"]["code"] == "not_allowed"
    assert gatherings.get_gathering(db, demo["gathering"]["id"])["current_position"] == 0


def test_a_phone_rejoins_its_group_room_when_it_syncs(app, demo, sockets, db):
    """After a regroup every phone syncs; the process holding its socket
    moves it to the rooms of its groups now, so group messages follow it."""
    from facilitate.live.audiences import Audience, municipality_group

    phone = sockets.phone("Sola")
    live = app.extensions["facilitate_live"]
    socketio = app.extensions["socketio"]
    sola = next(m["id"] for m in demo["municipalities"] if m["name"] == "Sola")
    hå = next(m["id"] for m in demo["municipalities"] if m["name"] == "Hå")
    gathering_id = demo["gathering"]["id"]
    device_id = db.execute("SELECT MAX(id) FROM devices").fetchone()[0]
    with db.conn:
        db.execute("UPDATE devices SET municipality_id = ? WHERE id = ?", [hå, device_id])
    phone.get_received()
    live.regroup(gathering_id)
    assert [e["name"] for e in phone.get_received()] == ["regroup"]
    assert phone.emit("sync", {}, callback=True)["ok"]
    for municipality, expected in ((sola, []), (hå, [{"to": "Hå"}])):
        socketio.emit("note", {"to": "Hå" if municipality == hå else "Sola"},
                      to=Audience(gathering_id, "phone", municipality_group(municipality)).room)
        assert [e["args"][0] for e in phone.get_received() if e["name"] == "note"] == expected
