"""Breakouts over the socket: groups form, each group's phones see their own
board and nothing of another's, and every rule for the hard cases holds
(docs/PROTOCOL.md, "Breakouts")."""

from __future__ import annotations

import itertools
import json

import pytest
from support import flush, item_of, received

from facilitate.activities import get_kind
from facilitate.store import gatherings, groups, programmes, responses

_ids = itertools.count(1)


def new_id(prefix: str = "sub") -> str:
    return f"{prefix}-{next(_ids):08d}"


@pytest.fixture
def board(demo):
    return item_of(demo, "board")


@pytest.fixture
def console(sockets):
    client = sockets.console()
    assert client.emit("gathering.start", {}, callback=True)["ok"]
    return client


def ok(ack: dict) -> dict:
    assert ack["ok"] is True, ack
    return ack


def refused(ack: dict, code: str) -> None:
    assert ack["ok"] is False, ack
    assert ack["error"]["code"] == code, ack
    assert ack["error"]["message"]


def start(console, board, **extra) -> dict:
    return console.emit("breakout.start", {"item_id": board["id"], **extra}, callback=True)


def me(phone, board) -> dict:
    return phone.emit("board.me", {"item_id": board["id"]}, callback=True)


def post(phone, board, value, submission_id=None) -> dict:
    return phone.emit("answer", {"item_id": board["id"], "submission_id": submission_id or new_id(),
                                 "value": value}, callback=True)


def add(phone, board, group: int, text: str, column: int = 0) -> str:
    ref = new_id("note").replace("-", "")
    ok(post(phone, board, {"op": "add", "group": group, "ref": ref, "text": text,
                           "column": column}))
    return ref


def latest_board(client) -> dict | None:
    """The newest board result a client holds (results, a state, or a board.me ack)."""
    latest = None
    for event in client.get_received():
        payload = event["args"][0]
        if event["name"] == "results":
            latest = payload
        elif event["name"] == "state" and payload.get("results") is not None:
            latest = payload["results"]
    return latest["groups"][0]["result"] if latest else None


def group_of(results: dict) -> int:
    return results["groups"][0]["result"]["group"]["id"]


@pytest.fixture
def room(app, demo, sockets, console, board):
    """Three phones of Sola, two of Hå, joined before the breakout starts; the
    facilitator starts it; each phone asks for its group."""
    phones = {name: sockets.phone(municipality) for name, municipality in (
        ("sola1", "Sola"), ("sola2", "Sola"), ("sola3", "Sola"), ("hå1", "Hå"), ("hå2", "Hå"))}
    ok(start(console, board))
    groups_of = {}
    for name, phone in phones.items():
        assert "regroup" in [event["name"] for event in phone.get_received()]
        ack = ok(me(phone, board))
        groups_of[name] = ack["group"]["id"]
    flush(app)
    for client in (*phones.values(), console):
        client.get_received()
    return {"phones": phones, "group": groups_of}


def test_start_forms_one_group_per_municipality(room, db, demo, board):
    stored = groups.list_groups(db, board["id"])
    assert [g["name"] for g in stored] == [m["name"] for m in demo["municipalities"]]
    assert room["group"]["sola1"] == room["group"]["sola2"] == room["group"]["sola3"]
    assert room["group"]["hå1"] == room["group"]["hå2"] != room["group"]["sola1"]
    item = gatherings.get_item(db, board["id"])
    assert item["status"] == "open" and item["state"]["timer"]["running"] is True


