"""A demo programme: a Digi network, its municipalities and one gathering per
module, each from a shipped session plan."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path

from .plans import load_plans
from .policy import ADMIN
from .policy import FACILITATOR as FACILITATOR_ROLE
from .store import gatherings, grants, programmes, users

NETWORK = "Digi Rogaland"
PROGRAMME = "Kompetanseløftet i digital transformasjon, Digi Rogaland 2026-2027"
MUNICIPALITIES = [
    "Stavanger", "Sandnes", "Sola", "Randaberg", "Klepp", "Time", "Hå", "Gjesdal",
    "Strand", "Hjelmeland", "Suldal", "Sauda", "Karmøy", "Haugesund", "Tysvær",
    "Vindafjord", "Bokn", "Utsira", "Kvitsøy", "Bjerkreim", "Eigersund", "Sokndal", "Lund",
]
GROUP_SIZE = 8  # municipalities per gathering day, as networks split them
# How many leaders each municipality is expected to bring (its leadership
# group, about 4-12): phones joining beyond it are held for the facilitator
# (docs/SECURITY.md, "Fake phones"). Made-up but realistic numbers.
EXPECTED_PARTICIPANTS = [8, 7, 6, 5, 6, 5, 4, 5, 5, 4, 4, 4, 7, 7, 5, 5, 4, 4, 4, 4, 6, 4, 4]
FACILITATOR = "prosessleder"


class RealDataError(Exception):
    """The instance holds more than the demo; seeding would change a login."""


def real_data(db) -> list[str]:
    """What on this instance the demo did not make (empty on a fresh or
    demo-only instance)."""
    return programmes.not_made_by_demo(db, FACILITATOR, PROGRAMME)


def seed_demo(db, sessions_dir: str | Path, method: str = users.DEFAULT_METHOD,
              reset_password: bool = False) -> dict:
    """Create the demo once; later calls return what is there. The
    facilitator's password is new on every call and returned to print; the
    facilitator is admin and facilitator of the demo programme.

    On an instance with real data (users or programmes the demo did not make)
    this raises RealDataError rather than quietly give "prosessleder" a new
    password, unless `reset_password` is set."""
    if not reset_password:
        found = real_data(db)
        if found:
            raise RealDataError(
                f"This instance has real data ({', '.join(found)}). The demo would give "
                f"user {FACILITATOR!r} a new password and add the demo programme; "
                "run it with --reset-demo-password if that is what you want.")
    password = secrets.token_urlsafe(9)
    user_id = users.add_user(db, FACILITATOR, password, method=method)
    existing = [p for p in programmes.list_programmes(db) if p["name"] == PROGRAMME]
    if existing:
        programme_id = existing[0]["id"]
        _grant_demo_roles(db, user_id, programme_id)
        found = [g for g in gatherings.list_gatherings(db) if g["programme_id"] == programme_id]
        return {"username": FACILITATOR, "password": password, "gatherings": found,
                "programme_id": programme_id}

    programme_id = programmes.create_programme(db, PROGRAMME, NETWORK)
    _grant_demo_roles(db, user_id, programme_id)
    municipality_ids = [programmes.add_municipality(db, programme_id, name)
                        for name in MUNICIPALITIES]
    for municipality_id, expected in zip(municipality_ids, EXPECTED_PARTICIPANTS, strict=True):
        programmes.set_expected_participants(db, municipality_id, expected)
    day = date.today()
    created = []
    for plan in load_plans(sessions_dir):
        members = municipality_ids[:GROUP_SIZE]
        held_on = (day + timedelta(days=28 * (plan.module - 1))).isoformat()
        created.append(gatherings.create_gathering(
            db, programme_id, plan.module, held_on, plan.title, plan, members))
    return {"username": FACILITATOR, "password": password,
            "gatherings": [gatherings.get_gathering(db, gid) for gid in created],
            "programme_id": programme_id}


def _grant_demo_roles(db, user_id: int, programme_id: int) -> None:
    grants.grant(db, user_id, ADMIN, programme_id)
    grants.grant(db, user_id, FACILITATOR_ROLE, programme_id)
