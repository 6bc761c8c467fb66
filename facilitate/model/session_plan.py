"""Session plans: the agenda of a day gathering, kept as TOML files under sessions/.

`load_plan` reads one file and checks it thoroughly, so that a typo in a plan
is found when the plan is loaded, not in front of 300 people. Every problem is
a `PlanError` naming the file, the line (best effort), the item and the field.

The activity definitions inside a plan are checked by a validator the caller
passes in (the activity kinds live in facilitate/activities/, which this
module does not import):

    validate_activity(kind_name, definition) -> definition with defaults

It raises KeyError for an unknown kind and InvalidDefinition (a ValueError
with `.field` and `.message`) for a bad definition.

The file format is documented in sessions/README.md.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

ValidateActivity = Callable[[str, dict], dict]

# The closed set of agenda item types (an activity's kind is another thing).
ITEM_TYPES: tuple[str, ...] = (
    "welcome",  # velkommen / innsjekk
    "talk",  # innlegg
    "activity",  # a live poll of some activity kind
    "mapping",  # kartlegging of capabilities or maturity
    "breakout",  # gruppearbeid
    "break",  # pause, lunsj
    "summary",  # oppsummering og avslutning
)
# Items of these types must carry an [items.activity] table ...
ACTIVITY_REQUIRED: frozenset[str] = frozenset({"activity", "mapping"})
# ... and these must not; every other type may (a check-in poll at the
# welcome, a Q&A during a talk, an exit question at the summary).
ACTIVITY_FORBIDDEN: frozenset[str] = frozenset({"break"})

PLAN_KEYS: tuple[str, ...] = ("title", "module", "description", "items")
ITEM_KEYS: tuple[str, ...] = ("type", "title", "start", "duration", "notes", "reveal",
                              "activity")

MIN_DURATION = 1
MAX_DURATION = 360  # minutes
DAY_MINUTES = 24 * 60
MAX_TITLE = 200

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


def to_minutes(hhmm: str) -> int:
    """to_minutes("09:40") == 580; ValueError for anything but a valid "HH:MM"."""
    match = _TIME.fullmatch(hhmm)
    if not match:
        raise ValueError(f"not a time HH:MM: {hhmm!r}")
    return int(match[1]) * 60 + int(match[2])


def to_hhmm(minutes: int) -> str:
    """to_hhmm(580) == "09:40"; to_hhmm(1440) == "24:00"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class AgendaItem:
    type: str  # one of ITEM_TYPES
    title: str
    start: str  # "HH:MM", planned start
    duration: int  # minutes, 1..360
    notes: str  # facilitator speaker notes, "" allowed
    activity: str | None  # activity kind name, e.g. "wordcloud", or None
    definition: dict | None = field(hash=False)  # validated, defaults filled in
    # Results shown to the room (projector, phones) from the start; by default
    # they stay hidden until the facilitator reveals them.
    reveal: bool = False

    @property
    def start_minutes(self) -> int:
        return to_minutes(self.start)

    @property
    def end_minutes(self) -> int:
        return self.start_minutes + self.duration

    @property
    def end(self) -> str:
        return to_hhmm(self.end_minutes)


@dataclass(frozen=True)
class SessionPlan:
    path: str
    title: str
    module: int  # 1..4
    description: str
    items: tuple[AgendaItem, ...]

    @property
    def name(self) -> str:
        """The file name without .toml: a plan's stable identifier."""
        return Path(self.path).stem

    @property
    def start(self) -> str:
        return self.items[0].start

    @property
    def end(self) -> str:
        return to_hhmm(max(item.end_minutes for item in self.items))


