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
