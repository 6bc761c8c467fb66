"""Property tests: whatever JSON a client sends, every socket event answers
with an ack (ok, or a refusal with a code and a message), a refusal changes
nothing, the connection stays up and the server still answers `sync`. The
join form never fails with a 500 either."""

from __future__ import annotations

import hypothesis
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import flush

from facilitate import create_app
from facilitate.activities import get_kind
from facilitate.activities.base import InvalidResponse
from facilitate.live import breakouts
from facilitate.live.answers import SUBMISSION_ID
from facilitate.live.errors import MESSAGES
from facilitate.live.events import load_events
from facilitate.store import boards, devices, gatherings, groups, responses

FUZZ = settings(max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

TABLE = load_events()
EVENTS = sorted(TABLE)
FIELDS = sorted({name for event in TABLE.values() for name in event.fields}
                | {"variant", "into", "question_id", "answered", "ask", "upvote", "on",
                   "op", "ref", "note", "rev", "dots", "notes", "cluster", "column", "open",
                   "pinned"})


def either(*strategies: st.SearchStrategy) -> st.SearchStrategy:
    """One of the strategies, each about equally often (`a | b` flattens
    nested one_of branches and so favours whichever has more of them)."""
    return st.sampled_from(strategies).flatmap(lambda strategy: strategy)


# --- arbitrary JSON -------------------------------------------------------------

# Lone surrogates are valid JSON escapes ("\ud800"), so a client can send them.
any_text = st.text(st.characters(exclude_categories=[]), max_size=30)
huge_text = st.builds(lambda piece, times: piece * times,
                      st.sampled_from(["a", "æøå", "🌧", "\u200b", " ", "\x00", "<b>"]),
                      st.integers(1_000, 70_000))
# python-engineio refuses to parse integers of more than 100 characters
# (a guard against slow int parsing): such a packet never reaches the app.
INT_LIMIT = 10**99
huge_int = st.sampled_from([2**53 - 1, 2**53, -(2**53), 2**63, -(2**64), INT_LIMIT - 1,
                            -(INT_LIMIT - 1)])
scalars = (st.none() | st.booleans() | st.integers(-(INT_LIMIT - 1), INT_LIMIT - 1) | huge_int
           | st.floats(allow_nan=False, allow_infinity=False) | any_text | huge_text)
keys = st.sampled_from(FIELDS) | any_text
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(keys, children, max_size=5),
    max_leaves=12)


submission_ids = (st.sampled_from(["sub-00000001", "sub-00000002", "x" * 64, "short"])
                  | st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True) | any_text)
words = either(st.sampled_from(["Tillit", "tillit", " Mot ", "Samarbeid", "tilit", ""]), any_text)
values = (
    st.lists(st.integers(-1, 7), max_size=7)
    | st.lists(st.one_of(st.none(), st.integers(0, 7)), min_size=6, max_size=6)
    | st.sampled_from([[100, 0, 0, 0, 0, 0], [50, 10, 10, 10, 10, 10], [0, 1, 2, 3, 4, 5]])
    | st.lists(words, max_size=4)
    | st.fixed_dictionaries({"ask": words})
    | st.fixed_dictionaries({"upvote": st.integers(-1, 40) | words,
                             "on": st.booleans() | json_values})
    | words | json_values)


def valid_value(item: dict) -> st.SearchStrategy:
    """Answers the item's activity kind accepts (and a few it may not)."""
    definition = item["definition"]
    kind = item["activity_kind"]
    if kind == "choice":
        return st.lists(st.integers(0, len(definition["options"]) - 1), min_size=1,
                        max_size=definition["max_choices"], unique=True)
    if kind == "ranking":
        return st.permutations(range(len(definition["options"]))).map(list)
    if kind == "scale":
        rating = st.none() | st.integers(definition["min"], definition["max"])
        count = len(definition["statements"])
        return st.lists(rating, min_size=count, max_size=count)
    if kind == "points":
        count = len(definition["options"])
        return st.lists(st.integers(0, definition["total"]), min_size=count - 1,
                        max_size=count - 1).map(
            lambda shares: shares + [definition["total"] - sum(shares)])
    if kind == "wordcloud":
        return st.lists(words, min_size=1, max_size=definition["max_entries"])
    if kind == "qa":
        return (st.fixed_dictionaries({"ask": words})
                | st.fixed_dictionaries({"upvote": st.just(item["seeded_question"]),
                                         "on": st.booleans()}))
    if kind == "board":
        return board_ops(item.get("fuzz_group", 1))
    return words


