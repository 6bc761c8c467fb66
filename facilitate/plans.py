"""Session plans checked against the registered activity kinds."""

from __future__ import annotations

from pathlib import Path

from .activities import get_kind
from .model.session_plan import SessionPlan, list_plans, load_plan, load_plan_text


def validate_activity(kind_name: str, definition: dict) -> dict:
    return get_kind(kind_name).validate_definition(definition)


def load_plans(folder: str | Path) -> list[SessionPlan]:
    return list_plans(folder, validate_activity)


def load_one(path: str | Path) -> SessionPlan:
    return load_plan(path, validate_activity)


def load_text(text: str, file: str) -> SessionPlan:
    """A plan given as text (edited in the browser, kept in the database)."""
    return load_plan_text(text, file, validate_activity)