def test_a_note_reaches_its_group_and_the_console_only(app, room, sockets, console, board):
    presenter = sockets.presenter()
    presenter.get_received()
    phones, group = room["phones"], room["group"]
    add(phones["sola1"], board, group["sola1"], "Siloer mellom sektorene")
    flush(app)
    seen = latest_board(phones["sola2"])
    assert [note["text"] for note in seen["board"]["notes"]] == ["Siloer mellom sektorene"]
    assert seen["group"]["id"] == group["sola1"]
    for other in ("hå1", "hå2"):
        assert "Siloer" not in json.dumps(phones[other].get_received(), ensure_ascii=False)
    overview = latest_board(console)
    sola = next(b for b in overview["boards"] if b["group"] == group["sola1"])
    assert sola["notes"][0]["text"] == "Siloer mellom sektorene"
    # The projector sees how far each group is, never a note.
    projector = presenter.get_received()
    assert "Siloer" not in json.dumps(projector, ensure_ascii=False)
    assert any(b["note_count"] == 1 for b in latest_board_from(projector)["boards"])


def latest_board_from(events: list) -> dict:
    found = [e["args"][0] for e in events if e["name"] == "results"]
    return found[-1]["groups"][0]["result"]


def test_no_device_number_or_submission_id_reaches_a_phone(app, room, board, db):
    phones, group = room["phones"], room["group"]
    submission = new_id()
    ok(post(phones["sola1"], board, {"op": "add", "group": group["sola1"], "ref": "abcdefgh12",
                                     "text": "Tillit"}, submission))
    flush(app)
    text = json.dumps(phones["sola2"].get_received())
    assert submission not in text and '"members"' not in text and '"device"' not in text


def test_a_phone_of_another_group_can_neither_post_nor_change_a_board(app, room, board):
    phones, group = room["phones"], room["group"]
    ref = add(phones["sola1"], board, group["sola1"], "Vår lapp")
    refused(post(phones["hå1"], board, {"op": "add", "group": group["sola1"], "ref": "intruder01",
                                        "text": "Inntrenger"}), "not_in_group")
    # Naming its own group but Sola's note: the note is on another board.
    refused(post(phones["hå1"], board, {"op": "edit", "group": group["hå1"], "note": ref, "rev": 1,
                                        "text": "Endret"}), "not_in_group")
    refused(post(phones["hå1"], board, {"op": "delete", "group": group["hå1"], "note": ref}),
            "not_in_group")
    refused(post(phones["hå1"], board, {"op": "vote", "group": group["hå1"], "dots": {ref: 1}}),
            "unknown_note")


def test_a_resent_note_is_stored_once(app, room, board, db):
    phones, group = room["phones"], room["group"]
    value = {"op": "add", "group": group["sola1"], "ref": "onceonly01", "text": "Én gang"}
    first = ok(post(phones["sola1"], board, value, "resend-0001"))
    again = ok(post(phones["sola1"], board, value, "resend-0001"))
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    stored = [r for r in responses.current_responses(db, board["id"]) if r.key.startswith("n:")]
    assert len(stored) == 1
    # The same ref under a new submission id is not a second note either.
    refused(post(phones["sola1"], board, value), "duplicate_note")


def test_only_the_author_and_the_scribe_edit_and_an_older_revision_is_refused(app, room, board,
                                                                               db):
    phones, group = room["phones"], room["group"]
    ref = add(phones["sola1"], board, group["sola1"], "Første tekst")

    def edit(phone, rev, text):
        return post(phone, board, {"op": "edit", "group": group["sola1"], "note": ref, "rev": rev,
                                   "text": text})

    refused(edit(phones["sola2"], 1, "Ikke min"), "not_author")
    scribe = ok(phones["sola2"].emit("board.scribe", {"item_id": board["id"], "take": True},
                                     callback=True))
    assert scribe["scribe"] is True
    ok(edit(phones["sola2"], 1, "Sekretærens tekst"))
    refused(edit(phones["sola1"], 1, "Forfatterens tekst"), "note_changed")
    ok(edit(phones["sola1"], 2, "Forfatterens tekst"))
    flush(app)
    note = latest_board(phones["sola3"])["board"]["notes"][0]
    assert (note["text"], note["rev"], note["edited"]) == ("Forfatterens tekst", 3, "author")


