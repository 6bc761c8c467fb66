"""Session plans checked against the registered activity kinds.

A mapping item names its framework by key (`framework = "dimios-style"`);
the framework is looked up in the plans folder's `frameworks/` and its
content copied into the item's definition, so a gathering made from the plan
keeps that exact version (see activities/mapping.py)."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from .activities import get_kind
from .activities.base import InvalidDefinition
from .activities.mapping import MappingKind, resolve
from .model.session_plan import SessionPlan, list_plans, load_plan, load_plan_text

# Keys any activity may carry beside its kind's own, for the programme record:
# `track` joins the same question asked in several modules into one trajectory
# line, `prework` names the pre-work question whose answers are shown beside
# the live answers (see docs/RECORD.md).
RECORD_KEYS = ("track", "prework")
_KEY = re.compile(r"[a-z][a-z0-9_-]{0,39}")


def validate_activity(kind_name: str, definition: dict,
                      frameworks_dir: str | Path | None = None) -> dict:
    kind = get_kind(kind_name)
    if (isinstance(kind, MappingKind) and isinstance(definition, dict)
            and isinstance(definition.get("framework"), str)):
        definition = {**definition, "framework": resolve(definition["framework"],
                                                         frameworks_dir)}
    extra = {name: definition[name] for name in RECORD_KEYS if name in definition}
    for name, value in extra.items():
        if not isinstance(value, str) or not _KEY.fullmatch(value):
            raise InvalidDefinition(name, "must be a key: lower-case letters, digits, - and _")
    checked = kind.validate_definition({name: value for name, value in definition.items()
                                        if name not in RECORD_KEYS})
    return {**checked, **extra}


def load_plans(folder: str | Path) -> list[SessionPlan]:
    return list_plans(folder, partial(validate_activity,
                                      frameworks_dir=Path(folder) / "frameworks"))


def load_one(path: str | Path) -> SessionPlan:
    return load_plan(path, partial(validate_activity,
                                   frameworks_dir=Path(path).parent / "frameworks"))


def load_text(text: str, file: str) -> SessionPlan:
    """A plan given as text (edited in the browser, kept in the database)."""
    return load_plan_text(text, file, validate_activity)
