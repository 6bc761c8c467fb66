"""What each role sees of a gathering, as one versioned snapshot.

Clients render from a snapshot and replace parts of it with the small
updates that follow (see docs/PROTOCOL.md)."""

from __future__ import annotations

from ..store import gatherings, programmes, responses
from .results import item_results, moderation_list, phones_see_results

PUBLIC_ITEM_FIELDS = ("id", "position", "kind", "title", "planned_start", "duration",
                      "activity_kind", "definition", "status", "results_visible",
                      "view_mode", "view_focus", "started_at", "ended_at")
PUBLIC_GATHERING_FIELDS = ("id", "title", "code", "status", "current_position", "date",
                           "module", "min_group_size", "version", "started_at")


def public_item(item: dict) -> dict:
    return {name: item[name] for name in PUBLIC_ITEM_FIELDS}


def current_item(items: list[dict], gathering: dict) -> dict | None:
    position = gathering["current_position"]
    if position is None or gathering["status"] != "running":
        return None
    return next((item for item in items if item["position"] == position), None)


def snapshot(db, gathering_id: int, role: str, device_id: int | None = None,
             presence: dict | None = None, results: dict | None = None) -> dict:
    """The role's view. `results`, when given, is the current item's tally
    already computed (push_state builds three views from one tally)."""
    gathering = gatherings.get_gathering(db, gathering_id)
    items = gatherings.list_items(db, gathering_id)
    current = current_item(items, gathering)
    shown = {
        "role": role,
        "version": gathering["version"],
        "gathering": {name: gathering[name] for name in PUBLIC_GATHERING_FIELDS},
        "municipalities": programmes.gathering_municipalities(db, gathering_id),
        "current": public_item(current) if current else None,
        "results": None,
    }
    has_results = current is not None and current["activity_kind"] is not None
    if has_results and (role != "phone" or phones_see_results(current)):
        shown["results"] = results or item_results(db, gathering, current)
    if role == "console":
        shown["items"] = [dict(public_item(item), notes=item["notes"]) for item in items]
        shown["moderation"] = moderation_list(db, current) if has_results else []
        shown["presence"] = presence_summary(db, gathering, current, presence or {})
    if role == "phone":
        shown["mine"] = responses.device_responses(db, device_id)
    return shown


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
