"""The board's pure rules: definitions, operations, clusters, dots, the
timer, the tally, what each audience sees and what is filed."""

import pytest

from facilitate.activities import board_rules as rules
from facilitate.activities import get_kind
from facilitate.activities.base import InvalidDefinition, InvalidResponse, Response
from facilitate.activities.views import describe

KIND = get_kind("board")
DEFINITION = KIND.validate_definition({"question": "Hva hemmer og fremmer?",
                                       "columns": ["Hemmer", "Fremmer"], "dots": 5})
TOWNS = {1: "Stavanger", 2: "Sola", 3: "Hå"}


def note(rid, device, municipality, group, ref, text, column=0, by=None, at="2026-01-01T10:00"):
    return Response(rid, device, municipality, f"n:{ref}", {
        "group": group, "column": column, "text": text, "rev": 1, "by": by, "at": at,
        "edited": None})


def votes(rid, device, municipality, group, dots, at="2026-01-01T10:05"):
    return Response(rid, device, municipality, "v", {"group": group, "dots": dots, "at": at})


ROSTER = {"groups": {
    "7": {"name": "Gruppe 1", "position": 0, "municipality_id": None, "scribe": 11, "serial": 1,
          "members": {"11": [1, "Kari"], "12": [2, None], "13": [3, None]}},
    "8": {"name": "Gruppe 2", "position": 1, "municipality_id": None, "scribe": None,
          "serial": 0, "members": {"21": [1, None], "22": [2, None]}}}}


# --- definitions ----------------------------------------------------------------------


def test_a_definition_gets_its_defaults():
    assert KIND.validate_definition({"question": "Hva?"}) == {
        "question": "Hva?", "columns": [], "duration": 20, "dots": 5,
        "grouping": "municipality", "group_size": 4, "groups": [], "max_length": 200,
        "quiet_minutes": 5}


@pytest.mark.parametrize(("definition", "field"), [
    ({"question": "Hva?", "grouping": "random"}, "grouping"),
    ({"question": "Hva?", "grouping": "chosen"}, "groups"),
    ({"question": "Hva?", "grouping": "chosen", "groups": ["Helse"]}, "groups"),
    ({"question": "Hva?", "groups": ["Helse", "Oppvekst"]}, "groups"),
    ({"question": "Hva?", "columns": ["A", "a"]}, "columns[1]"),
    ({"question": "Hva?", "columns": ["A"] * 7}, "columns"),
    ({"question": "Hva?", "dots": 21}, "dots"),
    ({"question": "Hva?", "duration": 0}, "duration"),
    ({"question": "Hva?", "group_size": 1}, "group_size"),
])
def test_a_wrong_definition_names_its_field(definition, field):
    with pytest.raises(InvalidDefinition) as refused:
        KIND.validate_definition(definition)
    assert refused.value.field == field


def test_chosen_groups_keep_their_names():
    checked = KIND.validate_definition({"question": "Hva?", "grouping": "chosen",
                                        "groups": ["Helse", "Oppvekst"]})
    assert checked["groups"] == ["Helse", "Oppvekst"]
    assert KIND.validate_definition(checked) == checked


# --- operations ---------------------------------------------------------------------------


def test_operations_are_normalised():
    assert rules.parse_op(DEFINITION, {"op": "add", "group": 7, "ref": "abcdefgh",
                                       "text": "  Tillit ", "column": 1}) == {
        "op": "add", "group": 7, "ref": "abcdefgh", "column": 1, "text": "Tillit"}
    assert rules.parse_op(DEFINITION, {"op": "vote", "group": 7,
                                       "dots": {"abcdefgh": 2, "ijklmnop": 0}})["dots"] == {
        "abcdefgh": 2}
    assert KIND.response_key({"op": "add", "ref": "abcdefgh"}, "sub-1") == "n:abcdefgh"
    assert KIND.response_key({"op": "vote"}, "sub-1") == "v"


