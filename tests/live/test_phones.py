"""Fake phones and personal data: phones beyond a municipality's expected
number are held (their answers count nowhere until accepted), the console
lists and removes phones, a participant reads back and erases their own
answers, and removing a phone leaves nothing of it."""

import pytest
from support import flush, item_of, latest_results, log_in, received

from facilitate.live.errors import refusal_payload
from facilitate.store import programmes, responses, users


def municipality_id(demo, name: str) -> int:
    return next(m["id"] for m in demo["municipalities"] if m["name"] == name)


def device_id(db) -> int:
    return db.execute("SELECT MAX(id) FROM devices").fetchone()[0]


def open_item(console, item, mode: str = "by_municipality") -> None:
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    assert console.emit("activity.open", {"item_id": item["id"]}, callback=True)["ok"]
    assert console.emit("results.view", {"item_id": item["id"], "mode": mode},
                        callback=True)["ok"]


def answer(phone, item, option: int, sub: str) -> dict:
    return phone.emit("answer", {"item_id": item["id"], "submission_id": sub,
                                 "value": [option]}, callback=True)


def group(results: dict, key: str) -> dict:
    return next(g for g in results["groups"] if g["key"] == key)


def left_behind(client, name: str) -> list:
    """What a client received, read after the server disconnected it."""
    return [event["args"][0] for event in client.queue if event["name"] == name]


def everything_of(db, device: int) -> list:
    return [db.execute(f"SELECT COUNT(*) FROM {table} WHERE {column} = ?",
                       [device]).fetchone()[0]
            for table, column in (("devices", "id"), ("submissions", "device_id"),
                                  ("responses", "device_id"))]


# --- held phones ------------------------------------------------------------------------


def test_the_demo_expects_a_realistic_number_from_each_municipality(demo, db):
    expected = programmes.expected_participants(db, demo["gathering"]["id"])
    assert len(expected) == len(demo["municipalities"])
    assert all(4 <= number <= 8 for number in expected.values())


def test_fake_phones_beyond_the_expected_number_do_not_reveal_a_small_group(app, demo, sockets,
                                                                             db):
    """The finding: Stavanger's one leader hides in the pool; two more phones
    claiming Stavanger, answering known values, used to make it a block of
    3 whose tally minus the fakes is the real member's answer."""
    stavanger = municipality_id(demo, "Stavanger")
    programmes.set_expected_participants(db, stavanger, 1)
    console = sockets.console()
    choice = item_of(demo, "choice")
    open_item(console, choice)
    real = sockets.phone("Stavanger")
    sola = [sockets.phone("Sola") for _ in range(3)]
    fakes = [sockets.phone("Stavanger") for _ in range(2)]
    assert answer(real, choice, 2, "real-000001")["ok"]
    for number, phone in enumerate(sola):
        assert answer(phone, choice, 1, f"sola-00000{number}")["ok"]
    for number, phone in enumerate(fakes):
        assert answer(phone, choice, 0, f"fake-00000{number}")["ok"]  # stored, and acked
    assert [row[0] for row in db.execute(
        "SELECT held FROM devices WHERE municipality_id = ? ORDER BY id", [stavanger])] == [0, 1, 1]

    flush(app)
    results = latest_results(console)
    assert group(results, f"m:{stavanger}")["suppressed"]
    assert results["respondents"] == 4  # the fakes count nowhere
    # Stavanger's lone phone is pooled with Sola: the pool holds 4, never 1.
    assert group(results, "others")["n"] == 4
    assert group(results, f"m:{municipality_id(demo, 'Sola')}")["suppressed"]


def test_a_held_phone_counts_once_the_facilitator_accepts_it(app, demo, sockets, db):
    sola = municipality_id(demo, "Sola")
    programmes.set_expected_participants(db, sola, 2)
    console = sockets.console()
    choice = item_of(demo, "choice")
    open_item(console, choice, mode="all")
    phones = [sockets.phone("Sola") for _ in range(3)]
    held = device_id(db)
    state = received(phones[2], "state")[0]
    assert state["device"] == {"held": True}
    assert received(phones[0], "state")[0]["device"] == {"held": False}
    for number, phone in enumerate(phones):
        assert answer(phone, choice, number, f"held-00000{number}")["ok"]
    flush(app)
    assert latest_results(console)["respondents"] == 2
    listed = console.emit("devices.list", {}, callback=True)["devices"]
    row = next(m for m in listed["municipalities"] if m["id"] == sola)
    assert (row["phones"], row["held"], row["expected"]) == (2, 1, 2)

    console.get_received()
    assert console.emit("device.accept", {"device_id": held}, callback=True) == {"ok": True}
    assert received(phones[2], "device") == [{"held": False}]
    pushed = received(console, "devices")
    flush(app)
    results = latest_results(console)
    assert results["respondents"] == 3
    assert results["groups"][0]["result"]["counts"][:3] == [1, 1, 1]
    [pushed] = pushed
    assert next(m for m in pushed["municipalities"] if m["id"] == sola)["held"] == 0


