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
FACILITATOR = "prosessleder"


class RealDataError(Exception):
    """The instance holds more than the demo; seeding would change a login."""


def real_data(db) -> list[str]:
    """What on this instance the demo did not make (empty on a fresh or
    demo-only instance)."""
    return programmes.not_made_by_demo(db, FACILITATOR, PROGRAMME)


def seed_demo(db, sessions_dir: str | Path, method: str = users.DEFAULT_METHOD,
              reset_password: bool = False, password: str | None = None) -> dict:
    """Create the demo once; later calls return what is there. The
    facilitator's password is `password` (kept by the caller, e.g. in the
    instance folder, so it stays the same across runs), or a new one; it is
    returned to print. When the facilitator already has that password it is
    not stored again, so open consoles stay logged in. The facilitator is
    admin and facilitator of the demo programme.

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
    if password is None:
        password = new_password()
    known = users.check_login(db, FACILITATOR, password, method=method)
    user_id = known["id"] if known else users.add_user(db, FACILITATOR, password, method=method)
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


def new_password() -> str:
    return secrets.token_urlsafe(9)


def instance_password(instance_path: str | Path, renew: bool = False) -> str:
    """The demo facilitator's password, made once and kept in the instance
    folder (readable by this user only), so every demo run on the same
    instance prints the same login. `renew` makes a new one."""
    path = Path(instance_path) / "demo_password"
    if renew or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new_password() + "\n")
        path.chmod(0o600)
    return path.read_text().strip()


def _grant_demo_roles(db, user_id: int, programme_id: int) -> None:
    grants.grant(db, user_id, ADMIN, programme_id)
    grants.grant(db, user_id, FACILITATOR_ROLE, programme_id)