@pytest.mark.parametrize(("value", "code"), [
    ("text", "bad_type"),
    ({"op": "shout", "group": 7}, "bad_type"),
    ({"op": "add", "group": 0, "ref": "abcdefgh", "text": "x"}, "not_in_group"),
    ({"op": "add", "group": True, "ref": "abcdefgh", "text": "x"}, "not_in_group"),
    ({"op": "add", "group": 7, "ref": "short", "text": "x"}, "unknown_note"),
    ({"op": "add", "group": 7, "ref": "abcdefgh", "text": "  "}, "empty"),
    ({"op": "add", "group": 7, "ref": "abcdefgh", "text": "x" * 201}, "too_long"),
    ({"op": "add", "group": 7, "ref": "abcdefgh", "text": "x", "column": 2}, "unknown_column"),
    ({"op": "add", "group": 7, "ref": "abcdefgh", "text": "x", "extra": 1}, "bad_type"),
    ({"op": "edit", "group": 7, "note": "abcdefgh", "rev": 0, "text": "x"}, "bad_type"),
    ({"op": "vote", "group": 7, "dots": {"abcdefgh": 6}}, "over_budget"),
    ({"op": "vote", "group": 7, "dots": {"abcdefgh": 3, "ijklmnop": 3}}, "over_budget"),
    ({"op": "vote", "group": 7, "dots": {"abcdefgh": -1}}, "bad_type"),
    ({"op": "vote", "group": 7, "dots": [1]}, "bad_type"),
    ({"op": "merge", "group": 7, "notes": ["abcdefgh"], "name": "X"}, "merge_needs_two"),
    ({"op": "merge", "group": 7, "notes": ["abcdefgh", "abcdefgh"], "name": "X"}, "duplicate"),
    ({"op": "merge", "group": 7, "notes": ["abcdefgh", "ijklmnop"]}, "bad_type"),
    ({"op": "merge", "group": 7, "notes": []}, "empty"),
    ({"op": "rename", "group": 7, "cluster": 0, "name": "X"}, "unknown_cluster"),
])
def test_malformed_operations_are_refused(value, code):
    with pytest.raises(InvalidResponse) as refused:
        rules.parse_op(DEFINITION, value)
    assert refused.value.code == code


def test_only_the_author_and_the_scribe_may_change_a_note():
    assert rules.may_change(note_device=5, device_id=5, scribe=None)
    assert rules.may_change(note_device=5, device_id=6, scribe=6)
    assert not rules.may_change(note_device=5, device_id=6, scribe=7)


def test_an_edit_of_an_older_revision_is_refused():
    stored = {"text": "Ny", "rev": 2}
    with pytest.raises(InvalidResponse) as refused:
        rules.check_edit(stored, {"rev": 1})
    assert refused.value.code == "note_changed"
    edited = rules.edited_note(stored, {"text": "Nyere", "rev": 2}, by_scribe=True, at="t")
    assert (edited["text"], edited["rev"], edited["edited"]) == ("Nyere", 3, "scribe")


def test_votes_need_open_voting_and_notes_on_this_board():
    with pytest.raises(InvalidResponse) as refused:
        rules.check_votes({"abcdefgh": 1}, {"abcdefgh"}, voting_open=False)
    assert refused.value.code == "voting_closed"
    with pytest.raises(InvalidResponse) as refused:
        rules.check_votes({"gonegone": 1}, {"abcdefgh"}, voting_open=True)
    assert refused.value.code == "unknown_note"
    rules.check_votes({"abcdefgh": 5}, {"abcdefgh"}, voting_open=True)


# --- clusters ---------------------------------------------------------------------------------


def test_merging_moves_notes_between_clusters_and_drops_empty_ones():
    state = rules.apply_cluster({}, {"op": "merge", "group": 7, "notes": ["aaaaaaaa", "bbbbbbbb"],
                                     "name": "Tillit"}, {"aaaaaaaa", "bbbbbbbb", "cccccccc"})
    state = rules.apply_cluster(state, {"op": "merge", "group": 7,
                                        "notes": ["bbbbbbbb", "cccccccc"], "name": "Tid"},
                                {"aaaaaaaa", "bbbbbbbb", "cccccccc"})
    assert state["clusters"]["7"] == [{"id": 1, "name": "Tillit", "notes": ["aaaaaaaa"]},
                                      {"id": 2, "name": "Tid", "notes": ["bbbbbbbb", "cccccccc"]}]
    state = rules.apply_cluster(state, {"op": "merge", "group": 7, "notes": ["aaaaaaaa"],
                                        "cluster": 2}, {"aaaaaaaa", "bbbbbbbb", "cccccccc"})
    assert [c["id"] for c in state["clusters"]["7"]] == [2]  # cluster 1 was left empty
    state = rules.apply_cluster(state, {"op": "unmerge", "group": 7, "cluster": 2}, set())
    assert state["clusters"]["7"] == [] and state["next_cluster"] == 3


