"""Closing an activity files what the room saw to each municipality's
programme record, in the event's unit of work; the check-in of the module
before comes back at the next module's gathering."""

import json

from support import item_of, log_in, received

from facilitate.store import gatherings, programmes, records


def answer(phone, item, submission_id, value):
    ack = phone.emit("answer", {"item_id": item["id"], "submission_id": submission_id,
                                "value": value}, callback=True)
    assert ack["ok"], ack


def filed(db, item_id):
    """municipality id (None: the whole gathering) -> payload."""
    return {row["municipality_id"]: row for row in db.query(
        "SELECT municipality_id, module, stage, source, revision, payload FROM record_entries "
        "WHERE item_id = ?", [item_id])}


def ids(demo):
    return {m["name"]: m["id"] for m in demo["municipalities"]}


def run_choice(demo, sockets, counts):
    console = sockets.console()
    choice = item_of(demo, "choice")
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    assert console.emit("activity.open", {"item_id": choice["id"]}, callback=True)["ok"]
    for name, count in counts.items():
        for n in range(count):
            answer(sockets.phone(name), choice, f"{name.lower()}-file-{n}",
                   [1 if name == "Sola" else 0])
    return console, choice


def test_closing_files_each_municipality_and_the_room_with_suppression(app, demo, sockets, db):
    # Sandnes (2) is too small; pooling it pulls in the smallest shown
    # municipality too (Stavanger), so only Sola stands alone.
    console, choice = run_choice(demo, sockets, {"Stavanger": 3, "Sola": 3, "Sandnes": 2})
    assert filed(db, choice["id"]) == {}  # nothing is filed while it is open
    assert console.emit("activity.close", {"item_id": choice["id"]}, callback=True)["ok"]


    rows = filed(db, choice["id"])
    by = ids(demo)
    assert set(rows) == {None, *by.values()}  # every municipality of the gathering, and the room
    payload = {mid: json.loads(row["payload"]) for mid, row in rows.items()}
    assert {(row["module"], row["stage"], row["source"]) for row in rows.values()} == {
        (1, "samling", "activity")}
    revision = gatherings.get_item(db, choice["id"])["revision"]
    assert {row["revision"] for row in rows.values()} == {revision}
    assert payload[by["Sola"]]["n"] == 3
    assert payload[by["Sola"]]["result"]["counts"][:2] == [0, 3]
    assert payload[by["Sola"]]["question"] == choice["definition"]["question"]
    for name in ("Stavanger", "Sandnes", "Hå"):
        assert {k: payload[by[name]][k] for k in ("n", "suppressed", "result")} == {
            "n": None, "suppressed": True, "result": None}, name
    assert payload[None]["n"] == 8
    assert payload[None]["result"]["counts"][:2] == [5, 3]
    assert "room" not in payload[by["Sola"]]  # the room is its own row

    log = records.audit_log(db, demo["programme_id"])
    assert log[0]["action"] == "filed" and log[0]["detail"]["item_id"] == choice["id"]
    assert log[0]["username"] == demo["username"]