REFS = st.sampled_from(["fuzznote01", "fuzznote02", "seednote01", "x", "fuzz-note-3"])


def board_ops(group: int) -> st.SearchStrategy:
    """A board's operations (activities/board_rules.py), mostly well-formed,
    for the phone's own group or another."""
    groups = either(st.just(group), st.integers(-1, group + 3), json_values)
    return either(
        st.fixed_dictionaries({"op": st.just("add"), "group": groups, "ref": REFS, "text": words},
                              optional={"column": st.integers(-1, 3)}),
        st.fixed_dictionaries({"op": st.just("edit"), "group": groups, "note": REFS,
                               "rev": st.integers(0, 3), "text": words}),
        st.fixed_dictionaries({"op": st.just("delete"), "group": groups, "note": REFS}),
        st.fixed_dictionaries({"op": st.just("vote"), "group": groups,
                               "dots": st.dictionaries(REFS, st.integers(-1, 6), max_size=3)}),
        st.fixed_dictionaries({"op": st.sampled_from(["merge", "rename", "unmerge"]),
                               "group": groups},
                              optional={"notes": st.lists(REFS, max_size=3), "name": words,
                                        "cluster": st.integers(0, 3)}))


def kind_actions() -> st.SearchStrategy:
    """Every action any kind declares, and some nobody does."""
    from facilitate.activities import KINDS

    names = sorted({name for kind in KINDS.values() for name in kind.actions()})
    return either(st.sampled_from(names), any_text)


def field_values(scene: dict, event: str) -> dict:
    ids = scene["ids"]
    item_pool = ids["activities"]
    action_params = st.fixed_dictionaries({}, optional={
        "variant": words, "into": words,
        "question_id": either(st.sampled_from(ids["responses"]), json_values),
        "answered": either(st.booleans(), json_values),
        "open": either(st.booleans(), json_values),
        "group_id": either(st.sampled_from(ids["groups"]), json_values,
                           st.just("summary"), st.none()),
        "note": either(REFS, json_values),
        "pinned": either(st.booleans(), json_values)})
    return {
        "item_id": either(st.sampled_from(item_pool), st.sampled_from(item_pool),
                          st.sampled_from(ids["items"]), json_values),
        "position": either(st.integers(-2, 17), json_values),
        "visible": either(st.booleans(), json_values),
        "hidden": either(st.booleans(), json_values),
        "mode": either(st.sampled_from(["all", "by_municipality", "versus"]), json_values),
        "municipality_id": either(st.sampled_from(ids["municipalities"]), json_values),
        "response_id": either(st.sampled_from(ids["responses"]), json_values),
        "variant": words,
        "into": words,
        "version": either(st.sampled_from(ids["versions"]), json_values),
        "submission_id": submission_ids,
        "value": values,
        "action": kind_actions(),
        "params": either(action_params, json_values),
        # breakouts (live/breakouts.py)
        "group_id": either(st.sampled_from(ids["groups"]), json_values),
        "device_id": either(st.sampled_from(ids["devices"]), json_values, st.none()),
        "group_size": either(st.integers(0, 40), json_values),
        "take": either(st.booleans(), json_values),
        "text": either(words, huge_text, json_values),
        "do": either(st.sampled_from(["start", "pause", "add", "set", "stop"]), json_values),
        "amount": either(st.integers(-400, 400), json_values),
    }


# The fields each event reads; a payload with all of them gets furthest.
NEEDS = {name: event.fields for name, event in TABLE.items()}


def payloads(scene: dict, event: str) -> st.SearchStrategy:
    """Any JSON at all, objects with any of the known fields, objects with
    the fields this event needs (real ids mixed in, so handlers get past
    their first checks and often succeed), and well-formed answers."""
    fields = field_values(scene, event)
    needed = NEEDS.get(event, ())
    shaped = st.fixed_dictionaries({name: fields[name] for name in needed},
                                   optional={k: v for k, v in fields.items() if k not in needed})
    answers = st.sampled_from(list(scene["open"].values())).flatmap(
        lambda item: st.fixed_dictionaries({
            "item_id": st.just(item["id"]),
            "submission_id": either(st.from_regex(r"[A-Za-z0-9_-]{8,64}", fullmatch=True),
                                    submission_ids),
            "value": either(valid_value(item), values),
        }))
    anything = st.fixed_dictionaries({}, optional=fields)
    if event == "answer":
        return either(answers, json_values, shaped, anything, answers)
    return either(shaped, json_values, shaped, anything, shaped, answers)


