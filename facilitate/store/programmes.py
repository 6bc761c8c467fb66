"""Programmes, their settings and module titles, and their member
municipalities (added by hand or imported from a CSV file, renamed, retired)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..model.municipality_csv import N_, Problem, Row
from ..model.programme import MODULES
from .clock import now
from .unit_of_work import transaction

# What a programme admin may set (besides name and network), with defaults.
SETTINGS = {"period_from": None, "period_to": None, "consent_text": None,
            "retention_months": 24, "min_group_size": 3}
MIN_GROUP_RANGE = (2, 20)


def slugify(name: str) -> str:
    folded = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def create_programme(db, name: str, network: str, **settings) -> int:
    """A new programme; `settings` are any of SETTINGS (the rest take defaults)."""
    unknown = set(settings) - set(SETTINGS)
    if unknown:
        raise ValueError(f"unknown programme settings: {', '.join(sorted(unknown))}")
    values = {**SETTINGS, **settings}
    with transaction(db):
        cursor = db.execute(
            f"INSERT INTO programmes (name, network, created_at, {', '.join(values)}) "
            f"VALUES (?, ?, ?, {', '.join('?' for _ in values)})",
            [name, network, now(), *values.values()],
        )
        return cursor.lastrowid


def update_programme(db, programme_id: int, **fields) -> None:
    """Set name, network and any of SETTINGS."""
    unknown = set(fields) - {"name", "network", *SETTINGS}
    if unknown:
        raise ValueError(f"unknown programme fields: {', '.join(sorted(unknown))}")
    if not fields:
        return
    with transaction(db):
        db.execute(f"UPDATE programmes SET {', '.join(f'{k} = ?' for k in fields)} "
                   "WHERE id = ?", [*fields.values(), programme_id])


def period_label(programme: dict) -> str:
    """"2026-2027" from the period's dates ("2026-09-01" to "2027-06-30"), or
    one year, or ""."""
    years = [str(programme.get(key) or "")[:4] for key in ("period_from", "period_to")]
    years = [year for year in years if year]
    if len(years) == 2 and years[0] == years[1]:
        return years[0]
    return "-".join(years)


# --- module titles --------------------------------------------------------------


def modules_of(db, programme_id: int, lang: str = "nb") -> list[dict]:
    """The programme's four modules: number, key and title (the programme's own
    title where it set one, else the default in `lang`)."""
    own = dict(db.execute("SELECT number, title FROM programme_modules WHERE programme_id = ?",
                          [programme_id]).fetchall())
    return [{"number": module.number, "key": module.key,
             "title": own.get(module.number) or (module.title_en if lang == "en"
                                                 else module.title),
             "custom": module.number in own}
            for module in MODULES]


def set_module_titles(db, programme_id: int, titles: dict[int, str]) -> None:
    """Keep a title only where it differs from the default (in either
    language), so an untouched module still reads in the reader's language."""
    with transaction(db):
        for module in MODULES:
            if module.number not in titles:
                continue
            title = titles[module.number].strip()
            db.execute("DELETE FROM programme_modules WHERE programme_id = ? AND number = ?",
                       [programme_id, module.number])
            if title and title not in (module.title, module.title_en):
                db.execute("INSERT INTO programme_modules (programme_id, number, title) "
                           "VALUES (?, ?, ?)", [programme_id, module.number, title])


# --- municipalities -------------------------------------------------------------


@dataclass
class Conflict(ValueError):
    """A municipality change that would clash with another: `field` names the
    form field, `message` an English msgid with `params`."""

    field: str
    message: str
    params: dict = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message % self.params


def _unique_slug(db, programme_id: int, name: str, number: str | None,
                 exclude: int | None = None) -> str:
    base = slugify(name) or (f"kommune-{number}" if number else "kommune")
    slug, n = base, 1
    while db.execute("SELECT 1 FROM municipalities WHERE programme_id = ? AND slug = ? "
                     "AND id != ?", [programme_id, slug, exclude or 0]).fetchone():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_unique(db, programme_id: int, name: str, number: str | None,
                  exclude: int | None = None) -> None:
    for row in db.query("SELECT id, name, kommunenummer FROM municipalities "
                        "WHERE programme_id = ? AND id != ?", [programme_id, exclude or 0]):
        if row["name"].casefold() == name.casefold():
            raise Conflict("name", N_("%(name)s is already in the programme."), {"name": name})
        if number and row["kommunenummer"] == number:
            raise Conflict("kommunenummer", N_(
                "Kommunenummer %(number)s already belongs to %(name)s."),
                {"number": number, "name": row["name"]})


