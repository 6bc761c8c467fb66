"""The `facilitate` command, run through click's CliRunner against an
instance folder in tmp_path."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitate.cli import cli
from facilitate.resources import resource_dir
from facilitate.store import users
from facilitate.store.db import connect

SHIPPED_PLANS = ["modul-1-organisasjon.toml", "modul-2-ledelse.toml", "modul-3-strategi.toml",
                 "modul-4-teknologi.toml"]


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATE_ASYNC_MODE", "threading")
    monkeypatch.delenv("FACILITATE_DATABASE", raising=False)
    monkeypatch.delenv("FACILITATE_PUBLIC_URL", raising=False)
    return tmp_path


@pytest.fixture
def database(instance):
    made = []

    def open_db():
        db = connect(instance / "facilitate.sqlite3")
        made.append(db)
        return db

    yield open_db
    for db in made:
        db.conn.close()


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_demo_prints_the_links_and_a_login(instance, database):
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    db = database()
    first = db.execute("SELECT id, code, presenter_key FROM gatherings ORDER BY id").fetchone()
    gathering_id, code, key = first
    assert "4 gatherings seeded" in result.output
    assert f"http://127.0.0.1:5000/console/{gathering_id}" in result.output
    assert f"http://127.0.0.1:5000/p/{code}?key={key}" in result.output
    assert f"http://127.0.0.1:5000/j/{code}" in result.output
    assert f"(code {code})" in result.output

    login = re.search(r"log in as (\S+) / (\S+)", result.output)
    assert login, result.output
    assert users.check_login(db, login[1], login[2]) is not None
    assert (instance / "facilitate.sqlite3").exists()


def test_demo_uses_host_and_port(instance):
    result = run("demo", "--no-serve", "--host", "0.0.0.0", "--port", "8080")
    assert result.exit_code == 0, result.output
    assert "http://0.0.0.0:8080/console/" in result.output


def test_demo_twice_does_not_duplicate_gatherings(instance, database):
    first = run("demo", "--no-serve")
    second = run("demo", "--no-serve")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    db = database()
    assert db.execute("SELECT COUNT(*) FROM gatherings").fetchone()[0] == 4
    assert db.execute("SELECT COUNT(*) FROM programmes").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    # the links point at the same gathering; only the password is new
    link = re.compile(r"Join \(phones\):\s+(\S+)")
    assert link.search(first.output)[1] == link.search(second.output)[1]
    old = re.search(r"log in as (\S+) / (\S+)", first.output)
    new = re.search(r"log in as (\S+) / (\S+)", second.output)
    assert users.check_login(db, new[1], new[2]) is not None
    assert users.check_login(db, old[1], old[2]) is None


def test_user_add_creates_a_facilitator_who_can_log_in(instance, database):
    result = run("user", "add", "kari", input="hemmelig-passord\nhemmelig-passord\n")
    assert result.exit_code == 0, result.output
    assert "Facilitator kari saved." in result.output
    assert "hemmelig-passord" not in result.output
    db = database()
    assert users.check_login(db, "kari", "hemmelig-passord")["username"] == "kari"
    assert users.check_login(db, "kari", "feil-passord") is None
    stored = db.execute("SELECT password_hash FROM users WHERE username = 'kari'").fetchone()[0]
    assert "hemmelig-passord" not in stored


def test_user_add_again_sets_a_new_password(instance, database):
    run("user", "add", "kari", input="forste-passord\nforste-passord\n")
    result = run("user", "add", "kari", input="andre-passord\nandre-passord\n")
    assert result.exit_code == 0, result.output
    db = database()
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    assert users.check_login(db, "kari", "andre-passord") is not None
    assert users.check_login(db, "kari", "forste-passord") is None


def test_user_add_with_a_too_short_password_fails_clearly(instance, database):
    result = run("user", "add", "kari", input="kort\nkort\n")
    assert result.exit_code != 0
    assert "Error: password must be at least 8 characters" in result.output
    assert "Traceback" not in result.output
    assert database().execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0


def test_user_add_with_a_mismatched_confirmation_asks_again(instance, database):
    result = run("user", "add", "kari",
                 input="hemmelig-passord\nannet-passord\nhemmelig-passord\nhemmelig-passord\n")
    assert result.exit_code == 0, result.output
    assert users.check_login(database(), "kari", "hemmelig-passord") is not None


def test_check_plans_lists_the_four_shipped_plans(instance):
    result = run("check-plans")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("ok  ")]
    assert len(lines) == 4
    for name, line in zip(SHIPPED_PLANS, lines, strict=True):
        assert str(Path(resource_dir("sessions")) / name) in line
        assert "(15 items)" in line
    assert "Modul 1: Organisasjon" in lines[0]


def test_check_plans_on_a_folder_of_good_plans(instance, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "a.toml").write_text(
        (Path(resource_dir("sessions")) / SHIPPED_PLANS[0]).read_text(encoding="utf-8"),
        encoding="utf-8")
    result = run("check-plans", str(folder))
    assert result.exit_code == 0, result.output
    assert f"ok  {folder / 'a.toml'}" in result.output


def test_check_plans_names_the_file_and_line_of_a_toml_syntax_error(instance, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = folder / "broken.toml"
    bad.write_text('title = "Dag"\nmodule = 1\n\n[[items]]\nkind = "talk"\ntitle = "Uten slutt\n'
                   'start = "09:00"\nduration = 30\n', encoding="utf-8")
    result = run("check-plans", str(folder))
    assert result.exit_code != 0
    assert str(bad) in result.output
    assert "line 6" in result.output
    assert "Traceback" not in result.output


def test_check_plans_names_the_file_and_line_of_a_bad_value(instance, tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    bad = folder / "bad-duration.toml"
    bad.write_text('title = "Dag"\nmodule = 1\n\n[[items]]\nkind = "talk"\ntitle = "Innlegg"\n'
                   'start = "09:00"\nduration = 0\n', encoding="utf-8")
    result = run("check-plans", str(folder))
    assert result.exit_code != 0
    assert f"{bad}, line 8" in result.output
    assert "duration" in result.output
