"""A demo programme: a Digi network, its municipalities and one gathering per
module, each from a shipped session plan."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path

from .plans import load_plans
from .store import gatherings, programmes, users

NETWORK = "Digi Rogaland"
PROGRAMME = "Kompetanseløftet i digital transformasjon, Digi Rogaland 2026-2027"
MUNICIPALITIES = [
    "Stavanger", "Sandnes", "Sola", "Randaberg", "Klepp", "Time", "Hå", "Gjesdal",
    "Strand", "Hjelmeland", "Suldal", "Sauda", "Karmøy", "Haugesund", "Tysvær",
    "Vindafjord", "Bokn", "Utsira", "Kvitsøy", "Bjerkreim", "Eigersund", "Sokndal", "Lund",
]
GROUP_SIZE = 8  # municipalities per gathering day, as networks split them
FACILITATOR = "prosessleder"


def seed_demo(db, sessions_dir: str | Path) -> dict:
    """Create the demo once; later calls return what is there. The
    facilitator's password is new on every call and returned to print."""
    password = secrets.token_urlsafe(9)
    users.add_user(db, FACILITATOR, password)
    existing = [p for p in programmes.list_programmes(db) if p["name"] == PROGRAMME]
    if existing:
        found = [g for g in gatherings.list_gatherings(db)
                 if g["programme_id"] == existing[0]["id"]]
        return {"username": FACILITATOR, "password": password, "gatherings": found}

    programme_id = programmes.create_programme(db, PROGRAMME, NETWORK)
    municipality_ids = [programmes.add_municipality(db, programme_id, name)
                        for name in MUNICIPALITIES]
    day = date.today()
    created = []
    for plan in load_plans(sessions_dir):
        members = municipality_ids[:GROUP_SIZE]
        held_on = (day + timedelta(days=28 * (plan.module - 1))).isoformat()
        created.append(gatherings.create_gathering(
            db, programme_id, plan.module, held_on, plan.title, plan, members))
    return {"username": FACILITATOR, "password": password,
            "gatherings": [gatherings.get_gathering(db, gid) for gid in created]}