def test_the_console_sees_display_names_and_phones_never_do(app, demo, sockets, db):
    from support import join

    console = sockets.console()
    http = join(app.test_client(), demo, "Sola", display_name="Kari Nordmann")
    phone = app.extensions["socketio"].test_client(
        app, flask_test_client=http, auth={"role": "phone", "code": demo["gathering"]["code"]})
    listed = console.emit("devices.list", {}, callback=True)["devices"]
    assert [d["name"] for d in listed["devices"]] == ["Kari Nordmann"]
    assert "token" not in listed["devices"][0]
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    assert "Kari Nordmann" not in repr(phone.get_received())
    assert phone.emit("devices.list", {}, callback=True)["error"]["code"] == "not_allowed"
    phone.disconnect()


def test_a_join_tells_the_console(app, demo, sockets, db):
    console = sockets.console()
    console.get_received()
    sockets.phone("Klepp")
    [pushed] = received(console, "devices")
    klepp = next(m for m in pushed["municipalities"] if m["name"] == "Klepp")
    assert klepp["phones"] == 1


# --- removing a phone -----------------------------------------------------------------


def test_removing_a_phone_erases_it_and_disconnects_it_with_a_reason(app, demo, sockets, db):
    console = sockets.console()
    choice, cloud = item_of(demo, "choice"), item_of(demo, "wordcloud")
    open_item(console, choice)
    phone = sockets.phone("Sola")
    removed = device_id(db)
    other = sockets.phone("Sola")
    assert answer(phone, choice, 1, "gone-000001")["ok"]
    assert answer(other, choice, 2, "kept-000001")["ok"]
    assert console.emit("activity.open", {"item_id": cloud["id"]}, callback=True)["ok"]
    assert phone.emit("answer", {"item_id": cloud["id"], "submission_id": "gone-000002",
                                 "value": ["Tillit"]}, callback=True)["ok"]
    assert everything_of(db, removed) == [1, 2, 2]

    phone.get_received()
    assert console.emit("device.remove", {"device_id": removed}, callback=True) == {"ok": True}
    app.extensions["socketio"].sleep(0.4)  # the goodbye waits for the ack to go out

    assert everything_of(db, removed) == [0, 0, 0]
    assert [r.value for r in responses.current_responses(db, choice["id"])] == [[2]]
    goodbye = left_behind(phone, "goodbye")
    assert goodbye[0]["code"] == "removed"
    with app.test_request_context():  # in the phone's language, bokmål
        assert goodbye[0]["message"] == refusal_payload("removed", "nb")["error"]["message"]
    assert not phone.is_connected()
    # Its cookie opens nothing any more.
    again = app.extensions["socketio"].test_client(
        app, flask_test_client=phone.flask_test_client,
        auth={"role": "phone", "code": demo["gathering"]["code"]})
    assert not again.is_connected()


def test_a_removed_phone_on_another_socket_is_refused_at_its_next_event(app, demo, sockets, db):
    """A socket this process does not see in the phone's room (another
    process's) is refused `removed` at its next event and then cut."""
    console = sockets.console()
    phone = sockets.phone("Sola")
    removed = device_id(db)
    live = app.extensions["facilitate_live"]
    from facilitate.store import devices

    devices.erase_device(db, removed)  # as another process's console would
    ack = phone.emit("sync", {}, callback=True)
    assert ack["error"]["code"] == "removed"
    app.extensions["socketio"].sleep(0.4)
    assert not phone.is_connected()
    assert not any(c.device_id == removed for c in live.callers.values())
    assert console.emit("sync", {}, callback=True)["ok"]


def test_a_console_cannot_remove_another_gatherings_phone(app, demo, sockets, db):
    from facilitate.store import devices, gatherings

    other = gatherings.list_gatherings(db)[1]
    stranger = devices.register_device(db, other["id"], municipality_id(demo, "Sola"), None)
    console = sockets.console()
    for event in ("device.remove", "device.accept"):
        ack = console.emit(event, {"device_id": stranger["id"]}, callback=True)
        assert ack["error"]["code"] == "unknown_device"
    assert devices.get_device(db, stranger["id"]) is not None


# --- a participant's own answers ------------------------------------------------------------


