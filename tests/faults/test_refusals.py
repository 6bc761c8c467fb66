"""Refusals reach a real client: a python-socketio Client against a real
server process gets `connect_error` with `data: {code, message}` (on
a247e7f it got a Python repr in `message` and no `data`), a removed phone
is told why before it is disconnected and cannot come back, and an event
of 64-250 KB gets a `too_large` ack instead of losing the connection."""

from __future__ import annotations

import threading
import time

import pytest
import socketio
from clients import console_client
from phones import wait_until
from servers import Server, join_device, logged_in_cookie

from facilitate import create_app
from facilitate.live.errors import refusal_payload


@pytest.fixture
def server(seeded):
    process = Server(seeded["instance"]).start()
    try:
        yield process
    finally:
        process.stop()


def expected_message(code: str, locale: str) -> str:
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "DATABASE": ":memory:",
                      "ASYNC_MODE": "threading"})
    with app.app_context():
        return refusal_payload(code, locale)["error"]["message"]


def refused_connect(base: str, auth: dict, headers: dict | None = None) -> dict:
    """Connect, expect a refusal, return what `connect_error` carried."""
    client = socketio.Client(reconnection=False)
    seen = []
    client.on("connect_error", seen.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(base, transports=["websocket"], auth=auth, headers=headers or {},
                       wait_timeout=5)
    assert len(seen) == 1, seen
    return seen[0]


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_a_refused_connection_carries_code_and_message(seeded, server, locale):
    code = seeded["gathering"]["code"]
    error = refused_connect(server.base, {"role": "phone", "code": code, "lang": locale,
                                          "token": "made-up-token-123"})
    assert error["data"] == {"code": "not_registered",
                             "message": expected_message("not_registered", locale)}
    assert error["message"] == error["data"]["message"]
    assert "{" not in error["message"]  # not a Python repr of a dict

    error = refused_connect(server.base, {"role": "console", "code": code, "lang": locale})
    assert error["data"]["code"] == "not_allowed"
    error = refused_connect(server.base, {"role": "phone", "code": "NOSUCH", "lang": locale})
    assert error["data"]["code"] == "unknown_gathering"


def test_a_removed_phone_is_told_why_and_cannot_come_back(seeded, server):
    code = seeded["gathering"]["code"]
    cookie = join_device(server.base, seeded, seeded["municipalities"][0]["id"])
    phone = socketio.Client(reconnection=False)
    goodbyes, disconnects = [], []
    phone.on("goodbye", goodbyes.append)
    phone.on("disconnect", lambda *reason: disconnects.append(reason))
    phone.connect(server.base, transports=["websocket"], wait_timeout=10,
                  headers={"Cookie": f"device_{code}={cookie}"},
                  auth={"role": "phone", "code": code, "lang": "nb"})
    console = console_client(server.base, seeded)
    listed = console.call("devices.list", {}, timeout=10)["devices"]["devices"]
    [device] = listed
    try:
        assert console.call("device.remove", {"device_id": device["id"]}, timeout=10) == {
            "ok": True}
        wait_until(lambda: disconnects, 5, "the phone to be disconnected")
        assert goodbyes == [{"code": "removed", "message": expected_message("removed", "nb")}]
        error = refused_connect(server.base, {"role": "phone", "code": code, "lang": "nb"},
                                {"Cookie": f"device_{code}={cookie}"})
        assert error["data"]["code"] == "not_registered"
    finally:
        console.disconnect()


@pytest.mark.parametrize("size", [70_000, 200_000])
def test_an_oversized_event_gets_an_ack_and_the_connection_stays(seeded, server, size):
    """On a247e7f an event over 64 KB closed the connection: the phone's
    outbox would resend it on every reconnect, for ever."""
    code = seeded["gathering"]["code"]
    cookie = join_device(server.base, seeded, seeded["municipalities"][0]["id"])
    phone = socketio.Client(reconnection=False)
    disconnects = []
    phone.on("disconnect", lambda *reason: disconnects.append(reason))
    phone.connect(server.base, transports=["websocket"], wait_timeout=10,
                  headers={"Cookie": f"device_{code}={cookie}"},
                  auth={"role": "phone", "code": code, "lang": "en"})
    try:
        ack = phone.call("answer", {"item_id": seeded["items"][0]["id"],
                                    "submission_id": "huge-0000001", "value": "x" * size},
                         timeout=10)
        assert ack["ok"] is False and ack["error"]["code"] == "too_large"
        assert ack["error"]["message"] == "The message is too large (at most 65536 bytes)."
        time.sleep(0.3)
        assert phone.connected and not disconnects
        assert phone.call("sync", {}, timeout=10)["ok"]
        # The same over long polling: refused by ack too, not by closing.
        polling = socketio.Client(reconnection=False)
        polling.connect(server.base, transports=["polling"], wait_timeout=10,
                        headers={"Cookie": f"device_{code}={cookie}"},
                        auth={"role": "phone", "code": code, "lang": "en"})
        ack = polling.call("sync", {"padding": "y" * size}, timeout=10)
        assert ack["error"]["code"] == "too_large"
        assert polling.call("sync", {}, timeout=10)["ok"]
        polling.disconnect()
    finally:
        phone.disconnect()


def test_an_unknown_event_is_acknowledged_by_a_real_server(seeded, server):
    headers = {"Cookie": logged_in_cookie(server.base, seeded)}
    console = socketio.Client(reconnection=False)
    console.connect(server.base, transports=["websocket"], wait_timeout=10, headers=headers,
                    auth={"role": "console", "code": seeded["gathering"]["code"]})
    try:
        ack = console.call("agenda.jump_everywhere", {}, timeout=10)
        assert ack["ok"] is False and ack["error"]["code"] == "unknown_event"
    finally:
        console.disconnect()


def test_state_comes_before_the_ack_of_an_agenda_change(seeded, server):
    """As docs/PROTOCOL.md says: the room is told, then the sender is acked."""
    console = console_client(server.base, seeded)
    order = []
    done = threading.Event()
    console.on("state", lambda state: order.append("state"))
    try:
        console.emit("gathering.start", {}, callback=lambda ack: (order.append("ack"),
                                                                   done.set()))
        assert done.wait(10)
        assert order[-2:] == ["state", "ack"]
    finally:
        console.disconnect()