def test_the_scribe_role_goes_to_the_first_who_takes_it(room, board, console):
    phones = room["phones"]
    ok(phones["sola1"].emit("board.scribe", {"item_id": board["id"], "take": True}, callback=True))
    refused(phones["sola2"].emit("board.scribe", {"item_id": board["id"], "take": True},
                                 callback=True), "scribe_taken")
    refused(phones["sola2"].emit("board.scribe", {"item_id": board["id"], "take": False},
                                 callback=True), "not_scribe")
    ok(phones["sola1"].emit("board.scribe", {"item_id": board["id"], "take": False},
                            callback=True))
    ok(phones["sola2"].emit("board.scribe", {"item_id": board["id"], "take": True}, callback=True))


def test_the_console_chooses_a_scribe_among_the_members(room, board, console, db):
    group = room["group"]
    hå_device = next(d for d, in db.execute(
        "SELECT device_id FROM group_members WHERE group_id = ?", [group["hå1"]]).fetchall())
    refused(console.emit("breakout.scribe", {"item_id": board["id"], "group_id": group["sola1"],
                                             "device_id": hå_device}, callback=True),
            "not_in_group")
    ok(console.emit("breakout.scribe", {"item_id": board["id"], "group_id": group["hå1"],
                                        "device_id": hå_device}, callback=True))
    assert groups.get_group(db, group["hå1"])["scribe_device_id"] == hå_device
    assert ok(me(room["phones"]["hå1"], board))["scribe"] != ok(me(room["phones"]["hå2"],
                                                                   board))["scribe"]


def test_the_scribe_merges_renames_and_splits_clusters(app, room, board):
    phones, group = room["phones"], room["group"]
    gid = group["sola1"]
    first = add(phones["sola1"], board, gid, "Tillit")
    second = add(phones["sola2"], board, gid, "Tiltro")
    third = add(phones["sola3"], board, gid, "Tid")
    merge = {"op": "merge", "group": gid, "notes": [first, second], "name": "Tillit"}
    refused(post(phones["sola1"], board, merge), "not_scribe")
    ok(phones["sola1"].emit("board.scribe", {"item_id": board["id"], "take": True}, callback=True))
    ok(post(phones["sola1"], board, merge))
    flush(app)
    [cluster] = latest_board(phones["sola3"])["board"]["clusters"]
    assert (cluster["name"], cluster["notes"]) == ("Tillit", [first, second])
    ok(post(phones["sola1"], board, {"op": "merge", "group": gid, "notes": [third],
                                     "cluster": cluster["id"]}))
    ok(post(phones["sola1"], board, {"op": "rename", "group": gid, "cluster": cluster["id"],
                                     "name": "Tillit og tid"}))
    flush(app)
    [cluster] = latest_board(phones["sola2"])["board"]["clusters"]
    assert (cluster["name"], cluster["notes"]) == ("Tillit og tid", [first, second, third])
    refused(post(phones["sola1"], board, {"op": "merge", "group": gid,
                                          "notes": [first, "nonote123"], "name": "X"}),
            "unknown_note")
    refused(post(phones["sola1"], board, {"op": "rename", "group": gid, "cluster": 999,
                                          "name": "X"}), "unknown_cluster")
    ok(post(phones["sola1"], board, {"op": "unmerge", "group": gid, "cluster": cluster["id"]}))
    flush(app)
    assert latest_board(phones["sola2"])["board"]["clusters"] == []


