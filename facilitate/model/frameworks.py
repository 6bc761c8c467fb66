"""Capability frameworks (what a mapping rates), kept as TOML under sessions/frameworks/.

A framework is data: a new one is a new file, not new code. One file per
framework, named after its key (`dimios-style.toml` holds key "dimios-style").
The format is documented in sessions/README.md:

- who it is: key, name (name_en), version, language, kind (levels,
  capabilities or statements), source, licence, note, prompt;
- the rating scale: points (2-10), a label per point, whether "vet ikke"
  (don't know) may be given;
- dimensions (optional) and areas (categories), each item in one area;
- items (capabilities, levels or statements), each with `verified`: false
  marks the programme's own working wording where the source could not be
  confirmed, and every screen that shows the item says so;
- optionally a 2x2 grid over two dimensions (types A-D), how many weakest
  areas to point out, and whether the radar's spokes are areas or items.

A malformed file is refused with a FrameworkError naming the file, the line
and the field. The same checks run on the snapshot of a framework that a
mapping item carries in its definition (see activities/mapping.py), so a
gathering keeps exactly the framework version it was created with.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any, NoReturn

from facilitate.model.session_plan import (
    _ARRAY_HEADER,
    _KEY,
    _TABLE_HEADER,
    PlanError,
    _split_dotted,
    read_toml,
)

FRAMEWORK_KINDS = ("levels", "capabilities", "statements")
RADAR_SPOKES = ("areas", "items")
SIDES = ("low", "high")

TOP_KEYS = ("key", "name", "name_en", "version", "language", "kind", "source", "licence",
            "note", "prompt", "radar", "weakest", "scale", "dimensions", "areas", "items",
            "grid")
SCALE_KEYS = ("points", "labels", "dont_know")
DIMENSION_KEYS = ("key", "name", "description")
AREA_KEYS = ("key", "name", "code", "dimension", "description")
ITEM_KEYS = ("key", "name", "text", "description", "area", "dimension", "verified", "note",
             "number")
GRID_KEYS = ("x", "y", "split", "types")
TYPE_KEYS = ("key", "x", "y", "name", "description")

KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
CODE = re.compile(r"[A-ZÆØÅ0-9]{1,4}")
LANGUAGE = re.compile(r"[a-z]{2,3}")
NAME_MAX = 120
TEXT_MAX = 300
LONG_MAX = 1000
LABEL_MAX = 60
MAX_ITEMS = 60
MAX_AREAS = 12
MAX_DIMENSIONS = 4
MIN_POINTS, MAX_POINTS = 2, 10
DEFAULT_PROMPT = "Hvor godt passer dette for kommunen vår i dag?"


class FrameworkError(PlanError):
    """A framework is malformed; reads like a PlanError (file, line, item, field)."""


# --- reading files -----------------------------------------------------------------


def load_framework(path: str | Path) -> dict[str, Any]:
    """Read and check one framework file; its normalised content (see
    `check`) plus `path`. Raises FrameworkError."""
    file = str(path)
    data, _ = read_toml(path, FrameworkError)
    lines = _Lines(Path(path).read_bytes().decode("utf-8-sig"))

    def fail(section: tuple, field: str, message: str) -> NoReturn:
        item = section[1] if section[:1] == ("items",) else None
        where = field if item is not None or not section else _dotted(section, field)
        raise FrameworkError(file, lines.find(section, field), where, message, item=item)

    checked = check(data, fail)
    if checked["key"] != Path(path).stem:
        fail((), "key", f"must match the file name: '{Path(path).stem}'")
    return {**checked, "path": file}


_CACHE: dict[str, tuple[float, dict]] = {}


def get_framework(folder: str | Path, key: str) -> dict[str, Any] | None:
    """The framework `key` from `folder` (the file `<key>.toml`), or None when
    there is none. Raises FrameworkError when that file is malformed. Read
    again when the file changes."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        return None
    path = Path(folder) / f"{key}.toml"
    try:
        stamp = os.path.getmtime(path)
    except OSError:
        return None
    cached = _CACHE.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    loaded = load_framework(path)
    _CACHE[str(path)] = (stamp, loaded)
    return loaded


def framework_files(folder: str | Path) -> list[Path]:
    return sorted(p for p in Path(folder).glob("*.toml") if p.is_file())


