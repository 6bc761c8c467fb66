"""Capability frameworks (what a mapping rates), kept as TOML under sessions/frameworks/.

A framework is data: a new one is a new file. Each item carries
`verified = true|false`: false marks the programme's own working wording
where the source could not be confirmed. See sessions/README.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from facilitate.model.session_plan import PlanError, read_toml

FRAMEWORK_KINDS = ("levels", "capabilities")  # ordered steps | independent capabilities


class FrameworkError(PlanError):
    """A framework file is malformed; reads like a PlanError (file, line, field)."""


def load_framework(path: str | Path) -> dict[str, Any]:
    """Read a framework file: its top-level keys plus `items`, a list of dicts
    each with at least key, name, verified, description and note."""
    file = str(path)
    data, lines = read_toml(path, FrameworkError)

    def fail(field: str, message: str, item: int | None = None):
        raise FrameworkError(file, lines.find(item, field), field, message, item=item)

    for key in ("key", "title", "kind"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            fail(key, "is required and must be a non-empty string")
    if data["kind"] not in FRAMEWORK_KINDS:
        fail("kind", f"must be one of {', '.join(FRAMEWORK_KINDS)}")
    items = data.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, dict) for i in items):
        fail("items", "must be a non-empty list of [[items]] tables")
    seen: set[str] = set()
    for index, item in enumerate(items, start=1):
        for key in ("key", "name"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                fail(key, "is required and must be a non-empty string", index)
        if item["key"] in seen:
            fail("key", f"duplicate key '{item['key']}'", index)
        seen.add(item["key"])
        if not isinstance(item.get("verified"), bool):
            fail("verified", "is required and must be true or false", index)
        if data["kind"] == "levels" and item.get("number") != index:
            fail("number", f"levels are numbered 1, 2, 3, ... in order; expected {index}", index)
        for key in ("description", "note"):
            if not isinstance(item.setdefault(key, ""), str):
                fail(key, "must be a string", index)
    data["path"] = file
    return data
