"""The mapping kind: definitions keep the framework they were made with,
responses are checked, results are cut by one partition, the record is
pseudonymous."""

import pytest

from facilitate.activities import get_kind
from facilitate.activities.base import InvalidDefinition, InvalidResponse, Response, Sender
from facilitate.activities.mapping import FRAMEWORKS_DIR
from facilitate.plans import validate_activity

KIND = get_kind("mapping")
MUNICIPALITIES = {1: "Stavanger", 2: "Sola", 3: "Randaberg"}


@pytest.fixture(scope="module")
def generations():
    return KIND.validate_definition({"framework": "di2x-generations"})


def test_a_plan_names_a_framework_and_the_definition_copies_it(generations):
    framework = generations["framework"]
    assert framework["key"] == "di2x-generations" and framework["version"] == "2026.1"
    assert [item["key"] for item in framework["items"]] == [f"gen{n}" for n in range(1, 7)]
    assert generations["question"] == framework["prompt"]
    assert KIND.validate_definition(generations) == generations  # a stored copy stays as it is


def test_a_gathering_keeps_its_framework_version_when_the_file_changes(tmp_path):
    stored = KIND.validate_definition({"framework": "di2x-generations"})
    original = (FRAMEWORKS_DIR / "di2x-generations.toml").read_text(encoding="utf-8")
    (tmp_path / "di2x-generations.toml").write_text(
        original.replace('version = "2026.1"', 'version = "2027.1"'), encoding="utf-8")
    newer = validate_activity("mapping", {"framework": "di2x-generations"}, tmp_path)
    assert newer["framework"]["version"] == "2027.1"
    assert KIND.validate_definition(stored)["framework"]["version"] == "2026.1"


def test_areas_or_items_choose_what_a_gathering_maps():
    by_area = KIND.validate_definition({"framework": "capabilities-10-3", "areas": ["ledelse"]})
    assert [a["key"] for a in by_area["framework"]["areas"]] == ["ledelse"]
    assert len(by_area["framework"]["items"]) == 4
    by_item = KIND.validate_definition({"framework": "dimios-style", "items": ["ef1", "sy2"]})
    assert [i["key"] for i in by_item["framework"]["items"]] == ["ef1", "sy2"]
    assert by_item["framework"]["grid"]["x"] == "kapabilitet"  # both dimensions still rated
    only_one_side = KIND.validate_definition({"framework": "dimios-style", "items": ["ef1"]})
    assert only_one_side["framework"]["grid"] is None


@pytest.mark.parametrize(("definition", "field", "words"), [
    ({"framework": "nosuch"}, "framework", "unknown framework 'nosuch'"),
    ({"framework": 3}, "framework", "is required"),
    ({}, "framework", "is required"),
    ({"framework": "dimios-style", "areas": ["nope"]}, "areas[0]", "unknown key 'nope'"),
    ({"framework": "dimios-style", "areas": ["data"], "items": ["ef1"]}, "items", "not both"),
    ({"framework": "dimios-style", "items": ["ef1", "ef1"]}, "items", "repeats"),
    ({"framework": {"key": "x"}}, "framework.name", "is required"),
])
def test_bad_definitions_name_the_field(definition, field, words):
    with pytest.raises(InvalidDefinition) as refused:
        KIND.validate_definition(definition)
    assert refused.value.field == field
    assert words in refused.value.message


def test_a_malformed_framework_file_is_refused_with_file_line_and_field(tmp_path):
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = 3\n', encoding="utf-8")
    with pytest.raises(InvalidDefinition) as refused:
        validate_activity("mapping", {"framework": "broken"}, folder)
    assert refused.value.field == "framework"
    assert refused.value.message == (
        f"{folder / 'broken.toml'}, line 2, field 'name': must be text")