def list_frameworks(folder: str | Path) -> list[dict[str, Any]]:
    """Every framework file in `folder`, sorted by file name: the framework,
    or for a malformed file {"path", "key", "error"} (the admin page lists
    it with its error instead of failing)."""
    listed = []
    for path in framework_files(folder):
        try:
            listed.append(get_framework(folder, path.stem) or load_framework(path))
        except FrameworkError as error:
            listed.append({"path": str(path), "key": path.stem, "error": str(error)})
    return listed


def snapshot(framework: dict) -> dict:
    """The framework as a mapping item keeps it: everything but where the
    file was."""
    return {name: value for name, value in framework.items() if name != "path"}


def check_snapshot(data: Any, where: str = "<definition>") -> dict:
    """Check a framework given as data (a mapping item's copy); raises
    FrameworkError with the field and no line."""
    def fail(section: tuple, field: str, message: str) -> NoReturn:
        raise FrameworkError(where, None, _dotted(section, field), message)

    if not isinstance(data, dict):
        fail((), "framework", "must be a table")
    return check(data, fail)


def _dotted(section: tuple, field: str) -> str:
    if not section:
        return field
    name, *rest = section
    parts = [str(name)]
    if rest and isinstance(rest[0], int):
        parts[0] = f"{name}[{rest[0] - 1}]"
        rest = rest[1:]
    return ".".join([*parts, *map(str, rest), field] if field else [*parts, *map(str, rest)])


# --- checking ---------------------------------------------------------------------


def check(data: dict, fail) -> dict:
    """The normalised framework, or `fail(section, field, message)`. A
    section is () for the top level, ("scale",), ("grid",), or (table, n)
    for the n-th (1-based) [[dimensions]], [[areas]], [[items]] or
    [[grid.types]]."""
    _refuse_unknown(data, TOP_KEYS, (), fail)
    framework: dict[str, Any] = {
        "key": _key(data, "key", (), fail),
        "name": _text(data, "name", NAME_MAX, (), fail, required=True),
        "name_en": _text(data, "name_en", NAME_MAX, (), fail),
        "version": _text(data, "version", 40, (), fail, required=True),
        "language": _text(data, "language", 3, (), fail, required=True),
        "kind": _text(data, "kind", 20, (), fail, required=True),
        "source": _text(data, "source", LONG_MAX, (), fail, required=True),
        "licence": _text(data, "licence", LONG_MAX, (), fail, required=True),
        "note": _text(data, "note", LONG_MAX, (), fail),
        "prompt": _text(data, "prompt", TEXT_MAX, (), fail) or DEFAULT_PROMPT,
    }
    if not LANGUAGE.fullmatch(framework["language"]):
        fail((), "language", "must be a language code such as \"nb\"")
    if framework["kind"] not in FRAMEWORK_KINDS:
        fail((), "kind", f"must be one of {', '.join(FRAMEWORK_KINDS)}")
    framework["scale"] = _scale(data, fail)
    dimensions = _tables(data, "dimensions", 0, MAX_DIMENSIONS, fail)
    framework["dimensions"] = []
    for index, raw in enumerate(dimensions, start=1):
        section = ("dimensions", index)
        _refuse_unknown(raw, DIMENSION_KEYS, section, fail)
        framework["dimensions"].append({
            "key": _key(raw, "key", section, fail),
            "name": _text(raw, "name", NAME_MAX, section, fail, required=True),
            "description": _text(raw, "description", LONG_MAX, section, fail)})
    dimension_keys = _unique([d["key"] for d in framework["dimensions"]], "dimensions", fail)

    framework["areas"] = []
    for index, raw in enumerate(_tables(data, "areas", 1, MAX_AREAS, fail), start=1):
        section = ("areas", index)
        _refuse_unknown(raw, AREA_KEYS, section, fail)
        key = _key(raw, "key", section, fail)
        code = _text(raw, "code", 4, section, fail) or key[:3].upper()
        if not CODE.fullmatch(code):
            fail(section, "code", "must be 1-4 capital letters or digits")
        framework["areas"].append({
            "key": key, "name": _text(raw, "name", NAME_MAX, section, fail, required=True),
            "code": code,
            "dimension": _reference(raw, "dimension", dimension_keys, section, fail),
            "description": _text(raw, "description", LONG_MAX, section, fail)})
    area_keys = _unique([a["key"] for a in framework["areas"]], "areas", fail)
    _unique([a["code"] for a in framework["areas"]], "areas", fail, field="code")
    areas = {area["key"]: area for area in framework["areas"]}

    framework["items"] = []
    for index, raw in enumerate(_tables(data, "items", 1, MAX_ITEMS, fail), start=1):
        section = ("items", index)
        _refuse_unknown(raw, ITEM_KEYS, section, fail)
        name = _text(raw, "name", NAME_MAX, section, fail, required=True)
        if not isinstance(raw.get("verified"), bool):
            fail(section, "verified", "is required and must be true or false")
        area = _reference(raw, "area", area_keys, section, fail, required=True)
        item = {
            "key": _key(raw, "key", section, fail),
            "name": name,
            "text": _text(raw, "text", TEXT_MAX, section, fail) or name,
            "description": _text(raw, "description", LONG_MAX, section, fail),
            "area": area,
            "dimension": (_reference(raw, "dimension", dimension_keys, section, fail)
                          or areas[area]["dimension"]),
            "verified": raw["verified"],
            "note": _text(raw, "note", LONG_MAX, section, fail),
        }
        if framework["kind"] == "levels" or "number" in raw:
            if raw.get("number") != index or isinstance(raw.get("number"), bool):
                fail(section, "number",
                     f"levels are numbered 1, 2, 3, ... in order; expected {index}")
            item["number"] = index
        framework["items"].append(item)
    _unique([i["key"] for i in framework["items"]], "items", fail)
    used = {item["area"] for item in framework["items"]}
    for index, area in enumerate(framework["areas"], start=1):
        if area["key"] not in used:
            fail(("areas", index), "key", f"area '{area['key']}' has no items")

    framework["grid"] = _grid(data, dimension_keys, framework, fail)
    radar = data.get("radar", "areas")
    if radar not in RADAR_SPOKES:
        fail((), "radar", f"must be one of {', '.join(RADAR_SPOKES)}")
    framework["radar"] = radar
    weakest = data.get("weakest", 0)
    if not _is_int(weakest) or not 0 <= weakest <= len(framework["areas"]):
        fail((), "weakest", f"must be a whole number from 0 to {len(framework['areas'])}")
    framework["weakest"] = weakest
    return framework


