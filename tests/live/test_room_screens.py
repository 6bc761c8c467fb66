"""What the room sees and what only the console sees: reveal on the
projector with the plan's default, a private preview of another view,
looking back after the end, answers paused when the facilitator moves on."""

from support import flush, item_of, latest_results, log_in, received

from facilitate.store import gatherings, responses


def answer(phone, item, submission_id, value):
    ack = phone.emit("answer", {"item_id": item["id"], "submission_id": submission_id,
                                "value": value}, callback=True)
    assert ack["ok"], ack


def test_the_plan_sets_which_items_show_results_from_the_start(demo, db):
    # Module 2's check-in word cloud says `reveal = true`; module 1's does not.
    module_2 = next(g for g in gatherings.list_gatherings(db) if g["module"] == 2)
    check_in = gatherings.list_items(db, module_2["id"])[0]
    assert check_in["reveal_default"] is True and check_in["results_visible"] is True
    choice = item_of(demo, "choice")
    assert choice["reveal_default"] is False and choice["results_visible"] is False


def test_reset_returns_to_the_plans_reveal_default(app, demo, db):
    module_2 = next(g for g in gatherings.list_gatherings(db) if g["module"] == 2)
    check_in = gatherings.list_items(db, module_2["id"])[0]
    choice = item_of(demo, "choice")
    for item, visible in ((check_in, False), (choice, True)):
        gatherings.update_item(db, item["id"], results_visible=visible)
    db.conn.commit()
    client = app.test_client()
    log_in(client, demo)
    socketio = app.extensions["socketio"]
    for item, code in ((check_in, module_2["code"]), (choice, demo["gathering"]["code"])):
        console = socketio.test_client(app, flask_test_client=client,
                                       auth={"role": "console", "code": code})
        assert console.emit("activity.reset", {"item_id": item["id"]}, callback=True)["ok"]
        console.disconnect()
    assert gatherings.get_item(db, check_in["id"])["results_visible"] is True
    assert gatherings.get_item(db, choice["id"])["results_visible"] is False


def test_a_preview_is_the_consoles_alone_until_shown_to_the_room(app, demo, sockets, db):
    console, presenter = sockets.console(), sockets.presenter()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    console.emit("results.reveal", {"item_id": choice["id"], "visible": True}, callback=True)
    for name, count in (("Stavanger", 3), ("Sola", 3)):
        for n in range(count):
            answer(sockets.phone(name), choice, f"{name}-preview-{n}", [0])
    flush(app)
    console.get_received()
    presenter.get_received()

    assert console.emit("results.preview", {"item_id": choice["id"], "mode": "by_municipality"},
                        callback=True) == {"ok": True}
    state = received(console, "state")[-1]
    assert state["preview"]["mode"] == "by_municipality" and state["preview"]["preview"] is True
    assert state["results"]["mode"] == "all"
    stavanger = next(m for m in demo["municipalities"] if m["name"] == "Stavanger")
    assert stavanger["id"] in state["results"]["versus_choices"]
    room = received(presenter, "state")[-1]
    assert room["results"]["mode"] == "all" and "preview" not in room
    assert "versus_choices" not in room["results"]
    # New answers refresh the preview too, for the console alone.
    answer(sockets.phone("Sola"), choice, "sola-late-1", [1])
    flush(app)
    assert received(console, "preview")[-1]["respondents"] == 7
    assert received(presenter, "preview") == []

    # "Show this to the room": the room's view becomes the preview's, which ends.
    console.emit("results.view", {"item_id": choice["id"], "mode": "by_municipality"},
                 callback=True)
    assert latest_results(presenter)["mode"] == "by_municipality"
    stored = gatherings.get_item(db, choice["id"])
    assert (stored["view_mode"], stored["preview_mode"]) == ("by_municipality", None)
    assert console.emit("results.preview", {"item_id": choice["id"], "mode": "sideways"},
                        callback=True)["error"]["code"] == "bad_view"


def test_moving_on_pauses_answers_to_the_item_left_open(app, demo, sockets, db):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    console.emit("agenda.next", {}, callback=True)
    assert gatherings.get_item(db, choice["id"])["status"] == "locked"
    items = received(console, "state")[-1]["items"]
    assert next(i for i in items if i["id"] == choice["id"])["status"] == "locked"


def test_after_the_end_the_console_looks_back_read_only(app, demo, sockets, db):
    console, presenter = sockets.console(), sockets.presenter()
    text_item = item_of(demo, "open_text")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": text_item["id"]}, callback=True)
    for n in range(3):
        answer(sockets.phone("Sola"), text_item, f"kept-answer-{n}", f"Svar {n}")
    console.emit("gathering.end", {}, callback=True)
    presenter.get_received()
    version = gatherings.get_gathering(db, demo["gathering"]["id"])["version"]

    ack = console.emit("results.fetch", {"item_id": text_item["id"]}, callback=True)
    assert ack["ok"]
    assert {a["text"] for a in ack["results"]["groups"][0]["result"]["answers"]} == \
        {"Svar 0", "Svar 1", "Svar 2"}
    assert len(ack["moderation"]["texts"]) == 3
    assert gatherings.get_gathering(db, demo["gathering"]["id"])["version"] == version
    assert received(presenter, "state") == []
    assert presenter.emit("results.fetch", {"item_id": text_item["id"]},
                          callback=True)["error"]["code"] == "not_allowed"


def test_a_hidden_word_leaves_the_rest_of_the_answer(app, demo, sockets, db):
    console = sockets.console()
    cloud = item_of(demo, "wordcloud")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": cloud["id"]}, callback=True)
    for n in range(3):
        answer(sockets.phone("Sola"), cloud, f"cloud-words-{n}", ["tydelig", "modig", "Tillit"])
    assert console.emit("activity.action", {"item_id": cloud["id"], "action": "hide_word",
                                            "params": {"word": "tydelig", "hidden": True}},
                        callback=True) == {"ok": True}
    state = received(console, "state")[-1]
    shown = state["results"]["groups"][0]["result"]["words"]
    assert sorted(w["word"] for w in shown) == ["Tillit", "modig"]
    moderation = state["moderation"]
    assert {(m["text"], m["word_hidden"], m["hidden"]) for m in moderation} == {
        ("tydelig", True, False), ("modig", False, False), ("Tillit", False, False)}
    assert all(not r.hidden for r in responses.current_responses(db, cloud["id"]))