def test_responses(generations):
    check = lambda value: KIND.validate_response(generations, value)  # noqa: E731
    assert check({"item": "gen3", "rating": 4}) == {"item": "gen3", "rating": 4}
    assert check({"item": "gen3", "rating": None, "note": "  usikker  "}) == {
        "item": "gen3", "rating": None, "note": "usikker"}
    assert check({"item": "gen3", "rating": 2, "note": ""}) == {"item": "gen3", "rating": 2}
    assert check({"scribe": 0}) == {"scribe": 0}
    assert check({"agree": "gen1", "rating": 5, "generation": 1}) == {
        "agree": "gen1", "rating": 5, "generation": 1}
    assert check({"type": "barrier", "text": "Siloer", "items": ["gen2"]}) == {
        "type": "barrier", "text": "Siloer", "items": ["gen2"]}
    for value, code in [({"item": "gen9", "rating": 1}, "unknown_option"),
                        ({"item": "gen1", "rating": 7}, "out_of_range"),
                        ({"item": "gen1", "rating": True}, "out_of_range"),
                        ({"item": "gen1"}, "bad_type"),
                        ({"item": "gen1", "rating": 1, "note": "x" * 201}, "too_long"),
                        ({"scribe": -1}, "bad_type"),
                        ({"agree": "gen1", "rating": 2}, "bad_type"),
                        ({"agree": "gen1", "rating": 2, "generation": 0, "municipality": 2},
                         "bad_type"),
                        ({"type": "wish", "text": "x"}, "bad_type"),
                        ({"type": "barrier", "text": "  "}, "empty"),
                        ({"type": "barrier", "text": "x", "items": ["gen1"] * 2}, "duplicate"),
                        ([1, 2], "bad_type")]:
        with pytest.raises(InvalidResponse) as refused:
            check(value)
        assert refused.value.code == code, value


def test_each_rating_is_its_own_slot(generations):
    assert KIND.response_key({"item": "gen2", "rating": 1}, "sub-1") == "gen2"
    assert KIND.response_key({"scribe": 0}, "sub-1") == "scribe"
    assert KIND.response_key({"agree": "gen2", "rating": 1, "generation": 0}, "s") == "agree:gen2"
    assert KIND.response_key({"type": "barrier", "text": "x", "items": []}, "sub-9") == \
        "note:sub-9"


def responses_of(*specs):
    """(device, municipality, key, value) -> Responses with ids in order."""
    return [Response(n, device, mid, key, value)
            for n, (device, mid, key, value) in enumerate(specs, start=1)]


def rating(device, mid, item, value, note=None):
    body = {"item": item, "rating": value}
    if note:
        body["note"] = note
    return (device, mid, item, body)


AGREE = {"phase": "agree", "scribes": {}}


def test_ratings_only_in_the_individual_round_and_agreement_only_from_the_scribe(generations):
    claim = responses_of((7, 1, "scribe", {"scribe": 0}))

    def allowed(value, device, mid, state, stored=claim):
        KIND.check_answer(generations, state, value, Sender(device, mid), lambda: stored)

    allowed({"item": "gen1", "rating": 3}, 8, 1, {})
    with pytest.raises(InvalidResponse, match="wrong_phase"):
        allowed({"item": "gen1", "rating": 3}, 8, 1, AGREE)
    with pytest.raises(InvalidResponse, match="wrong_phase"):
        allowed({"scribe": 0}, 8, 1, {"phase": "individual"})
    with pytest.raises(InvalidResponse, match="scribe_taken"):
        allowed({"scribe": 0}, 8, 1, AGREE)
    allowed({"scribe": 0}, 7, 1, AGREE)  # the scribe again
    allowed({"scribe": 0}, 9, 2, AGREE)  # another municipality's first
    agreement = {"agree": "gen1", "rating": 4, "generation": 0}
    allowed(agreement, 7, 1, AGREE)
    for device, mid in ((8, 1), (9, 2)):
        with pytest.raises(InvalidResponse, match="not_scribe"):
            allowed(agreement, device, mid, AGREE)
    released = {"phase": "agree", "scribes": {"1": 1}}
    with pytest.raises(InvalidResponse, match="not_scribe"):
        allowed(agreement, 7, 1, released)  # no longer the scribe
    allowed({"scribe": 1}, 8, 1, released)  # the role is free again
    with pytest.raises(InvalidResponse, match="not_scribe"):
        allowed({"scribe": 0}, 8, 1, released)  # a stale claim


def test_release_scribe_needs_a_scribe(generations):
    claim = responses_of((7, 1, "scribe", {"scribe": 0}))
    state = KIND.run_action("release_scribe", generations, AGREE, {"municipality_id": 1}, claim)
    assert state["scribes"] == {"1": 1}
    with pytest.raises(InvalidResponse, match="no_scribe"):
        KIND.run_action("release_scribe", generations, state, {"municipality_id": 1}, claim)
    with pytest.raises(InvalidResponse, match="no_scribe"):
        KIND.run_action("release_scribe", generations, AGREE, {"municipality_id": "1"}, claim)