def _scale(data: dict, fail) -> dict:
    raw = data.get("scale")
    if not isinstance(raw, dict):
        fail((), "scale", "is required: a [scale] table with points and labels")
    section = ("scale",)
    _refuse_unknown(raw, SCALE_KEYS, section, fail)
    points = raw.get("points")
    if not _is_int(points) or not MIN_POINTS <= points <= MAX_POINTS:
        fail(section, "points", f"must be a whole number from {MIN_POINTS} to {MAX_POINTS}")
    labels = raw.get("labels")
    if not isinstance(labels, list) or len(labels) != points:
        fail(section, "labels", f"must be a list of {points} texts, one per point "
                                "(\"\" for a point without a label)")
    for label in labels:
        if not isinstance(label, str) or len(label.strip()) > LABEL_MAX:
            fail(section, "labels", f"must be texts of at most {LABEL_MAX} characters")
    if not labels[0].strip() or not labels[-1].strip():
        fail(section, "labels", "the lowest and the highest point need a label")
    dont_know = raw.get("dont_know", False)
    if not isinstance(dont_know, bool):
        fail(section, "dont_know", "must be true or false")
    return {"points": points, "labels": [label.strip() for label in labels],
            "dont_know": dont_know}


def _grid(data: dict, dimension_keys: list[str], framework: dict, fail) -> dict | None:
    raw = data.get("grid")
    if raw is None:
        return None
    section = ("grid",)
    if not isinstance(raw, dict):
        fail((), "grid", "must be a [grid] table")
    _refuse_unknown(raw, GRID_KEYS, section, fail)
    x = _reference(raw, "x", dimension_keys, section, fail, required=True)
    y = _reference(raw, "y", dimension_keys, section, fail, required=True)
    if x == y:
        fail(section, "y", "must be another dimension than x")
    for axis in (x, y):
        if not any(item["dimension"] == axis for item in framework["items"]):
            fail(section, "x" if axis == x else "y", f"dimension '{axis}' has no items")
    points = framework["scale"]["points"]
    split = raw.get("split", (1 + points) / 2)
    if isinstance(split, bool) or not isinstance(split, int | float) or not 1 < split < points:
        fail(section, "split", f"must be a number between 1 and {points}")
    types = raw.get("types")
    if not isinstance(types, list) or len(types) != 4 or not all(
            isinstance(t, dict) for t in types):
        fail(section, "types", "must be four [[grid.types]] tables, one per corner")
    checked, corners = [], set()
    for index, kind in enumerate(types, start=1):
        where = ("grid.types", index)
        _refuse_unknown(kind, TYPE_KEYS, where, fail)
        key = _text(kind, "key", 2, where, fail, required=True)
        if kind.get("x") not in SIDES or kind.get("y") not in SIDES:
            fail(where, "x" if kind.get("x") not in SIDES else "y", "must be \"low\" or \"high\"")
        corner = (kind["x"], kind["y"])
        if corner in corners:
            fail(where, "x", f"a second type for the corner x={corner[0]}, y={corner[1]}")
        corners.add(corner)
        checked.append({"key": key, "x": kind["x"], "y": kind["y"],
                        "name": _text(kind, "name", NAME_MAX, where, fail, required=True),
                        "description": _text(kind, "description", LONG_MAX, where, fail)})
    _unique([t["key"] for t in checked], "grid.types", fail)
    return {"x": x, "y": y, "split": float(split), "types": checked}


