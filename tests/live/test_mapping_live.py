"""A mapping over real sockets: every rating is saved as it is given, the
agreement comes from the scribe only, and each municipality's phones see
only their own group's part."""

import time

import pytest
from support import item_of, latest_results, received

from facilitate.store import responses

STAVANGER, SANDNES = "Stavanger", "Sandnes"


def flush(app):
    """Run the broadcaster once, past the mapping's longer results interval
    (the background loop may have sent its results a moment ago)."""
    app.extensions["facilitate_live"].broadcaster.flush(force=True)


@pytest.fixture
def mapping(app, demo, sockets):
    console = sockets.console()
    item = item_of(demo, "mapping")
    assert console.emit("gathering.start", {}, callback=True) == {"ok": True}
    assert console.emit("activity.open", {"item_id": item["id"]}, callback=True) == {"ok": True}
    # The room sees the map as it fills (the projector follows the reveal).
    assert console.emit("results.reveal", {"item_id": item["id"], "visible": True},
                        callback=True) == {"ok": True}
    return {"console": console, "item": item,
            "ids": {m["name"]: m["id"] for m in demo["municipalities"]}}


def rate(phone, item, key, value, sid, note=None):
    body = {"item": key, "rating": value}
    if note is not None:
        body["note"] = note
    return phone.emit("answer", {"item_id": item["id"], "submission_id": sid, "value": body},
                      callback=True)


def act(console, item, name, params):
    return console.emit("activity.action", {"item_id": item["id"], "action": name,
                                            "params": params}, callback=True)


def stored(db, item):
    return {(r.device_id, r.key): r.value for r in responses.current_responses(db, item["id"])}


def test_each_rating_is_saved_as_it_is_given_and_comes_back_after_a_reload(
        app, demo, sockets, db, mapping):
    item = mapping["item"]
    phone = sockets.phone(STAVANGER)
    assert rate(phone, item, "gen1", 4, "rating-0001") == {
        "ok": True, "submission_id": "rating-0001", "duplicate": False}
    assert rate(phone, item, "gen2", None, "rating-0002", note="usikker")["ok"]
    assert rate(phone, item, "gen1", 5, "rating-0003")["ok"]  # changed: replaces gen1
    assert rate(phone, item, "gen1", 5, "rating-0003")["duplicate"] is True  # a resend
    values = {key: value for (_, key), value in stored(db, item).items()}
    assert values == {"gen1": {"item": "gen1", "rating": 5},
                      "gen2": {"item": "gen2", "rating": None, "note": "usikker"}}
    # A reload: the phone's state carries its own answers, one per item.
    again = phone.emit("sync", {}, callback=True)["state"]
    mine = {answer["key"]: answer["value"] for answer in again["mine"]
            if answer["item_id"] == item["id"]}
    assert mine == values


def test_bad_ratings_change_nothing(app, demo, sockets, db, mapping):
    item = mapping["item"]
    phone = sockets.phone(STAVANGER)
    for value, code in ((7, "out_of_range"), ("4", "out_of_range")):
        assert rate(phone, item, "gen1", value, "bad-rating-1")["error"]["code"] == code
    ack = rate(phone, item, "gen99", 3, "bad-rating-2")
    assert ack["error"]["code"] == "unknown_option" and ack["error"]["message"]
    assert stored(db, item) == {}


def test_phones_get_nothing_in_the_individual_round_and_the_room_gets_the_heatmap(
        app, demo, sockets, db, mapping):
    item = mapping["item"]
    presenter = sockets.presenter()
    phones = [sockets.phone(STAVANGER) for _ in range(3)]
    for client in (presenter, *phones):
        client.get_received()
    for n, phone in enumerate(phones):
        assert rate(phone, item, "gen1", n + 2, f"heat-{n}-000")["ok"]
    flush(app)
    assert all(received(phone, "results") == [] for phone in phones)
    shown = latest_results(presenter)
    row = next(r for r in shown["rows"] if r["municipality_id"] == mapping["ids"][STAVANGER])
    assert row["medians"][0] == 3 and row["n"] == 3
    assert shown["respondents"] == 3 and shown["items"][0]["distribution"] == [0, 1, 1, 1, 0, 0]


def test_ratings_close_when_the_agreement_round_starts(app, demo, sockets, db, mapping):
    item, console = mapping["item"], mapping["console"]
    phone = sockets.phone(STAVANGER)
    assert rate(phone, item, "gen1", 3, "before-agree-1")["ok"]
    assert act(console, item, "phase", {"phase": "agree"}) == {"ok": True}
    ack = rate(phone, item, "gen1", 6, "after-agree-1")
    assert ack["error"]["code"] == "wrong_phase" and ack["error"]["message"]
    assert rate(phone, item, "gen1", 3, "before-agree-1")["duplicate"] is True  # a lost ack
    assert stored(db, item)[(phone_device(db, 1), "gen1")]["rating"] == 3


