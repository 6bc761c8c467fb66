"""Assembled records (schema "facilitate.record/1") for the export tests.

The samling entries are made by the real activity kinds: each kind's example
definition, answers from devices of three municipalities, and the kind's own
`record_entries()` (the same code that files them), reshaped into the
assembled record's own/room parts. So every result has exactly the shape its
kind's tally() gives.
"""

from __future__ import annotations

import copy

from facilitate.activities import KINDS
from facilitate.activities.base import Response
from facilitate.model.programme import MODULES, STAGES

SOLA, STAVANGER, RANDABERG = 3, 1, 2
MUNICIPALITIES = {STAVANGER: "Stavanger", RANDABERG: "Randaberg", SOLA: "Sola"}
MIN_GROUP = 3

PROGRAMME = {"id": 1, "name": "Kompetanseløftet i digital transformasjon",
             "network": "Digi Rogaland", "period": "2025-2026", "min_group_size": MIN_GROUP}
MUNICIPALITY = {"id": SOLA, "name": "Sola", "kommunenummer": "1124"}
GATHERING = {"id": 1, "title": "Dagssamling modul 1, Stavanger", "date": "2026-11-24"}


def empty_record() -> dict:
    """A municipality with nothing filed: every module, every stage, empty."""
    return {
        "schema": "facilitate.record/1",
        "generated_at": "2026-11-24T10:00:00Z",
        "programme": dict(PROGRAMME),
        "municipality": dict(MUNICIPALITY),
        "modules": [
            {"number": module.number, "key": module.key, "title": module.title,
             "stages": {"forarbeid": {"questions": []},
                        "samling": {"gatherings": [], "entries": []},
                        "etterarbeid": {"ambition": {"level": None, "text": ""},
                                        "initiatives": []}}}
            for module in MODULES],
        "trajectory": [],
    }


# Each device's answer per kind; devices 1-5 Sola, 6-11 Stavanger, 12-15 Randaberg.
DEVICES = {**{d: SOLA for d in range(1, 6)}, **{d: STAVANGER for d in range(6, 12)},
           **{d: RANDABERG for d in range(12, 16)}}

ANSWERS = {
    "choice": lambda d: [d % 3],
    "wordcloud": lambda d: [["Tillit", "Mot"], ["tillit", "Nysgjerrighet"], ["Mot"],
                            ["Samarbeid", "Åpenhet"], ["Tillit"]][d % 5],
    "open_text": lambda d: ["Mer deling av data på tvers av sektorene 🚀",
                            "Ledergruppen må eie endringen",
                            "Brukerne først – også i økonomi",
                            "Øve på å stoppe prosjekter som ikke virker"][d % 4] + f" ({d})",
    "scale": lambda d: [[4, 5], [3, None], [5, 6], [2, 4], [6, 6]][d % 5],
    "ranking": lambda d: [[0, 1, 2], [1, 0, 2], [2, 1, 0], [0, 2, 1]][d % 4],
    "points": lambda d: [[50, 30, 20], [20, 40, 40], [100, 0, 0], [34, 33, 33]][d % 4],
}


def _responses(kind_name: str, devices: dict[int, int]) -> list[Response]:
    responses = []
    next_id = 100
    if kind_name == "qa":
        asked = {}
        for device, municipality in devices.items():
            if device % 2:
                next_id += 1
                asked[device] = next_id
                responses.append(Response(next_id, device, municipality, f"q:s{device}",
                                          {"ask": f"Hvordan måler dere gevinster? ({device})"}))
        for device, municipality in devices.items():
            for target in list(asked.values())[: device % 3 + 1]:
                next_id += 1
                responses.append(Response(next_id, device, municipality, f"up:{target}",
                                          {"upvote": target, "on": True}))
        return responses
    for device, municipality in devices.items():
        next_id += 1
        responses.append(Response(next_id, device, municipality, "", ANSWERS[kind_name](device)))
    return responses


def activity_entry(kind_name: str, item_id: int, devices: dict[int, int] | None = None,
                   title: str | None = None) -> dict:
    """What the record holds for Sola after one activity of this kind closed."""
    kind = KINDS[kind_name]
    definition = kind.validate_definition(dict(kind.example))
    state = {"answered": []} if kind_name == "qa" else {}
    filed = kind.record_entries(definition, _responses(kind_name, devices or DEVICES), state,
                                MUNICIPALITIES, MIN_GROUP)

    def part(payload: dict | None) -> dict:
        if payload is None or payload["suppressed"]:
            return {"n": None, "suppressed": True, "result": None}
        return {"n": payload["n"], "suppressed": False, "result": payload["result"]}

    return {"source": "activity", "gathering_id": GATHERING["id"], "item_id": item_id,
            "title": title or str(kind.label), "activity_kind": kind_name,
            "question": definition["question"], "definition": definition,
            "filed_at": "2026-11-24T10:15:00Z", "revision": 4,
            "own": part(filed.get(SOLA)), "room": part(filed[None])}


MAPPING_ENTRY = {
    "source": "mapping", "gathering_id": GATHERING["id"], "item_id": 40,
    "title": "Kartlegging: generasjoner av digital modenhet", "activity_kind": "mapping",
    "question": "Hvor står kommunen på trappen?", "definition": {"framework": "generasjoner"},
    "filed_at": "2026-11-24T13:00:00Z", "revision": 2,
    "own": {"n": 6, "suppressed": False, "result": {
        "framework": "Generasjoner av digital modenhet",
        "cells": [{"capability": "Digitalt visjonær", "level": 2, "mean": 2.4},
                  {"capability": "Sluttkundefokus", "level": 3, "mean": 3.1}],
        "agreed": {"level": 2, "note": "Enige om at vi står mellom generasjon 2 og 3"}}},
    "room": {"n": 58, "suppressed": False, "result": {
        "framework": "Generasjoner av digital modenhet",
        "cells": [{"capability": "Digitalt visjonær", "level": 2, "mean": 2.1},
                  {"capability": "Sluttkundefokus", "level": 2, "mean": 2.6}]}},
}

