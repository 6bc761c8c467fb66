"""kill -9 the server while phones are answering, restart it, and check that
every acknowledged answer is stored, and every answer exactly once."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time

from clients import console_client, make_phones, open_item
from phones import close_all, wait_until
from servers import Server

ANSWERS_PER_PHONE = 6


def test_acknowledged_answers_survive_kill_9(seeded, phone_count):
    crashes = int(os.environ.get("FACILITATE_FAULT_CRASHES", "1"))
    server = Server(seeded["instance"]).start()
    phones = []
    try:
        choice = next(i for i in seeded["items"] if i["activity_kind"] == "choice")
        options = len(choice["definition"]["options"])
        console = console_client(server.base, seeded)
        open_item(console, choice["id"])
        phones = make_phones(server.base, seeded, phone_count)

        # Every phone changes its answer a few times while the server dies
        # and comes back `crashes` times.
        def answer_all(phone, number):
            for step in range(ANSWERS_PER_PHONE):
                phone.answer(choice["id"], [(number + step) % options])
                time.sleep(0.1)

        workers = [threading.Thread(target=answer_all, args=(phone, number))
                   for number, phone in enumerate(phones)]
        for worker in workers:
            worker.start()
        total = phone_count * ANSWERS_PER_PHONE
        unacknowledged_at_kill = []
        for crash in range(1, crashes + 1):
            # Spread the crashes over the run: each one strikes mid-burst,
            # after the restarted server has taken its share of answers.
            share = total * crash // (crashes + 2)
            wait_until(lambda share=share: sum(len(p.acked) for p in phones) >= share, 60,
                       f"{share} acknowledged answers")
            unacknowledged_at_kill.append(total - sum(len(p.acked) for p in phones))
            server.kill()
            time.sleep(0.3)
            server.start()
        for worker in workers:
            worker.join()
        wait_until(lambda: all(p.drained() for p in phones), 90, "every outbox to drain")
        console.disconnect()
    finally:
        close_all(phones)
        server.stop()

    assert len(unacknowledged_at_kill) == crashes
    assert all(waiting > 0 for waiting in unacknowledged_at_kill)  # killed mid-burst
    assert all(phone.refused == [] for phone in phones)
    assert all(phone.connects >= 2 for phone in phones)  # each one came back
    with sqlite3.connect(seeded["database"]) as db:
        stored = [row[0] for row in db.execute(
            "SELECT submission_id FROM submissions WHERE item_id = ?", [choice["id"]])]
        final = dict(db.execute("SELECT d.token, r.value FROM responses r "
                                "JOIN devices d ON d.id = r.device_id WHERE r.item_id = ?",
                                [choice["id"]]).fetchall())
    acked = [sid for phone in phones for sid in phone.acked]
    assert len(acked) == phone_count * ANSWERS_PER_PHONE
    assert sorted(stored) == sorted(set(acked))  # every answer stored, each once
    # The last answer each phone gave is the one that counts.
    assert {phone.cookie: phone.sent_last[choice["id"]] for phone in phones} == \
        {token: json.loads(value) for token, value in final.items()}
