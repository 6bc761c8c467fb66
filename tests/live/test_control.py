"""The facilitator's controls and what each room sees of them."""

from support import flush, item_of, latest_moderation, latest_results, received

from facilitate.store import gatherings, responses


def answer(phone, item, submission_id, value):
    ack = phone.emit("answer", {"item_id": item["id"], "submission_id": submission_id,
                                "value": value}, callback=True)
    assert ack["ok"], ack
    return ack


def test_agenda_moves_and_every_room_hears_it(app, demo, sockets, db):
    console = sockets.console()
    presenter = sockets.presenter()
    phone = sockets.phone("Hå")
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    assert console.emit("agenda.next", {}, callback=True)["ok"]
    assert console.emit("agenda.prev", {}, callback=True)["ok"]
    assert console.emit("agenda.goto", {"position": 3}, callback=True)["ok"]
    assert console.emit("agenda.goto", {"position": 999}, callback=True)["error"]["code"] == \
        "unknown_item"
    last = {name: received(client, "state")[-1]
            for name, client in (("console", console), ("presenter", presenter), ("phone", phone))}
    for state in last.values():
        assert state["current"]["position"] == 3
    started = [i for i in gatherings.list_items(db, demo["gathering"]["id"]) if i["started_at"]]
    assert [i["position"] for i in started] == [0, 1, 3]


def test_navigation_before_start_is_refused(app, demo, sockets):
    console = sockets.console()
    assert console.emit("agenda.next", {}, callback=True)["error"]["code"] == "not_running"


def test_reveal_sends_results_to_phones(app, demo, sockets):
    console = sockets.console()
    phones = [sockets.phone("Stavanger") for _ in range(3)]
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    for n, phone in enumerate(phones):
        answer(phone, choice, f"reveal-123{n}", [0])
    flush(app)
    assert latest_results(phones[0]) is None  # not before the reveal
    console.emit("results.reveal", {"item_id": choice["id"], "visible": True}, callback=True)
    assert latest_results(phones[0])["groups"][0]["result"]["counts"][0] == 3


