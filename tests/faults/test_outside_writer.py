"""An outside writer (an sqlite3 shell, a backup) holds SQLite's write lock
for 5 s. The server keeps answering: /healthz stays fast, a phone's answer
waits for the lock, is acknowledged after the lock is released, and is stored
once. On a247e7f waiting for the lock blocked the event loop: /healthz took
6.6 s while a shell held the lock for 8 s."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import requests
import socketio
from clients import console_client, open_item
from servers import Server, join_device

HOLD = 5.0

HOLDER = textwrap.dedent("""
    import sqlite3, sys, time
    db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
    db.execute("BEGIN IMMEDIATE")
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    db.execute("ROLLBACK")
    print("released", time.time(), flush=True)
""")


def test_an_outside_write_lock_freezes_nothing_and_loses_nothing(seeded):
    server = Server(seeded["instance"]).start()
    phone = socketio.Client(reconnection=False)
    try:
        choice = next(i for i in seeded["items"] if i["activity_kind"] == "choice")
        console = console_client(server.base, seeded)
        open_item(console, choice["id"])
        code = seeded["gathering"]["code"]
        cookie = join_device(server.base, seeded, seeded["municipalities"][0]["id"])
        phone.connect(server.base, transports=["websocket"], wait_timeout=10,
                      headers={"Cookie": f"device_{code}={cookie}"},
                      auth={"role": "phone", "code": code, "lang": "nb"})

        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(seeded["database"]),
                                   str(HOLD)], stdout=subprocess.PIPE, text=True)
        assert holder.stdout.readline().strip() == "locked"
        locked_at = time.time()

        acked = {}

        def send_answer():
            acked["ack"] = phone.call("answer", {"item_id": choice["id"], "value": [2],
                                                 "submission_id": "outside-0001"}, timeout=20)
            acked["at"] = time.time()

        sender = threading.Thread(target=send_answer)
        sender.start()
        health = []
        while holder.poll() is None and time.time() - locked_at < HOLD - 0.5:
            started = time.monotonic()
            reply = requests.get(f"{server.base}/healthz", timeout=5)
            health.append(time.monotonic() - started)
            assert reply.status_code == 200
            time.sleep(0.2)
        assert "at" not in acked, "the answer was acked while the lock was held"
        released = float(holder.stdout.readline().split()[1])
        holder.wait(10)
        sender.join(20)

        print(f"\n/healthz during the lock: {len(health)} probes, max "
              f"{max(health) * 1000:.1f} ms; answer acked "
              f"{(acked['at'] - released) * 1000:.0f} ms after the release")
        assert len(health) >= 10
        assert max(health) < 0.5, health
        assert acked["ack"] == {"ok": True, "submission_id": "outside-0001",
                                "duplicate": False}
        assert acked["at"] >= released
        import sqlite3

        with sqlite3.connect(seeded["database"]) as db:
            stored = db.execute("SELECT value FROM responses WHERE submission_id = ?",
                                ["outside-0001"]).fetchall()
            submissions = db.execute("SELECT COUNT(*) FROM submissions WHERE "
                                     "submission_id = ?", ["outside-0001"]).fetchone()[0]
        assert stored == [("[2]",)] and submissions == 1
        console.disconnect()
    finally:
        if phone.connected:
            phone.disconnect()
        server.stop()