def add_municipality(db, programme_id: int, name: str, kommunenummer: str | None = None,
                     expected_participants: int | None = None) -> int:
    """Raises Conflict when the name or number is already in the programme."""
    with transaction(db):
        _check_unique(db, programme_id, name, kommunenummer)
        cursor = db.execute(
            "INSERT INTO municipalities (programme_id, name, slug, kommunenummer, "
            "expected_participants) VALUES (?, ?, ?, ?, ?)",
            [programme_id, name, _unique_slug(db, programme_id, name, kommunenummer),
             kommunenummer, expected_participants],
        )
        return cursor.lastrowid


def update_municipality(db, municipality_id: int, name: str, kommunenummer: str | None,
                        expected_participants: int | None) -> None:
    """Rename (the slug stays, so printed QR codes keep working) and set the
    number and expected participants. Raises Conflict like add_municipality."""
    with transaction(db):
        found = get_municipality(db, municipality_id)
        _check_unique(db, found["programme_id"], name, kommunenummer, exclude=municipality_id)
        db.execute("UPDATE municipalities SET name = ?, kommunenummer = ?, "
                   "expected_participants = ? WHERE id = ?",
                   [name, kommunenummer, expected_participants, municipality_id])


def retire_municipality(db, municipality_id: int, retired: bool = True) -> None:
    """A retired municipality keeps its records and gatherings but is offered
    for no new gathering or coordinator."""
    with transaction(db):
        db.execute("UPDATE municipalities SET retired_at = ? WHERE id = ?",
                   [now() if retired else None, municipality_id])


def list_municipalities(db, programme_id: int, include_retired: bool = True) -> list[dict]:
    """The programme's municipalities by name, each with `modules`: the
    module numbers of the gatherings it is in."""
    rows = list(db.query(
        "SELECT m.*, (SELECT GROUP_CONCAT(DISTINCT g.module) FROM gathering_municipalities gm "
        "JOIN gatherings g ON g.id = gm.gathering_id WHERE gm.municipality_id = m.id) AS modules "
        "FROM municipalities m WHERE m.programme_id = ? "
        + ("" if include_retired else "AND m.retired_at IS NULL ")
        + "ORDER BY m.name COLLATE NOCASE, m.id", [programme_id]))
    for row in rows:
        row["modules"] = sorted(int(n) for n in (row["modules"] or "").split(",") if n)
    return rows


def municipality_gatherings(db, programme_id: int) -> dict[int, list[dict]]:
    """For each municipality of the programme, the gatherings it is in:
    id, module, date, title, by date."""
    found: dict[int, list[dict]] = {}
    for row in db.query(
            "SELECT gm.municipality_id, g.id, g.module, g.date, g.title FROM gatherings g "
            "JOIN gathering_municipalities gm ON gm.gathering_id = g.id "
            "WHERE g.programme_id = ? ORDER BY g.date, g.id", [programme_id]):
        found.setdefault(row.pop("municipality_id"), []).append(row)
    return found


class ImportRefused(ValueError):
    """The rows clash with the programme's municipalities; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def _import_plan(db, programme_id: int, rows: list[Row]) -> tuple[list, list[Problem]]:
    """What importing `rows` would do, row by row (row, existing or None),
    and the rows that clash with the programme's municipalities."""
    existing = list(db.query("SELECT id, name, kommunenummer FROM municipalities "
                             "WHERE programme_id = ?", [programme_id]))
    by_number = {m["kommunenummer"]: m for m in existing if m["kommunenummer"]}
    by_name = {m["name"].casefold(): m for m in existing}
    names = {m["id"]: m["name"] for m in existing}
    plan, problems = [], []
    for row in rows:
        target = by_number.get(row.kommunenummer)
        if target is None:
            named = by_name.get(row.name.casefold())
            if named is not None and named["kommunenummer"]:
                problems.append(Problem(row.line, N_(
                    "%(name)s is already in the programme with kommunenummer %(number)s."),
                    {"name": named["name"], "number": named["kommunenummer"]}))
                continue
            target = named
        key = target["id"] if target else ("new", row.line)
        names[key] = row.name
        plan.append((row, target))
    owners: dict[str, object] = {}
    lines = {(target["id"] if target else ("new", row.line)): row.line for row, target in plan}
    for key, name in names.items():
        folded = name.casefold()
        if folded in owners and (key in lines or owners[folded] in lines):
            line = lines.get(key) or lines[owners[folded]]
            problems.append(Problem(line, N_("%(name)s is already in the programme."),
                                    {"name": name}))
        owners.setdefault(folded, key)
    return plan, sorted(problems, key=lambda p: p.line or 0)


