"""Assembling a municipality's record: pure, literal data in and out."""

import json

import pytest

from facilitate.record import SCHEMA, assemble, only_module, part

PROGRAMME = {"id": 1, "name": "Kompetanseløftet, Digi Rogaland", "network": "Digi Rogaland",
             "created_at": "2026-01-01", "min_group_size": 3}
SOLA = {"id": 3, "name": "Sola", "programme_id": 1, "slug": "sola"}
FORMS = {1: {"module": 1, "title": "Forarbeid modul 1", "intro": "", "questions": [
    {"key": "q1", "type": "text", "text": "Hva tar du med deg?", "scale": None, "track": None},
    {"key": "rustet", "type": "rating", "text": "Hvor rustet?", "track": "rustet",
     "scale": {"min": 1, "max": 6, "min_label": "Lite", "max_label": "Svært"}}]}}
CLOUD = {"question": "Hvilke lederegenskaper?", "max_entries": 3, "max_length": 40}


def entry(**fields):
    base = {"id": 1, "programme_id": 1, "municipality_id": 3, "module": 1, "stage": "samling",
            "source": "activity", "gathering_id": 10, "item_id": 7, "title": "Lederegenskaper",
            "revision": 12, "filed_at": "2026-11-24T10:00:00.000+00:00",
            "gathering_title": "Modul 1, dag 1", "gathering_date": "2026-11-24"}
    return {**base, **fields}


def cloud(n, words, **extra):
    return {"activity_kind": "wordcloud", "question": CLOUD["question"], "definition": CLOUD,
            "n": n, "suppressed": False, "result": {"respondents": n, "words": words}, **extra}


SUPPRESSED = {"activity_kind": "wordcloud", "question": CLOUD["question"], "definition": CLOUD,
              "n": None, "suppressed": True, "result": None}


def test_an_empty_record_has_every_module_and_stage():
    record = assemble(PROGRAMME, SOLA, [], {}, {}, generated_at="2026-11-24T10:00:00Z")
    assert record["schema"] == SCHEMA == "facilitate.record/1"
    assert record["generated_at"] == "2026-11-24T10:00:00Z"
    assert record["programme"] == {"id": 1, "name": "Kompetanseløftet, Digi Rogaland",
                                   "network": "Digi Rogaland", "period": None,
                                   "min_group_size": 3}
    assert record["municipality"] == {"id": 3, "name": "Sola", "kommunenummer": None}
    assert [m["number"] for m in record["modules"]] == [1, 2, 3, 4]
    assert [m["key"] for m in record["modules"]] == ["organisasjon", "ledelse", "strategi",
                                                      "teknologi"]
    for module in record["modules"]:
        assert module["stages"] == {
            "forarbeid": {"questions": []},
            "samling": {"gatherings": [], "entries": []},
            "etterarbeid": {"ambition": {"level": None, "text": ""}, "initiatives": []}}
    assert record["trajectory"] == []
    json.dumps(record)  # JSON-ready


def test_own_part_sits_beside_the_whole_gathering():
    entries = [entry(payload=cloud(5, [{"word": "modig", "key": "modig", "count": 4}])),
               entry(id=2, municipality_id=None,
                     payload=cloud(60, [{"word": "tillit", "key": "tillit", "count": 30}]))]
    record = assemble(PROGRAMME, SOLA, entries, {}, {})
    samling = record["modules"][0]["stages"]["samling"]
    assert samling["gatherings"] == [{"id": 10, "title": "Modul 1, dag 1", "date": "2026-11-24"}]
    assert samling["entries"] == [{
        "source": "activity", "gathering_id": 10, "item_id": 7, "title": "Lederegenskaper",
        "activity_kind": "wordcloud", "question": "Hvilke lederegenskaper?",
        "definition": CLOUD, "filed_at": "2026-11-24T10:00:00.000+00:00", "revision": 12,
        "own": {"n": 5, "suppressed": False,
                "result": {"respondents": 5, "words": [{"word": "modig", "key": "modig",
                                                        "count": 4}]}},
        "room": {"n": 60, "suppressed": False,
                 "result": {"respondents": 60, "words": [{"word": "tillit", "key": "tillit",
                                                          "count": 30}]}}}]


