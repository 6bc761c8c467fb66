"""A phone as the fault tests drive it: a real Socket.IO client with an
outbox that sends answers one at a time, oldest first, and resends an
unacknowledged one with the same submission id, as static/js/phone.js does."""

from __future__ import annotations

import secrets
import threading
import time

import socketio
from socketio.exceptions import SocketIOError

RETRY_CODES = {"rate_limited"}


class Phone:
    def __init__(self, base: str, code: str, device_cookie: str) -> None:
        self.base, self.code, self.cookie = base, code, device_cookie
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1.0,
                                      randomization_factor=0.5)
        self.outbox: list[tuple[str, int, object]] = []
        self.acked: list[str] = []
        self.refused: list[dict] = []
        self.sent_last: dict[int, object] = {}
        self.connects = 0
        self.snapshots: list[dict] = []  # full states sent on (re)connect: they carry "mine"
        self.resumes = 0  # partial states: a reconnect that missed nothing
        self._wake = threading.Event()
        self._lock = threading.Lock()
        self.client.on("connect", self._on_connect)
        self.client.on("state", self._on_state)

    def _on_state(self, state: dict) -> None:
        if not state["full"]:
            self.resumes += 1
        elif "mine" in state:
            self.snapshots.append(state)

    def _on_connect(self) -> None:
        self.connects += 1
        self._wake.set()

    def connect(self) -> Phone:
        self.client.connect(self.base, transports=["websocket"], wait_timeout=10,
                            headers={"Cookie": f"device_{self.code}={self.cookie}"},
                            auth={"role": "phone", "code": self.code, "lang": "nb"})
        threading.Thread(target=self._send_loop, daemon=True).start()
        return self

    def answer(self, item_id: int, value) -> str:
        submission_id = secrets.token_hex(12)
        with self._lock:
            self.outbox.append((submission_id, item_id, value))
            self.sent_last[item_id] = value
        self._wake.set()
        return submission_id

    def _send_loop(self) -> None:
        while True:
            self._wake.wait(0.5)
            self._wake.clear()
            while self.outbox and self.client.connected:
                submission_id, item_id, value = self.outbox[0]
                try:
                    ack = self.client.call("answer", {"item_id": item_id, "value": value,
                                                      "submission_id": submission_id},
                                           timeout=5)
                except (TimeoutError, SocketIOError):
                    break  # lost with the connection: resend the same id later
                if ack.get("ok"):
                    self.acked.append(submission_id)
                elif ack["error"]["code"] in RETRY_CODES:
                    time.sleep(0.3)
                    continue
                else:
                    self.refused.append(ack["error"])
                with self._lock:
                    self.outbox.pop(0)

    def drained(self) -> bool:
        return not self.outbox

    def close(self) -> None:
        self.client.disconnect()


def close_all(phones: list[Phone]) -> None:
    """Disconnect in parallel: each client waits a moment for its threads."""
    closers = [threading.Thread(target=phone.close) for phone in phones]
    for closer in closers:
        closer.start()
    for closer in closers:
        closer.join()


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
