"""An HTTP request that may write is one unit of work: committed before the
response leaves, rolled back when the request fails. GET stays autocommit."""

import pytest
from flask import abort

from facilitate.store import programmes
from facilitate.store.db import connect, get_db


@pytest.fixture
def routes(app):
    def make(fail: str):
        db = get_db()
        programmes.create_programme(db, "one", "N")
        programmes.create_programme(db, "two", "N")
        if fail == "raise":
            raise RuntimeError("after the writes")
        if fail == "abort":
            abort(409)
        return {"in_transaction": db.conn.in_transaction}

    def look():
        return {"in_transaction": get_db().conn.in_transaction}

    app.add_url_rule("/test/make/<fail>", "make", make, methods=["POST"])
    app.add_url_rule("/test/look", "look", look)
    return app.test_client()


def stored(app) -> list[str]:
    db = connect(app.config["DATABASE"])
    try:
        return [row[0] for row in db.execute("SELECT name FROM programmes ORDER BY id")]
    finally:
        db.conn.close()


def test_a_post_is_one_transaction_committed_before_the_reply(app, routes):
    reply = routes.post("/test/make/no")
    assert reply.status_code == 200
    assert reply.json == {"in_transaction": True}  # both writes inside the request's one
    assert stored(app) == ["one", "two"]


def test_a_failing_post_leaves_nothing_behind(app, routes):
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert routes.post("/test/make/raise").status_code == 500
    assert stored(app) == []


def test_a_refused_post_leaves_nothing_behind(app, routes):
    assert routes.post("/test/make/abort").status_code == 409
    assert stored(app) == []


def test_a_get_reads_in_autocommit(routes):
    assert routes.get("/test/look").json == {"in_transaction": False}


def test_a_failed_commit_is_a_500_not_a_lost_write(app, routes, monkeypatch):
    from facilitate.store import unit_of_work

    def failing_commit(self):
        raise unit_of_work.sqlite3.OperationalError("disk I/O error")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    monkeypatch.setattr(unit_of_work.Transaction, "commit", failing_commit)
    assert routes.post("/test/make/no").status_code == 500
    assert stored(app) == []