def test_a_merge_naming_a_note_not_on_the_board_is_refused():
    with pytest.raises(InvalidResponse) as refused:
        rules.apply_cluster({}, {"op": "merge", "group": 7, "notes": ["aaaaaaaa", "zzzzzzzz"],
                                 "name": "X"}, {"aaaaaaaa"})
    assert refused.value.code == "unknown_note"


def test_a_deleted_note_leaves_its_cluster_and_the_summary():
    state = {"clusters": {"7": [{"id": 1, "name": "X", "notes": ["aaaaaaaa", "bbbbbbbb"]}]},
             "pins": [{"group": 7, "note": "aaaaaaaa"}, {"group": 7, "note": "bbbbbbbb"}]}
    after = rules.forget_note(state, 7, "aaaaaaaa")
    assert after["clusters"]["7"][0]["notes"] == ["bbbbbbbb"]
    assert after["pins"] == [{"group": 7, "note": "bbbbbbbb"}]


# --- the timer -------------------------------------------------------------------------------


def test_the_timer_counts_from_the_servers_clock():
    timer = rules.timer_of(DEFINITION, {})
    assert timer == {"running": False, "ends_at_ms": None, "remaining_ms": 1_200_000,
                     "duration_ms": 1_200_000}
    running = rules.run_timer(timer, "start", now_ms=1_000)
    assert running["ends_at_ms"] == 1_201_000
    paused = rules.run_timer(running, "pause", now_ms=61_000)
    assert (paused["running"], paused["remaining_ms"]) == (False, 1_140_000)
    assert rules.run_timer(paused, "add", 0, 2)["remaining_ms"] == 1_260_000
    assert rules.run_timer(paused, "add", 0, -30)["remaining_ms"] == 0
    assert rules.run_timer(running, "set", 5_000, 3)["ends_at_ms"] == 8_000
    for do, amount in (("stop", None), ("add", None), ("add", 361), ("set", -1)):
        with pytest.raises(InvalidResponse):
            rules.run_timer(timer, do, 0, amount)


# --- the tally and its audiences ----------------------------------------------------------------


ANSWERS = [
    note(1, 11, 1, 7, "aaaaaaaa", "Siloer", by="Kari"),
    note(2, 12, 2, 7, "bbbbbbbb", "Tillit", column=1),
    note(3, 21, 1, 8, "cccccccc", "Annen gruppe", at="2026-01-01T10:20"),
    votes(4, 12, 2, 7, {"aaaaaaaa": 1, "bbbbbbbb": 3, "cccccccc": 5}),  # c is another board
    votes(5, 13, 3, 7, {"bbbbbbbb": 2, "gonegone": 3}),  # a deleted note's dots count for nothing
]
STATE = {**ROSTER, "clusters": {"7": [{"id": 1, "name": "Klynge", "notes": ["aaaaaaaa"]}]},
         "pins": [{"group": 8, "note": "cccccccc"}], "report": 7}


