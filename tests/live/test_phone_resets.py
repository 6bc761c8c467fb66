"""A reset tells phones their answers to the item are gone: every item
carries `resets`, counted up by activity.reset, and each of a phone's own
answers names the resets of its item."""

from support import received


def item_of(demo, kind: str) -> dict:
    return next(item for item in demo["items"] if item["activity_kind"] == kind)


def test_reset_counts_up_and_the_phones_answers_name_it(app, demo, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    phone = sockets.phone("Sola")
    assert received(phone, "state")[-1]["current"]["resets"] == 0
    ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": "before-reset-1",
                                "value": [1]}, callback=True)
    assert ack["ok"]

    assert console.emit("activity.reset", {"item_id": choice["id"]}, callback=True)["ok"]
    after = received(phone, "state")[-1]
    assert after["full"] and after["current"]["resets"] == 1
    assert after["current"]["status"] == "idle"

    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    phone.disconnect()
    phone.connect(auth={"role": "phone", "code": demo["gathering"]["code"]})
    state = received(phone, "state")[-1]
    assert state["current"]["resets"] == 1
    assert state["mine"] == []

    phone.emit("answer", {"item_id": choice["id"], "submission_id": "after-reset-1",
                          "value": [2]}, callback=True)
    phone.disconnect()
    phone.connect(auth={"role": "phone", "code": demo["gathering"]["code"]})
    [mine] = received(phone, "state")[-1]["mine"]
    assert (mine["value"], mine["resets"]) == ([2], 1)