def test_a_suppressed_part_carries_no_numbers_even_if_a_payload_had_them():
    leaky = {**SUPPRESSED, "n": 2, "result": {"respondents": 2, "words": []}}
    entries = [entry(payload=leaky),
               entry(id=2, municipality_id=None, payload=cloud(60, []))]
    record = assemble(PROGRAMME, SOLA, entries, {}, {})
    own = record["modules"][0]["stages"]["samling"]["entries"][0]["own"]
    assert own == {"n": None, "suppressed": True, "result": None}
    assert part({"suppressed": True, "n": 1, "result": {"x": 1}, "extra": 5}) == {
        "n": None, "suppressed": True, "result": None}


def test_other_municipalities_parts_never_enter_the_record():
    entries = [entry(payload=cloud(5, [])),
               entry(id=3, municipality_id=4, payload=cloud(9, [{"word": "randaberg-hemmelig",
                                                                 "key": "x", "count": 9}]))]
    text = json.dumps(assemble(PROGRAMME, SOLA, entries, {}, {}))
    assert "randaberg-hemmelig" not in text


def test_a_room_part_without_an_own_part_is_kept():
    entries = [entry(municipality_id=None, payload=cloud(40, []))]
    samling = assemble(PROGRAMME, SOLA, entries, {}, {})["modules"][0]["stages"]["samling"]
    assert [(e["own"], e["room"]["n"]) for e in samling["entries"]] == [(None, 40)]


def test_prework_answers_and_after_work_land_in_their_stages():
    entries = [
        entry(id=4, stage="forarbeid", source="prework", gathering_id=None, item_id=None,
              title="Forarbeid modul 1", payload={"answers": {
                  "q1": [{"value": "Tillit", "by": "coordinator", "respondent": "coordinator",
                          "updated_at": "2026-11-01T09:00:00"},
                         {"value": "Mot", "by": "leader", "respondent": "abc",
                          "updated_at": "2026-11-02T09:00:00"}],
                  "rustet": [{"value": 4, "by": "coordinator", "respondent": "coordinator",
                              "updated_at": "2026-11-01T09:00:00"}]}}),
        entry(id=5, stage="etterarbeid", source="ambition", gathering_id=None, item_id=None,
              title="Ambisjonsnivå", payload={"level": 3, "text": "Eie arbeidet",
                                              "updated_at": "x"}),
        entry(id=6, stage="etterarbeid", source="initiatives", gathering_id=None, item_id=None,
              title="Tiltak", payload={"items": [
                  {"id": 1, "what": "Fast punkt i ledermøtet", "owner": "Kommunedirektør",
                   "due": "2027-03-01", "term": "short", "status": "started"}]}),
    ]
    stages = assemble(PROGRAMME, SOLA, entries, FORMS, {})["modules"][0]["stages"]
    assert stages["forarbeid"]["questions"] == [
        {"key": "q1", "text": "Hva tar du med deg?", "type": "text", "scale": None,
         "answers": [{"value": "Tillit", "by": "coordinator", "updated_at": "2026-11-01T09:00:00"},
                     {"value": "Mot", "by": "leader", "updated_at": "2026-11-02T09:00:00"}]},
        {"key": "rustet", "text": "Hvor rustet?", "type": "rating",
         "scale": {"min": 1, "max": 6, "min_label": "Lite", "max_label": "Svært"},
         "answers": [{"value": 4, "by": "coordinator", "updated_at": "2026-11-01T09:00:00"}]}]
    assert stages["etterarbeid"] == {
        "ambition": {"level": 3, "text": "Eie arbeidet"},
        "initiatives": [{"id": 1, "what": "Fast punkt i ledermøtet", "owner": "Kommunedirektør",
                         "due": "2027-03-01", "term": "short", "status": "started"}]}


def test_a_form_without_answers_lists_its_questions_unanswered():
    stages = assemble(PROGRAMME, SOLA, [], FORMS, {})["modules"][0]["stages"]
    assert [(q["key"], q["answers"]) for q in stages["forarbeid"]["questions"]] == [
        ("q1", []), ("rustet", [])]


def test_only_module_keeps_one_module_and_the_trajectory():
    record = assemble(PROGRAMME, SOLA, [], {}, {})
    record["trajectory"] = [{"key": "k", "title": "t", "per_module": {"1": 1.0, "2": 2.0},
                             "programme_median": {"1": None, "2": None}}]
    one = only_module(record, 2)
    assert [m["number"] for m in one["modules"]] == [2]
    assert one["module_filter"] == 2
    assert one["trajectory"] == record["trajectory"]
    assert len(record["modules"]) == 4  # the original is untouched
    with pytest.raises(KeyError):
        only_module(record, 5)