def test_a_note_deleted_while_merged_and_voted_on_leaves_its_cluster_and_frees_the_dots(
        app, room, board, console):
    phones, group = room["phones"], room["group"]
    gid = group["sola1"]
    kept = add(phones["sola1"], board, gid, "Beholdes")
    gone = add(phones["sola2"], board, gid, "Slettes")
    ok(phones["sola1"].emit("board.scribe", {"item_id": board["id"], "take": True}, callback=True))
    ok(post(phones["sola1"], board, {"op": "merge", "group": gid, "notes": [kept, gone],
                                     "name": "Klynge"}))
    ok(post(phones["sola3"], board, {"op": "vote", "group": gid, "dots": {gone: 5}}))
    ok(post(phones["sola2"], board, {"op": "delete", "group": gid, "note": gone}))
    flush(app)
    shown = latest_board(console)
    sola = next(b for b in shown["boards"] if b["group"] == gid)
    assert [n["id"] for n in sola["notes"]] == [kept]
    assert sola["clusters"][0]["notes"] == [kept]
    assert sola["dots_spent"] == 0  # the 5 dots count for nothing and are free again
    ok(post(phones["sola3"], board, {"op": "vote", "group": gid, "dots": {kept: 5}}))
    refused(post(phones["sola3"], board, {"op": "vote", "group": gid, "dots": {gone: 1}}),
            "unknown_note")
    refused(post(phones["sola2"], board, {"op": "edit", "group": gid, "note": gone, "rev": 1,
                                          "text": "x"}), "unknown_note")


def test_dots_have_a_budget_move_until_voting_closes_and_totals_show_when_revealed(
        app, room, board, console):
    phones, group = room["phones"], room["group"]
    gid = group["sola1"]
    a = add(phones["sola1"], board, gid, "A")
    b = add(phones["sola1"], board, gid, "B")
    refused(post(phones["sola2"], board, {"op": "vote", "group": gid, "dots": {a: 4, b: 2}}),
            "over_budget")
    ok(post(phones["sola2"], board, {"op": "vote", "group": gid, "dots": {a: 4, b: 1}}))
    ok(post(phones["sola2"], board, {"op": "vote", "group": gid, "dots": {a: 1, b: 4}}))  # moved
    flush(app)
    hidden = latest_board(phones["sola3"])["board"]
    assert {n["votes"] for n in hidden["notes"]} == {None}
    ok(console.emit("results.reveal", {"item_id": board["id"], "visible": True}, callback=True))
    flush(app)
    shown = latest_board(phones["sola3"])["board"]
    assert {n["id"]: n["votes"] for n in shown["notes"]} == {a: 1, b: 4}
    assert [entry["id"] for entry in shown["ranked"]] == [b, a]  # most dots first
    ok(console.emit("activity.action", {"item_id": board["id"], "action": "voting",
                                        "params": {"open": False}}, callback=True))
    refused(post(phones["sola2"], board, {"op": "vote", "group": gid, "dots": {a: 5}}),
            "voting_closed")
    flush(app)
    assert {n["id"]: n["votes"] for n in latest_board(phones["sola1"])["board"]["notes"]} == \
        {a: 1, b: 4}  # the dots given stay


def test_a_phone_moved_mid_task_leaves_its_notes_takes_back_its_dots_and_follows_its_new_group(
        app, room, board, console, db):
    phones, group = room["phones"], room["group"]
    sola, hå = group["sola1"], group["hå1"]
    mine = add(phones["sola2"], board, sola, "Skrevet i Sola-gruppa")
    ok(post(phones["sola2"], board, {"op": "vote", "group": sola, "dots": {mine: 3}}))
    device = db.execute("SELECT device_id FROM responses WHERE key = ?",
                        [f"n:{mine}"]).fetchone()[0]
    phones["sola2"].get_received()
    ok(console.emit("breakout.move", {"item_id": board["id"], "device_id": device,
                                      "group_id": hå}, callback=True))
    assert "regroup" in [e["name"] for e in phones["sola2"].get_received()]
    assert not any(e["name"] == "regroup" for e in phones["sola1"].get_received())
    ok(phones["sola2"].emit("sync", {}, callback=True))  # as live.js does on regroup
    refused(post(phones["sola2"], board, {"op": "add", "group": sola, "ref": "lateadd001",
                                          "text": "For sent"}), "not_in_group")
    add(phones["hå1"], board, hå, "Hå skriver")
    add(phones["sola1"], board, sola, "Sola skriver")
    flush(app)
    events = phones["sola2"].get_received()
    text = json.dumps(events, ensure_ascii=False)
    assert "Hå skriver" in text and "Sola skriver" not in text
    sola_board = next(b for b in latest_board(console)["boards"] if b["group"] == sola)
    assert mine in [n["id"] for n in sola_board["notes"]] and sola_board["dots_spent"] == 0
    refused(console.emit("breakout.move", {"item_id": board["id"], "device_id": device,
                                           "group_id": 10**6}, callback=True), "unknown_group")
    refused(console.emit("breakout.move", {"item_id": board["id"], "device_id": 10**6,
                                           "group_id": hå}, callback=True), "unknown_device")


