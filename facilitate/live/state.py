"""What each role sees of a gathering, as one versioned `state` message.

A full state replaces what the client had; a partial one (`full: false`)
goes to a client that already has the current version and carries only what
changes without bumping it (results, and for the console presence and
moderation). Clients then apply the small `results`, `presence` and
`moderation` updates that follow (see docs/PROTOCOL.md)."""

from __future__ import annotations

from ..activities import get_kind
from ..store import devices, gatherings, programmes, responses
from . import checkin
from .results import item_results, moderation_list
from .timer import server_now

PUBLIC_ITEM_FIELDS = ("id", "position", "type", "title", "planned_start", "duration",
                      "activity_kind", "definition", "status", "results_visible",
                      "view_mode", "view_focus", "started_at", "ended_at", "timer", "resets")
# The kind's own state (merges, pins) is the console's; others see its effect
# in results. So is a preview of another view, and the plan's reveal default.
CONSOLE_ITEM_FIELDS = ("notes", "state", "preview_mode", "preview_focus", "reveal_default")
PUBLIC_GATHERING_FIELDS = ("id", "title", "code", "status", "current_position", "date",
                           "module", "min_group_size", "version", "started_at")


def public_item(item: dict) -> dict:
    return {name: item[name] for name in PUBLIC_ITEM_FIELDS}


def current_item(items: list[dict], gathering: dict) -> dict | None:
    position = gathering["current_position"]
    if position is None or gathering["status"] != "running":
        return None
    return next((item for item in items if item["position"] == position), None)


def results_for(item: dict | None, role: str, group: str | None,
                described: dict | None) -> dict | None:
    """The part of an item's described results this audience may see."""
    if item is None or item["activity_kind"] is None or described is None:
        return None
    return get_kind(item["activity_kind"]).results_for(role, group, described,
                                                       item["results_visible"])


class Current:
    """The gathering, its items and its current item's tally, read once and
    shared by every role's state (one tally per agenda change)."""

    def __init__(self, db, gathering_id: int) -> None:
        self.db = db
        self.gathering = gatherings.get_gathering(db, gathering_id)
        self.items = gatherings.list_items(db, gathering_id)
        self.item = current_item(self.items, self.gathering)
        self.municipalities = programmes.gathering_municipalities(db, gathering_id)
        self._described: dict | None = None

    @property
    def is_activity(self) -> bool:
        return self.item is not None and self.item["activity_kind"] is not None

    @property
    def described(self) -> dict | None:
        if self._described is None and self.is_activity:
            self._described = item_results(self.db, self.gathering, self.item)
        return self._described

    def phone_groups(self) -> list[str] | None:
        if not self.is_activity or self.described is None:
            return None
        return get_kind(self.item["activity_kind"]).phone_groups(self.described)

    def state(self, role: str, group: str | None = None, *, presence: dict | None = None,
              device_id: int | None = None) -> dict:
        """The role's full state. `device_id` adds that phone's own answers
        (only in a message to that one phone)."""
        shown = {
            "full": True,
            "role": role,
            "version": self.gathering["version"],
            "server_time": server_now(),
            "gathering": {name: self.gathering[name] for name in PUBLIC_GATHERING_FIELDS},
            "municipalities": self.municipalities,
            "current": public_item(self.item) if self.item else None,
            "results": results_for(self.item, role, group, self.described),
        }
        if role == "console":
            shown["items"] = [dict(public_item(item),
                                   **{name: item[name] for name in CONSOLE_ITEM_FIELDS})
                              for item in self.items]
            shown.update(self._console_extras(presence))
        shown.update(checkin.state_extras(self.db, self.gathering, self.item, role))
        if device_id is not None:
            # Each answer names its item's resets: a phone keys what it saved by it.
            resets = {item["id"]: item["resets"] for item in self.items}
            shown["mine"] = [dict(answer, resets=resets.get(answer["item_id"], 0))
                             for answer in responses.device_responses(self.db, device_id)]
            device = devices.get_device(self.db, device_id)
            # Held: joined beyond its municipality's expected number; its
            # answers count once the facilitator accepts it.
            shown["device"] = {"held": bool(device and device["held"])}
        return shown

    def partial(self, role: str, group: str | None = None, *,
                presence: dict | None = None) -> dict:
        """For a client that has the current version: what changes without it."""
        shown = {"full": False, "version": self.gathering["version"],
                 "server_time": server_now(),
                 "results": results_for(self.item, role, group, self.described)}
        if role == "console":
            shown.update(self._console_extras(presence))
        return shown

    def _console_extras(self, presence: dict | None) -> dict:
        return {
            "preview": (item_results(self.db, self.gathering, self.item, preview=True)
                        if self.is_activity else None),
            "moderation": moderation_list(self.db, self.item) if self.is_activity else [],
            "presence": presence_summary(self.db, self.gathering, self.item, presence or {}),
        }


def presence_summary(db, gathering: dict, current: dict | None,
                     connected: dict[int, int]) -> dict:
    """Phones here and, for the open activity, who has answered, per
    municipality; counts only, never names."""
    answered = {}
    if current is not None and current["activity_kind"] is not None:
        answered = responses.answered_per_municipality(db, current["id"])
    return {
        "connected": {str(k): v for k, v in connected.items()},
        "answered": {str(k): v for k, v in answered.items()},
        "item_id": current["id"] if current else None,
    }
