"""The facilitator's console, driven through its real Socket.IO events after
logging in through the login form, as a facilitator's browser does."""

from __future__ import annotations

import http.cookiejar
import re
import threading
import urllib.parse
import urllib.request

from .processes import BenchError

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def log_in(base: str, username: str, password: str) -> str:
    """Returns the Cookie header of a logged-in session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(base + "/login", timeout=10) as page:
        token = CSRF.search(page.read().decode())[1]
    form = urllib.parse.urlencode({"csrf_token": token, "username": username,
                                   "password": password}).encode()
    with opener.open(base + "/login", data=form, timeout=10) as reply:
        if "/login" in reply.url:
            raise BenchError("could not log in to the console")
    return "; ".join(f"{cookie.name}={cookie.value}" for cookie in jar)


class Console:
    def __init__(self, base: str, code: str, username: str, password: str) -> None:
        import socketio  # python-socketio's client: the bench extra

        self.client = socketio.Client(reconnection=False)
        got_state = threading.Event()
        self.items: list[dict] = []

        @self.client.on("state")
        def state(data):
            if data["full"]:
                self.items = data["items"]
                got_state.set()

        self.cookie = log_in(base, username, password)
        self.client.connect(base, headers={"Cookie": self.cookie},
                            auth={"role": "console", "code": code}, transports=["websocket"],
                            wait_timeout=10)
        if not got_state.wait(10):
            raise BenchError("the console got no state")

    def send(self, event: str, payload: dict) -> None:
        ack = self.client.call(event, payload, timeout=30)
        if not ack.get("ok"):
            raise BenchError(f"console {event} refused: {ack}")

    def choice_poll(self) -> int:
        """The first single-choice poll of the gathering."""
        return next(item["id"] for item in self.items if item["activity_kind"] == "choice"
                    and not item["definition"]["multiple"])

    def board_item(self) -> int:
        """The gathering's first group board (a breakout)."""
        return next(item["id"] for item in self.items if item["activity_kind"] == "board")

    def fresh_poll(self, item_id: int) -> None:
        """Reset the poll (its answers go) and open it: what a facilitator
        does to run a question again."""
        self.send("activity.reset", {"item_id": item_id})
        self.send("activity.open", {"item_id": item_id})

    def close(self) -> None:
        self.client.disconnect()