def scene():
    """Stavanger: 4 raters and a scribe; Sola: 1 rater; Randaberg: 3 raters."""
    specs = []
    for device, ratings in ((1, (2, 3)), (2, (3, 3)), (3, (4, 5)), (4, (6, 5))):
        specs += [rating(device, 1, "gen1", ratings[0], note="lite" if device == 1 else None),
                  rating(device, 1, "gen2", ratings[1])]
    specs += [rating(10, 2, "gen1", 1)]
    specs += [rating(device, 3, "gen1", 5) for device in (20, 21, 22)]
    specs += [(1, 1, "scribe", {"scribe": 0}),
              (1, 1, "agree:gen1", {"agree": "gen1", "rating": 3, "generation": 0}),
              (1, 1, "note:s1", {"type": "barrier", "text": "Siloer", "items": ["gen2"]}),
              (10, 2, "scribe", {"scribe": 0}),
              (10, 2, "agree:gen1", {"agree": "gen1", "rating": 2, "generation": 0}),
              (10, 2, "note:s2", {"type": "opportunity", "text": "Samarbeid", "items": []})]
    return responses_of(*specs)


def described(definition, answers, state=AGREE, history=None):
    result = KIND.describe_results(definition, answers, state, "all", MUNICIPALITIES, 3,
                                   history=history)
    result.update(item_id=7, revision=3)
    return result


def test_heatmap_by_one_partition_with_small_groups_pooled(generations):
    room = KIND.results_for("presenter", None, described(generations, scene()), True)
    rows = {row["key"]: row for row in room["rows"]}
    assert rows["m:1"]["medians"][:2] == [3.5, 4] and rows["m:1"]["n"] == 4
    assert rows["m:1"]["spreads"][:2] == [2, 2]
    assert rows["m:2"] == {"key": "m:2", "municipality_id": 2, "suppressed": True}
    # Sola's lone rating pools with Randaberg's three: neither is shown alone.
    assert rows["m:3"]["suppressed"] is True
    assert rows["others"]["n"] == 4 and rows["others"]["medians"][0] == 5
    assert room["respondents"] == 8  # raters only: the scribe's claim adds nobody
    assert room["items"][0]["distribution"] == [1, 1, 1, 1, 3, 1]
    assert room["items"][0]["median"] == 4.5
    assert room["columns"] == [f"gen{n}" for n in range(1, 7)]
    assert rows["m:1"]["agreed"][:2] == [3, None]  # Stavanger is shown: its agreement too
    assert "agreed" not in rows["others"] or rows["others"]["agreed"] is None
    assert "scribes" not in room  # the console's, not the projector's
    console = KIND.results_for("console", None, described(generations, scene()), False)
    assert console["scribes"]["1"] == {"generation": 0, "taken": True}
    assert console["scribes"]["3"] == {"generation": 0, "taken": False}


def test_a_room_below_the_minimum_shows_nothing(generations):
    answers = responses_of(rating(1, 1, "gen1", 4), rating(2, 1, "gen1", 5))
    room = KIND.results_for("presenter", None, described(generations, answers), True)
    # Only municipalities that rated get a row (as in every split view), and it is hidden.
    assert [row["suppressed"] for row in room["rows"]] == [True]
    assert room["items"][0]["distribution"] == [0] * 6 and room["items"][0]["median"] is None


def test_each_municipalitys_phones_get_only_their_own_part_and_only_when_agreeing(generations):
    result = described(generations, scene())
    assert KIND.phone_groups(result) == ["m:1", "m:2", "m:3"]
    own = KIND.results_for("phone", "m:1", result, False)
    assert own["municipality_id"] == 1 and own["suppressed"] is False and own["n"] == 4
    assert own["spread"][0]["distribution"] == [0, 1, 1, 1, 0, 1]
    assert own["spread"][0]["comments"] == ["lite"]
    assert own["agreed"] == {"gen1": 3}
    assert [note["text"] for note in own["notes"]] == ["Siloer"]
    assert own["scribe"] == {"generation": 0, "taken": True}
    sola = KIND.results_for("phone", "m:2", result, False)
    assert sola["suppressed"] is True and sola["spread"] is None and sola["n"] is None
    assert sola["agreed"] == {"gen1": 2}  # its own agreement, though too small to show ratings
    assert [note["text"] for note in sola["notes"]] == ["Samarbeid"]
    text = repr(sola)
    assert "Siloer" not in text and "lite" not in text
    individual = described(generations, scene(), {"phase": "individual"})
    assert KIND.results_for("phone", "m:1", individual, True) is None


