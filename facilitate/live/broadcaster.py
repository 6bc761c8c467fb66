"""Coalesced fan-out. Handlers only mark what changed; a background task
sends each changed tally at most once per interval (about 10 a second), so
one vote never causes one message per phone. Each tally is computed once and
cut per audience by its kind."""

from __future__ import annotations

import logging
import threading
import time

from ..activities import get_kind
from ..store import gatherings
from ..store.db import get_db, transaction
from .audiences import Audience
from .results import item_results, moderation_list
from .state import current_item, presence_summary

log = logging.getLogger(__name__)
ROLE_AUDIENCES = ("console", "presenter")


class Broadcaster:
    def __init__(self, app, socketio, presence) -> None:
        self.app = app
        self.socketio = socketio
        self.presence = presence
        self.interval = app.config["BROADCAST_INTERVAL"]
        self._results: set[tuple[int, int]] = set()
        # When each item's results last went out, for kinds that ask for a
        # longer interval (ActivityKind.results_interval) than the loop's.
        self._sent_at: dict[tuple[int, int], tuple[float, float]] = {}
        self._presence: set[int] = set()
        self._started = False
        self._start_lock = threading.Lock()

    def mark_results(self, gathering_id: int, item_id: int) -> None:
        self._results.add((gathering_id, item_id))
        self._presence.add(gathering_id)  # answered counts changed too

    def mark_presence(self, gathering_id: int) -> None:
        self._presence.add(gathering_id)

    def start(self) -> None:
        with self._start_lock:  # two first connections must not start two loops
            if self._started:
                return
            self._started = True
        self.socketio.start_background_task(self._run)

    def _run(self) -> None:
        while True:
            self.socketio.sleep(self.interval)
            try:
                self.flush()
            except Exception:  # keep fanning out; one bad tally must not stop the loop
                log.exception("broadcast failed")

    def flush(self, force: bool = False) -> None:
        """Send everything marked since the last flush (`force`: also what a
        kind's longer interval would hold back; tests use it)."""
        results, self._results = self._results, set()
        presence, self._presence = self._presence, set()
        if not results and not presence:
            return
        with self.app.app_context():
            db = get_db()
            for gathering_id, item_id in results:
                sent_at, interval = self._sent_at.get((gathering_id, item_id), (0.0, 0.0))
                if not force and time.monotonic() - sent_at < interval:
                    self._results.add((gathering_id, item_id))  # not yet: a later flush
                    continue
                with transaction(db, write=False):
                    self._send_results(db, gathering_id, item_id)
            for gathering_id in presence:
                with transaction(db, write=False):
                    self._send_presence(db, gathering_id)

    def _send_results(self, db, gathering_id: int, item_id: int) -> None:
        gathering = gatherings.get_gathering(db, gathering_id)
        item = gatherings.get_item(db, item_id)
        if item is None or item["activity_kind"] is None:
            return
        kind = get_kind(item["activity_kind"])
        self._sent_at[(gathering_id, item_id)] = (time.monotonic(), kind.results_interval)
        self.send_results(gathering, item, item_results(db, gathering, item))
        if item["preview_mode"] is not None:
            self.socketio.emit("preview", item_results(db, gathering, item, preview=True),
                               to=Audience(gathering_id, "console").room)
        if kind.has_text:
            self.socketio.emit("moderation", {"item_id": item_id,
                                              "texts": moderation_list(db, item)},
                               to=Audience(gathering_id, "console").room)

    def send_results(self, gathering: dict, item: dict, described: dict) -> None:
        """One tally, cut for each audience by the item's kind."""
        kind = get_kind(item["activity_kind"])
        revealed = item["results_visible"]
        targets = [Audience(gathering["id"], role) for role in ROLE_AUDIENCES]
        groups = kind.phone_groups(described)
        targets += ([Audience(gathering["id"], "phone")] if groups is None
                    else [Audience(gathering["id"], "phone", group) for group in groups])
        for audience in targets:
            payload = kind.results_for(audience.role, audience.group, described, revealed)
            if payload is not None:
                self.socketio.emit("results", payload, to=audience.room)

    def _send_presence(self, db, gathering_id: int) -> None:
        gathering = gatherings.get_gathering(db, gathering_id)
        current = current_item(gatherings.list_items(db, gathering_id), gathering)
        summary = presence_summary(db, gathering, current,
                                   self.presence.per_municipality(gathering_id))
        self.socketio.emit("presence", summary, to=Audience(gathering_id, "console").room)