class PlanError(ValueError):
    """A session plan file is malformed.

    str(error) reads e.g. "sessions/modul1.toml, line 42, item 5 'Ordsky',
    field 'activity.options': must have at least 2 options".
    """

    def __init__(
        self,
        file: str,
        line: int | None,
        field: str,
        message: str,
        *,
        item: int | None = None,
        item_title: str | None = None,
    ):
        self.file = file
        self.line = line
        self.field = field
        self.message = message
        self.item = item  # 1-based index of the agenda item, if any
        self.item_title = item_title
        parts = [file]
        if line is not None:
            parts.append(f"line {line}")
        if item is not None:
            parts.append(f"item {item} '{item_title}'" if item_title else f"item {item}")
        if field:
            parts.append(f"field '{field}'")
        super().__init__(f"{', '.join(parts)}: {message}")


def load_plan(path: str | Path, validate_activity: ValidateActivity) -> SessionPlan:
    """Read and check one session plan file; raise PlanError when it is malformed."""
    file = str(path)
    data, lines = read_toml(path, PlanError)
    return _Checker(file, lines, validate_activity).plan(data)


def load_plan_text(text: str, file: str, validate_activity: ValidateActivity) -> SessionPlan:
    """Check a plan given as text (one edited in the browser); errors and the
    plan's path name `file` (e.g. "db:12")."""
    lines = _LineIndex(text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, reason = _syntax_error_line(exc, text, lines)
        raise PlanError(file, line, "", f"TOML syntax error: {reason}") from None
    return _Checker(file, lines, validate_activity).plan(data)


def read_toml(path: str | Path, error: type[PlanError]) -> tuple[dict, _LineIndex]:
    """Parse a TOML data file, raising `error` (file, line) for text that is
    not UTF-8 or not TOML; returns the data and a line index for later errors."""
    file = str(path)
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(file, line, "", "the file is not valid UTF-8 text") from None
    lines = _LineIndex(text)
    try:
        return tomllib.loads(text), lines
    except tomllib.TOMLDecodeError as exc:
        line, reason = _syntax_error_line(exc, text, lines)
        raise error(file, line, "", f"TOML syntax error: {reason}") from None


def list_plans(folder: str | Path, validate_activity: ValidateActivity) -> list[SessionPlan]:
    """Every *.toml directly in folder, sorted by file name.

    Raises PlanError for the first malformed file."""
    paths = sorted(p for p in Path(folder).glob("*.toml") if p.is_file())
    return [load_plan(p, validate_activity) for p in paths]


# --- checking -------------------------------------------------------------


class _Checker:
    def __init__(self, file: str, lines: _LineIndex, validate_activity: ValidateActivity):
        self.file = file
        self.lines = lines
        self.validate_activity = validate_activity

    def fail(
        self, field: str, message: str, item: int | None = None, title: str | None = None
    ) -> NoReturn:
        line = self.lines.find(item, field)
        raise PlanError(self.file, line, field, message, item=item, item_title=title)

    def refuse_unknown_keys(self, table: dict, allowed: tuple[str, ...], item=None, title=None):
        for key in table:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                message = f"unknown key '{key}'"
                if hint:
                    message += f" (did you mean '{hint[0]}'?)"
                else:
                    message += f" (allowed: {', '.join(allowed)})"
                self.fail(key, message, item, title)

    def text(self, table: dict, key: str, *, required: bool, item=None, title=None) -> str:
        if key not in table:
            if required:
                self.fail(key, "is required", item, title)
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.fail(key, f"must be a string, not {_type_name(value)}", item, title)
        return value

    def plan(self, data: dict) -> SessionPlan:
        self.refuse_unknown_keys(data, PLAN_KEYS)
        title = self.text(data, "title", required=True).strip()
        if not title:
            self.fail("title", "must not be empty")
        if len(title) > MAX_TITLE:
            self.fail("title", f"must be at most {MAX_TITLE} characters")
        if "module" not in data:
            self.fail("module", "is required")
        module = data["module"]
        if not _is_int(module) or not 1 <= module <= 4:
            self.fail("module", f"must be a whole number from 1 to 4, not {module!r}")
        description = self.text(data, "description", required=False)
        if "items" not in data:
            self.fail("items", "is required: add at least one [[items]] table")
        raw_items = data["items"]
        if not isinstance(raw_items, list) or not all(isinstance(i, dict) for i in raw_items):
            self.fail("items", "must be a list of [[items]] tables")
        if not raw_items:
            self.fail("items", "must have at least one item")
        items: list[AgendaItem] = []
        for index, raw in enumerate(raw_items, start=1):
            item = self.item(index, raw)
            if items and item.start_minutes < items[-1].end_minutes:
                prev = items[-1]
                self.fail(
                    "start",
                    f"starts at {item.start}, before the previous item '{prev.title}'"
                    f" ({prev.start}-{prev.end}) ends",
                    index,
                    item.title,
                )
            items.append(item)
        return SessionPlan(self.file, title, module, description, tuple(items))

    def item(self, index: int, raw: dict) -> AgendaItem:
        title = raw.get("title") if isinstance(raw.get("title"), str) else None
        where = {"item": index, "title": title}
        self.refuse_unknown_keys(raw, ITEM_KEYS, **where)
        item_type = self.text(raw, "type", required=True, **where)
        if item_type not in ITEM_TYPES:
            self.fail("type", f"must be one of {', '.join(ITEM_TYPES)}, not '{item_type}'",
                      **where)
        title = self.text(raw, "title", required=True, **where).strip()
        if not title:
            self.fail("title", "must not be empty", **where)
        if len(title) > MAX_TITLE:
            self.fail("title", f"must be at most {MAX_TITLE} characters", **where)
        where["title"] = title
        if "start" not in raw:
            self.fail("start", "is required", **where)
        start = raw["start"]
        if not isinstance(start, str) or not _TIME.fullmatch(start):
            hint = ", written in quotes" if not isinstance(start, str) else ""
            message = f'must be a time "HH:MM" such as "09:40"{hint}, not {start!r}'
            self.fail("start", message, **where)
        if "duration" not in raw:
            self.fail("duration", "is required", **where)
        duration = raw["duration"]
        if not _is_int(duration) or not MIN_DURATION <= duration <= MAX_DURATION:
            self.fail(
                "duration",
                f"must be a whole number of minutes from {MIN_DURATION} to {MAX_DURATION},"
                f" not {duration!r}",
                **where,
            )
        end = to_minutes(start) + duration
        if end > DAY_MINUTES:
            self.fail("duration", f"the item would end at {to_hhmm(end)}, after 24:00", **where)
        notes = self.text(raw, "notes", required=False, **where)
        reveal = raw.get("reveal", False)
        if not isinstance(reveal, bool):
            self.fail("reveal", f"must be true or false, not {reveal!r}", **where)
        activity, definition = self.activity(item_type, raw, where)
        if reveal and activity is None:
            self.fail("reveal", "only an item with an [items.activity] has results to reveal",
                      **where)
        return AgendaItem(item_type, title, start, duration, notes, activity, definition, reveal)

    def activity(self, item_type: str, raw: dict,
                 where: dict) -> tuple[str | None, dict | None]:
        if "activity" not in raw:
            if item_type in ACTIVITY_REQUIRED:
                self.fail(
                    "activity",
                    f"is required for an item of type '{item_type}': add an [items.activity]"
                    " table",
                    **where,
                )
            return None, None
        if item_type in ACTIVITY_FORBIDDEN:
            self.fail("activity", f"an item of type '{item_type}' cannot carry an activity",
                      **where)
        table = raw["activity"]
        if not isinstance(table, dict):
            self.fail("activity", "must be a table: [items.activity]", **where)
        if "kind" not in table:
            self.fail("activity.kind", "is required", **where)
        name = table["kind"]
        if not isinstance(name, str) or not name:
            message = f"must be the name of an activity kind, not {name!r}"
            self.fail("activity.kind", message, **where)
        definition = {k: v for k, v in table.items() if k != "kind"}
        try:
            checked = self.validate_activity(name, definition)
        except KeyError:
            self.fail("activity.kind", f"unknown activity kind '{name}'", **where)
        except ValueError as exc:  # InvalidDefinition carries .field and .message
            sub = getattr(exc, "field", "") or ""
            message = getattr(exc, "message", None) or str(exc)
            self.fail(f"activity.{sub}" if sub else "activity", message, **where)
        return name, checked


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _type_name(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


# --- line numbers -----------------------------------------------------------

_SYNTAX_AT = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_SYNTAX_END = re.compile(r"\s*\(at end of document\)\s*$")
_BARE_OR_QUOTED = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_BARE_OR_QUOTED}(?:\s*\.\s*{_BARE_OR_QUOTED})*"
_ARRAY_HEADER = re.compile(rf"\s*\[\[\s*({_DOTTED})\s*\]\]\s*(?:#.*)?")
_TABLE_HEADER = re.compile(rf"\s*\[\s*({_DOTTED})\s*\]\s*(?:#.*)?")
_KEY = re.compile(rf"\s*({_DOTTED})\s*=(.*)")
_DOTTED_PART = re.compile(_BARE_OR_QUOTED)


def _split_dotted(name: str) -> tuple[str, ...]:
    return tuple(p.strip("\"'") for p in _DOTTED_PART.findall(name))


class _LineIndex:
    """Where each key and table starts in the raw text: a simple line scan.

    Sections are () for the top level, (n,) for the n-th [[items]] table
    (1-based) and (n, "activity") for its [items.activity] table. Good
    enough for error messages; not a TOML parser.
    """

    def __init__(self, text: str):
        self.keys: dict[tuple[tuple, str], int] = {}
        self.headers: dict[tuple, int] = {}
        self.open_string_line: int | None = None  # a multi-line string never closed
        section: tuple = ()
        items = 0
        open_delim: str | None = None
        for lineno, line in enumerate(text.splitlines(), start=1):
            if open_delim:
                if line.count(open_delim) % 2 == 1:
                    open_delim = None
                continue
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if match := _ARRAY_HEADER.fullmatch(line):
                parts = _split_dotted(match[1])
                self.headers.setdefault(parts, lineno)
                if parts == ("items",):
                    items += 1
                    section = (items,)
                else:
                    section = parts
                self.headers.setdefault(section, lineno)
                continue
            if match := _TABLE_HEADER.fullmatch(line):
                parts = _split_dotted(match[1])
                section = (items, *parts[1:]) if parts[:1] == ("items",) and items else parts
                self.headers.setdefault(section, lineno)
                continue
            if match := _KEY.match(line):
                parts = _split_dotted(match[1])
                for depth, part in enumerate(parts):
                    self.keys.setdefault((section + parts[:depth], part), lineno)
                value = match[2]
                for delim in ('"""', "'''"):
                    at = value.find(delim)
                    if at != -1 and value[at:].count(delim) % 2 == 1:
                        open_delim = delim
                        self.open_string_line = lineno
                        break
        if open_delim is None:
            self.open_string_line = None

    def find(self, item: int | None, field: str) -> int | None:
        """The line of `field` ("start", "activity.options") in an item or at the top level."""
        base: tuple = (item,) if item is not None else ()
        path = tuple(re.sub(r"\[.*", "", p) for p in field.split(".") if p)
        for depth in range(len(path), 0, -1):
            line = self.keys.get((base + path[: depth - 1], path[depth - 1]))
            if line is None:
                line = self.headers.get(base + path[:depth])
            if line is not None:
                return line
        return self.headers.get(base) if base else None


def _syntax_error_line(exc: tomllib.TOMLDecodeError, text: str, lines: _LineIndex):
    message = str(exc)
    lineno = getattr(exc, "lineno", None)  # Python 3.14+
    if match := _SYNTAX_AT.search(message):
        lineno = lineno or int(match[1])
        message = message[: match.start()]
    elif match := _SYNTAX_END.search(message):
        message = message[: match.start()]
        lineno = lineno or lines.open_string_line or max(1, len(text.splitlines()))
    return lineno, message
