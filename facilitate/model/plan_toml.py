"""Writing a session plan back as TOML, in the format of sessions/README.md:
used to start a new plan from a gathering's agenda. Pure. Only what a plan
holds is written: text, whole and decimal numbers, booleans, lists and
tables of them."""

from __future__ import annotations

import json
import math
import re

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_UNSAFE_MULTILINE = re.compile(r'[\x00-\x08\x0b-\x1f\x7f\\]|"""')


def key(name: str) -> str:
    return name if _BARE_KEY.fullmatch(name) else string(name, multiline=False)


def string(text: str, multiline: bool = True) -> str:
    """A TOML basic string; text with line breaks as a multi-line string when
    that needs no escapes, so notes stay readable."""
    if (multiline and "\n" in text and not _UNSAFE_MULTILINE.search(text)
            and not text.endswith('"')):
        return '"""\n' + text + '"""'
    # JSON's escapes are TOML's (\", \\, \n, \t, \uXXXX), except that TOML
    # also refuses DEL unescaped.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def value(item) -> str:
    if isinstance(item, bool):
        return "true" if item else "false"
    if isinstance(item, int):
        return str(item)
    if isinstance(item, float):
        if math.isnan(item):
            return "nan"
        if math.isinf(item):
            return "inf" if item > 0 else "-inf"
        return repr(item)
    if isinstance(item, str):
        return string(item, multiline=False)
    if isinstance(item, list | tuple):
        inner = ", ".join(value(v) for v in item)
        if len(inner) > 80 and all(isinstance(v, str) for v in item):
            return "[\n" + "".join(f"  {value(v)},\n" for v in item) + "]"
        return f"[{inner}]"
    if isinstance(item, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(v)}" for k, v in item.items()) + " }"
    raise TypeError(f"cannot write {type(item).__name__} as TOML")


def dump_plan(title: str, module: int, description: str, items: list[dict]) -> str:
    """items: dicts with type, title, start, duration, notes, and for an
    activity `activity` (the kind), `definition` and `reveal` (results shown
    from the start)."""
    out = [f"title = {string(title, multiline=False)}", f"module = {module}"]
    if description:
        out.append(f"description = {string(description)}")
    for item in items:
        out += ["", "[[items]]", f"type = {string(item['type'], multiline=False)}",
                f"title = {string(item['title'], multiline=False)}",
                f"start = {string(item['start'], multiline=False)}",
                f"duration = {item['duration']}"]
        if item.get("notes"):
            out.append(f"notes = {string(item['notes'])}")
        if item.get("reveal"):
            out.append("reveal = true")
        if item.get("activity"):
            out += ["", "[items.activity]", f"kind = {string(item['activity'], multiline=False)}"]
            for name, entry in (item.get("definition") or {}).items():
                if entry is None:  # TOML has no null: left out, the default again
                    continue
                if name == "framework" and isinstance(entry, dict) and "key" in entry:
                    # A mapping names its framework; areas/items choose from it again.
                    entry = entry["key"]
                out.append(f"{key(name)} = {value(entry)}")
    return "\n".join(out) + "\n"


def dump_gathering(gathering: dict, items: list[dict]) -> str:
    """A gathering's agenda (rows of store.gatherings.list_items) as a plan."""
    return dump_plan(gathering["title"], gathering["module"], "", [
        {"type": row["type"], "title": row["title"], "start": row["planned_start"],
         "duration": row["duration"], "notes": row["notes"], "activity": row["activity_kind"],
         "definition": row["definition"], "reveal": bool(row.get("reveal_default"))}
        for row in items])
