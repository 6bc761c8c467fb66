"""Gatherings in the store: copying a plan, moving along the agenda, the
version every change bumps, and the schema migrations."""

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from facilitate.plans import load_one
from facilitate.resources import resource_dir
from facilitate.store import gatherings, programmes
from facilitate.store.db import connect, init_db
from facilitate.store.migrations import MIGRATIONS

PLAN = Path(resource_dir("sessions")) / "modul-2-ledelse.toml"


def gathering(db, gathering_id: int) -> dict:
    return gatherings.get_gathering(db, gathering_id)


def items(db, gathering_id: int) -> list[dict]:
    return gatherings.list_items(db, gathering_id)


# --- create_gathering -----------------------------------------------------------


@pytest.fixture
def programme(db):
    programme_id = programmes.create_programme(db, "Testprogram", "Digi Test")
    ids = [programmes.add_municipality(db, programme_id, name)
           for name in ("Bø", "Ås", "Ørland")]
    return {"id": programme_id, "municipality_ids": ids}


def test_create_gathering_copies_plan_items_in_order(db, programme):
    plan = load_one(PLAN)
    gathering_id = gatherings.create_gathering(
        db, programme["id"], plan.module, "2026-03-01", plan.title, plan,
        programme["municipality_ids"][:2])
    copied = items(db, gathering_id)
    assert [i["position"] for i in copied] == list(range(len(plan.items)))
    assert len(copied) == len(plan.items) == 15
    for stored, planned in zip(copied, plan.items, strict=True):
        assert stored["type"] == planned.type
        assert stored["title"] == planned.title
        assert stored["planned_start"] == planned.start
        assert stored["duration"] == planned.duration
        assert stored["notes"] == planned.notes
        assert stored["activity_kind"] == planned.activity
        assert stored["definition"] == planned.definition
        assert stored["status"] == "idle"
        # Shown to the room from the start only when the plan says `reveal = true`.
        assert stored["results_visible"] is stored["reveal_default"] is planned.reveal
        assert stored["timer"] is None and stored["preview_mode"] is None
        assert stored["state"] == {}
        assert stored["started_at"] is None


def test_create_gathering_stores_the_gathering(db, programme):
    plan = load_one(PLAN)
    gathering_id = gatherings.create_gathering(
        db, programme["id"], 2, "2026-03-01", "Dag 2", plan, programme["municipality_ids"][:2])
    created = gathering(db, gathering_id)
    assert created["title"] == "Dag 2"
    assert created["module"] == 2
    assert created["date"] == "2026-03-01"
    assert created["plan_path"] == str(PLAN)
    assert created["status"] == "planned"
    assert created["current_position"] is None
    assert created["version"] == 1
    assert re.fullmatch(r"[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}", created["code"])
    assert len(created["presenter_key"]) >= 16
    members = programmes.gathering_municipalities(db, gathering_id)
    assert sorted(m["name"] for m in members) == ["Bø", "Ås"]
    assert gatherings.get_gathering_by_code(db, f" {created['code'].lower()} ") == created


def test_every_gathering_gets_its_own_code_and_key(db, programme):
    plan = load_one(PLAN)
    made = [gathering(db, gatherings.create_gathering(
        db, programme["id"], 2, "2026-03-01", f"Dag {n}", plan, []))
        for n in range(5)]
    assert len({g["code"] for g in made}) == 5
    assert len({g["presenter_key"] for g in made}) == 5


def test_editing_the_plan_file_later_does_not_change_the_gathering(db, programme, tmp_path):
    path = tmp_path / "plan.toml"
    shutil.copy(PLAN, path)
    plan = load_one(path)
    gathering_id = gatherings.create_gathering(db, programme["id"], 2, "2026-03-01", "Dag",
                                               plan, [])
    before = items(db, gathering_id)
    path.write_text(path.read_text(encoding="utf-8").replace(plan.items[0].title, "Endret"),
                    encoding="utf-8")
    assert load_one(path).items[0].title == "Endret"
    assert items(db, gathering_id) == before


def test_a_failed_create_leaves_nothing_behind(db, programme):
    plan = load_one(PLAN)
    before = db.execute("SELECT COUNT(*) FROM gatherings").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError):
        gatherings.create_gathering(db, programme["id"], 2, "2026-03-01", "Dag", plan,
                                    [999999])
    assert db.execute("SELECT COUNT(*) FROM gatherings").fetchone()[0] == before


# --- moving along the agenda ------------------------------------------------------