def test_a_late_joiner_lands_in_its_municipalitys_group(app, demo, sockets, room, board, db):
    klepp = sockets.phone("Klepp")
    ack = ok(me(klepp, board))
    assert ack["group"]["name"] == "Klepp"
    extra_sola = sockets.phone("Sola")
    assert ok(me(extra_sola, board))["group"]["id"] == room["group"]["sola1"]
    flush(app)
    assert latest_board(klepp)["group"]["name"] == "Klepp"


def test_mixed_groups_are_balanced_and_cannot_be_formed_again_once_used(app, demo, sockets,
                                                                        console, board, db):
    with db.conn:
        definition = {**board["definition"], "grouping": "mixed"}
        db.execute("UPDATE items SET definition = ? WHERE id = ?",
                   [json.dumps(definition), board["id"]])
    names = ["Sola"] * 4 + ["Hå"] * 3 + ["Klepp"] * 3
    phones = [sockets.phone(name) for name in names]
    ok(start(console, board, group_size=5))
    formed = groups.list_groups(db, board["id"])
    assert sorted(len(g["members"]) for g in formed) == [5, 5]
    homes = dict(db.execute("SELECT id, municipality_id FROM devices").fetchall())
    for g in formed:  # each group mixes municipalities
        assert len({homes[d] for d in g["members"]}) >= 2
    ok(start(console, board, group_size=3))  # formed again: nothing written yet
    assert len(groups.list_groups(db, board["id"])) == 3
    gid = ok(me(phones[0], board))["group"]["id"]
    add(phones[0], board, gid, "Nå er vi i gang")
    refused(start(console, board, group_size=4), "board_started")
    refused(start(console, board, group_size=1), "bad_group_size")


def test_chosen_groups_are_picked_on_the_phone(app, demo, sockets, console, board, db):
    with db.conn:
        definition = {**board["definition"], "grouping": "chosen",
                      "groups": ["Helse", "Oppvekst"]}
        db.execute("UPDATE items SET definition = ? WHERE id = ?",
                   [json.dumps(definition), board["id"]])
    phone = sockets.phone("Sola")
    ok(start(console, board))
    ack = ok(me(phone, board))
    assert ack["group"] is None
    lobby = ack["results"]["groups"][0]["result"]
    assert [c["name"] for c in lobby["choices"]] == ["Helse", "Oppvekst"]
    refused(post(phone, board, {"op": "add", "group": lobby["choices"][0]["id"],
                                "ref": "nogroup001", "text": "x"}), "no_group")
    refused(phone.emit("board.choose", {"item_id": board["id"], "group_id": 10**6},
                       callback=True), "unknown_group")
    chosen = ok(phone.emit("board.choose", {"item_id": board["id"],
                                            "group_id": lobby["choices"][1]["id"]},
                           callback=True))
    assert chosen["group"]["name"] == "Oppvekst"
    refused(phone.emit("board.choose", {"item_id": board["id"],
                                        "group_id": lobby["choices"][0]["id"]}, callback=True),
            "already_in_group")


def test_choosing_is_only_for_chosen_groups(room, board):
    refused(room["phones"]["sola1"].emit("board.choose", {"item_id": board["id"],
                                                          "group_id": room["group"]["hå1"]},
                                         callback=True), "choose_not_allowed")