def test_the_tally_holds_each_groups_board_with_its_dots():
    tallied = KIND.tally(DEFINITION, ANSWERS, STATE)
    first, second = tallied["boards"]
    assert (first["group"], first["name"], first["member_count"]) == (7, "Gruppe 1", 3)
    assert {n["id"]: n["votes"] for n in first["notes"]} == {"aaaaaaaa": 1, "bbbbbbbb": 5}
    assert first["dots_spent"] == 6 and first["voters"] == 2 and first["active"] == 3
    assert first["clusters"] == [{"id": 1, "name": "Klynge", "notes": ["aaaaaaaa"], "votes": 1}]
    assert [e["id"] for e in first["ranked"]] == ["bbbbbbbb", 1]
    assert first["scribe"] == {"device": 11, "municipality_id": 1, "name": "Kari"}
    assert first["last_activity"] == "2026-01-01T10:05"
    assert [n["text"] for n in second["notes"]] == ["Annen gruppe"]
    assert second["dots_spent"] == 0
    assert tallied["summary"] == [{"group": 8, "group_name": "Gruppe 2", "note": "cccccccc",
                                   "text": "Annen gruppe", "votes": 0}]


def described(answers=ANSWERS, state=STATE):
    shown = describe(KIND, DEFINITION, answers, state, "all", TOWNS, 3)
    shown.update(item_id=1, revision=1)
    return shown


def test_a_groups_phones_get_their_own_board_and_no_device_numbers():
    cut = KIND.results_for("phone", "b:7", described(), revealed=False)["groups"][0]["result"]
    assert cut["group"] == {"id": 7, "name": "Gruppe 1"}
    assert [n["text"] for n in cut["board"]["notes"]] == ["Siloer", "Tillit"]
    assert {n["votes"] for n in cut["board"]["notes"]} == {None}  # not revealed yet
    assert "boards" not in cut and "summary" not in cut and "members" not in cut["board"]
    assert cut["board"]["scribe"] == {"municipality_id": 1, "name": "Kari"}
    revealed = KIND.results_for("phone", "b:7", described(), True)["groups"][0]["result"]
    assert [n["votes"] for n in revealed["board"]["notes"]] == [1, 5]


def test_a_phone_without_a_group_gets_the_lobby():
    cut = KIND.results_for("phone", None, described(), False)["groups"][0]["result"]
    assert cut["board"] is None and cut["group"] is None and cut["choices"] == []
    other = KIND.results_for("phone", "m:1", described(), False)["groups"][0]["result"]
    assert other["board"] is None


def test_the_projector_sees_progress_and_the_reported_group_only():
    cut = KIND.results_for("presenter", None, described(), False)["groups"][0]["result"]
    assert [b["note_count"] for b in cut["boards"]] == [2, 1]
    assert [n["text"] for n in cut["shown"]["notes"]] == ["Siloer", "Tillit"]
    assert "Annen gruppe" not in str(cut)
    idle = KIND.results_for("presenter", None, described(state={**STATE, "report": None}),
                            False)["groups"][0]["result"]
    assert idle["shown"] is None and "Siloer" not in str(idle)


def test_phone_groups_name_every_group_of_the_roster():
    assert KIND.phone_groups(described()) == ["b:7", "b:8"]
    assert KIND.phone_groups(describe(KIND, DEFINITION, [], {}, "all", TOWNS, 3)) == []


def test_the_record_files_each_groups_board_to_every_municipality_in_it():
    entries = KIND.record_entries(DEFINITION, ANSWERS, STATE, TOWNS, 3)
    stavanger = entries[1]["result"]["boards"]
    # Stavanger is in both mixed groups (members 11 and 21).
    assert [b["group"] for b in stavanger] == ["Gruppe 1", "Gruppe 2"]
    assert [b["group"] for b in entries[3]["result"]["boards"]] == ["Gruppe 1"]
    first = stavanger[0]
    assert first["notes"][0] == {"text": "Siloer", "column": "Hemmer", "votes": 1,
                                 "cluster": "Klynge", "municipality": "Stavanger", "by": "Kari"}
    assert first["notes"][1]["by"] is None and first["notes"][1]["municipality"] == "Sola"
    assert first["municipalities"] == ["Stavanger", "Sola", "Hå"]
    assert entries[1]["n"] == 2 and entries[2]["n"] == 2 and entries[3]["n"] == 1
    assert [b["group"] for b in entries[None]["result"]["boards"]] == ["Gruppe 1", "Gruppe 2"]
    assert entries[None]["result"]["summary"] == [{"group": "Gruppe 2", "text": "Annen gruppe",
                                                   "votes": 0}]
    assert "device" not in str(entries) and "11" not in str(entries[1])