def test_the_newest_scribe_generation_decides_the_agreement(generations):
    answers = scene() + responses_of(
        (5, 1, "scribe", {"scribe": 1}),
        (5, 1, "agree:gen1", {"agree": "gen1", "rating": 6, "generation": 1}))
    answers = [Response(100 + n, r.device_id, r.municipality_id, r.key, r.value)
               for n, r in enumerate(answers[-2:])] + answers[:-2]
    state = {"phase": "agree", "scribes": {"1": 1}}
    own = KIND.results_for("phone", "m:1", described(generations, answers, state), False)
    assert own["agreed"]["gen1"] == 6


def test_change_since_before_for_shown_municipalities(generations):
    history = {"1": {"gen1": {"value": 2, "module": 1, "stage": "samling"}},
               "3": {"gen1": {"value": 1, "module": 1, "stage": "samling"}}}
    room = KIND.results_for("presenter", None, described(generations, scene(), history=history),
                            True)
    rows = {row["key"]: row for row in room["rows"]}
    # Stavanger agreed 3 on gen1 (its median is 3.5): the change is from the agreed picture.
    assert rows["m:1"]["changes"] == {"gen1": {"before": 2, "now": 3, "change": 1,
                                               "module": 1, "stage": "samling"}}
    assert "changes" not in rows["m:3"]  # suppressed: no change shown either


def test_profile_parts_radar_grid_and_weakest():
    definition = KIND.validate_definition({"framework": "dimios-style"})
    answers = []
    for device in (1, 2, 3):
        for item in definition["framework"]["items"]:
            low = item["area"] in ("innovasjon", "data", "organisering")
            answers.append(rating(device, 1, item["key"], 2 if low else 5))
    room = KIND.results_for("presenter", None, described(definition, responses_of(*answers)),
                            True)
    row = next(r for r in room["rows"] if r["key"] == "m:1")
    assert row["spokes"] == [5, 2, 5, 5, 2, 2]
    assert row["position"] == {"x": 5, "y": 2, "type": "B"}
    assert row["weakest"] == ["innovasjon", "data", "organisering"]
    assert room["room"]["position"]["type"] == "B"


def test_the_record_is_pseudonymous_and_suppresses_small_groups(generations):
    entries = KIND.record_entries(generations, scene(), AGREE, MUNICIPALITIES, 3)
    assert KIND.record_source == "mapping"
    stavanger = entries[1]
    assert stavanger["framework"]["key"] == "di2x-generations"
    assert stavanger["framework"]["version"] == "2026.1"
    assert stavanger["n"] == 4 and stavanger["suppressed"] is False
    raters = stavanger["result"]["ratings"]
    assert [r["rater"] for r in raters] == [1, 2, 3, 4]
    assert raters[0] == {"rater": 1, "values": {"gen1": 2, "gen2": 3}, "notes": {"gen1": "lite"}}
    assert "device" not in repr(raters)
    assert stavanger["result"]["medians"]["gen1"] == 3.5
    assert stavanger["agreed"] == {"gen1": 3}
    assert stavanger["barriers"] == [{"id": 15, "type": "barrier", "text": "Siloer",
                                      "items": ["gen2"]}]
    sola = entries[2]
    assert sola["suppressed"] is True and sola["result"] is None and sola["n"] is None
    assert sola["agreed"] == {"gen1": 2}
    assert [o["text"] for o in sola["opportunities"]] == ["Samarbeid"]
    assert entries[3]["suppressed"] is True  # pooled with Sola
    room = entries[None]
    assert room["n"] == 8 and room["result"]["medians"]["gen1"] == 4.5
    assert room["result"]["heatmap"] == {"1": stavanger["result"]["medians"]}
