"""Settings the app refuses or tightens at start: a short secret key, a
database other users could read."""

from __future__ import annotations

import stat

import pytest

from facilitate import create_app
from facilitate.app import InsecureSettingError
from facilitate.store.db import connect


def production_app(tmp_path, monkeypatch, **environ):
    """create_app as `facilitate serve` runs it: not testing, settings from
    FACILITATE_* variables and an instance folder."""
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(tmp_path / "instance"))
    for name, value in environ.items():
        monkeypatch.setenv(f"FACILITATE_{name}", value)
    return create_app()


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_short_secret_key_is_refused_at_start(tmp_path, monkeypatch):
    with pytest.raises(InsecureSettingError, match="at least 32 characters"):
        production_app(tmp_path, monkeypatch, SECRET_KEY="a")


def test_a_31_character_key_is_refused_and_32_accepted(tmp_path, monkeypatch):
    with pytest.raises(InsecureSettingError):
        production_app(tmp_path, monkeypatch, SECRET_KEY="k" * 31)
    app = production_app(tmp_path, monkeypatch, SECRET_KEY="k" * 32)
    assert app.config["SECRET_KEY"] == "k" * 32


def test_without_a_key_the_instance_key_is_made_long_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("FACILITATE_SECRET_KEY", raising=False)
    app = production_app(tmp_path, monkeypatch)
    assert len(app.config["SECRET_KEY"]) >= 32
    assert mode(tmp_path / "instance" / "secret_key") == 0o600


def test_the_database_and_its_wal_are_private(tmp_path, monkeypatch):
    monkeypatch.delenv("FACILITATE_SECRET_KEY", raising=False)
    app = production_app(tmp_path, monkeypatch)
    database = tmp_path / "instance" / "facilitate.sqlite3"
    assert app.config["DATABASE"] == str(database)
    assert mode(database) == 0o600
    db = connect(database)
    try:
        db.execute("create table if not exists probe (x)")
        db.execute("insert into probe values (1)")
        wal = tmp_path / "instance" / "facilitate.sqlite3-wal"
        assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert wal.exists()
        assert mode(wal) == 0o600
        assert mode(tmp_path / "instance" / "facilitate.sqlite3-shm") == 0o600
    finally:
        db.conn.close()


def test_an_existing_readable_database_is_tightened(tmp_path):
    database = tmp_path / "old.sqlite3"
    database.touch(mode=0o644)
    database.chmod(0o644)
    create_app({"TESTING": True, "DATABASE": str(database), "ASYNC_MODE": "threading"})
    assert mode(database) == 0o600
