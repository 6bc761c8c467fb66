"""A demo programme: a Digi network, its municipalities and one gathering per
module, each from a shipped session plan. With `with_record`, module 1 has
also already run once (every municipality of the first group answered on
their phones, each activity closed and filed to the programme record), the
coordinators have filled in some pre-work and after-work, and each of those
municipalities has a coordinator login."""

from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from pathlib import Path

from .model.prework import load_forms
from .plans import load_plans
from .policy import ADMIN, COORDINATOR
from .policy import FACILITATOR as FACILITATOR_ROLE
from .samples import answer_everything, close_and_file
from .store import devices, gatherings, grants, programmes, records, users

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
RAN_TITLE = "Modul 1: Organisasjon – dagssamling (gjennomført)"
# Phones per municipality at the finished gathering: one municipality below
# the minimum group, so the record shows a suppressed part.
PHONES = [6, 5, 4, 4, 3, 5, 2, 4]
COORDINATOR_PREFIX = "koordinator-"


def coordinator_username(municipality_name: str) -> str:
    return COORDINATOR_PREFIX + programmes.slugify(municipality_name)


DEMO_COORDINATORS = tuple(coordinator_username(name) for name in MUNICIPALITIES[:GROUP_SIZE])


class RealDataError(Exception):
    """The instance holds more than the demo; seeding would change a login."""


def real_data(db) -> list[str]:
    """What on this instance the demo did not make (empty on a fresh or
    demo-only instance)."""
    return programmes.not_made_by_demo(db, FACILITATOR, PROGRAMME, DEMO_COORDINATORS)


def seed_demo(db, sessions_dir: str | Path, method: str = users.DEFAULT_METHOD,
              reset_password: bool = False, password: str | None = None,
              with_record: bool = False) -> dict:
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
        found = [g for g in gatherings.list_gatherings(db) if g["programme_id"] == programme_id
                 and g["title"] != RAN_TITLE]
        seeded = {"username": FACILITATOR, "password": password, "gatherings": found,
                  "programme_id": programme_id}
        if with_record:
            seeded.update(_coordinators(db, programme_id, method, password))
            ran = [g for g in gatherings.list_gatherings(db)
                   if g["programme_id"] == programme_id and g["title"] == RAN_TITLE]
            if ran:
                seeded["ran_gathering"] = ran[0]
            else:
                seeded["ran_gathering"] = run_module_one(db, programme_id, sessions_dir)
        return seeded

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
    seeded = {"username": FACILITATOR, "password": password,
              "gatherings": [gatherings.get_gathering(db, gid) for gid in created],
              "programme_id": programme_id}
    if with_record:
        seeded["ran_gathering"] = run_module_one(db, programme_id, sessions_dir)
        seeded.update(_coordinators(db, programme_id, method, password))
    return seeded


def _coordinators(db, programme_id: int, method: str, password: str) -> dict:
    """A coordinator login for each municipality of the first group, with the
    facilitator's password (the same on every run of the instance; a login
    that already has it is left alone, so open sessions stay)."""
    made = []
    members = {m["name"]: m for m in records.municipalities(db, programme_id)}
    for name in MUNICIPALITIES[:GROUP_SIZE]:
        username = coordinator_username(name)
        known = users.check_login(db, username, password, method=method)
        user_id = known["id"] if known else users.add_user(db, username, password,
                                                             method=method)
        grants.grant(db, user_id, COORDINATOR, programme_id, members[name]["id"])
        made.append({"username": username, "municipality": name,
                     "municipality_id": members[name]["id"]})
    return {"coordinators": made, "coordinator_password": password}


def run_module_one(db, programme_id: int, sessions_dir: str | Path, seed: int = 2026) -> dict:
    """Module 1's gathering for the first group, as if it had run two weeks
    ago: phones joined, answered every activity, the facilitator closed each
    one (filing it to the record) and ended the day. Then some pre-work and
    after-work, as coordinators would add it."""
    rng = random.Random(seed)
    plan = next(p for p in load_plans(sessions_dir) if p.module == 1)
    members = [m for m in records.municipalities(db, programme_id)
               if m["name"] in MUNICIPALITIES[:GROUP_SIZE]]
    members.sort(key=lambda m: MUNICIPALITIES.index(m["name"]))
    held_on = (date.today() - timedelta(days=14)).isoformat()
    gathering_id = gatherings.create_gathering(db, programme_id, 1, held_on, RAN_TITLE, plan,
                                               [m["id"] for m in members])
    gatherings.start_gathering(db, gathering_id)
    items = [i for i in gatherings.list_items(db, gathering_id) if i["activity_kind"]]
    for municipality, phones in zip(members, PHONES, strict=False):
        lean = rng.random()
        for _ in range(phones):
            device = devices.register_device(db, gathering_id, municipality["id"], None)
            answer_everything(db, device, items, rng, lean)
    close_and_file(db, gathering_id, items)
    _after_work(db, members, Path(sessions_dir) / "prework", rng)
    return gatherings.get_gathering(db, gathering_id)


def _after_work(db, members: list[dict], prework_dir: Path, rng: random.Random) -> None:
    forms = load_forms(prework_dir) if prework_dir.is_dir() else {}
    for index, municipality in enumerate(members):
        for number in (1, 2):
            form = forms.get(number)
            if form is None:
                continue
            answers = {q.key: rng.randint(q.scale["min"] + 1, q.scale["max"] - 1)
                       for q in form.questions if q.type == "rating"}
            if number == 1:
                answers.update({q.key: "Felles forståelse av hva digital transformasjon betyr "
                                       "for tjenestene våre." for q in form.questions
                                if q.type == "text"})
            records.save_prework(db, municipality, number, form.title, answers,
                                 by="coordinator", respondent="coordinator")
        if index % 2 == 0:
            records.save_ambition(db, municipality, 1, 2 + index % 3,
                                  "Ledergruppen skal eie arbeidet med digital transformasjon.",
                                  user_id=None)
            for what, term, status in [
                    ("Fast punkt om digitalisering i ledermøtet", "short", "started"),
                    ("Tverrsektorielt team for tjenestedesign", "long", "planned")]:
                records.save_initiative(db, municipality, 1, {
                    "what": what, "owner": "Kommunedirektøren", "term": term,
                    "status": status,
                    "due": (date.today() + timedelta(days=90 if term == "short" else 365))
                    .isoformat()}, initiative_id=None, user_id=None)


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