def phone_device(db, nth: int) -> int:
    return db.execute("SELECT id FROM devices ORDER BY id LIMIT 1 OFFSET ?",
                      [nth - 1]).fetchone()[0]


def test_the_agreement_comes_from_the_scribe_only(app, demo, sockets, db, mapping):
    item, console = mapping["item"], mapping["console"]
    scribe, other = sockets.phone(STAVANGER), sockets.phone(STAVANGER)
    neighbour = sockets.phone(SANDNES)
    assert act(console, item, "phase", {"phase": "agree"}) == {"ok": True}
    agreement = {"agree": "gen1", "rating": 4, "generation": 0}

    def send(phone, value, sid):
        return phone.emit("answer", {"item_id": item["id"], "submission_id": sid,
                                     "value": value}, callback=True)

    assert send(other, agreement, "early-agree-1")["error"]["code"] == "not_scribe"
    assert send(scribe, {"scribe": 0}, "claim-stav-1")["ok"]
    assert send(other, {"scribe": 0}, "claim-stav-2")["error"]["code"] == "scribe_taken"
    assert send(other, agreement, "other-agree-1")["error"]["code"] == "not_scribe"
    assert send(neighbour, agreement, "neigh-agree-1")["error"]["code"] == "not_scribe"
    assert send(scribe, agreement, "stav-agree-1")["ok"]
    assert send(scribe, {"type": "barrier", "text": "Siloer", "items": ["gen2"]},
                "stav-note-1")["ok"]
    # Sandnes' own scribe files Sandnes' agreement; it never touches Stavanger's.
    assert send(neighbour, {"scribe": 0}, "claim-sand-1")["ok"]
    assert send(neighbour, {**agreement, "rating": 1}, "sand-agree-1")["ok"]
    rows = db.execute("SELECT municipality_id, value FROM responses WHERE item_id = ? "
                      "AND key = 'agree:gen1' ORDER BY municipality_id",
                      [item["id"]]).fetchall()
    assert sorted(rows) == sorted([(mapping["ids"][STAVANGER], '{"agree": "gen1", "rating": 4, '
                                                               '"generation": 0}'),
                                   (mapping["ids"][SANDNES], '{"agree": "gen1", "rating": 1, '
                                                             '"generation": 0}')])
    # The console releases Stavanger's scribe: the other phone takes over.
    assert act(console, item, "release_scribe",
               {"municipality_id": mapping["ids"][STAVANGER]}) == {"ok": True}
    assert send(scribe, {**agreement, "rating": 2}, "stav-agree-2")["error"]["code"] == \
        "not_scribe"
    assert send(other, {"scribe": 1}, "claim-stav-3")["ok"]
    assert send(other, {**agreement, "rating": 5, "generation": 1}, "stav-agree-3")["ok"]
    flush(app)
    console_view = latest_results(console)
    assert console_view["scribes"][str(mapping["ids"][STAVANGER])] == {"generation": 1,
                                                                       "taken": True}


def test_each_municipality_sees_only_its_own_part(app, demo, sockets, db, mapping):
    item, console = mapping["item"], mapping["console"]
    stavanger = [sockets.phone(STAVANGER) for _ in range(4)]
    sola = [sockets.phone("Sola") for _ in range(3)]  # pooled with Sandnes' two
    sandnes = [sockets.phone(SANDNES) for _ in range(2)]  # below the minimum group
    for n, phone in enumerate(stavanger):
        assert rate(phone, item, "gen1", n + 1, f"stav-rate-{n}", note=f"hemmelig-{n}")["ok"]
    for n, phone in enumerate(sola):
        assert rate(phone, item, "gen1", 5, f"sola-rate-{n}")["ok"]
    for n, phone in enumerate(sandnes):
        assert rate(phone, item, "gen1", 6, f"sand-rate-{n}")["ok"]
    assert act(console, item, "phase", {"phase": "agree"}) == {"ok": True}
    assert sandnes[0].emit("answer", {"item_id": item["id"], "submission_id": "sand-claim-1",
                                      "value": {"scribe": 0}}, callback=True)["ok"]
    flush(app)
    own = latest_results(stavanger[1])
    assert own["municipality_id"] == mapping["ids"][STAVANGER]
    assert own["spread"][0]["distribution"] == [1, 1, 1, 1, 0, 0]
    assert sorted(own["spread"][0]["comments"]) == [f"hemmelig-{n}" for n in range(4)]
    assert own["scribe"]["taken"] is False
    theirs = latest_results(sandnes[1])
    assert theirs["municipality_id"] == mapping["ids"][SANDNES]
    assert theirs["suppressed"] is True and theirs["spread"] is None
    assert theirs["scribe"]["taken"] is True  # the agreement still works in the room
    assert latest_results(sola[0])["suppressed"] is True  # pooled: never alone
    everything = repr([event for phone in sandnes for event in phone.get_received()])
    assert "hemmelig" not in everything
    assert f"'municipality_id': {mapping['ids'][STAVANGER]}" not in everything