def test_go_to_stamps_start_and_end_and_bumps_the_version(db, demo):
    gathering_id = demo["gathering"]["id"]
    version = gathering(db, gathering_id)["version"]

    assert gatherings.go_to(db, gathering_id, 0) is True
    first = items(db, gathering_id)[0]
    assert first["started_at"] is not None
    assert first["ended_at"] is None
    assert gathering(db, gathering_id)["current_position"] == 0
    assert gathering(db, gathering_id)["version"] == version + 1

    assert gatherings.go_to(db, gathering_id, 1) is True
    first, second = items(db, gathering_id)[:2]
    assert first["ended_at"] is not None
    assert first["ended_at"] >= first["started_at"]
    assert second["started_at"] is not None
    assert second["ended_at"] is None
    assert gathering(db, gathering_id)["current_position"] == 1
    assert gathering(db, gathering_id)["version"] == version + 2


def test_going_back_keeps_the_first_start_and_clears_the_end(db, demo):
    gathering_id = demo["gathering"]["id"]
    gatherings.go_to(db, gathering_id, 0)
    started = items(db, gathering_id)[0]["started_at"]
    gatherings.go_to(db, gathering_id, 1)
    gatherings.go_to(db, gathering_id, 0)
    first, second = items(db, gathering_id)[:2]
    assert first["started_at"] == started
    assert first["ended_at"] is None
    assert second["ended_at"] is not None
    assert gathering(db, gathering_id)["current_position"] == 0


def test_go_to_a_missing_position_changes_nothing(db, demo):
    gathering_id = demo["gathering"]["id"]
    gatherings.go_to(db, gathering_id, 0)
    before = (gathering(db, gathering_id), items(db, gathering_id))
    for position in (-1, len(demo["items"]), 10**6):
        assert gatherings.go_to(db, gathering_id, position) is False
    assert (gathering(db, gathering_id), items(db, gathering_id)) == before


def test_start_runs_the_gathering_at_the_first_item(db, demo):
    gathering_id = demo["gathering"]["id"]
    version = gathering(db, gathering_id)["version"]
    gatherings.start_gathering(db, gathering_id)
    started = gathering(db, gathering_id)
    assert started["status"] == "running"
    assert started["started_at"] is not None
    assert started["current_position"] == 0
    assert started["version"] > version
    assert items(db, gathering_id)[0]["started_at"] is not None

    gatherings.start_gathering(db, gathering_id)  # a second start changes nothing
    assert gathering(db, gathering_id) == started


def test_end_closes_open_items_and_stamps_the_end(db, demo):
    gathering_id = demo["gathering"]["id"]
    gatherings.start_gathering(db, gathering_id)
    choice = next(i for i in demo["items"] if i["activity_kind"] == "choice")
    gatherings.update_item(db, choice["id"], status="open")
    version = gathering(db, gathering_id)["version"]

    gatherings.end_gathering(db, gathering_id)
    ended = gathering(db, gathering_id)
    assert ended["status"] == "ended"
    assert ended["ended_at"] is not None
    assert ended["version"] == version + 1
    assert gatherings.get_item(db, choice["id"])["status"] == "closed"
    assert items(db, gathering_id)[0]["ended_at"] == ended["ended_at"]


def test_update_item_stores_fields_and_bumps_the_version(db, demo):
    gathering_id = demo["gathering"]["id"]
    item = next(i for i in demo["items"] if i["activity_kind"] == "wordcloud")
    version = gathering(db, gathering_id)["version"]
    gatherings.update_item(db, item["id"], status="locked", results_visible=True,
                           state={"merges": {"tilit": "tillit"}})
    changed = gatherings.get_item(db, item["id"])
    assert changed["status"] == "locked"
    assert changed["results_visible"] is True
    assert changed["state"] == {"merges": {"tilit": "tillit"}}
    assert gathering(db, gathering_id)["version"] == version + 1


def test_versions_belong_to_one_gathering(db, demo):
    other = next(g for g in gatherings.list_gatherings(db) if g["id"] != demo["gathering"]["id"])
    gatherings.go_to(db, demo["gathering"]["id"], 0)
    assert gathering(db, other["id"])["version"] == other["version"]


# --- migrations ----------------------------------------------------------------------


def test_migrations_set_user_version(tmp_path):
    path = tmp_path / "fresh.sqlite3"
    assert init_db(path) == len(MIGRATIONS)
    db = connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert {"users", "programmes", "municipalities", "gatherings", "items", "devices",
                "submissions", "responses"} <= set(db.table_names())
    finally:
        db.conn.close()


def test_migrations_are_idempotent_and_keep_data(tmp_path):
    path = tmp_path / "twice.sqlite3"
    init_db(path)
    db = connect(path)
    try:
        programmes.create_programme(db, "Program", "Nettverk")
        schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        db.conn.close()

    assert init_db(path) == len(MIGRATIONS)

    db = connect(path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
        assert [p["name"] for p in programmes.list_programmes(db)] == ["Program"]
    finally:
        db.conn.close()


def test_the_app_database_is_migrated_on_start(app, db):
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert init_db(app.config["DATABASE"]) == len(MIGRATIONS)
