"""Session plans kept in the database: edited in the browser, one programme's
own. Only a plan the checker accepted is saved (facilitate/plans.py); a
gathering made from one names it in plan_path as "db:<id>"."""

from __future__ import annotations

from .clock import now
from .unit_of_work import transaction

MAX_NAME = 200
MAX_TOML = 200_000
PREFIX = "db:"


def plan_path(plan_id: int) -> str:
    return f"{PREFIX}{plan_id}"


def save_plan(db, programme_id: int, name: str, toml: str) -> int:
    stamp = now()
    with transaction(db):
        return db.execute(
            "INSERT INTO plans (programme_id, name, toml, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)", [programme_id, name[:MAX_NAME], toml, stamp, stamp]
        ).lastrowid


def update_plan(db, plan_id: int, name: str, toml: str) -> None:
    with transaction(db):
        db.execute("UPDATE plans SET name = ?, toml = ?, updated_at = ? WHERE id = ?",
                   [name[:MAX_NAME], toml, now(), plan_id])


def get_plan(db, plan_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM plans WHERE id = ?", [plan_id]))
    return rows[0] if rows else None


def list_plans(db, programme_id: int) -> list[dict]:
    return list(db.query("SELECT id, programme_id, name, created_at, updated_at FROM plans "
                         "WHERE programme_id = ? ORDER BY name COLLATE NOCASE, id",
                         [programme_id]))


def delete_plan(db, plan_id: int) -> None:
    """Gatherings made from it keep their copy of its items."""
    with transaction(db):
        db.execute("DELETE FROM plans WHERE id = ?", [plan_id])