# --- fixtures -------------------------------------------------------------------


@pytest.fixture
def app(tmp_path):
    """As in conftest, with the answer rate limit and the login throttle out
    of the way: every refusal here must come from the payload, not from
    sending fast (tests/web/test_auth.py tests the throttle)."""
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        "LOGIN_FAILURES_PER_USER": 1_000_000,
        "LOGIN_FAILURES_PER_ADDRESS": 1_000_000,
        "DATABASE": str(tmp_path / "fuzz.sqlite3"),
        "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": False,
        "ANSWER_RATE": 1_000_000.0,
        "ANSWER_BURST": 1_000_000,
    })


@pytest.fixture
def scene(app, demo, db):
    """Every activity of the gathering open, a few stored answers to hide and
    merge, and the ids a plausible payload may use."""
    gathering_id = demo["gathering"]["id"]
    activities = [item for item in demo["items"] if item["activity_kind"]]
    for item in activities:
        gatherings.update_item(db, item["id"], status="open")
    helper = devices.register_device(db, gathering_id, demo["municipalities"][0]["id"], None)
    by_kind = {item["activity_kind"]: item for item in activities}
    responses.save_response(db, helper, by_kind["wordcloud"]["id"], "seed-0001", "",
                            ["Tillit", "Mot"])
    responses.save_response(db, helper, by_kind["open_text"]["id"], "seed-0002", "",
                            "Godt samarbeid")
    responses.save_response(db, helper, by_kind["qa"]["id"], "seed-0003", "q:seed-0003",
                            {"ask": "Hvorfor?"})
    by_kind["qa"]["seeded_question"] = db.execute(
        "SELECT id FROM responses WHERE key = 'q:seed-0003'").fetchone()[0]
    board = by_kind["board"]
    breakouts.form_groups(db, board, gathering_id)
    with db.conn:  # a note on the helper's board, for edits, votes and pins to name
        group = groups.group_of(db, board["id"], helper["id"])["id"]
        boards.add_note(db, board["id"], helper, "seednote01",
                        {"group": group, "column": 0, "text": "Frø", "rev": 1, "by": None,
                         "at": "2026-01-01T00:00:00Z", "edited": None}, "seed-0004")
    other = next(g for g in gatherings.list_gatherings(db) if g["id"] != gathering_id)
    all_municipalities = [row[0] for row in db.execute("SELECT id FROM municipalities")]
    return {
        "gathering_id": gathering_id,
        "board": board["id"],
        "open": {item["id"]: item for item in activities},
        "ids": {
            "activities": [item["id"] for item in activities],
            "wordclouds": [by_kind["wordcloud"]["id"]],
            "items": [item["id"] for item in demo["items"]]
            + [gatherings.list_items(db, other["id"])[2]["id"], 0, -1, 10**6],
            "municipalities": all_municipalities + [0],
            "responses": [row[0] for row in db.execute("SELECT id FROM responses")] + [0, 999],
            "versions": list(range(1, 6)),
            "groups": [row[0] for row in db.execute("SELECT id FROM breakout_groups")] + [0],
            "devices": [row[0] for row in db.execute("SELECT id FROM devices")] + [0, 10**6],
        },
    }


def state(db, gathering_id: int) -> tuple:
    """Everything an event may change, to check that a refusal changed nothing."""
    return (
        db.execute("SELECT * FROM gatherings WHERE id = ?", [gathering_id]).fetchall(),
        db.execute("SELECT * FROM items WHERE gathering_id = ? ORDER BY id",
                   [gathering_id]).fetchall(),
        db.execute("SELECT * FROM responses ORDER BY id").fetchall(),
        db.execute("SELECT * FROM submissions ORDER BY id").fetchall(),
        db.execute("SELECT * FROM breakout_groups ORDER BY id").fetchall(),
        db.execute("SELECT * FROM group_members ORDER BY item_id, device_id").fetchall(),
    )


def outcome(ack) -> None:
    """Shown by --hypothesis-show-statistics: how often each answer came back."""
    hypothesis.event("ok" if ack.get("ok") is True else str(ack.get("error", {}).get("code")))


def assert_refusal(ack) -> None:
    assert isinstance(ack, dict), ack
    assert ack["ok"] is False, ack
    assert ack["error"]["code"] in MESSAGES, ack
    assert isinstance(ack["error"]["message"], str) and ack["error"]["message"], ack


