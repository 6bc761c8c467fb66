"""The largest real case a room brings, made straight in the store: 25
municipalities with 4 phones each, a choice and a ranking with 12 options,
a scale with 12 statements, 100 text answers, 30 Q&A questions, a word
cloud of 100 different words and 100 points. The projector must show every
view of it without scrolling (tests/browser/test_projector_fit.py,
scripts/screenshots.py)."""

from __future__ import annotations

from pathlib import Path

from facilitate.activities import get_kind
from facilitate.model.session_plan import AgendaItem, SessionPlan
from facilitate.store import devices, gatherings, programmes, responses
from facilitate.store.db import connect

MUNICIPALITIES = 25
PHONES_EACH = 4
EXTRA_NAMES = ["Nordre Follo og Omegn", "Aurskog-Høland"]  # long names, as real ones are
OPTIONS = [f"Alternativ {n}: {word}" for n, word in enumerate(
    ["ledelse", "kultur", "kompetanse", "data", "samarbeid", "innbyggere", "økonomi",
     "sikkerhet", "arkitektur", "gevinster", "innovasjon", "partnerskap"], start=1)]
STATEMENTS = [f"Påstand {n}: kommunen har et tydelig mål for {topic}" for n, topic in enumerate(
    ["digital ledelse", "deling av data", "tjenestedesign", "brukerinvolvering",
     "arkitektur", "informasjonssikkerhet", "gevinstrealisering", "kompetanseheving",
     "innovasjon", "samarbeid i regionen", "automatisering", "digitale innbyggertjenester"],
    start=1)]

DEFINITIONS = {
    "choice": {"question": "Hvilke to områder bør ledergruppen prioritere først?",
               "options": OPTIONS, "multiple": True, "max_choices": 2},
    "scale": {"question": "Hvor enig er du i påstandene om kommunen din?",
              "statements": STATEMENTS, "min": 1, "max": 6,
              "min_label": "Helt uenig", "max_label": "Helt enig"},
    "open_text": {"question": "Hva er det viktigste dere tar med hjem fra i dag?"},
    "qa": {"question": "Hva vil du spørre innlederen om?"},
    "wordcloud": {"question": "Hvilke lederegenskaper tar du med deg?", "max_entries": 3},
    "ranking": {"question": "Ranger områdene etter hvor viktige de er for dere",
                "options": OPTIONS},
    "points": {"question": "Fordel 100 poeng på områdene", "options": OPTIONS},
}
KINDS = tuple(DEFINITIONS)


def _value(kind: str, n: int):
    if kind == "choice":
        return [n % 12, (n * 5 + 1) % 12] if n % 12 != (n * 5 + 1) % 12 else [n % 12]
    if kind == "scale":
        return [1 + (n + s) % 6 for s in range(12)]
    if kind == "open_text":
        return (f"Svar {n + 1}: vi må bli bedre til å dele data og lære av hverandre "
                f"på tvers av sektorene{' i kommunen' * (n % 3)}")
    if kind == "wordcloud":
        return [f"ord{n}", f"tillit{n % 7}", "modig"]
    if kind == "ranking":
        return [(n + k) % 12 for k in range(12)]
    if kind == "points":
        shares = [0] * 12
        shares[n % 12] = 60
        shares[(n + 3) % 12] = 40
        return shares
    raise ValueError(kind)


def make_largest(database: str | Path, programme_id: int) -> dict:
    """Add the largest case to the programme (topping it up to 25
    municipalities); returns the gathering, its items by kind and counts."""
    db = connect(database)
    try:
        names = {m["id"]: m["name"] for m in db.query(
            "SELECT id, name FROM municipalities WHERE programme_id = ? ORDER BY id",
            [programme_id])}
        for name in EXTRA_NAMES[:max(0, MUNICIPALITIES - len(names))]:
            names[programmes.add_municipality(db, programme_id, name)] = name
        members = list(names)[:MUNICIPALITIES]
        items = tuple(
            AgendaItem("activity", f"Størst mulig: {kind}", f"{9 + i:02d}:00", 30, "", kind,
                       get_kind(kind).validate_definition(DEFINITIONS[kind]))
            for i, kind in enumerate(KINDS))
        plan = SessionPlan("largest.toml", "Største dag", 1, "", items)
        gathering_id = gatherings.create_gathering(db, programme_id, 1, "2026-01-01",
                                                   "Største dag", plan, members)
        by_kind = {item["activity_kind"]: item for item in gatherings.list_items(db, gathering_id)}
        phones = [devices.register_device(db, gathering_id, m, None)
                  for m in members for _ in range(PHONES_EACH)]
        for n, phone in enumerate(phones):
            for kind in KINDS:
                if kind == "qa":
                    continue
                item = by_kind[kind]
                responses.save_response(db, phone, item["id"], f"largest-{kind}-{n}", "",
                                        _value(kind, n))
        qa = by_kind["qa"]
        questions = []
        for n, phone in enumerate(phones[:30]):
            question = (f"Spørsmål {n + 1}: hvordan får vi med oss de tillitsvalgte "
                        f"når tjenestene endres{'?' if n % 2 else ' så raskt som nå?'}")
            responses.save_response(db, phone, qa["id"], f"largest-ask-{n}", f"q:largest-{n}",
                                    {"ask": question})
            questions.append(db.execute("SELECT MAX(id) FROM responses").fetchone()[0])
        for n, phone in enumerate(phones):
            target = questions[n % 30]
            responses.save_response(db, phone, qa["id"], f"largest-vote-{n}", f"up:{target}",
                                    {"upvote": target, "on": True})
        gathering = gatherings.get_gathering(db, gathering_id)
        return {"gathering": gathering, "items": by_kind,
                "municipalities": programmes.gathering_municipalities(db, gathering_id)}
    finally:
        db.conn.close()
