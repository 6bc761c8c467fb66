"""Grants: a user's roles, each with its scope (see facilitate/policy.py)."""

from __future__ import annotations

from ..policy import ADMIN, COORDINATOR, ROLES, Grant
from .clock import now
from .unit_of_work import transaction


def check(db, role: str, programme_id: int | None = None,
          municipality_id: int | None = None) -> None:
    """ValueError unless the scope fits the role: a coordinator needs a
    municipality of the programme; facilitators and admins need none."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if programme_id is None and role != ADMIN:
        raise ValueError(f"a {role} needs a programme")
    if programme_id is not None and not db.execute(
            "SELECT 1 FROM programmes WHERE id = ?", [programme_id]).fetchone():
        raise ValueError(f"no programme {programme_id}")
    if role == COORDINATOR:
        if municipality_id is None:
            raise ValueError("a coordinator needs a municipality")
        if not db.execute("SELECT 1 FROM municipalities WHERE id = ? AND programme_id = ?",
                          [municipality_id, programme_id]).fetchone():
            raise ValueError(f"municipality {municipality_id} is not in programme {programme_id}")
    elif municipality_id is not None:
        raise ValueError(f"a {role} has no municipality")


def _where(user_id, role, programme_id, municipality_id) -> tuple[str, list]:
    return ("user_id = ? AND role = ? AND IFNULL(programme_id, 0) = IFNULL(?, 0) "
            "AND IFNULL(municipality_id, 0) = IFNULL(?, 0)",
            [user_id, role, programme_id, municipality_id])


def grant(db, user_id: int, role: str, programme_id: int | None = None,
          municipality_id: int | None = None) -> int:
    """Give `user_id` a role; returns the grant's id (the existing one if the
    user already holds it). Raises ValueError for a scope that does not fit."""
    with transaction(db):
        check(db, role, programme_id, municipality_id)
        where, params = _where(user_id, role, programme_id, municipality_id)
        found = db.execute(f"SELECT id FROM grants WHERE {where}", params).fetchone()
        if found:
            return found[0]
        cursor = db.execute(
            "INSERT INTO grants (user_id, role, programme_id, municipality_id, created_at) "
            "VALUES (?, ?, ?, ?, ?)", [user_id, role, programme_id, municipality_id, now()])
        return cursor.lastrowid


def revoke(db, user_id: int, role: str, programme_id: int | None = None,
           municipality_id: int | None = None) -> bool:
    """Take a role away; True if the user held it."""
    where, params = _where(user_id, role, programme_id, municipality_id)
    with transaction(db):
        return db.execute(f"DELETE FROM grants WHERE {where}", params).rowcount > 0


def grants_of(db, user_id: int) -> list[Grant]:
    rows = db.execute("SELECT role, programme_id, municipality_id FROM grants "
                      "WHERE user_id = ? ORDER BY id", [user_id]).fetchall()
    return [Grant(role, programme_id, municipality_id)
            for role, programme_id, municipality_id in rows]
