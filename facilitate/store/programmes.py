"""Programmes and their member municipalities."""

import re
import unicodedata

from .clock import now
from .unit_of_work import transaction


def slugify(name: str) -> str:
    folded = name.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_name = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")


def create_programme(db, name: str, network: str) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO programmes (name, network, created_at) VALUES (?, ?, ?)",
            [name, network, now()],
        )
        return cursor.lastrowid


def add_municipality(db, programme_id: int, name: str) -> int:
    with transaction(db):
        cursor = db.execute(
            "INSERT INTO municipalities (programme_id, name, slug) VALUES (?, ?, ?)",
            [programme_id, name, slugify(name)],
        )
        return cursor.lastrowid


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


def not_made_by_demo(db, demo_user: str, demo_programme: str) -> list[str]:
    """What on this instance the demo did not make (empty on a fresh or
    demo-only instance): other users, a demo user older than the demo's
    programme, other programmes."""
    found = []
    others = db.execute("SELECT COUNT(*) FROM users WHERE username != ?",
                        [demo_user]).fetchone()[0]
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
