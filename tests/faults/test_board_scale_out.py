"""A breakout over two server processes sharing Redis: the phones of one
group, some on each process, see each other's notes; another group's phone
on the same processes sees none of them."""

from __future__ import annotations

import secrets
import threading

import socketio
from clients import console_client
from phones import wait_until
from servers import Redis, Server, join_device


class BoardPhone:
    """A phone as static/js/live.js and board_phone.js drive it: it syncs on
    `regroup` (re-joining its rooms on the process holding its socket) and
    keeps the newest board it was sent."""

    def __init__(self, base: str, seeded: dict, municipality_id: int) -> None:
        code = seeded["gathering"]["code"]
        self.board: dict | None = None
        self.seen: list[str] = []  # every note text this phone was ever sent
        self._lock = threading.Lock()
        self.client = socketio.Client(reconnection_delay=0.2, reconnection_delay_max=1.0)
        self.client.on("results", self._keep)
        self.client.on("state", lambda state: self._keep(state.get("results")))
        self.client.on("regroup", lambda _: threading.Thread(target=self.sync).start())
        cookie = join_device(base, seeded, municipality_id)
        self.client.connect(base, transports=["websocket"], wait_timeout=10,
                            headers={"Cookie": f"device_{code}={cookie}"},
                            auth={"role": "phone", "code": code, "lang": "nb"})

    def _keep(self, results: dict | None) -> None:
        if not results or not results.get("groups"):
            return
        board = results["groups"][0]["result"]
        if not isinstance(board, dict) or "board" not in board:
            return
        with self._lock:
            if board["board"]:
                self.seen += [note["text"] for note in board["board"]["notes"]]
            if self.board is None or results["revision"] >= self.board["revision"]:
                self.board = {**board, "revision": results["revision"]}

    def sync(self) -> None:
        ack = self.client.call("sync", {}, timeout=10)
        self._keep(ack["state"]["results"])

    @property
    def group(self) -> int | None:
        return self.board["group"]["id"] if self.board and self.board["group"] else None

    def notes(self) -> list[str]:
        return [n["text"] for n in self.board["board"]["notes"]] if self.group else []

    def add(self, item_id: int, text: str) -> None:
        ack = self.client.call("answer", {
            "item_id": item_id, "submission_id": secrets.token_hex(8),
            "value": {"op": "add", "group": self.group, "ref": secrets.token_hex(6),
                      "text": text}}, timeout=10)
        assert ack["ok"], ack


def test_phones_of_one_group_on_two_processes_see_each_others_notes(seeded, tmp_path):
    redis = Redis(tmp_path)
    queue = {"FACILITATE_MESSAGE_QUEUE": redis.url}
    first = Server(seeded["instance"], env=queue, name="first").start()
    second = Server(seeded["instance"], env=queue, name="second").start()
    phones = []
    try:
        board = next(i for i in seeded["items"] if i["activity_kind"] == "board")
        town = {m["name"]: m["id"] for m in seeded["municipalities"]}
        sola = [BoardPhone(first.base, seeded, town["Sola"]),
                BoardPhone(first.base, seeded, town["Sola"]),
                BoardPhone(second.base, seeded, town["Sola"])]
        hå = BoardPhone(first.base, seeded, town["Hå"])
        phones = [*sola, hå]
        console = console_client(second.base, seeded)
        assert console.call("gathering.start", {}, timeout=10)["ok"]
        # Started from the second process: the `regroup` reaches the phones on
        # the first through Redis, and each re-joins its group's room there.
        assert console.call("breakout.start", {"item_id": board["id"]}, timeout=10)["ok"]
        wait_until(lambda: all(phone.group for phone in phones), 10, "every phone in a group")
        assert len({phone.group for phone in sola}) == 1 and hå.group != sola[0].group

        sola[2].add(board["id"], "Skrevet på den andre prosessen")
        wait_until(lambda: all("Skrevet på den andre prosessen" in p.notes() for p in sola[:2]),
                   5, "phones on the first process to see the note")
        sola[0].add(board["id"], "Skrevet på den første prosessen")
        wait_until(lambda: "Skrevet på den første prosessen" in sola[2].notes(), 5,
                   "the phone on the second process to see the note")
        hå.add(board["id"], "Hå sin lapp")
        wait_until(lambda: "Hå sin lapp" in hå.notes(), 5, "Hå's own note")
        assert not any(text.startswith("Skrevet") for text in hå.seen)
        assert all("Hå sin lapp" not in phone.seen for phone in sola)
        console.disconnect()
    finally:
        for phone in phones:
            phone.client.disconnect()
        first.stop()
        second.stop()
        redis.stop()