def assert_still_serving(client) -> None:
    assert client.is_connected()
    ack = client.emit("sync", {}, callback=True)
    assert ack["ok"] is True, ack
    assert ack["state"]["full"] is True


def sync_is_valid(payload) -> bool:
    if payload is None:
        return True
    if not isinstance(payload, dict):
        return False
    version = payload.get("version")
    return version is None or (type(version) is int and -(2**53) < version < 2**53)


INVALID = object()
# A well-formed board operation: whether it is stored depends on the board
# (the phone's group, the notes there, who is the scribe), so it may be
# stored or refused with a code of its own; either way the ack comes.
BOARD_OP = object()


def normalised_answer(payload, open_items: dict, db):
    """What the store should hold for this answer, or INVALID when it must be refused."""
    if not isinstance(payload, dict):
        return INVALID
    submission_id = payload.get("submission_id")
    if not isinstance(submission_id, str) or not SUBMISSION_ID.fullmatch(submission_id):
        return INVALID
    item_id = payload.get("item_id")
    if type(item_id) is not int or item_id not in open_items:
        return INVALID
    item = open_items[item_id]
    kind = get_kind(item["activity_kind"])
    try:
        value = kind.validate_response(item["definition"], payload.get("value"))
    except InvalidResponse:
        return INVALID
    if item["activity_kind"] == "board":
        return BOARD_OP
    target = kind.required_response(value)
    if target is not None and not db.execute(
            "SELECT 1 FROM responses WHERE id = ? AND item_id = ? AND hidden = 0 "
            "AND key LIKE 'q:%'", [target, item_id]).fetchone():
        return INVALID
    return value


# --- socket events from a phone ---------------------------------------------------


@pytest.fixture
def phone(db, sockets, scene):
    client = sockets.phone("Sola")
    client.device_id = db.execute("SELECT MAX(id) FROM devices").fetchone()[0]
    client.accepted = set()  # submission ids this phone had acknowledged
    board = next(item for item in scene["open"].values() if item["activity_kind"] == "board")
    ack = client.emit("board.me", {"item_id": board["id"]}, callback=True)
    board["fuzz_group"] = ack["group"]["id"]  # its group: the fuzzed ops name it often
    return client


@pytest.mark.parametrize("event", EVENTS)
@FUZZ
@given(data=st.data())
def test_phone_gets_an_ack_for_any_payload(app, db, phone, scene, event, data):
    phone.get_received()
    payload = data.draw(payloads(scene, event), label="payload")
    before = state(db, scene["gathering_id"])

    ack = phone.emit(event, payload, callback=True)

    assert isinstance(ack, dict), ack
    outcome(ack)
    if event == "sync":
        assert ack["ok"] is sync_is_valid(payload), (payload, ack)
        if ack["ok"]:
            assert ack["state"]["full"] in (True, False)
            assert "items" not in ack["state"]
    elif event == "answer":
        expected = normalised_answer(payload, scene["open"], db)
        if expected is BOARD_OP:
            assert ack["ok"] is True or ack["error"]["code"] in MESSAGES, (payload, ack)
        else:
            assert ack["ok"] is (expected is not INVALID), (payload, ack)
        if ack["ok"]:
            submission_id = payload["submission_id"]
            assert ack["submission_id"] == submission_id
            assert ack["duplicate"] is (submission_id in phone.accepted)
            assert db.execute("SELECT item_id FROM submissions WHERE device_id = ? AND "
                              "submission_id = ?", [phone.device_id, submission_id]).fetchone()
            if not ack["duplicate"] and expected is not BOARD_OP:
                mine = responses.device_responses(db, phone.device_id)
                assert {"item_id": payload["item_id"], "value": expected,
                        "submission_id": submission_id} in [
                    {k: r[k] for k in ("item_id", "value", "submission_id")} for r in mine]
            phone.accepted.add(submission_id)
    elif "phone" in TABLE[event].roles:  # the board's own events
        assert ack["ok"] is True or ack["error"]["code"] != "not_allowed", (payload, ack)
        if ack["ok"]:
            assert ack["group"] is None or ack["group"]["id"] == \
                groups.group_of(db, payload["item_id"], phone.device_id)["id"]
    else:
        assert ack["error"]["code"] == "not_allowed", ack
    if not ack["ok"]:
        assert_refusal(ack)
        assert state(db, scene["gathering_id"]) == before
    assert_still_serving(phone)


# --- socket events from the console --------------------------------------------------


