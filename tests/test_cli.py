"""The `facilitate` command, run through click's CliRunner against an
instance folder in tmp_path."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitate.cli import cli
from facilitate.policy import Grant
from facilitate.resources import resource_dir
from facilitate.store import grants, programmes, users
from facilitate.store.db import connect, init_db

SHIPPED_PLANS = ["modul-1-organisasjon.toml", "modul-2-ledelse.toml", "modul-3-strategi.toml",
                 "modul-4-teknologi.toml"]


@pytest.fixture
def instance(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATE_ASYNC_MODE", "threading")
    monkeypatch.delenv("FACILITATE_DATABASE", raising=False)
    monkeypatch.delenv("FACILITATE_PUBLIC_URL", raising=False)
    monkeypatch.setenv("FACILITATE_PASSWORD_HASH_METHOD", "pbkdf2:sha256:1")
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
    result = run("demo", "--no-serve", "--host", "127.0.0.2", "--port", "8080")
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.2:8080/console/" in result.output


def test_demo_on_every_interface_prints_the_lan_address(instance, monkeypatch):
    monkeypatch.setattr("facilitate.web.links.lan_address", lambda: "192.168.1.23")
    result = run("demo", "--no-serve", "--host", "0.0.0.0", "--port", "8000")
    assert result.exit_code == 0, result.output
    assert "0.0.0.0" not in result.output
    assert re.search(r"Join \(phones\):\s+http://192\.168\.1\.23:8000/j/\w+", result.output)
    assert "http://192.168.1.23:8000/console/" in result.output
    assert "Phones on the same network open http://192.168.1.23:8000" in result.output
    assert "FACILITATE_PUBLIC_URL" in result.output


def test_demo_says_when_links_come_from_public_url(instance, monkeypatch):
    monkeypatch.setenv("FACILITATE_PUBLIC_URL", "https://kurs.example.no/")
    result = run("demo", "--no-serve", "--host", "0.0.0.0", "--port", "8000")
    assert result.exit_code == 0, result.output
    assert "https://kurs.example.no/j/" in result.output
    assert "Links use FACILITATE_PUBLIC_URL (https://kurs.example.no)" in result.output


def test_demo_without_a_network_address_says_phones_cannot_reach_it(instance, monkeypatch):
    monkeypatch.setattr("facilitate.web.links.lan_address", lambda: None)
    result = run("demo", "--no-serve", "--host", "0.0.0.0")
    assert result.exit_code == 0, result.output
    assert "phones cannot reach these links" in result.output


def test_lan_address_is_a_usable_ipv4_address_or_none():
    from ipaddress import ip_address

    from facilitate.web.links import lan_address

    found = lan_address()
    assert found is None or (ip_address(found).version == 4
                             and not ip_address(found).is_loopback)


def test_demo_says_it_is_serving_and_how_to_stop(instance, monkeypatch):
    served = []
    monkeypatch.setattr("facilitate.server_mode.serve",
                        lambda app, host, port: served.append((host, port)))
    result = run("demo", "--port", "8123")
    assert result.exit_code == 0, result.output
    assert served == [("127.0.0.1", 8123)]
    assert "Serving on http://127.0.0.1:8123/" in result.output
    assert "Press Ctrl+C to stop." in result.output


def test_version(instance):
    from facilitate import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"facilitate {__version__}"


def test_demo_twice_does_not_duplicate_gatherings(instance, database):
    first = run("demo", "--no-serve")
    second = run("demo", "--no-serve")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    db = database()
    # one per module, and module 1's day that has already run (records filled)
    assert db.execute("SELECT COUNT(*) FROM gatherings").fetchone()[0] == 5
    assert db.execute("SELECT COUNT(*) FROM gatherings WHERE status = 'ended'").fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM programmes").fetchone()[0] == 1
    # the facilitator and one coordinator per municipality of the first day
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 9
    # the links point at the same gathering, and the password stays the same
    link = re.compile(r"Join \(phones\):\s+(\S+)")
    assert link.search(first.output)[1] == link.search(second.output)[1]
    old = re.search(r"log in as (\S+) / (\S+)", first.output)
    new = re.search(r"log in as (\S+) / (\S+)", second.output)
    assert new[2] == old[2]
    assert users.check_login(db, new[1], new[2]) is not None
    assert (instance / "demo_password").read_text().strip() == old[2]
    assert (instance / "demo_password").stat().st_mode & 0o077 == 0
    # and no new password was stored: open consoles stay logged in
    assert db.execute("SELECT session_epoch FROM users").fetchone()[0] == 0


@pytest.fixture
def programme(instance, database):
    """Two programmes with a municipality each; returns their ids."""
    init_db(instance / "facilitate.sqlite3")
    db = database()
    programme_id = programmes.create_programme(db, "Digi Test 2026", "Digi Test")
    other_id = programmes.create_programme(db, "Digi Annen 2026", "Digi Annen")
    return {"id": programme_id, "sola": programmes.add_municipality(db, programme_id, "Sola"),
            "other": other_id, "elsewhere": programmes.add_municipality(db, other_id, "Bodø")}


def test_user_add_creates_a_facilitator_who_can_log_in(instance, database, programme):
    result = run("user", "add", "kari", "--role", "facilitator", "--programme",
                 str(programme["id"]), input="hemmelig-passord\nhemmelig-passord\n")
    assert result.exit_code == 0, result.output
    assert (f"Facilitator kari saved: facilitator of programme {programme['id']} "
            "(Digi Test 2026).") in result.output
    assert "hemmelig-passord" not in result.output
    db = database()
    user = users.check_login(db, "kari", "hemmelig-passord")
    assert user["username"] == "kari"
    assert grants.grants_of(db, user["id"]) == [Grant("facilitator", programme["id"])]
    assert users.check_login(db, "kari", "feil-passord") is None
    stored = db.execute("SELECT password_hash FROM users WHERE username = 'kari'").fetchone()[0]
    assert "hemmelig-passord" not in stored
    assert stored.startswith("pbkdf2:sha256:1$")  # FACILITATE_PASSWORD_HASH_METHOD


def test_user_add_again_sets_a_new_password_and_adds_the_role(instance, database, programme):
    run("user", "add", "kari", "--role", "facilitator", "--programme", str(programme["id"]),
        input="forste-passord\nforste-passord\n")
    db = database()
    epoch = db.execute("SELECT session_epoch FROM users").fetchone()[0]
    result = run("user", "add", "kari", "--role", "admin", "--programme", str(programme["id"]),
                 input="andre-passord\nandre-passord\n")
    assert result.exit_code == 0, result.output
    assert db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 1
    assert users.check_login(db, "kari", "andre-passord") is not None
    assert users.check_login(db, "kari", "forste-passord") is None
    # a new password ends every session of the user
    assert db.execute("SELECT session_epoch FROM users").fetchone()[0] == epoch + 1
    user_id = db.execute("SELECT id FROM users").fetchone()[0]
    assert set(grants.grants_of(db, user_id)) == {Grant("facilitator", programme["id"]),
                                                  Grant("admin", programme["id"])}


def test_user_add_site_admin_and_coordinator_from_stdin(instance, database, programme):
    admin = run("user", "add", "sjef", "--role", "admin", "--password-stdin",
                input="sjefens-passord\n")
    assert admin.exit_code == 0, admin.output
    assert "Admin sjef saved: site admin." in admin.output
    coordinator = run("user", "add", "ola", "--role", "coordinator",
                      "--programme", str(programme["id"]),
                      "--municipality", str(programme["sola"]), "--password-stdin",
                      input="olas-passord\n")
    assert coordinator.exit_code == 0, coordinator.output
    db = database()
    assert users.check_login(db, "sjef", "sjefens-passord") is not None
    ola = users.check_login(db, "ola", "olas-passord")
    assert grants.grants_of(db, ola["id"]) == [
        Grant("coordinator", programme["id"], programme["sola"])]

    listing = run("user", "list")
    assert listing.exit_code == 0, listing.output
    assert listing.output.splitlines() == [
        f"ola: coordinator of municipality {programme['sola']} (Sola) in programme "
        f"{programme['id']} (Digi Test 2026)",
        "sjef: site admin",
    ]


@pytest.mark.parametrize(("args", "error"), [
    (["--role", "facilitator"], "Error: a facilitator needs a programme"),
    (["--role", "coordinator", "--programme", "{id}"], "Error: a coordinator needs a municipality"),
    (["--role", "coordinator", "--programme", "{id}", "--municipality", "{elsewhere}"],
     "is not in programme"),
    (["--role", "facilitator", "--programme", "{id}", "--municipality", "{sola}"],
     "Error: a facilitator has no municipality"),
    (["--role", "facilitator", "--programme", "999"], "Error: no programme 999"),
])
def test_user_add_with_a_role_that_does_not_fit_fails_clearly(instance, database, programme,
                                                               args, error):
    args = [arg.format(**programme) for arg in args]
    result = run("user", "add", "kari", *args, "--password-stdin", input="hemmelig-passord\n")
    assert result.exit_code != 0
    assert error in result.output
    assert "Traceback" not in result.output
    assert database().execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0


def test_user_add_with_a_too_short_password_fails_clearly(instance, database):
    result = run("user", "add", "kari", "--role", "admin", input="kort\nkort\n")
    assert result.exit_code != 0
    assert "Error: password must be at least 8 characters" in result.output
    assert "Traceback" not in result.output
    assert database().execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0


def test_user_add_with_a_mismatched_confirmation_asks_again(instance, database):
    result = run("user", "add", "kari", "--role", "admin",
                 input="hemmelig-passord\nannet-passord\nhemmelig-passord\nhemmelig-passord\n")
    assert result.exit_code == 0, result.output
    assert users.check_login(database(), "kari", "hemmelig-passord") is not None


def test_demo_gives_the_facilitator_admin_and_facilitator_of_the_demo(instance, database):
    assert run("demo", "--no-serve").exit_code == 0
    db = database()
    user_id, programme_id = db.execute("SELECT u.id, p.id FROM users u, programmes p "
                                       "WHERE u.username = 'prosessleder'").fetchone()
    assert set(grants.grants_of(db, user_id)) == {Grant("admin", programme_id),
                                                  Grant("facilitator", programme_id)}


def test_demo_prints_coordinator_logins_that_read_only_their_own_record(instance, database):
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    names = re.search(r"log in as one of (\S+(?:, \S+)*)\n", result.output)[1].split(", ")
    assert "with the facilitator's password above" in result.output
    password = re.search(r"log in as prosessleder / (\S+)", result.output)[1]
    assert names[0] == "koordinator-stavanger" and len(names) == 8
    db = database()
    user = users.check_login(db, names[0], password)
    stavanger = db.execute("SELECT id, programme_id FROM municipalities WHERE name = 'Stavanger'"
                           ).fetchone()
    assert grants.grants_of(db, user["id"]) == [Grant("coordinator", stavanger[1], stavanger[0])]
    # module 1 has run: Stavanger's record holds the day's results already
    filed = db.execute("SELECT COUNT(*) FROM record_entries WHERE municipality_id = ? "
                       "AND stage = 'samling'", [stavanger[0]]).fetchone()[0]
    assert filed >= 7


def test_demo_on_an_instance_with_real_users_keeps_the_password(instance, database):
    first = run("demo", "--no-serve")
    login = re.search(r"log in as (\S+) / (\S+)", first.output)
    run("user", "add", "kari", "--role", "admin", "--password-stdin", input="hemmelig-passord\n")

    refused = run("demo", "--no-serve")
    assert refused.exit_code != 0
    assert "This instance has real data (1 other user(s))" in refused.output
    assert "--reset-demo-password" in refused.output
    assert "Traceback" not in refused.output
    db = database()
    assert users.check_login(db, login[1], login[2]) is not None

    again = run("demo", "--no-serve", "--reset-demo-password")
    assert again.exit_code == 0, again.output
    new = re.search(r"log in as (\S+) / (\S+)", again.output)
    assert users.check_login(db, new[1], new[2]) is not None
    assert users.check_login(db, login[1], login[2]) is None


def test_demo_never_resets_a_prosessleder_it_did_not_make(instance, database):
    run("user", "add", "prosessleder", "--role", "admin", "--password-stdin",
        input="ekte-passord\n")
    refused = run("demo", "--no-serve")
    assert refused.exit_code != 0
    assert "made before the demo" in refused.output
    assert users.check_login(database(), "prosessleder", "ekte-passord") is not None


def test_check_plans_on_a_missing_folder_fails(instance, tmp_path):
    result = run("check-plans", str(tmp_path / "nonexistent"))
    assert result.exit_code != 0
    assert f"{tmp_path / 'nonexistent'}: no such folder" in result.output


def test_check_plans_on_a_folder_without_plans_fails(instance, tmp_path):
    result = run("check-plans", str(tmp_path))
    assert result.exit_code != 0
    assert "no session plans" in result.output


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
    bad.write_text('title = "Dag"\nmodule = 1\n\n[[items]]\ntype = "talk"\ntitle = "Uten slutt\n'
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
    bad.write_text('title = "Dag"\nmodule = 1\n\n[[items]]\ntype = "talk"\ntitle = "Innlegg"\n'
                   'start = "09:00"\nduration = 0\n', encoding="utf-8")
    result = run("check-plans", str(folder))
    assert result.exit_code != 0
    assert f"{bad}, line 8" in result.output
    assert "duration" in result.output