def _refuse_unknown(table: dict, allowed: tuple[str, ...], section: tuple, fail) -> None:
    for key in table:
        if key not in allowed:
            hint = difflib.get_close_matches(str(key), allowed, n=1)
            fail(section, str(key), f"unknown key '{key}'" + (
                f" (did you mean '{hint[0]}'?)" if hint else f" (allowed: {', '.join(allowed)})"))


def _tables(data: dict, name: str, least: int, most: int, fail) -> list[dict]:
    raw = data.get(name, [])
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        fail((), name, f"must be a list of [[{name}]] tables")
    if not least <= len(raw) <= most:
        fail((), name, f"must have {least} to {most} [[{name}]] tables")
    return raw


def _text(table: dict, name: str, limit: int, section: tuple, fail, *,
          required: bool = False) -> str:
    value = table.get(name, "")
    if not isinstance(value, str):
        fail(section, name, "must be text")
    value = value.strip()
    if required and not value:
        fail(section, name, "is required and must not be empty")
    if len(value) > limit:
        fail(section, name, f"must be at most {limit} characters")
    return value


def _key(table: dict, name: str, section: tuple, fail) -> str:
    value = table.get(name)
    if not isinstance(value, str) or not KEY.fullmatch(value):
        fail(section, name, "is required: lower-case letters, digits and '-', at most 40")
    return value


def _reference(table: dict, name: str, known: list[str], section: tuple, fail, *,
               required: bool = False) -> str:
    value = table.get(name, "")
    if value == "" and not required:
        return ""
    if not isinstance(value, str) or value not in known:
        fail(section, name, f"must be one of {', '.join(known) or '(none declared)'}, "
                            f"not {value!r}")
    return value


def _unique(keys: list[str], table: str, fail, field: str = "key") -> list[str]:
    seen: set[str] = set()
    for index, key in enumerate(keys, start=1):
        if key in seen:
            fail((table, index), field, f"duplicate {field} '{key}'")
        seen.add(key)
    return keys


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- line numbers ------------------------------------------------------------------


class _Lines:
    """Where each key and table starts: sections are () for the top level,
    (name,) for a [table] and (name, n) for the n-th [[name]] table."""

    def __init__(self, text: str) -> None:
        self.keys: dict[tuple[tuple, str], int] = {}
        self.headers: dict[tuple, int] = {}
        counts: dict[str, int] = {}
        section: tuple = ()
        open_delim: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if open_delim:
                if line.count(open_delim) % 2 == 1:
                    open_delim = None
                continue
            if not line.strip() or line.strip().startswith("#"):
                continue
            if match := _ARRAY_HEADER.fullmatch(line):
                name = ".".join(_split_dotted(match[1]))
                counts[name] = counts.get(name, 0) + 1
                section = (name, counts[name])
                self.headers.setdefault(section, lineno)
                continue
            if match := _TABLE_HEADER.fullmatch(line):
                section = (".".join(_split_dotted(match[1])),)
                self.headers.setdefault(section, lineno)
                continue
            if match := _KEY.match(line):
                parts = _split_dotted(match[1])
                self.keys.setdefault((section, parts[0]), lineno)
                value = match[2]
                for delim in ('"""', "'''"):
                    at = value.find(delim)
                    if at != -1 and value[at:].count(delim) % 2 == 1:
                        open_delim = delim
                        break

    def find(self, section: tuple, field: str) -> int | None:
        line = self.keys.get((section, field))
        if line is None:
            line = self.headers.get(section)
        if line is None and section:
            line = self.keys.get(((), section[0]))
        return line
