"""One reading of the assembled record, shared by every file format.

The record (schema "facilitate.record/1", see facilitate/record.py and
docs/RECORD.md) holds each filed activity's own and whole-gathering results in
the shape its kind's `tally()` gives. This module turns one entry into
`Part`s: rows keyed the same on both sides (an option, a word, a statement),
each with named measures (antall, andel, snitt...). The XLSX and PDF writers
lay a part out wide (`wide()`: the municipality's numbers beside the
gathering's), the CSV writer long (`long_rows()`: one value per line).

A kind this version does not know (a later mapping or board source) falls
back to `generic_parts()`: its payload flattened into readable tables.
Pure functions over plain data, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from . import labels as L

try:  # Norwegian local time for "Laget" and "Oppdatert"; UTC where no tz data exists.
    from zoneinfo import ZoneInfo
    LOCAL = ZoneInfo("Europe/Oslo")
except Exception:  # pragma: no cover - depends on the machine's tz database
    LOCAL = UTC

# Cell formats a writer knows how to show.
INT, DEC1, DEC2, TEXT, AUTO, DATE, DATETIME = (
    "int", "dec1", "dec2", "text", "auto", "date", "datetime")


@dataclass(frozen=True)
class Measure:
    name: str
    fmt: str = INT


@dataclass
class Row:
    key: Any
    label: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Side:
    role: str  # "own" (the municipality) or "room" (the whole gathering)
    label: str
    n: int | None
    suppressed: bool
    rows: list[Row] = field(default_factory=list)


@dataclass
class Part:
    element: str  # header of the first column: Alternativ, Ord, Påstand...
    measures: tuple[Measure, ...]
    sides: list[Side]
    layout: str = "join"  # "join": rows matched by key; "list": texts, marked when own
    chart: str | None = None  # the measure a chart shows
    bounds: tuple[float | None, float | None] = (0, None)
    chart_rows: int = 12  # a chart shows at most this many leading rows
    title: str | None = None


@dataclass
class Column:
    header: str
    fmt: str
    side: str | None = None  # "own" / "room"


@dataclass
class Table:
    columns: list[Column]
    rows: list[list[Any]]
    series: list[tuple[int, str, str]] = field(default_factory=list)  # (column, name, role)
    chart_rows: int = 12
    bounds: tuple[float | None, float | None] = (0, None)
    title: str | None = None


@dataclass
class EntryView:
    title: str
    kind: str
    question: str | None
    caption: str | None
    notes: list[str]
    parts: list[Part]
    known: bool


# --- dates and numbers -----------------------------------------------------------------

def parse_date(value: Any) -> date | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_datetime(value: Any) -> datetime | None:
    """A naive Norwegian local time (spreadsheets know no time zones)."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL).replace(tzinfo=None)


MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
          "september", "oktober", "november", "desember")


def long_date(value: date | datetime | None) -> str:
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}" if value else ""