def test_reopening_and_closing_again_replaces_what_was_filed(app, demo, sockets, db):
    console, choice = run_choice(demo, sockets, {"Sola": 3})
    console.emit("activity.close", {"item_id": choice["id"]}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    answer(sockets.phone("Sola"), choice, "sola-late-answer", [2])
    console.emit("activity.close", {"item_id": choice["id"]}, callback=True)
    sola = ids(demo)["Sola"]
    rows = list(db.query("SELECT payload, revision FROM record_entries WHERE item_id = ? "
                         "AND municipality_id = ?", [choice["id"], sola]))
    assert len(rows) == 1

    assert json.loads(rows[0]["payload"])["n"] == 4
    assert rows[0]["revision"] == gatherings.get_item(db, choice["id"])["revision"]


def test_hiding_an_answer_after_closing_files_again_without_it(app, demo, sockets, db):
    console = sockets.console()
    text = item_of(demo, "open_text")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": text["id"]}, callback=True)
    for n in range(4):
        answer(sockets.phone("Sola"), text, f"sola-text-{n}", f"svar nummer {n}")
    console.emit("activity.close", {"item_id": text["id"]}, callback=True)
    response = next(iter(db.query("SELECT id FROM responses WHERE item_id = ? AND value = ?",
                                  [text["id"], '"svar nummer 1"'])))
    assert console.emit("response.hide", {"response_id": response["id"], "hidden": True},
                        callback=True)["ok"]
    stored = records.entries_for(db, demo["programme_id"], ids(demo)["Sola"])
    room = next(e for e in stored if e["municipality_id"] is None and e["item_id"] == text["id"])
    # four devices answered; the hidden text is no longer in what was filed
    assert room["payload"]["n"] == 3
    assert "svar nummer 1" not in str(room["payload"]["result"])
    assert "svar nummer 2" in str(room["payload"]["result"])


def test_ending_the_gathering_files_every_open_and_locked_activity(app, demo, sockets, db):
    console, choice = run_choice(demo, sockets, {"Sola": 3})
    cloud = item_of(demo, "wordcloud")
    console.emit("activity.open", {"item_id": cloud["id"]}, callback=True)
    answer(sockets.phone("Sola"), cloud, "sola-word-1", ["modig"])
    console.emit("activity.lock", {"item_id": cloud["id"]}, callback=True)
    assert filed(db, cloud["id"]) == {}
    assert console.emit("gathering.end", {}, callback=True)["ok"]
    assert set(filed(db, choice["id"])) >= {None, ids(demo)["Sola"]}
    assert set(filed(db, cloud["id"])) >= {None, ids(demo)["Sola"]}
    idle = item_of(demo, "ranking")
    assert filed(db, idle["id"]) == {}  # never opened: nothing to file


def test_a_reset_takes_the_activity_out_of_the_record(app, demo, sockets, db):
    console, choice = run_choice(demo, sockets, {"Sola": 3})
    console.emit("activity.close", {"item_id": choice["id"]}, callback=True)
    assert filed(db, choice["id"])
    console.emit("activity.reset", {"item_id": choice["id"]}, callback=True)
    assert filed(db, choice["id"]) == {}


def test_check_in_of_the_module_before_opens_on_the_projector(app, demo, db):
    socketio = app.extensions["socketio"]
    module_two = next(g for g in gatherings.list_gatherings(db) if g["module"] == 2)
    sola = programmes.get_municipality(db, ids(demo)["Sola"])
    records.save_initiative(db, sola, 1, {"what": "Fast punkt i ledermøtet", "owner": "Kari",
                                          "due": "2027-03-01", "term": "short",
                                          "status": "started"}, initiative_id=None, user_id=None)
    records.save_ambition(db, sola, 1, 4, "Lede an", user_id=None)

    console = socketio.test_client(app, flask_test_client=log_in(app.test_client(), demo),
                                   auth={"role": "console", "code": module_two["code"]})
    presenter = socketio.test_client(app, auth={"role": "presenter", "code": module_two["code"],
                                                "key": module_two["presenter_key"]})
    state = received(console, "state")[-1]
    listed = {m["name"]: m for m in state["checkin"]["municipalities"]}
    assert state["checkin"]["module"] == 1 and state["checkin"]["shown"] is None
    assert listed["Sola"]["initiatives"][0]["what"] == "Fast punkt i ledermøtet"
    assert listed["Sola"]["ambition"]["level"] == 4
    assert listed["Stavanger"]["initiatives"] == []
    assert received(presenter, "state")[-1]["checkin"]["shown"] is None  # not before it opens

    assert console.emit("checkin.show", {"municipality_id": sola["id"]}, callback=True)["ok"]
    shown = received(presenter, "state")[-1]["checkin"]["shown"]
    assert shown["name"] == "Sola"
    assert shown["initiatives"][0]["what"] == "Fast punkt i ledermøtet"
    assert console.emit("checkin.show", {"municipality_id": None}, callback=True)["ok"]
    assert received(presenter, "state")[-1]["checkin"]["shown"] is None

    bodo = programmes.add_municipality(db, demo["programme_id"], "Ikke med")
    refused = console.emit("checkin.show", {"municipality_id": bodo}, callback=True)
    assert refused["error"]["code"] == "no_checkin"


def test_module_one_has_no_check_in(app, demo, sockets):
    console = sockets.console()
    assert received(console, "state")[-1]["checkin"] == {"module": 0, "shown": None,
                                                         "municipalities": []}
    refused = console.emit("checkin.show", {"municipality_id": demo["municipalities"][0]["id"]},
                           callback=True)
    assert refused["error"]["code"] == "no_checkin"


def test_the_console_shows_prework_beside_a_word_cloud_asking_the_same(app, demo, sockets, db):
    cloud = item_of(demo, "wordcloud")
    sola = programmes.get_municipality(db, ids(demo)["Sola"])
    records.save_prework(db, sola, 1, "Forarbeid", {"q1": "Tillit"}, by="coordinator",
                         respondent="coordinator")
    records.save_prework(db, sola, 1, "Forarbeid", {"q1": "Mot"}, by="leader",
                         respondent="leader-1-abcdefghijkl")
    console = sockets.console()
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": cloud["id"]}, callback=True)
    prework = received(console, "state")[-1]["prework"]
    assert prework["item_id"] == cloud["id"] and prework["key"] == "q1"
    found = {m["name"]: m["answers"] for m in prework["municipalities"]}
    assert found["Sola"] == ["Tillit", "Mot"] and found["Stavanger"] == []
    presenter = sockets.presenter()
    assert "prework" not in received(presenter, "state")[-1]  # never on the projector
    choice = item_of(demo, "choice")
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    assert received(console, "state")[-1]["prework"] is None