@pytest.fixture
def console(app, db, sockets, scene):
    client = sockets.console()
    assert client.emit("gathering.start", {}, callback=True) == {"ok": True}
    client.get_received()
    return client


@pytest.mark.parametrize("event", EVENTS)
@FUZZ
@given(data=st.data())
def test_console_gets_an_ack_for_any_payload(app, db, console, scene, event, data):
    payload = data.draw(payloads(scene, event), label="payload")
    before = state(db, scene["gathering_id"])

    ack = console.emit(event, payload, callback=True)

    assert isinstance(ack, dict), ack
    outcome(ack)
    assert ack["ok"] in (True, False), ack
    if event == "answer":
        assert ack["error"]["code"] == "not_allowed", ack
    elif event == "sync":
        assert ack["ok"] is sync_is_valid(payload), (payload, ack)
    elif ack["ok"]:
        assert ack == {"ok": True}
    if not ack["ok"]:
        assert_refusal(ack)
        assert state(db, scene["gathering_id"]) == before
    flush(app)  # the tallies that event marked are computed without error
    console.get_received()
    assert_still_serving(console)


# --- the join form ---------------------------------------------------------------------

form_text = either(st.text(max_size=60), st.builds(lambda n: "x" * n, st.integers(0, 5_000)),
                   st.sampled_from([" ", "\t", "\u00a0" * 50, "K" * 40, "K" * 41]))


def join_should_work(form: dict, members: list[int]) -> bool:
    """A browser's valid form: a member municipality, the box ticked and a
    name of at most 40 characters (or only blanks, which counts as none)."""
    name = form.get("display_name", "")
    return (form.get("municipality") in {str(m) for m in members}
            and form.get("consent") == "y"
            and (len(name) <= 40 or not name.strip()))


@FUZZ
@given(data=st.data())
def test_join_form_never_fails(app, demo, db, data):
    members = [m["id"] for m in demo["municipalities"]]
    fields = {
        "municipality": either(st.sampled_from([str(m) for m in members]),
                               st.sampled_from([str(m) for m in members]),
                               st.integers().map(str), form_text),
        "display_name": form_text,
        "consent": either(st.just("y"), st.sampled_from(["", "false", "on"]), form_text),
    }
    form = data.draw(either(st.fixed_dictionaries(fields),
                            st.fixed_dictionaries({}, optional=fields)), label="form")
    count = db.execute("SELECT COUNT(*) FROM devices").fetchone()[0]

    response = app.test_client().post(f"/j/{demo['gathering']['code']}", data=form)

    assert response.status_code in (302, 400), response.get_data(as_text=True)
    hypothesis.event(str(response.status_code))
    stored = db.execute("SELECT municipality_id, display_name FROM devices ORDER BY id "
                        "DESC").fetchall()
    if join_should_work(form, members):
        assert response.status_code == 302, response.get_data(as_text=True)
    if response.status_code == 400:
        assert len(stored) == count
        assert "device_" not in response.headers.get("Set-Cookie", "")
    else:
        assert len(stored) == count + 1
        municipality_id, display_name = stored[0]
        assert municipality_id in members
        assert municipality_id == int(form["municipality"])
        assert form["consent"] not in ("", "false")
        assert display_name is None or 0 < len(display_name) <= 40
        assert display_name == (form.get("display_name", "").strip() or None)
        assert response.headers["Set-Cookie"].startswith(f"device_{demo['gathering']['code']}=")


@FUZZ
@given(data=st.data())
def test_login_and_code_forms_never_fail(app, demo, db, data):
    """The facilitator's login and the phone's code form: any text gives a
    page or a redirect, never a 500, and only the right password logs in."""
    form = data.draw(st.fixed_dictionaries({}, optional={
        "username": either(st.just(demo["username"]), form_text),
        "password": either(st.just(demo["password"]), form_text),
        "next": form_text}), label="login")
    client = app.test_client()
    response = client.post("/login", query_string={"next": form.pop("next", "")}, data=form)
    assert response.status_code in (200, 302, 400)
    right = form.get("username", "").strip() == demo["username"] \
        and form.get("password") == demo["password"]
    with client.session_transaction() as session:
        assert ("user_id" in session) == right
    if response.status_code == 302:
        location = response.headers["Location"]
        assert location.startswith("/") and not location.startswith("//")

    code = data.draw(form_text, label="code")
    reply = app.test_client().post("/j", data={"code": code})
    assert reply.status_code in (200, 302)
    if reply.status_code == 302:
        assert reply.headers["Location"] == f"/j/{demo['gathering']['code']}"
