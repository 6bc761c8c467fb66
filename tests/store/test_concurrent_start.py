"""Two processes starting at the same moment on a new database both come up:
the migration decides what to run under the write lock, so one of them never
finds "table users already exists"."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from servers import Server

from facilitate.store.db import connect
from facilitate.store.migrations import MIGRATIONS

pytestmark = pytest.mark.server

ROUNDS = 20

# Imports first, say so, then wait for the moment given on stdin, then the
# app factory's own start-up (which migrates): the two processes race on the
# new file.
START = """
import sys, time
from facilitate.app import create_app
import facilitate.live, facilitate.web, flask_socketio  # noqa: F401
print("ready", flush=True)
moment = float(sys.stdin.readline())
while time.time() < moment:
    pass
create_app({"DATABASE": sys.argv[1], "TESTING": True, "SECRET_KEY": "t" * 32,
            "ASYNC_MODE": "threading"})
"""


def schema_version(path) -> tuple[int, set[str]]:
    db = connect(path)
    try:
        return db.execute("PRAGMA user_version").fetchone()[0], set(db.table_names())
    finally:
        db.conn.close()


def test_two_processes_migrate_a_new_database_at_once(tmp_path):
    env = {**os.environ, "FACILITATE_INSTANCE_PATH": str(tmp_path / "instance")}
    failures = []
    for round_number in range(ROUNDS):
        path = tmp_path / f"round-{round_number}.sqlite3"
        started = [subprocess.Popen([sys.executable, "-c", START, str(path)], env=env,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, text=True)
                   for _ in range(2)]
        for process in started:
            assert process.stdout.readline().strip() == "ready", process.stdout.read()
        moment = f"{time.time() + 0.05:.4f}\n"
        for process in started:  # both hear the moment before either runs
            process.stdin.write(moment)
            process.stdin.flush()
        for process in started:
            output, _ = process.communicate(timeout=60)
            if process.returncode != 0:
                failures.append(f"round {round_number}: exit {process.returncode}\n{output}")
        version, tables = schema_version(path)
        assert version == len(MIGRATIONS), f"round {round_number}"
        assert {"users", "items", "responses"} <= tables
    assert not failures, "\n".join(failures)


def test_two_servers_start_at_once_on_a_new_instance(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    # A fixed key: both would otherwise make the instance's secret at once.
    env = {"FACILITATE_SECRET_KEY": "concurrent-start-test-" + "k" * 16}
    servers = [Server(instance, env=env, name=f"server-{n}") for n in range(2)]
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda server: server.start(timeout=60), servers))
        version, _ = schema_version(instance / "facilitate.sqlite3")
        assert version == len(MIGRATIONS)
    finally:
        for server in servers:
            server.stop()