def test_the_timer_starts_pauses_and_takes_minutes(app, room, board, console, db):
    def timer(**payload):
        return console.emit("breakout.timer", {"item_id": board["id"], **payload}, callback=True)

    ok(timer(do="pause"))
    paused = gatherings.get_item(db, board["id"])["state"]["timer"]
    assert paused["running"] is False and 19 * 60_000 < paused["remaining_ms"] <= 20 * 60_000
    ok(timer(do="add", amount=5))
    assert gatherings.get_item(db, board["id"])["state"]["timer"]["remaining_ms"] > 24 * 60_000
    ok(timer(do="set", amount=3))
    ok(timer(do="start"))
    running = gatherings.get_item(db, board["id"])["state"]["timer"]
    assert running["running"] is True and running["remaining_ms"] == 3000
    refused(timer(do="explode"), "bad_timer")
    refused(timer(do="add", amount=10**4), "bad_timer")
    flush(app)
    assert latest_board(room["phones"]["hå1"])["timer"]["ends_at_ms"] == running["ends_at_ms"]


def test_a_message_reaches_every_group(app, room, board, console):
    ok(console.emit("breakout.message", {"item_id": board["id"], "text": " 5 minutter igjen "},
                    callback=True))
    flush(app)
    for phone in room["phones"].values():
        assert latest_board(phone)["message"] == "5 minutter igjen"
    refused(console.emit("breakout.message", {"item_id": board["id"], "text": "x" * 281},
                         callback=True), "too_long")
    refused(console.emit("breakout.message", {"item_id": board["id"], "text": "a\x00b"},
                         callback=True), "bad_type")


def test_report_back_shows_one_group_on_the_projector_and_pins_make_the_summary(
        app, room, board, console, sockets):
    phones, group = room["phones"], room["group"]
    presenter = sockets.presenter()
    note = add(phones["hå1"], board, group["hå1"], "Felles innbyggerportal")
    add(phones["sola1"], board, group["sola1"], "Deling av data")

    def action(name, params):
        return console.emit("activity.action", {"item_id": board["id"], "action": name,
                                                "params": params}, callback=True)

    ok(action("report", {"group_id": group["hå1"]}))
    flush(app)
    shown = latest_board(presenter)["shown"]
    assert [n["text"] for n in shown["notes"]] == ["Felles innbyggerportal"]
    assert "Deling av data" not in json.dumps(presenter.get_received(), ensure_ascii=False)
    ok(action("pin", {"group_id": group["hå1"], "note": note, "pinned": True}))
    ok(action("report", {"group_id": "summary"}))
    flush(app)
    shown = latest_board(presenter)
    assert shown["shown"] is None and [p["text"] for p in shown["summary"]] == [
        "Felles innbyggerportal"]
    refused(action("report", {"group_id": 10**6}), "unknown_group")
    refused(action("pin", {"group_id": group["sola1"], "note": note, "pinned": True}),
            "unknown_note")


def test_come_back_closes_the_board_everywhere(app, room, board, console, db):
    phones, group = room["phones"], room["group"]
    add(phones["sola1"], board, group["sola1"], "Siste lapp")
    ok(console.emit("breakout.end", {"item_id": board["id"]}, callback=True))
    item = gatherings.get_item(db, board["id"])
    assert item["status"] == "closed"
    assert item["state"]["voting"] is False and item["state"]["timer"]["running"] is False
    refused(post(phones["sola2"], board, {"op": "add", "group": group["sola1"],
                                          "ref": "afterend01", "text": "For sent"}), "not_open")
    state = received(phones["sola2"], "state")[-1]
    assert state["current"]["status"] == "closed"


