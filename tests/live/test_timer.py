"""The countdown: pure arithmetic on the server's clock, and the console's
events that every room hears."""

from support import received

from facilitate.live import timer
from facilitate.store import gatherings


def test_a_countdown_runs_pauses_resumes_and_extends():
    running = timer.started(300, now=1_000)
    assert timer.remaining(running, 61_000) == 240_000
    held = timer.paused(running, 61_000)
    assert held == {"total": 300_000, "running": False, "remaining": 240_000}
    assert timer.remaining(held, 999_999) == 240_000  # a paused timer does not move
    again = timer.resumed(held, 100_000)
    assert timer.remaining(again, 100_000) == 240_000
    longer = timer.extended(again, 60, 160_000)
    assert timer.remaining(longer, 160_000) == 240_000
    assert longer["total"] == 360_000
    assert timer.remaining(longer, 10**9) == 0  # never below zero
    ran_out = timer.extended(timer.started(10, 0), 30, 50_000)
    assert timer.remaining(ran_out, 50_000) == 30_000


def test_console_drives_a_countdown_that_every_room_sees(app, demo, sockets, db):
    console, presenter, phone = sockets.console(), sockets.presenter(), sockets.phone("Sola")
    break_item = next(i for i in demo["items"] if i["type"] == "break")
    console.emit("gathering.start", {}, callback=True)
    console.emit("agenda.goto", {"position": break_item["position"]}, callback=True)
    for client in (console, presenter, phone):
        client.get_received()
    assert console.emit("timer.start", {"item_id": break_item["id"], "seconds": 600},
                        callback=True) == {"ok": True}
    for client in (console, presenter, phone):
        state = received(client, "state")[-1]
        shown = state["current"]["timer"]
        assert shown["running"] is True and shown["total"] == 600_000
        # the server's clock travels with it, so each screen can set its offset
        assert 0 < shown["ends_at"] - state["server_time"] <= 600_000
    assert console.emit("timer.pause", {"item_id": break_item["id"]}, callback=True)["ok"]
    assert console.emit("timer.extend", {"item_id": break_item["id"], "seconds": 120},
                        callback=True)["ok"]
    stored = gatherings.get_item(db, break_item["id"])["timer"]
    assert stored["running"] is False and 710_000 < stored["remaining"] <= 720_000
    assert console.emit("timer.resume", {"item_id": break_item["id"]}, callback=True)["ok"]
    assert gatherings.get_item(db, break_item["id"])["timer"]["running"] is True
    assert console.emit("timer.clear", {"item_id": break_item["id"]}, callback=True)["ok"]
    assert gatherings.get_item(db, break_item["id"])["timer"] is None
    assert console.emit("timer.pause", {"item_id": break_item["id"]},
                        callback=True)["error"]["code"] == "no_timer"
    for seconds in (0, 6 * 3600 + 1, "60"):
        refused = console.emit("timer.start", {"item_id": break_item["id"], "seconds": seconds},
                               callback=True)
        assert refused["ok"] is False
    assert presenter.emit("timer.start", {"item_id": break_item["id"], "seconds": 60},
                          callback=True)["error"]["code"] == "not_allowed"
