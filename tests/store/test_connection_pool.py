"""Connections are reused across app contexts, never with a transaction left open."""

from facilitate.store.db import ConnectionPool, get_db, init_db


def test_an_app_context_reuses_the_connection_the_last_one_gave_back(app):
    with app.app_context():
        first = get_db()
    with app.app_context():
        assert get_db() is first


def test_a_connection_given_back_mid_transaction_is_rolled_back(tmp_path):
    path = tmp_path / "pool.sqlite3"
    init_db(path)
    pool = ConnectionPool(path, keep=1)
    db = pool.take()
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO users (username, password_hash, created_at) VALUES ('x', 'h', 'now')")
    pool.give_back(db)
    again = pool.take()
    assert again is db and not again.conn.in_transaction
    assert again.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0
    pool.give_back(again)
    pool.close()


def test_the_pool_keeps_only_so_many_idle_connections(tmp_path):
    path = tmp_path / "pool.sqlite3"
    init_db(path)
    pool = ConnectionPool(path, keep=2)
    taken = [pool.take() for _ in range(4)]
    for db in taken:
        pool.give_back(db)
    assert len(pool._idle) == 2
    pool.close()
    assert pool._idle == []