def test_a_phone_reads_back_its_own_answers_only(app, demo, sockets, db):
    console = sockets.console()
    choice = item_of(demo, "choice")
    open_item(console, choice)
    phone, other = sockets.phone("Sola"), sockets.phone("Hå")
    assert answer(phone, choice, 1, "mine-000001")["ok"]
    assert answer(other, choice, 2, "theirs-00001")["ok"]
    ack = phone.emit("answers.mine", {}, callback=True)
    assert ack["ok"] and ack["held"] is False
    assert ack["answers"] == [{"item_id": choice["id"], "title": choice["title"],
                               "question": choice["definition"]["question"],
                               "text": choice["definition"]["options"][1]}]


def test_a_phone_erases_its_own_answers_and_nobody_elses(app, demo, sockets, db):
    console = sockets.console()
    choice = item_of(demo, "choice")
    open_item(console, choice, mode="all")
    phone = sockets.phone("Sola")
    mine = device_id(db)
    others = [sockets.phone("Hå") for _ in range(3)]
    assert answer(phone, choice, 1, "mine-000001")["ok"]
    for number, one in enumerate(others):
        assert answer(one, choice, 2, f"theirs-0000{number}")["ok"]

    assert phone.emit("answers.erase", {}, callback=True)["error"]["code"] == "bad_request"
    ack = phone.emit("answers.erase", {"confirm": True}, callback=True)

    assert ack == {"ok": True, "erased_items": 1}
    assert everything_of(db, mine) == [1, 0, 0]  # still joined, nothing of its answers
    assert [r.value for r in responses.current_responses(db, choice["id"])] == [[2]] * 3
    assert phone.emit("answers.mine", {}, callback=True)["answers"] == []
    flush(app)
    assert latest_results(console)["groups"][0]["result"]["counts"][:3] == [0, 0, 3]
    # The same submission id may be sent again: it was erased too.
    assert answer(phone, choice, 0, "mine-000001") == {
        "ok": True, "submission_id": "mine-000001", "duplicate": False}


# --- sessions ---------------------------------------------------------------------------------


def test_an_open_console_is_refused_after_its_users_password_changes(app, demo, sockets, db):
    console = sockets.console()
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    user = db.execute("SELECT id FROM users WHERE username = ?",
                      [demo["username"]]).fetchone()[0]
    users.set_password(db, user, "a-new-password-for-today", method="pbkdf2:sha256:1")
    ack = console.emit("agenda.next", {}, callback=True)
    assert ack["error"]["code"] == "not_allowed"
    # The new password opens a new console.
    fresh = log_in(app.test_client(), {"username": demo["username"],
                                       "password": "a-new-password-for-today"})
    again = app.extensions["socketio"].test_client(
        app, flask_test_client=fresh, auth={"role": "console", "code": demo["gathering"]["code"]})
    assert again.emit("agenda.next", {}, callback=True)["ok"]
    again.disconnect()


# --- flooding and size, through the guard ------------------------------------------------


@pytest.mark.app_config(EVENT_RATE=0.001, EVENT_BURST=5, FLOOD_COOLDOWN=60.0)
def test_a_socket_over_its_budget_is_refused_then_cut_and_kept_out(app, demo, sockets, db):
    phone = sockets.phone("Sola")
    acks = [phone.emit("sync", {}, callback=True) for _ in range(9)]
    assert [a["ok"] for a in acks[:4]] == [True] * 4  # the connect spent one
    assert {a["error"]["code"] for a in acks[4:]} == {"too_fast"}
    assert phone.is_connected()
    phone.emit("sync", {})  # one more: the debt reaches the burst
    assert [g["code"] for g in left_behind(phone, "goodbye")] == ["too_fast"]
    assert not phone.is_connected()
    # The same phone cannot come straight back.
    again = app.extensions["socketio"].test_client(
        app, flask_test_client=phone.flask_test_client,
        auth={"role": "phone", "code": demo["gathering"]["code"]})
    assert not again.is_connected()
    # Another phone has a budget of its own.
    assert sockets.phone("Hå").emit("sync", {}, callback=True)["ok"]


def test_an_oversized_event_gets_a_too_large_ack_and_the_socket_stays(app, demo, sockets, db):
    console = sockets.console()
    choice = item_of(demo, "choice")
    open_item(console, choice)
    phone = sockets.phone("Sola")
    ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": "huge-000001",
                                "value": ["x" * 100_000]}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "too_large"
    assert "65536" in ack["error"]["message"]
    assert phone.is_connected()
    assert db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0] == 0
    assert answer(phone, choice, 1, "small-00001")["ok"]
