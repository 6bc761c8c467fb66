"""The people of a programme: who holds which grant in it."""

from __future__ import annotations

from .unit_of_work import transaction


def people_of(db, programme_id: int) -> list[dict]:
    """Every user with a grant in the programme, by username, each with
    `grants`: id, role, municipality id and name, created_at."""
    rows = db.query(
        """SELECT u.id AS user_id, u.username, gr.id AS grant_id, gr.role, gr.created_at,
                  gr.municipality_id, m.name AS municipality_name
           FROM grants gr JOIN users u ON u.id = gr.user_id
           LEFT JOIN municipalities m ON m.id = gr.municipality_id
           WHERE gr.programme_id = ?
           ORDER BY u.username COLLATE NOCASE, u.id, gr.role, m.name""", [programme_id])
    people: dict[int, dict] = {}
    for row in rows:
        person = people.setdefault(row["user_id"], {"id": row["user_id"],
                                                    "username": row["username"], "grants": []})
        person["grants"].append({"id": row["grant_id"], "role": row["role"],
                                 "municipality_id": row["municipality_id"],
                                 "municipality_name": row["municipality_name"],
                                 "created_at": row["created_at"]})
    return list(people.values())


def get_grant(db, grant_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM grants WHERE id = ?", [grant_id]))
    return rows[0] if rows else None


def revoke_grant(db, grant_id: int) -> bool:
    with transaction(db):
        return db.execute("DELETE FROM grants WHERE id = ?", [grant_id]).rowcount > 0