def test_split_by_municipality_suppresses_small_groups(app, demo, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    for name, count in (("Stavanger", 4), ("Sola", 3), ("Sandnes", 1)):
        for n in range(count):
            option = 1 if name == "Sandnes" else 0
            answer(sockets.phone(name), choice, f"{name.lower()}-answer-{n}", [option])
    assert console.emit("results.view", {"item_id": choice["id"], "mode": "by_municipality"},
                        callback=True)["ok"]
    console.get_received()
    flush(app)
    groups = {g["label"]: g for g in received(console, "results")[-1]["groups"]}
    assert groups["Stavanger"]["result"]["counts"][0] == 4
    assert groups["Sandnes"]["suppressed"] is True
    assert groups["Sandnes"]["result"] is None
    assert groups["Sandnes"]["n"] is None  # not even the count of 1 shows
    # Sola has 3, but showing it would let the room subtract Sandnes's one
    # answer from the total, so it is held back too.
    assert groups["Sola"]["suppressed"] is True


def test_versus_view_and_bad_views(app, demo, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    stavanger = next(m for m in demo["municipalities"] if m["name"] == "Stavanger")
    ok = console.emit("results.view", {"item_id": choice["id"], "mode": "versus",
                                       "municipality_id": stavanger["id"]}, callback=True)
    assert ok["ok"]
    for payload in ({"item_id": choice["id"], "mode": "pie"},
                    {"item_id": choice["id"], "mode": "versus", "municipality_id": 999999}):
        assert console.emit("results.view", payload, callback=True)["error"]["code"] == "bad_view"


def test_hiding_a_text_answer_removes_it_everywhere(app, demo, sockets, db):
    console = sockets.console()
    presenter = sockets.presenter()
    phone = sockets.phone("Sola")
    text_item = item_of(demo, "open_text")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": text_item["id"]}, callback=True)
    console.emit("results.reveal", {"item_id": text_item["id"], "visible": True}, callback=True)
    answer(phone, text_item, "rude-answer-1", "Noe upassende")
    stored = responses.current_responses(db, text_item["id"])[0]

    presenter.get_received()
    console.get_received()
    assert console.emit("response.hide", {"response_id": stored.id, "hidden": True},
                        callback=True)["ok"]
    flush(app)

    shown = latest_results(presenter)["groups"][0]["result"]["answers"]
    assert shown == []
    moderation = latest_moderation(console)
    assert moderation == [{"response_id": stored.id, "text": "Noe upassende", "hidden": True}]
    assert console.emit("response.hide", {"response_id": 424242, "hidden": True},
                        callback=True)["error"]["code"] == "unknown_response"


def test_word_merge_applies_to_past_and_future_answers(app, demo, sockets):
    console = sockets.console()
    cloud = item_of(demo, "wordcloud")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": cloud["id"]}, callback=True)
    answer(sockets.phone("Sola"), cloud, "merge-past-1", ["KI"])
    console.get_received()
    assert console.emit("activity.action", {"item_id": cloud["id"], "action": "merge",
                                            "params": {"variant": "KI", "into": "AI"}},
                        callback=True)["ok"]
    merged = received(console, "state")[-1]["items"]
    answer(sockets.phone("Hå"), cloud, "merge-future-1", ["ki"])
    answer(sockets.phone("Time"), cloud, "merge-future-2", ["AI"])
    flush(app)
    words = latest_results(console)["groups"][0]["result"]["words"]
    assert [(w["key"], w["count"]) for w in words] == [("ai", 3)]
    assert next(i for i in merged if i["id"] == cloud["id"])["state"] == {"merges": {"ki": "ai"}}
    for params, code in (({"variant": "og", "into": "og"}, "no_words"),
                         ({"variant": "sky", "into": "AI"}, "word_not_entered"),
                         ({"variant": 5, "into": "AI"}, "bad_type")):
        ack = console.emit("activity.action", {"item_id": cloud["id"], "action": "merge",
                                               "params": params}, callback=True)
        assert ack["error"]["code"] == code
    ack = console.emit("activity.action", {"item_id": cloud["id"], "action": "unmerge",
                                           "params": {"variant": "KI"}}, callback=True)
    assert ack["ok"]
    flush(app)
    words = latest_results(console)["groups"][0]["result"]["words"]
    assert sorted((w["key"], w["count"]) for w in words) == [("ai", 1), ("ki", 2)]


def test_reset_drops_answers_and_a_resend_does_not_return(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    payload = {"item_id": choice["id"], "submission_id": "before-reset", "value": [0]}
    phone.emit("answer", payload, callback=True)
    assert console.emit("activity.reset", {"item_id": choice["id"]}, callback=True)["ok"]
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    assert phone.emit("answer", payload, callback=True)["duplicate"] is True
    assert responses.current_responses(db, choice["id"]) == []


def test_lock_then_open_again(app, demo, sockets):
    console = sockets.console()
    phone = sockets.phone("Sola")
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    console.emit("activity.lock", {"item_id": choice["id"]}, callback=True)
    locked = phone.emit("answer", {"item_id": choice["id"], "submission_id": "locked-1",
                                   "value": [0]}, callback=True)
    assert locked["error"]["code"] == "not_open"
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    answer(phone, choice, "unlocked-1", [0])


def test_presence_counts_answered_per_municipality(app, demo, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    phones = [sockets.phone("Stavanger") for _ in range(3)]
    answer(phones[0], choice, "presence-1", [0])
    console.get_received()
    flush(app)
    presence = received(console, "presence")[-1]
    stavanger = str(next(m["id"] for m in demo["municipalities"] if m["name"] == "Stavanger"))
    assert presence["connected"][stavanger] == 3
    assert presence["answered"][stavanger] == 1
    phones[1].disconnect()
    flush(app)
    assert received(console, "presence")[-1]["connected"][stavanger] == 2


def test_reconnect_with_current_version_gets_only_results(app, demo, sockets):
    console = sockets.console()
    console.emit("gathering.start", {}, callback=True)
    version = received(console, "state")[-1]["version"]
    socketio = app.extensions["socketio"]
    again = socketio.test_client(app, auth={"role": "presenter", "code": demo["gathering"]["code"],
                                            "key": demo["gathering"]["presenter_key"],
                                            "version": version})
    events = again.get_received()
    assert [(e["name"], e["args"][0]["full"]) for e in events] == [("state", False)]
    stale = socketio.test_client(app, auth={"role": "presenter", "code": demo["gathering"]["code"],
                                            "key": demo["gathering"]["presenter_key"],
                                            "version": version - 1})
    assert [(e["name"], e["args"][0]["full"]) for e in stale.get_received()] == [("state", True)]
    assert console.emit("sync", {"version": version}, callback=True)["state"]["full"] is False
    assert console.emit("sync", {"version": 1}, callback=True)["state"]["full"] is True


def test_phone_snapshot_returns_its_own_answers(app, demo, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    http_phone = sockets.phone("Sola")
    answer(http_phone, choice, "mine-1234", [1])
    http_phone.disconnect()
    http_phone.connect(auth={"role": "phone", "code": demo["gathering"]["code"]})
    mine = received(http_phone, "state")[-1]["mine"]
    assert mine == [{"item_id": choice["id"], "key": "", "value": [1],
                     "submission_id": "mine-1234", "resets": 0}]


def test_qa_questions_reach_phones_and_collect_upvotes(app, demo, sockets):
    console = sockets.console()
    asker, voter = sockets.phone("Sola"), sockets.phone("Hå")
    qa = item_of(demo, "qa")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": qa["id"]}, callback=True)
    answer(asker, qa, "question-0001", {"ask": "Hvem eier dataene?"})
    voter.get_received()
    flush(app)
    question = received(voter, "results")[-1]["groups"][0]["result"]["questions"][0]
    assert "question-0001" not in str(received(voter, "results"))  # nobody else's ids
    for vote in ("vote-0001", "vote-0002"):  # a repeated vote still counts once
        answer(voter, qa, vote, {"upvote": question["id"], "on": True})
    voter.get_received()
    flush(app)
    questions = received(voter, "results")[-1]["groups"][0]["result"]["questions"]
    assert [(q["text"], q["votes"]) for q in questions] == [("Hvem eier dataene?", 1)]


def test_a_phone_cannot_take_over_another_phones_question(app, demo, sockets, db):
    """Reusing another phone's submission id asks a new question of one's own."""
    console = sockets.console()
    asker, thief = sockets.phone("Sola"), sockets.phone("Hå")
    qa = item_of(demo, "qa")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": qa["id"]}, callback=True)
    answer(asker, qa, "question-0001", {"ask": "Hvem eier dataene?"})
    answer(thief, qa, "question-0001", {"ask": "Overtatt!"})
    flush(app)
    questions = latest_results(console)["groups"][0]["result"]["questions"]
    assert sorted(q["text"] for q in questions) == ["Hvem eier dataene?", "Overtatt!"]


def test_the_console_pins_and_answers_questions(app, demo, sockets):
    console = sockets.console()
    phone = sockets.phone("Sola")
    qa = item_of(demo, "qa")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": qa["id"]}, callback=True)
    answer(phone, qa, "question-0001", {"ask": "Første"})
    answer(phone, qa, "question-0002", {"ask": "Andre"})
    flush(app)
    first, second = sorted(latest_results(console)["groups"][0]["result"]["questions"],
                           key=lambda q: q["id"])
    for action, params in (("pin", {"question_id": first["id"]}),
                           ("answered", {"question_id": second["id"], "answered": True})):
        assert console.emit("activity.action", {"item_id": qa["id"], "action": action,
                                                "params": params}, callback=True)["ok"]
    questions = latest_results(phone)["groups"][0]["result"]["questions"]
    assert [(q["text"], q["pinned"], q["answered"]) for q in questions] == [
        ("Første", True, False), ("Andre", False, True)]
    ack = console.emit("activity.action", {"item_id": qa["id"], "action": "pin",
                                           "params": {"question_id": 999999}}, callback=True)
    assert ack["error"]["code"] == "unknown_question"


def test_upvote_for_a_question_that_does_not_exist_is_refused(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    qa = item_of(demo, "qa")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": qa["id"]}, callback=True)
    ack = phone.emit("answer", {"item_id": qa["id"], "submission_id": "upvote-0000",
                                "value": {"upvote": 999999, "on": True}}, callback=True)
    assert ack["error"]["code"] == "unknown_question"
    assert responses.current_responses(db, qa["id"]) == []


def test_results_carry_a_revision_that_moves_with_every_change(app, demo, sockets, db):
    console = sockets.console()
    phone = sockets.phone("Sola")
    text_item = item_of(demo, "open_text")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": text_item["id"]}, callback=True)
    revisions = []
    for step in range(2):
        answer(phone, text_item, f"revision-{step}x", f"Svar {step}")
        console.get_received()
        flush(app)
        revisions.append(received(console, "results")[-1]["revision"])
    stored = responses.current_responses(db, text_item["id"])[0]
    console.emit("response.hide", {"response_id": stored.id, "hidden": True}, callback=True)
    flush(app)
    revisions.append(latest_results(console)["revision"])
    assert revisions[0] < revisions[1] < revisions[2]