def import_problems(db, programme_id: int, rows: list[Row]) -> list[Problem]:
    """The rows that would clash with the programme's municipalities."""
    return _import_plan(db, programme_id, rows)[1]


def import_municipalities(db, programme_id: int, rows: list[Row]) -> dict:
    """Add or update every row, all or nothing: a row whose kommunenummer is
    in the programme updates that municipality (name, expected
    participants); a row whose name matches one without a number gives it
    the number; any other row is added. Returns {"added": n, "updated": n};
    raises ImportRefused, with a problem per clashing row, and changes nothing."""
    plan, problems = _import_plan(db, programme_id, rows)
    if problems:
        raise ImportRefused(problems)
    added = updated = 0
    with transaction(db):
        # Updates first: a renamed municipality may free a name a new row takes.
        for row, target in plan:
            if target is not None:
                db.execute("UPDATE municipalities SET name = ?, kommunenummer = ?, "
                           "expected_participants = ? WHERE id = ?",
                           [row.name, row.kommunenummer, row.expected_participants,
                            target["id"]])
                updated += 1
        for row, target in plan:
            if target is None:
                add_municipality(db, programme_id, row.name, row.kommunenummer,
                                 row.expected_participants)
                added += 1
    return {"added": added, "updated": updated}


def list_programmes(db) -> list[dict]:
    return list(db.query("SELECT * FROM programmes ORDER BY id"))


def gathering_municipalities(db, gathering_id: int) -> list[dict]:
    return list(
        db.query(
            """SELECT m.id, m.name, m.slug FROM municipalities m
               JOIN gathering_municipalities gm ON gm.municipality_id = m.id
               WHERE gm.gathering_id = ? ORDER BY m.name""",
            [gathering_id],
        )
    )


def is_member(db, gathering_id: int, municipality_id: int) -> bool:
    """Whether a municipality takes part in a gathering."""
    return db.execute("SELECT 1 FROM gathering_municipalities WHERE gathering_id = ? "
                      "AND municipality_id = ?", [gathering_id, municipality_id]
                      ).fetchone() is not None


def get_programme(db, programme_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM programmes WHERE id = ?", [programme_id]))
    return rows[0] if rows else None


def get_municipality(db, municipality_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM municipalities WHERE id = ?", [municipality_id]))
    return rows[0] if rows else None


def not_made_by_demo(db, demo_user: str, demo_programme: str,
                     demo_users: tuple[str, ...] = ()) -> list[str]:
    """What on this instance the demo did not make (empty on a fresh or
    demo-only instance): other users (but the demo's `demo_users`), a demo
    user older than the demo's programme, other programmes."""
    found = []
    names = (demo_user, *demo_users)
    marks = ", ".join("?" for _ in names)
    others = db.execute(f"SELECT COUNT(*) FROM users WHERE username NOT IN ({marks})",
                        list(names)).fetchone()[0]
    if others:
        found.append(f"{others} other user(s)")
    has_programme = db.execute("SELECT 1 FROM programmes WHERE name = ?",
                               [demo_programme]).fetchone()
    if not has_programme and db.execute("SELECT 1 FROM users WHERE username = ?",
                                        [demo_user]).fetchone():
        found.append(f"a user {demo_user!r} made before the demo")
    programmes_count, gatherings_count = db.execute(
        """SELECT COUNT(DISTINCT p.id), COUNT(g.id) FROM programmes p
           LEFT JOIN gatherings g ON g.programme_id = p.id WHERE p.name != ?""",
        [demo_programme]).fetchone()
    if programmes_count:
        found.append(f"{programmes_count} other programme(s) with {gatherings_count} gathering(s)")
    return found


def set_expected_participants(db, municipality_id: int, expected: int | None) -> None:
    """How many participants a municipality is expected to bring to a
    gathering (None: not known). Joins beyond it are held for the facilitator."""
    with transaction(db):
        db.execute("UPDATE municipalities SET expected_participants = ? WHERE id = ?",
                   [expected, municipality_id])


def expected_participants(db, gathering_id: int) -> dict[int, int | None]:
    """Each member municipality's expected number of participants."""
    return dict(db.execute(
        """SELECT m.id, m.expected_participants FROM municipalities m
           JOIN gathering_municipalities gm ON gm.municipality_id = m.id
           WHERE gm.gathering_id = ?""", [gathering_id]).fetchall())


def never_alone(db, gathering_id: int, min_group: int) -> frozenset[int]:
    """The municipalities never shown on their own: those expected to bring
    fewer than the minimum group. Extra phones joining for one cannot make
    it visible; they are held, and it stays pooled."""
    return frozenset(mid for mid, expected in expected_participants(db, gathering_id).items()
                     if expected is not None and expected < min_group)