def test_a_mapping_is_always_shown_by_municipality(app, demo, sockets, mapping):
    item, console = mapping["item"], mapping["console"]
    ack = console.emit("results.view", {"item_id": item["id"], "mode": "all"}, callback=True)
    assert ack["error"]["code"] == "bad_view"
    assert act(console, item, "show", {"view": "profile"}) == {"ok": True}
    assert act(console, item, "sort", {"by": "spread"}) == {"ok": True}
    assert act(console, item, "sort", {"by": "size"})["error"]["code"] == "bad_type"
    flush(app)
    shown = latest_results(console)
    assert (shown["show"], shown["sort"], shown["mode"]) == ("profile", "spread",
                                                             "by_municipality")


@pytest.mark.app_config(ANSWER_RATE=1_000_000.0, ANSWER_BURST=1_000_000)  # 30 ratings at once
@pytest.mark.parametrize("module", [1, 2, 3, 4])
def test_every_demo_module_runs_its_mapping_end_to_end(app, demo, db, module):
    """Each shipped plan's mapping, with its framework, from opening to what
    would be filed in the record when it closes."""
    from support import log_in

    from facilitate.activities import get_kind
    from facilitate.store import gatherings, programmes

    socketio = app.extensions["socketio"]
    gathering = next(g for g in gatherings.list_gatherings(db) if g["module"] == module)
    item = next(i for i in gatherings.list_items(db, gathering["id"])
                if i["activity_kind"] == "mapping")
    keys = [entry["key"] for entry in item["definition"]["framework"]["items"]]
    members = programmes.gathering_municipalities(db, gathering["id"])
    console = socketio.test_client(app, flask_test_client=log_in(app.test_client(), demo),
                                   auth={"role": "console", "code": gathering["code"]})
    assert console.emit("gathering.start", {}, callback=True)["ok"]
    assert console.emit("activity.open", {"item_id": item["id"]}, callback=True)["ok"]
    phones = []
    for _ in range(3):
        http = app.test_client()
        assert http.post(f"/j/{gathering['code']}", data={
            "municipality": members[0]["id"], "consent": "y"}).status_code == 302
        phones.append(socketio.test_client(app, flask_test_client=http,
                                           auth={"role": "phone", "code": gathering["code"]}))
    for n, phone in enumerate(phones):
        for k, key in enumerate(keys):
            assert rate(phone, item, key, 1 + (n + k) % 6, f"m{module}-{n}-{k:02d}-x")["ok"]
    assert act(console, item, "phase", {"phase": "agree"})["ok"]
    send = lambda value, sid: phones[0].emit("answer", {  # noqa: E731
        "item_id": item["id"], "submission_id": sid, "value": value}, callback=True)
    assert send({"scribe": 0}, f"m{module}-claim-0001")["ok"]
    assert send({"agree": keys[0], "rating": 4, "generation": 0}, f"m{module}-agree-0001")["ok"]
    assert send({"type": "opportunity", "text": "Felles løsninger", "items": keys[:1]},
                f"m{module}-note-0001")["ok"]
    assert console.emit("activity.close", {"item_id": item["id"]}, callback=True)["ok"]

    closed = gatherings.get_item(db, item["id"])
    entries = get_kind("mapping").record_entries(
        closed["definition"], responses.current_responses(db, item["id"]), closed["state"],
        {m["id"]: m["name"] for m in members}, gathering["min_group_size"])
    own = entries[members[0]["id"]]
    assert own["framework"]["key"] == item["definition"]["framework"]["key"]
    assert own["framework"]["version"] == "2026.1"
    assert own["n"] == 3 and len(own["result"]["ratings"]) == 3
    assert set(own["result"]["medians"]) == set(keys)
    assert own["agreed"] == {keys[0]: 4}
    assert [o["text"] for o in own["opportunities"]] == ["Felles løsninger"]
    for client in (console, *phones):
        client.disconnect()


def test_the_mapping_results_go_out_at_most_every_results_interval(app, demo, sockets, mapping):
    item = mapping["item"]
    presenter = sockets.presenter()
    phones = [sockets.phone(STAVANGER) for _ in range(3)]  # the minimum group
    phone = phones[0]
    broadcaster = app.extensions["facilitate_live"].broadcaster
    for n, each in enumerate(phones):
        assert rate(each, item, "gen1", 3, f"interval-000{n}-a")["ok"]
    broadcaster.flush(force=True)
    sent = time.monotonic()
    presenter.get_received()
    assert rate(phone, item, "gen2", 4, "interval-0009-b")["ok"]
    broadcaster.flush()  # within 0.3 s of the last: held back, not lost
    if time.monotonic() - sent < 0.3:  # (a very slow machine may take longer to get here)
        assert received(presenter, "results") == []
    broadcaster.flush(force=True)
    [shown] = received(presenter, "results")
    assert shown["items"][1]["distribution"] == [0, 0, 0, 1, 0, 0]
