"""The console and the phones of a fault test, connected to real servers."""

from __future__ import annotations

import socketio
from phones import Phone
from servers import join_device, logged_in_cookie


def console_client(base: str, seeded: dict) -> socketio.Client:
    client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1.0)
    client.connect(base, transports=["websocket"], wait_timeout=10,
                   headers={"Cookie": logged_in_cookie(base, seeded)},
                   auth={"role": "console", "code": seeded["gathering"]["code"]})
    return client


def open_item(console: socketio.Client, item_id: int) -> None:
    """Start, open the item and show its results to the room (the projector
    shows a tally only once revealed)."""
    assert console.call("gathering.start", {}, timeout=10)["ok"]
    assert console.call("activity.open", {"item_id": item_id}, timeout=10)["ok"]
    assert console.call("results.reveal", {"item_id": item_id, "visible": True},
                        timeout=10)["ok"]


def make_phones(base: str, seeded: dict, count: int, via: str | None = None) -> list[Phone]:
    """Phones join over HTTP at `base` and hold their socket to `via` (a
    proxy, another server process) or `base`."""
    municipalities = seeded["municipalities"]
    phones = []
    for number in range(count):
        municipality = municipalities[number % len(municipalities)]
        cookie = join_device(base, seeded, municipality["id"])
        phones.append(Phone(via or base, seeded["gathering"]["code"], cookie).connect())
    return phones

