"""Every connection drops at once; every phone comes back, gets a full state
that shows what changed while it was away, and nothing is lost."""

from __future__ import annotations

import sqlite3

from clients import console_client, make_phones, open_item
from phones import close_all, wait_until
from proxy import CuttableProxy
from servers import Server


def test_all_phones_return_after_every_connection_drops(seeded, phone_count):
    server = Server(seeded["instance"]).start()
    proxy = CuttableProxy(server.port)
    phones = []
    try:
        kinds = {item["activity_kind"]: item for item in seeded["items"]}
        choice, scale = kinds["choice"], kinds["scale"]
        console = console_client(server.base, seeded)  # the facilitator's laptop is fine
        open_item(console, choice["id"])
        phones = make_phones(server.base, seeded, phone_count, via=proxy.base)
        for phone in phones:
            phone.answer(choice["id"], [1])
        wait_until(lambda: all(p.drained() for p in phones), 30, "first answers")

        proxy.online = False
        assert proxy.cut_all() == phone_count
        # While the room is offline the facilitator moves on to the next question.
        assert console.call("activity.open", {"item_id": scale["id"]}, timeout=10)["ok"]
        proxy.online = True
        wait_until(lambda: all(p.connects == 2 for p in phones), 60, "every phone back")
        wait_until(lambda: all(len(p.snapshots) == 2 for p in phones), 30, "fresh snapshots")

        for phone in phones:
            back = phone.snapshots[-1]
            assert back["current"]["id"] == scale["id"]
            assert back["current"]["status"] == "open"
            assert [(m["item_id"], m["value"]) for m in back["mine"]] == [(choice["id"], [1])]
            phone.answer(scale["id"], [3] * len(scale["definition"]["statements"]))
        wait_until(lambda: all(p.drained() for p in phones), 30, "answers after the drop")
        console.disconnect()
    finally:
        close_all(phones)
        proxy.close()
        server.stop()

    assert all(phone.refused == [] for phone in phones)
    with sqlite3.connect(seeded["database"]) as db:
        counts = dict(db.execute("SELECT item_id, COUNT(*) FROM responses GROUP BY item_id"))
    assert counts == {choice["id"]: phone_count, scale["id"]: phone_count}
