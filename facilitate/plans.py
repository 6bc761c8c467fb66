"""Session plans checked against the registered activity kinds.

A mapping item names its framework by key (`framework = "dimios-style"`);
the framework is looked up in the plans folder's `frameworks/` and its
content copied into the item's definition, so a gathering made from the plan
keeps that exact version (see activities/mapping.py)."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from .activities import get_kind
from .activities.mapping import MappingKind, resolve
from .model.session_plan import SessionPlan, list_plans, load_plan


def validate_activity(kind_name: str, definition: dict,
                      frameworks_dir: str | Path | None = None) -> dict:
    kind = get_kind(kind_name)
    if (isinstance(kind, MappingKind) and isinstance(definition, dict)
            and isinstance(definition.get("framework"), str)):
        definition = {**definition, "framework": resolve(definition["framework"],
                                                         frameworks_dir)}
    return kind.validate_definition(definition)


def load_plans(folder: str | Path) -> list[SessionPlan]:
    return list_plans(folder, partial(validate_activity,
                                      frameworks_dir=Path(folder) / "frameworks"))


def load_one(path: str | Path) -> SessionPlan:
    return load_plan(path, partial(validate_activity,
                                   frameworks_dir=Path(path).parent / "frameworks"))
