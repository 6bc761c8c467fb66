"""A municipality's record from the store, and the files of its pack.

The exports (facilitate/exports/, one pure function per format of the
assembled record) are named through `PACKS`; without that package only the
JSON format is offered, as the record itself."""

from __future__ import annotations

import json

from . import record
from .store import programmes, records

# What the trajectory's programme medians are made from.
TRAJECTORY_SOURCES = ("activity", "mapping", "board", "prework")


def _json_build(assembled: dict) -> bytes:
    return json.dumps(assembled, ensure_ascii=False, indent=2).encode("utf-8")


try:  # the exports package (branch `exports`) builds the real files
    from .exports import PACKS as _PACKS
except ImportError:  # pragma: no cover - depends on which branches are merged
    _PACKS = {"json": (_json_build, "application/json", "json")}

PACKS: dict = dict(_PACKS)


def programme_dict(db, programme_id: int, default_min_group: int) -> dict:
    """The programme row, with a minimum group size whatever its columns."""
    found = dict(programmes.get_programme(db, programme_id))
    found["min_group_size"] = found.get("min_group_size") or default_min_group
    return found


def programme_points(db, programme_id: int, forms: dict) -> dict[int, dict]:
    """Each municipality's trajectory values: read once, shared by every
    municipality's record (each sees the others only as medians)."""
    by_municipality = records.programme_entries(db, programme_id, TRAJECTORY_SOURCES)
    return {mid: record.trajectory_points(entries, forms)
            for mid, entries in by_municipality.items()}


def record_for(db, municipality: dict, forms: dict, *, default_min_group: int = 3,
               points: dict[int, dict] | None = None, programme: dict | None = None) -> dict:
    """The assembled record (docs/RECORD.md) of one municipality."""
    programme = programme or programme_dict(db, municipality["programme_id"], default_min_group)
    if points is None:
        points = programme_points(db, municipality["programme_id"], forms)
    entries = records.entries_for(db, municipality["programme_id"], municipality["id"])
    return record.assemble(programme, municipality, entries, forms,
                           record.peers_for(points, municipality["id"]))


def build(assembled: dict, fmt: str, module: int | None = None) -> tuple[bytes, str, str]:
    """(file content, mimetype, extension) of one format, for one module or all.
    KeyError for a format there is no export for."""
    build_file, mimetype, extension = PACKS[fmt]
    chosen = record.only_module(assembled, module) if module else assembled
    return build_file(chosen), mimetype, extension
