"""Migrations: SQL steps split into statements, Python steps, all in one
transaction with the version, decided under the write lock."""

import sqlite3

import pytest

from facilitate.store import migrations
from facilitate.store.db import connect, init_db
from facilitate.store.migrations import MIGRATIONS, statements


def test_statements_are_split_whole():
    sql = """
        CREATE TABLE a (x TEXT DEFAULT 'a;b');
        -- a comment; with a semicolon
        CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 'c'; END;
        INSERT INTO a VALUES ('d');
        -- trailing comment
    """
    found = statements(sql)
    assert len(found) == 3
    assert found[1].endswith("END;")


def test_a_python_step_and_an_sql_step_run_after_the_shipped_ones(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    init_db(path)

    def rebuild(db):
        db["programmes"].transform(rename={"network": "network_name"})

    steps = [*MIGRATIONS, rebuild, "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n"
                                   "INSERT INTO notes VALUES (1);"]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    db = connect(path)
    try:
        db.execute("INSERT INTO programmes (name, network, created_at) VALUES ('P', 'N', 'x')")
        db.execute("INSERT INTO municipalities (programme_id, name, slug) VALUES (1, 'B', 'b')")
        assert migrations.migrate(db) == len(steps)
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(steps)
        assert "network_name" in db["programmes"].columns_dict
        assert db.execute("SELECT COUNT(*) FROM notes").fetchone()[0] == 1
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1  # enforced again after
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.conn.close()


def test_a_failing_step_leaves_the_schema_and_version_as_they_were(tmp_path, monkeypatch):
    path = tmp_path / "db.sqlite3"
    init_db(path)
    steps = [*MIGRATIONS, "CREATE TABLE half (id INTEGER);", "NOT SQL AT ALL;"]
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    db = connect(path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            migrations.migrate(db)
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert "half" not in db.table_names()
        assert not db.conn.in_transaction
    finally:
        db.conn.close()


def test_the_version_is_read_again_under_the_lock(tmp_path, monkeypatch):
    """Another process migrates between our first look and our lock: we must
    run nothing twice (that was "table users already exists")."""
    path = tmp_path / "db.sqlite3"
    db = connect(path)
    real = migrations.transaction

    def late_transaction(database, **kwargs):
        monkeypatch.setattr(migrations, "transaction", real)
        init_db(path)  # the other process wins the race
        return real(database, **kwargs)

    monkeypatch.setattr(migrations, "transaction", late_transaction)
    try:
        assert migrations.migrate(db) == len(MIGRATIONS)
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    finally:
        db.conn.close()
