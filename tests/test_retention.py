"""`facilitate retention` and the server's daily job wrap records.apply_retention."""

from click.testing import CliRunner

from facilitate.cli import cli
from facilitate.retention import run_once, start_daily
from facilitate.store.db import connect


def test_the_command_says_what_it_would_delete_then_deletes_it(tmp_path, monkeypatch):
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("FACILITATE_ASYNC_MODE", "threading")
    monkeypatch.setenv("FACILITATE_PASSWORD_HASH_METHOD", "pbkdf2:sha256:1")
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--no-serve"]).exit_code == 0
    quiet = runner.invoke(cli, ["retention"])
    assert quiet.output == "Nothing is past its retention period.\n"
    db = connect(tmp_path / "facilitate.sqlite3")
    with db.conn:
        db.execute("UPDATE programmes SET retention_months = 1")
        db.execute("UPDATE gatherings SET date = '2020-01-01' WHERE status = 'ended'")
    dry = runner.invoke(cli, ["retention", "--dry-run"])
    assert dry.exit_code == 0
    assert "(gjennomført): would delete" in dry.output and "from 33 device(s)" in dry.output
    assert db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 33
    done = runner.invoke(cli, ["retention"])
    assert "deleted" in done.output and "would" not in done.output
    assert db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM record_entries WHERE stage = 'samling'"
                      ).fetchone()[0] > 0
    db.conn.close()


def test_the_daily_job_starts_once_and_deletes(app, demo, db):
    with db.conn:
        db.execute("UPDATE programmes SET retention_months = 0")
        db.execute("UPDATE gatherings SET date = '2020-01-01'")
    from support import join
    join(app.test_client(), demo, "Sola")
    assert [entry["devices"] for entry in run_once(app)] == [1]
    assert db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0
    assert start_daily(app, interval=3600) is True
    assert start_daily(app, interval=3600) is False  # one job per app