def short_date(value: date | datetime | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def number_text(value: Any, fmt: str = AUTO) -> str:
    """A number as bokmål writes it: decimal comma, thin grouping avoided."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return L.YES if value else "Nei"
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return short_date(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        digits = {DEC1: 1, DEC2: 2, INT: 0}.get(fmt, 2)
        text = f"{value:.{digits}f}"
        if fmt == AUTO and "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


def share(count: Any, respondents: Any) -> float | None:
    if not isinstance(count, (int, float)) or not isinstance(respondents, int) or respondents <= 0:
        return None
    return round(100 * count / respondents, 1)


# --- the record's parts ------------------------------------------------------------------

def min_group(record: dict) -> int | None:
    value = (record.get("programme") or {}).get("min_group_size")
    return value if isinstance(value, int) else None


def municipality_name(record: dict) -> str:
    return str((record.get("municipality") or {}).get("name") or L.MUNICIPALITY)


def stage(module: dict, key: str) -> dict:
    value = (module.get("stages") or {}).get(key)
    return value if isinstance(value, dict) else {}


def entries(module: dict) -> list[dict]:
    return [e for e in stage(module, "samling").get("entries") or [] if isinstance(e, dict)]


def gatherings(module: dict) -> list[dict]:
    return [g for g in stage(module, "samling").get("gatherings") or [] if isinstance(g, dict)]


def questions(module: dict) -> list[dict]:
    return [q for q in stage(module, "forarbeid").get("questions") or [] if isinstance(q, dict)]


def answers(question: dict) -> list[dict]:
    return [a for a in question.get("answers") or [] if isinstance(a, dict)]


def ambition(module: dict) -> dict:
    value = stage(module, "etterarbeid").get("ambition")
    return value if isinstance(value, dict) else {}


def initiatives(module: dict) -> list[dict]:
    return [i for i in stage(module, "etterarbeid").get("initiatives") or []
            if isinstance(i, dict)]


def stage_is_empty(module: dict, key: str) -> bool:
    if key == "forarbeid":
        return not questions(module)
    if key == "samling":
        return not entries(module)
    return ambition(module).get("level") is None and not ambition(module).get("text") \
        and not initiatives(module)


def gathering_of(module: dict, entry: dict) -> dict:
    for gathering in gatherings(module):
        if gathering.get("id") == entry.get("gathering_id") and entry.get("gathering_id"):
            return gathering
    return {}


# --- one entry per kind ---------------------------------------------------------------

def _choice(definition: dict, result: dict) -> list[Row]:
    options = definition.get("options") or []
    respondents = result.get("respondents")
    return [Row(index, str(options[index]) if index < len(options) else f"{L.OPTION} {index + 1}",
                {L.COUNT: count, L.SHARE: share(count, respondents)})
            for index, count in enumerate(result.get("counts") or [])]


def _wordcloud(definition: dict, result: dict) -> list[Row]:
    respondents = result.get("respondents")
    return [Row(word.get("key") or word.get("word"), str(word.get("word", "")),
                {L.COUNT: word.get("count"), L.SHARE: share(word.get("count"), respondents)})
            for word in result.get("words") or [] if isinstance(word, dict)]


def _open_text(definition: dict, result: dict) -> list[Row]:
    return [Row(answer.get("id", index), str(answer.get("text", "")))
            for index, answer in enumerate(result.get("answers") or [])
            if isinstance(answer, dict)]


def _scale(definition: dict, result: dict) -> list[Row]:
    return [Row(index, str(statement.get("text", "")),
                {L.MEAN: statement.get("mean"), L.N_ANSWERS: statement.get("n")})
            for index, statement in enumerate(result.get("statements") or [])
            if isinstance(statement, dict)]


def _ranking(definition: dict, result: dict) -> list[Row]:
    respondents = result.get("respondents")
    rows = []
    for option in result.get("options") or []:
        if not isinstance(option, dict):
            continue
        points = option.get("points")
        mean = round(points / respondents, 2) if isinstance(points, (int, float)) \
            and isinstance(respondents, int) and respondents > 0 else None
        rows.append(Row(option.get("index"), str(option.get("label", "")),
                        {L.MEAN_POINTS: mean, L.POINTS: points,
                         L.MEAN_RANK: option.get("mean_rank")}))
    return rows


def _qa(definition: dict, result: dict) -> list[Row]:
    return [Row(question.get("id"),
                str(question.get("text", "")) + (L.ANSWERED_SUFFIX if question.get("answered")
                                                 else ""),
                {L.VOTES: question.get("votes")})
            for question in result.get("questions") or [] if isinstance(question, dict)]


def _points(definition: dict, result: dict) -> list[Row]:
    return [Row(option.get("index"), str(option.get("label", "")),
                {L.MEAN: option.get("mean"), L.SUM: option.get("sum")})
            for option in result.get("options") or [] if isinstance(option, dict)]


@dataclass(frozen=True)
class KindSpec:
    element: str
    measures: tuple[Measure, ...]
    rows: Callable[[dict, dict], list[Row]]
    layout: str = "join"
    chart: str | None = None
    bounds: Callable[[dict], tuple] = lambda definition: (0, None)
    caption: Callable[[dict], str | None] = lambda definition: None
    chart_rows: int = 12


def _scale_bounds(definition: dict) -> tuple:
    low, high = definition.get("min"), definition.get("max")
    return (min(0, low) if isinstance(low, int) else 0, high if isinstance(high, int) else None)


KINDS: dict[str, KindSpec] = {
    "choice": KindSpec(L.OPTION, (Measure(L.COUNT), Measure(L.SHARE, DEC1)), _choice,
                       chart=L.SHARE, bounds=lambda d: (0, 100),
                       caption=lambda d: L.SHARE_CAPTION if d.get("multiple") else None),
    "wordcloud": KindSpec(L.WORD, (Measure(L.COUNT), Measure(L.SHARE, DEC1)), _wordcloud,
                          chart=L.SHARE, bounds=lambda d: (0, 100),
                          caption=lambda d: L.WORD_CAPTION, chart_rows=10),
    "open_text": KindSpec(L.ANSWER, (), _open_text, layout="list"),
    "scale": KindSpec(L.STATEMENT, (Measure(L.MEAN, DEC2), Measure(L.N_ANSWERS)), _scale,
                      chart=L.MEAN, bounds=_scale_bounds, caption=L.scale_caption),
    "ranking": KindSpec(L.OPTION, (Measure(L.MEAN_POINTS, DEC2), Measure(L.POINTS),
                                   Measure(L.MEAN_RANK, DEC2)), _ranking,
                        chart=L.MEAN_POINTS,
                        bounds=lambda d: (0, len(d.get("options") or []) or None),
                        caption=lambda d: L.ranking_caption(len(d.get("options") or []))),
    "qa": KindSpec(L.QUESTION, (Measure(L.VOTES),), _qa, layout="list"),
    "points": KindSpec(L.OPTION, (Measure(L.MEAN, DEC1), Measure(L.SUM)), _points,
                       chart=L.MEAN, caption=lambda d: L.points_caption(d.get("total"))),
}

# What the assembled entry says about itself; everything else is its payload.
ENTRY_META = {"source", "gathering_id", "item_id", "title", "activity_kind", "question",
              "definition", "filed_at", "revision", "own", "room"}


def _raw_sides(entry: dict, record: dict) -> list[tuple[str, str, dict]]:
    found = []
    for role, label in (("own", municipality_name(record)), ("room", L.ROOM)):
        part = entry.get(role)
        if isinstance(part, dict):
            found.append((role, label, part))
    if not found:
        # A source that files one payload of its own, not own/room parts.
        payload = entry.get("payload")
        if not isinstance(payload, dict):
            payload = {k: v for k, v in entry.items() if k not in ENTRY_META}
        found.append(("own", municipality_name(record), {"n": None, "suppressed": False,
                                                         "result": payload}))
    return found


def _is_suppressed(part: dict) -> bool:
    return bool(part.get("suppressed"))


def entry_view(entry: dict, record: dict) -> EntryView:
    definition = entry.get("definition") if isinstance(entry.get("definition"), dict) else {}
    kind = entry.get("activity_kind")
    spec = KINDS.get(kind) if entry.get("source", "activity") == "activity" else None
    raw = _raw_sides(entry, record)
    smallest = min_group(record)
    notes = []
    for _, label, part in raw:
        if _is_suppressed(part):
            notes.append(L.suppressed_sentence(label, smallest))
        elif part.get("n") is not None:
            notes.append(L.respondents(label, part.get("n")))
    question = entry.get("question") or definition.get("question")
    if spec is not None:
        sides = [Side(role, label, part.get("n"), _is_suppressed(part),
                      [] if _is_suppressed(part) or not isinstance(part.get("result"), dict)
                      else spec.rows(definition, part["result"]))
                 for role, label, part in raw]
        parts = [Part(spec.element, spec.measures, sides, spec.layout, spec.chart,
                      spec.bounds(definition), spec.chart_rows)]
        caption = spec.caption(definition)
    else:
        parts = generic_parts([(role, label, part) for role, label, part in raw])
        caption = None
    return EntryView(title=str(entry.get("title") or question or L.kind_label(entry)),
                     kind=L.kind_label(entry), question=str(question) if question else None,
                     caption=caption, notes=notes, parts=parts, known=spec is not None)


# --- a payload this version does not know --------------------------------------------------

def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, str)):
        return L.YES if value is True else ("Nei" if value is False else value)
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return ", ".join("" if v is None else str(v) for v in value)
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _flatten(value: Any, path: tuple[str, ...], scalars: list, tables: list) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, (*path, str(key)), scalars, tables)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        tables.append((path, value))
    elif isinstance(value, list) and any(isinstance(v, (dict, list)) for v in value):
        for index, inner in enumerate(value, start=1):
            _flatten(inner, (*path, str(index)), scalars, tables)
    else:
        scalars.append((path, _scalar(value)))


def _path_label(path: tuple[str, ...]) -> str:
    return " › ".join(L.field_label(step) for step in path) or L.VALUE


def _element_key(items: list[dict]) -> str | None:
    for item in items:
        for key, value in item.items():
            if isinstance(value, str):
                return key
    return None


def generic_parts(raw: list[tuple[str, str, dict]]) -> list[Part]:
    """Readable tables for any payload: its plain fields as one table, each
    list of objects as a table of its own, the two sides side by side."""
    scalar_sides: list[Side] = []
    tables: dict[tuple[str, ...], dict[str, Any]] = {}
    order: list[tuple[str, ...]] = []
    for role, label, part in raw:
        suppressed = _is_suppressed(part)
        scalars: list = []
        found: list = []
        if not suppressed and part.get("result") is not None:
            _flatten(part.get("result"), (), scalars, found)
        scalar_sides.append(Side(role, label, part.get("n"), suppressed,
                                 [Row(path, _path_label(path), {L.VALUE: value})
                                  for path, value in scalars]))
        for path, items in found:
            if path not in tables:
                tables[path] = {}
                order.append(path)
            tables[path][role] = items
    parts = []
    if any(side.rows for side in scalar_sides):
        parts.append(Part(L.FIELD, (Measure(L.VALUE, AUTO),), scalar_sides))
    for path in order:
        every = [item for items in tables[path].values() for item in items]
        element = _element_key(every)
        keys: list[str] = []
        for item in every:
            keys += [key for key in item if key != element and key not in keys]
        measures = tuple(Measure(L.field_label(key), AUTO) for key in keys)
        sides = []
        for role, label, part in raw:
            items = tables[path].get(role, [])
            rows = [Row(item.get(element) if element else index,
                        str(item.get(element, "")) if element else str(index),
                        {L.field_label(key): _scalar(item.get(key)) for key in keys})
                    for index, item in enumerate(items, start=1)]
            sides.append(Side(role, label, part.get("n"), _is_suppressed(part), rows))
        parts.append(Part(L.field_label(element) if element else "Nr.", measures, sides,
                          title=_path_label(path)))
    return parts


# --- laying a part out -------------------------------------------------------------------

def _own_first(sides: list[Side]) -> list[Side]:
    return sorted(sides, key=lambda side: side.role != "own")


def wide(part: Part, smallest: int | None) -> Table | None:
    """The municipality's numbers beside the gathering's, one row per key;
    None when no side has rows (the entry's notes say why)."""
    if not any(side.rows for side in part.sides):
        return None
    hidden = L.suppressed(smallest)
    if part.layout == "list":
        return _wide_list(part, hidden)
    sides = _own_first(part.sides)
    keys: list[Any] = []
    labels: dict[Any, str] = {}
    for side in sides:
        for row in side.rows:
            if row.key not in labels:
                keys.append(row.key)
                labels[row.key] = row.label
    columns = [Column(part.element, TEXT)]
    series = []
    for side in sides:
        for measure in part.measures:
            if measure.name == part.chart and not side.suppressed and side.rows:
                series.append((len(columns), side.label, side.role))
            columns.append(Column(L.column(side.label, measure.name), measure.fmt, side.role))
    rows = []
    for position, key in enumerate(keys):
        cells: list[Any] = [labels[key]]
        for side in sides:
            values = next((row.values for row in side.rows if row.key == key), None)
            for index, measure in enumerate(part.measures):
                if side.suppressed:
                    cells.append(hidden if position == 0 and index == 0 else None)
                else:
                    cells.append(values.get(measure.name) if values else None)
        rows.append(cells)
    return Table(columns, rows, series, part.chart_rows, part.bounds, part.title)


def _wide_list(part: Part, hidden: str) -> Table:
    own = next((side for side in part.sides if side.role == "own"), None)
    room = next((side for side in part.sides if side.role == "room"), None)
    room_shown = room is not None and not room.suppressed and room.rows
    if not room_shown:
        room = None
    first = room or own
    assert first is not None
    rows_by_key: dict[Any, str] = {row.key: row.label for row in first.rows}
    keys = list(rows_by_key)
    if room is not None and own is not None:
        for row in own.rows:
            if row.key not in rows_by_key:
                rows_by_key[row.key] = row.label
                keys.append(row.key)
    columns = [Column(part.element, TEXT)]
    layout: list[tuple[str, Side, Measure | None]] = []
    if room is not None:
        layout += [("value", room, measure) for measure in part.measures]
        if own is not None:
            layout.append(("flag", own, None))
    if own is not None:
        layout += [("value", own, measure) for measure in part.measures]
    for what, side, measure in layout:
        header = L.from_own(side.label) if what == "flag" else L.column(side.label, measure.name)
        columns.append(Column(header, TEXT if what == "flag" else measure.fmt, side.role))
    rows = []
    for position, key in enumerate(keys):
        cells: list[Any] = [rows_by_key[key]]
        hidden_done = False
        for what, side, measure in layout:
            values = next((row.values for row in side.rows if row.key == key), None)
            if side.suppressed:
                cells.append(hidden if position == 0 and not hidden_done else None)
                hidden_done = True
            elif what == "flag":
                cells.append(L.YES if values is not None else None)
            else:
                cells.append(values.get(measure.name) if values else None)
        rows.append(cells)
    return Table(columns, rows, [], part.chart_rows, part.bounds, part.title)


def long_rows(part: Part, smallest: int | None) -> list[tuple[str, str, str, Any, str]]:
    """(element, side, measure, value, note): one value per line, each side on its own."""
    out = []
    for side in _own_first(part.sides):
        if side.suppressed:
            out.append(("", side.label, L.N_ANSWERS, None, L.suppressed(smallest)))
            continue
        if side.n is not None:
            out.append(("", side.label, L.N_ANSWERS, side.n, ""))
        for row in side.rows:
            element = f"{part.title} › {row.label}" if part.title else row.label
            if not part.measures:
                out.append(("", side.label, part.element, row.label, ""))
            for measure in part.measures:
                out.append((element, side.label, measure.name, row.values.get(measure.name), ""))
    return out


# --- forarbeid, etterarbeid, trajectory as tables ----------------------------------------

def scale_text(question: dict) -> str:
    scale = question.get("scale")
    if isinstance(scale, dict) and scale.get("min") is not None:
        return f"{scale.get('min')}–{scale.get('max')}"
    return ""


def prework_table(module: dict) -> Table | None:
    found = questions(module)
    if not found:
        return None
    columns = [Column(L.PREWORK_COLUMNS[0], TEXT), Column(L.PREWORK_COLUMNS[1], AUTO),
               Column(L.PREWORK_COLUMNS[2], TEXT), Column(L.PREWORK_COLUMNS[3], DATETIME)]
    rows = []
    for question in found:
        text = str(question.get("text") or question.get("key") or "")
        given = answers(question)
        if not given:
            rows.append([text, L.NOT_ANSWERED, None, None])
        for answer in given:
            rows.append([text, answer.get("value"),
                         L.BY_LABELS.get(answer.get("by"), answer.get("by")),
                         parse_datetime(answer.get("updated_at"))])
    return Table(columns, rows)


def prework_ratings(module: dict) -> Table | None:
    """Mean of each rating question, charted."""
    rows = []
    high = None
    for question in questions(module):
        if question.get("type") != "rating":
            continue
        values = [a.get("value") for a in answers(question)
                  if isinstance(a.get("value"), (int, float)) and not isinstance(a.get("value"),
                                                                                  bool)]
        mean = round(sum(values) / len(values), 2) if values else None
        rows.append([str(question.get("text") or ""), mean, len(values), scale_text(question)])
        scale = question.get("scale")
        if isinstance(scale, dict) and isinstance(scale.get("max"), (int, float)):
            high = max(high or scale["max"], scale["max"])
    if not rows:
        return None
    columns = [Column(L.QUESTION, TEXT), Column(L.MEAN, DEC2), Column(L.N_ANSWERS, INT),
               Column("Skala", TEXT)]
    series = [(1, L.MEAN, "own")] if any(row[1] is not None for row in rows) else []
    return Table(columns, rows, series, 12, (0, high), L.PREWORK_RATINGS)


def initiatives_table(module: dict) -> Table | None:
    found = initiatives(module)
    if not found:
        return None
    columns = [Column(L.INITIATIVE_COLUMNS[0], TEXT), Column(L.INITIATIVE_COLUMNS[1], TEXT),
               Column(L.INITIATIVE_COLUMNS[2], DATE), Column(L.INITIATIVE_COLUMNS[3], TEXT),
               Column(L.INITIATIVE_COLUMNS[4], TEXT)]
    rows = [[str(item.get("what") or ""), str(item.get("owner") or ""),
             parse_date(item.get("due")) or (item.get("due") or None),
             L.TERMS.get(item.get("term"), item.get("term")),
             L.STATUSES.get(item.get("status"), item.get("status"))] for item in found]
    return Table(columns, rows)


TRAJECTORY_MODULES = (1, 2, 3, 4)


def trajectory(record: dict) -> list[dict]:
    return [item for item in record.get("trajectory") or [] if isinstance(item, dict)]


def trajectory_table(item: dict, record: dict) -> Table:
    own = item.get("per_module") if isinstance(item.get("per_module"), dict) else {}
    median = item.get("programme_median") \
        if isinstance(item.get("programme_median"), dict) else {}
    name = municipality_name(record)
    columns = [Column(L.MODULE, TEXT), Column(name, DEC2, "own"), Column(L.MEDIAN, DEC2, "room")]
    rows = [[f"{L.MODULE} {number}", own.get(str(number)), median.get(str(number))]
            for number in TRAJECTORY_MODULES]
    series = [(1, name, "own"), (2, L.MEDIAN, "room")]
    return Table(columns, rows, series, 4, (0, None), str(item.get("title") or item.get("key")))
