"""What a municipality rated before: its earlier mappings of the same
framework, read from its programme record (the records branch's
`facilitate.store.records.entries_for`).

Until the programme record exists in this code base (no module
facilitate/store/records.py, or no `entries_for` in it), `previous_ratings`
returns {} and the room shows no change. The record rows it reads are the
ones MappingKind.record_entries files (source "mapping"): for each item the
agreed rating where the group agreed one, else the median of its ratings.
"""

from __future__ import annotations

import json
from typing import Any

from ..store import programmes

try:  # the programme record (branch `records`); absent until it is merged
    from ..store import records as _records
except ImportError:  # pragma: no cover - depends on what is merged
    _records = None

STAGE_ORDER = {"forarbeid": 0, "samling": 1, "etterarbeid": 2}


def records_available() -> bool:
    return _records is not None and hasattr(_records, "entries_for")


def previous_ratings(db, municipality_id: int, framework_key: str, *, module: int | None = None,
                     exclude_gathering: int | None = None) -> dict[str, dict]:
    """{item key: {"value", "module", "stage", "gathering_id"}} from the
    newest earlier mapping of `framework_key` in the municipality's record:
    an earlier module, or this module's forarbeid. {} when there is none,
    or while the programme record is not there."""
    if not records_available() or not framework_key:
        return {}
    municipality = programmes.get_municipality(db, municipality_id)
    if municipality is None:
        return {}
    entries = _records.entries_for(db, municipality["programme_id"], municipality_id)
    return earlier_values(entries, municipality_id, framework_key, module, exclude_gathering)


def earlier_values(entries: list[dict], municipality_id: int, framework_key: str,
                   module: int | None, exclude_gathering: int | None) -> dict[str, dict]:
    """The pure part of previous_ratings: pick the newest earlier mapping
    entry of this framework and read a value per item from it."""
    found: dict[str, tuple[tuple, dict]] = {}
    for entry in entries:
        if entry.get("source") != "mapping" or entry.get("municipality_id") != municipality_id:
            continue
        if exclude_gathering is not None and entry.get("gathering_id") == exclude_gathering:
            continue
        entry_module, stage = entry.get("module"), entry.get("stage")
        if module is not None and not (
                entry_module < module or (entry_module == module and stage == "forarbeid")):
            continue
        payload = _payload(entry.get("payload"))
        if payload.get("framework", {}).get("key") != framework_key:
            continue
        rank = (entry_module, STAGE_ORDER.get(stage, 9), entry.get("filed_at") or "")
        for key, value in item_values(payload).items():
            if value is not None and (key not in found or rank > found[key][0]):
                found[key] = (rank, {"value": value, "module": entry_module, "stage": stage,
                                     "gathering_id": entry.get("gathering_id")})
    return {key: value for key, (_, value) in found.items()}


def item_values(payload: dict) -> dict[str, Any]:
    """A filed mapping's value per item: the agreed rating, else the median."""
    medians = (payload.get("result") or {}).get("medians") or {}
    agreed = payload.get("agreed") or {}
    return {key: agreed.get(key) if agreed.get(key) is not None else medians.get(key)
            for key in {*medians, *agreed}}


def _payload(raw: Any) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}
