"""One unit of work: transaction() commits once at the outermost level,
nested blocks are savepoints, reads see one snapshot, and waiting for the
write lock is a retry with an injectable sleep."""

import sqlite3
from pathlib import Path

import pytest

from facilitate.plans import load_one
from facilitate.resources import resource_dir
from facilitate.store import devices, gatherings, programmes, responses, users
from facilitate.store.db import ConnectionPool, connect
from facilitate.store.unit_of_work import LockTimeout, transaction

PLAN = Path(resource_dir("sessions")) / "modul-2-ledelse.toml"


def names(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT name FROM programmes ORDER BY id")]


# --- nesting --------------------------------------------------------------------


def test_the_outermost_block_commits(fresh_db, tmp_path):
    with transaction(fresh_db):
        programmes.create_programme(fresh_db, "A", "N")
        assert fresh_db.conn.in_transaction
    assert not fresh_db.conn.in_transaction
    other = connect(tmp_path / "store.sqlite3")
    assert names(other) == ["A"]
    other.conn.close()


def test_a_nested_rollback_keeps_the_outer_work(fresh_db):
    with transaction(fresh_db):
        programmes.create_programme(fresh_db, "kept", "N")
        with pytest.raises(ValueError), transaction(fresh_db):
            programmes.create_programme(fresh_db, "undone", "N")
            raise ValueError
        assert fresh_db.conn.in_transaction  # the outer one goes on
        programmes.create_programme(fresh_db, "after", "N")
    assert names(fresh_db) == ["kept", "after"]


def test_an_exception_rolls_back_everything(fresh_db):
    with pytest.raises(ValueError), transaction(fresh_db):
        programmes.create_programme(fresh_db, "A", "N")
        with transaction(fresh_db):
            programmes.create_programme(fresh_db, "B", "N")
        raise ValueError
    assert names(fresh_db) == []
    assert not fresh_db.conn.in_transaction


def test_a_transaction_begun_elsewhere_is_joined_not_committed(fresh_db):
    fresh_db.conn.execute("BEGIN")
    programmes.create_programme(fresh_db, "A", "N")
    assert fresh_db.conn.in_transaction
    fresh_db.conn.execute("ROLLBACK")
    assert names(fresh_db) == []


def test_a_read_transaction_sees_one_snapshot(fresh_db, tmp_path):
    writer = connect(tmp_path / "store.sqlite3")
    programmes.create_programme(writer, "before", "N")
    with transaction(fresh_db, write=False):
        assert names(fresh_db) == ["before"]
        programmes.create_programme(writer, "during", "N")  # a read never blocks a writer
        assert names(fresh_db) == ["before"]
    assert names(fresh_db) == ["before", "during"]
    writer.conn.close()


def test_a_write_inside_a_read_transaction_is_refused(fresh_db):
    with transaction(fresh_db, write=False):
        with pytest.raises(sqlite3.ProgrammingError):
            programmes.create_programme(fresh_db, "A", "N")
    assert names(fresh_db) == []
    programmes.create_programme(fresh_db, "A", "N")  # and the connection is fine after
    assert names(fresh_db) == ["A"]


# --- every store function that writes, alone and inside one outer transaction ---------


def every_write(db) -> dict:
    """Call each store function that writes once; returns what they made."""
    users.add_user(db, "kari", "passord123")
    programme_id = programmes.create_programme(db, "Program", "Nettverk")
    municipality_id = programmes.add_municipality(db, programme_id, "Bø")
    gathering_id = gatherings.create_gathering(db, programme_id, 2, "2026-03-01", "Dag",
                                               load_one(PLAN), [municipality_id])
    gatherings.start_gathering(db, gathering_id)
    assert gatherings.go_to(db, gathering_id, 1) is True
    item = next(i for i in gatherings.list_items(db, gathering_id)
                if i["activity_kind"] == "choice")
    gatherings.update_item(db, item["id"], status="open", results_visible=True)
    device = devices.register_device(db, gathering_id, municipality_id, "Kari")
    assert responses.save_response(db, device, item["id"], "sub-00000001", "", [1]) is True
    [response] = responses.current_responses(db, item["id"])
    responses.set_hidden(db, response.id, True)
    responses.set_hidden(db, response.id, False)
    responses.bump_revision(db, item["id"])
    gatherings.bump_version(db, gathering_id)
    responses.reset_item(db, item["id"])
    assert responses.save_response(db, device, item["id"], "sub-00000002", "", [2]) is True
    gatherings.end_gathering(db, gathering_id)
    return {"gathering_id": gathering_id, "item_id": item["id"], "device": device,
            "municipality_id": municipality_id}


def check_made(db, made: dict) -> None:
    gathering = gatherings.get_gathering(db, made["gathering_id"])
    assert gathering["status"] == "ended" and gathering["current_position"] == 1
    item = gatherings.get_item(db, made["item_id"])
    assert item["status"] == "closed" and item["results_visible"] is True
    # update_item 1 + set_hidden 2 + bump_revision 1 + saves 2 + reset 1
    assert item["revision"] == 7
    assert [r.value for r in responses.current_responses(db, made["item_id"])] == [[2]]
    assert users.check_login(db, "kari", "passord123") is not None
    assert responses.submission_exists(db, made["device"]["id"], "sub-00000001")
    assert not responses.submission_exists(db, made["device"]["id"], "sub-99999999")
    assert programmes.is_member(db, made["gathering_id"], made["municipality_id"])
    assert not programmes.is_member(db, made["gathering_id"], made["municipality_id"] + 1)


def test_every_store_write_works_alone(fresh_db):
    check_made(fresh_db, every_write(fresh_db))
    assert not fresh_db.conn.in_transaction


def test_every_store_write_nests_in_one_outer_transaction(fresh_db):
    with transaction(fresh_db):
        made = every_write(fresh_db)
        check_made(fresh_db, made)
    check_made(fresh_db, made)


def test_an_outer_rollback_undoes_every_store_write(fresh_db):
    tables = ["users", "programmes", "municipalities", "gatherings", "items", "devices",
              "submissions", "responses"]
    with pytest.raises(RuntimeError), transaction(fresh_db):
        every_write(fresh_db)
        raise RuntimeError
    assert all(fresh_db[table].count == 0 for table in tables)


# --- waiting for the write lock ------------------------------------------------------


@pytest.fixture
def holder(tmp_path, fresh_db):
    """Another connection holding the write lock, as an sqlite3 shell might."""
    other = connect(tmp_path / "store.sqlite3")
    other.conn.execute("BEGIN IMMEDIATE")
    yield other
    if other.conn.in_transaction:
        other.conn.execute("ROLLBACK")
    other.conn.close()


def waiting(tmp_path, sleep, lock_wait=30.0):
    pool = ConnectionPool(tmp_path / "store.sqlite3", sleep=sleep, lock_wait=lock_wait)
    return pool, pool.take()


def test_a_writer_waits_with_the_sleep_it_was_given_until_the_lock_is_free(tmp_path, holder):
    slept = []

    def fake_sleep(seconds):
        slept.append(seconds)
        if len(slept) == 5:  # the holder finishes while we wait
            holder.conn.execute("COMMIT")

    pool, db = waiting(tmp_path, fake_sleep)
    programmes.create_programme(db, "after the wait", "N")
    assert len(slept) == 5
    assert slept == sorted(slept) and slept[-1] > slept[0]  # backing off
    assert all(0 < s <= 0.1 for s in slept)
    assert names(db) == ["after the wait"]
    pool.give_back(db)
    pool.close()


def test_a_writer_gives_up_after_the_bound(tmp_path, holder):
    slept = []
    pool, db = waiting(tmp_path, slept.append, lock_wait=2.0)
    with pytest.raises(LockTimeout, match="database is locked"):
        programmes.create_programme(db, "never", "N")
    assert sum(slept) == pytest.approx(2.0)
    assert not db.conn.in_transaction
    holder.conn.execute("COMMIT")
    programmes.create_programme(db, "later", "N")  # the connection still works
    assert names(db) == ["later"]
    pool.give_back(db)
    pool.close()


def test_pool_connections_do_not_wait_inside_sqlite(tmp_path, fresh_db):
    pool = ConnectionPool(tmp_path / "store.sqlite3")
    db = pool.take()
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 0
    pool.give_back(db)
    pool.close()


def test_set_sleep_reaches_connections_already_in_the_pool(app):
    from facilitate.store.db import get_db, set_sleep

    with app.app_context():
        first = get_db()
    calls = []
    set_sleep(app, calls.append)
    with app.app_context():
        assert get_db() is first
        assert first.conn.sleep == calls.append


def test_a_read_does_not_wait_for_a_writer(tmp_path, holder):
    slept = []
    pool, db = waiting(tmp_path, slept.append)
    with transaction(db, write=False):
        assert names(db) == []
    assert slept == []
    pool.give_back(db)
    pool.close()