def test_events_on_an_item_that_is_not_a_board_are_refused(demo, sockets, console, board):
    choice = item_of(demo, "choice")
    phone = sockets.phone("Sola")
    refused(phone.emit("board.me", {"item_id": choice["id"]}, callback=True), "not_a_board")
    refused(console.emit("breakout.start", {"item_id": choice["id"]}, callback=True),
            "not_a_board")
    refused(console.emit("breakout.end", {"item_id": 10**6}, callback=True), "unknown_item")


def test_each_municipalitys_record_holds_its_groups_board(app, room, board, db, demo):
    phones, group = room["phones"], room["group"]
    add(phones["sola1"], board, group["sola1"], "Sola-lapp")
    add(phones["hå1"], board, group["hå1"], "Hå-lapp")
    item = gatherings.get_item(db, board["id"])
    kind = get_kind("board")
    municipalities = {m["id"]: m["name"]
                      for m in programmes.gathering_municipalities(db, demo["gathering"]["id"])}
    entries = kind.record_entries(item["definition"], responses.current_responses(db, item["id"]),
                                  item["state"], municipalities, 3)
    by_name = {municipalities[mid]: entry for mid, entry in entries.items() if mid is not None}
    assert [n["text"] for b in by_name["Sola"]["result"]["boards"] for n in b["notes"]] == [
        "Sola-lapp"]
    assert [n["text"] for b in by_name["Hå"]["result"]["boards"] for n in b["notes"]] == [
        "Hå-lapp"]
    assert by_name["Sola"]["n"] == 3
    assert kind.record_source == "board"


def test_a_reconnecting_phone_gets_its_groups_board_and_its_own_notes(app, demo, room, board,
                                                                      sockets):
    phones, group = room["phones"], room["group"]
    submission = new_id()
    value = {"op": "add", "group": group["hå2"], "ref": "reconnect1", "text": "Før bruddet"}
    ok(post(phones["hå2"], board, value, submission))
    phones["hå2"].disconnect()
    phones["hå2"].connect(auth={"role": "phone", "code": demo["gathering"]["code"]})
    state = received(phones["hå2"], "state")[-1]
    assert state["results"]["groups"][0]["result"]["group"]["id"] == group["hå2"]
    assert [n["text"] for n in state["results"]["groups"][0]["result"]["board"]["notes"]] == [
        "Før bruddet"]
    [mine] = [entry for entry in state["mine"] if entry["key"] == "n:reconnect1"]
    assert (mine["value"]["text"], mine["submission_id"]) == ("Før bruddet", submission)
    # The outbox resends what it had no ack for: stored once.
    assert ok(post(phones["hå2"], board, value, submission))["duplicate"] is True
    add(phones["hå1"], board, group["hå1"], "Etter bruddet")
    flush(app)
    assert "Etter bruddet" in [n["text"] for n in latest_board(phones["hå2"])["board"]["notes"]]


def test_a_note_needs_a_column_of_the_board_and_a_phone_has_a_limit(app, room, board,
                                                                      monkeypatch):
    from facilitate.activities import board_rules

    phones, group = room["phones"], room["group"]
    refused(post(phones["sola1"], board, {"op": "add", "group": group["sola1"],
                                          "ref": "column0099", "text": "x", "column": 2}),
            "unknown_column")
    monkeypatch.setattr(board_rules, "MAX_NOTES_PER_PHONE", 2)
    add(phones["sola1"], board, group["sola1"], "En")
    add(phones["sola1"], board, group["sola1"], "To")
    refused(post(phones["sola1"], board, {"op": "add", "group": group["sola1"],
                                          "ref": "toomany001", "text": "Tre"}), "too_many_notes")


def test_starting_again_reopens_the_board_without_regrouping_every_phone(room, console, board,
                                                                        db):
    ok(console.emit("activity.lock", {"item_id": board["id"]}, callback=True))
    ok(start(console, board))
    assert gatherings.get_item(db, board["id"])["status"] == "open"
    assert "regroup" not in [e["name"] for e in room["phones"]["sola1"].get_received()]
