"""Plausible answers for every activity kind, made from a seeded random
generator: the demo's finished gathering and the pack benchmark answer with
these, through the same store functions phones use."""

from __future__ import annotations

import random
import secrets

from .activities import get_kind

WORDS = ["modig", "nysgjerrig", "tillit", "samarbeid", "lyttende", "tydelig", "raus",
         "endringsvillig", "strategisk", "tålmodig", "åpen", "helhetlig", "inkluderende",
         "lærende", "datadrevet", "utholdende", "ydmyk", "visjonær"]
TEXTS = ["Felles språk i ledergruppen", "Ta med innbyggerperspektivet hjem",
         "Vi må jobbe mer på tvers av sektorene", "Tid til utprøving og læring",
         "Digitalisering er et lederansvar", "Starte smått og lære underveis"]
QUESTIONS = ["Hvordan kom dere i gang?", "Hva gjorde dere med motstanden?",
             "Hvem eide prosjektet?", "Hva kostet det?"]


def sample_answer(kind_name: str, definition: dict, rng: random.Random,
                  lean: float = 0.5):
    """A valid answer of this kind; `lean` (0..1) tilts ratings and choices,
    so municipalities differ. Checked by the kind, as a phone's answer is."""
    if kind_name == "choice":
        count = len(definition["options"])
        picks = {min(count - 1, int(rng.triangular(0, count, lean * count)))}
        while definition["multiple"] and len(picks) < definition["max_choices"] \
                and rng.random() < 0.4:
            picks.add(rng.randrange(count))
        value = sorted(picks)
    elif kind_name == "wordcloud":
        value = rng.sample(WORDS, min(definition["max_entries"], rng.randint(1, 3)))
    elif kind_name == "open_text":
        value = rng.choice(TEXTS)[: definition["max_length"]]
    elif kind_name == "scale":
        low, high = definition["min"], definition["max"]
        value = [max(low, min(high, round(rng.gauss(low + lean * (high - low), 1.0))))
                 for _ in definition["statements"]]
    elif kind_name == "ranking":
        value = list(range(len(definition["options"])))
        rng.shuffle(value)
    elif kind_name == "qa":
        value = {"ask": rng.choice(QUESTIONS)}
    elif kind_name == "points":
        count, total = len(definition["options"]), definition["total"]
        cuts = sorted(rng.randint(0, total) for _ in range(count - 1))
        value = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    else:  # a kind added later: its own example answer is not known here
        raise KeyError(kind_name)
    return get_kind(kind_name).validate_response(definition, value)


def sample_answers(kind_name: str, definition: dict, rng: random.Random,
                   lean: float = 0.5) -> list[tuple[str, object]]:
    """One phone's answers to an activity, each with the slot it fills (made
    by the kind, as for a phone's answer): one for most kinds, a rating per
    item for a mapping."""
    kind = get_kind(kind_name)
    if kind_name == "mapping":
        points = definition["framework"]["scale"]["points"]
        values = [kind.validate_response(definition, {
            "item": item["key"],
            "rating": max(1, min(points, round(rng.gauss(1 + lean * (points - 1), 1.0))))})
            for item in definition["framework"]["items"]]
    else:
        values = [sample_answer(kind_name, definition, rng, lean)]
    return [(kind.response_key(value, secrets.token_urlsafe(12)), value) for value in values]


def answer_everything(db, device: dict, items: list[dict], rng: random.Random,
                      lean: float) -> None:
    """One sample phone answers every activity, as the demo's and the pack
    benchmark's run gatherings do."""
    from .store import responses

    for item in items:
        for key, value in sample_answers(item["activity_kind"], item["definition"], rng, lean):
            responses.save_response(db, device, item["id"], secrets.token_urlsafe(12), key,
                                    value)


def close_and_file(db, gathering_id: int, items: list[dict]) -> None:
    """Close every activity (filing each to the record) and end the day."""
    from .store import gatherings, records

    gathering = gatherings.get_gathering(db, gathering_id)
    for item in items:
        gatherings.update_item(db, item["id"], status="closed")
        records.file_item(db, gathering, gatherings.get_item(db, item["id"]))
    gatherings.end_gathering(db, gathering_id)