BOARD_ENTRY = {
    "source": "board", "gathering_id": GATHERING["id"], "item_id": 41,
    "title": "Gruppetavle: barrierer", "filed_at": "2026-11-24T14:00:00Z", "revision": 1,
    "payload": {"notes": [{"text": "Siloer mellom sektorene", "votes": 4, "cluster": "Kultur"},
                          {"text": "Gammel fagsystemarv", "votes": 2, "cluster": "Teknologi"}],
                "clusters": ["Kultur", "Teknologi"]},
}

# The activities whose numbers the tests compare, in the order filed.
FULL_KINDS = ("choice", "wordcloud", "open_text", "scale", "ranking", "qa", "points")
TITLES = {"choice": "Roller i ledergruppen", "wordcloud": "Lederegenskaper",
          "open_text": "Hva tar dere med hjem?", "scale": "Utsagn om samarbeid",
          "ranking": "Barrierer", "qa": "Spørsmål til innlederen",
          "points": "Hvor skal innsatsen gå?"}


def module_one_entries() -> list[dict]:
    entries = [activity_entry(name, 10 + index, title=TITLES[name])
               for index, name in enumerate(FULL_KINDS)]
    # Sola only two phones: its own part is suppressed, the room's shown.
    few_from_sola = {d: m for d, m in DEVICES.items() if m != SOLA or d <= 2}
    entries.append(activity_entry("choice", 30, few_from_sola, "Hvem eier digitaliseringen?"))
    # Two phones in the whole room: everything suppressed.
    entries.append(activity_entry("scale", 31, {1: SOLA, 6: STAVANGER}, "Lite utvalg"))
    entries += [copy.deepcopy(MAPPING_ENTRY), copy.deepcopy(BOARD_ENTRY)]
    return entries


def full_record() -> dict:
    """Module 1 filled in every stage, module 2 partly, 3 and 4 empty."""
    record = empty_record()
    one, two = record["modules"][0]["stages"], record["modules"][1]["stages"]
    one["forarbeid"]["questions"] = [
        {"key": "q1", "text": "Hva betyr digital transformasjon for oss?", "type": "text",
         "scale": None,
         "answers": [{"value": "At tjenestene starter hos innbyggeren, ikke i systemene.",
                      "by": "coordinator", "updated_at": "2026-11-10T08:30:00Z"}]},
        {"key": "q2", "text": "Hvor moden er ledergruppen for endring?", "type": "rating",
         "scale": {"min": 1, "max": 6},
         "answers": [{"value": 4, "by": "coordinator", "updated_at": "2026-11-10T08:31:00Z"},
                     {"value": 5, "by": "leader", "updated_at": "2026-11-12T19:02:00Z"},
                     {"value": 3, "by": "leader", "updated_at": "2026-11-13T07:45:00Z"}]},
        {"key": "q3", "text": "Gruppeoppgaven: hvilke barrierer ser dere?", "type": "text",
         "scale": None, "answers": []},
    ]
    one["samling"]["gatherings"] = [dict(GATHERING)]
    one["samling"]["entries"] = module_one_entries()
    one["etterarbeid"] = {
        "ambition": {"level": 3, "text": "Vi skal tenke tjenester fra innbyggerens side."},
        "initiatives": [
            {"id": 1, "what": "Kartlegge datadeling mellom helse og oppvekst",
             "owner": "Kommunalsjef helse",
             "due": "2027-03-01", "term": "short", "status": "started"},
            {"id": 2, "what": "Felles tjenestedesign-opplæring for ledergruppen",
             "owner": "Kommunedirektør", "due": "2027-09-30", "term": "long",
             "status": "planned"},
            {"id": 3, "what": "Avslutte gammelt saksbehandlingssystem", "owner": "IT-sjef",
             "due": "2026-12-15", "term": "short", "status": "done"},
        ]}
    two["forarbeid"]["questions"] = [
        {"key": "q2", "text": "Hvor moden er ledergruppen for endring?", "type": "rating",
         "scale": {"min": 1, "max": 6},
         "answers": [{"value": 5, "by": "coordinator", "updated_at": "2027-01-20T09:00:00Z"}]}]
    two["etterarbeid"]["ambition"] = {"level": 4, "text": "Datadrevet ledelse i alle sektorer."}
    record["trajectory"] = [
        {"key": "q2", "title": "Hvor moden er ledergruppen for endring?",
         "per_module": {"1": 4.0, "2": 5.0}, "programme_median": {"1": 3.5, "2": 4.0}},
        {"key": "scale:0", "title": "Vi deler data på tvers",
         "per_module": {"1": 3.8}, "programme_median": {"1": 3.2, "2": None}},
    ]
    return record


def scaled_record(per_module: int = 25) -> dict:
    """The full record with `per_module` samling entries in every module (speed)."""
    record = full_record()
    base = module_one_entries()
    for module in record["modules"]:
        filed = []
        while len(filed) < per_module:
            filed += copy.deepcopy(base)
        module["stages"]["samling"]["entries"] = filed[:per_module]
        module["stages"]["samling"]["gatherings"] = [dict(GATHERING)]
        module["stages"]["forarbeid"] = copy.deepcopy(record["modules"][0]["stages"]["forarbeid"])
        module["stages"]["etterarbeid"] = copy.deepcopy(
            record["modules"][0]["stages"]["etterarbeid"])
    return record


STAGE_KEYS = STAGES
