"""Reading a programme's municipalities from a CSV file, as Norwegian Excel
saves one: a header row naming the columns, semicolons or commas, UTF-8 with
or without a byte order mark.

Pure: bytes in, rows or problems out. A problem is (line, msgid, params);
the msgids are English, marked with N_ for the catalog, and the web layer
translates them. Every bad row is reported, not only the first, so an
admin fixes the file once."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field


def N_(message: str) -> str:
    """Marks a msgid for extraction; translated where it is shown."""
    return message


MAX_BYTES = 1_000_000
MAX_ROWS = 1_000
MAX_NAME = 100
MAX_EXPECTED = 1_000

# Header names people write, folded (lower case, no spaces, dashes or underscores).
COLUMNS = {
    "name": {"name", "navn", "kommune", "kommunenavn", "municipality"},
    "kommunenummer": {"kommunenummer", "kommunenr", "knr", "nummer", "number",
                      "municipalitynumber"},
    "expected_participants": {"expectedparticipants", "forventededeltakere", "deltakere",
                              "antalldeltakere", "forventetantall", "antall", "participants"},
}
REQUIRED = ("name", "kommunenummer")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    kommunenummer: str
    expected_participants: int | None


@dataclass(frozen=True)
class Problem:
    line: int | None  # None: the file as a whole
    message: str  # an English msgid with %(name)s placeholders
    params: dict = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _fold(header: str) -> str:
    return re.sub(r"[\s_\-.]+", "", header.strip().lower())


def _delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","


def parse(data: bytes) -> Parsed:
    """Rows and problems of a CSV file. Never raises for any bytes."""
    result = Parsed()
    if len(data) > MAX_BYTES:
        result.problems.append(Problem(None, N_("The file is too large (at most %(max)s kB)."),
                                       {"max": MAX_BYTES // 1000}))
        return result
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        result.problems.append(Problem(line, N_(
            "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8”.")))
        return result
    if "\x00" in text:
        line = text[:text.index("\x00")].count("\n") + 1
        result.problems.append(Problem(line, N_("The file is not a CSV text file.")))
        return result
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        result.problems.append(Problem(None, N_(
            "The file is empty. The first row must name the columns: name; kommunenummer; "
            "expected participants.")))
        return result
    reader = csv.reader(io.StringIO("\n".join(lines[first:])),
                        delimiter=_delimiter(lines[first]), strict=False)
    try:
        records = list(reader)
    except csv.Error as error:
        result.problems.append(Problem(None, N_("The file could not be read as CSV: %(reason)s"),
                                       {"reason": str(error)}))
        return result
    header, body = records[0], records[1:]
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        folded = _fold(raw)
        known = next((key for key, names in COLUMNS.items() if folded in names), None)
        if known is None:
            if raw.strip():
                result.ignored_columns.append(raw.strip())
        elif known in columns:
            result.problems.append(Problem(first + 1, N_(
                "The column “%(column)s” appears twice in the header row."), {"column": raw}))
        else:
            columns[known] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        result.problems.append(Problem(first + 1, N_(
            "The header row must name the columns name and kommunenummer (and may name "
            "expected participants); it has: %(found)s."),
            {"found": ", ".join(cell.strip() for cell in header if cell.strip()) or "–"}))
        return result
    # csv joins quoted line breaks, so each record's line is counted as it goes.
    seen_numbers: dict[str, int] = {}
    seen_names: dict[str, int] = {}
    line = first + 1
    for record in body:
        line += 1 + sum(cell.count("\n") for cell in record)
        if not any(cell.strip() for cell in record):
            continue  # blank, or only separators (Excel writes ";;" for an empty row)
        if len(result.rows) + len(result.problems) >= MAX_ROWS:
            result.problems.append(Problem(line, N_("Too many rows: at most %(max)s."),
                                           {"max": MAX_ROWS}))
            break
        row = _row(line, record, columns, result.problems)
        if row is None:
            continue
        if row.kommunenummer in seen_numbers:
            result.problems.append(Problem(line, N_(
                "Kommunenummer %(number)s is already on line %(other)s."),
                {"number": row.kommunenummer, "other": seen_numbers[row.kommunenummer]}))
            continue
        if row.name.casefold() in seen_names:
            result.problems.append(Problem(line, N_(
                "%(name)s is already on line %(other)s."),
                {"name": row.name, "other": seen_names[row.name.casefold()]}))
            continue
        seen_numbers[row.kommunenummer] = line
        seen_names[row.name.casefold()] = line
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(Problem(None, N_(
            "The file has a header row but no municipalities.")))
    return result


def _cell(record: list[str], columns: dict[str, int], key: str) -> str:
    index = columns.get(key)
    return record[index].strip() if index is not None and index < len(record) else ""


def _row(line: int, record: list[str], columns: dict[str, int],
         problems: list[Problem]) -> Row | None:
    name = " ".join(_cell(record, columns, "name").split())
    number = _cell(record, columns, "kommunenummer").replace(" ", "")
    expected = _cell(record, columns, "expected_participants").replace(" ", "")
    before = len(problems)
    if not name:
        problems.append(Problem(line, N_("The name is missing.")))
    elif len(name) > MAX_NAME:
        problems.append(Problem(line, N_("The name is longer than %(max)s characters."),
                                {"max": MAX_NAME}))
    elif _CONTROL.search(name):
        problems.append(Problem(line, N_("The name contains control characters.")))
    elif not re.search(r"\w", name):
        problems.append(Problem(line, N_("The name must contain letters.")))
    if not number:
        problems.append(Problem(line, N_("The kommunenummer is missing.")))
    elif re.fullmatch(r"[0-9]{1,3}", number):
        problems.append(Problem(line, N_(
            "Kommunenummer “%(value)s” has fewer than 4 digits. Excel drops a leading zero: "
            "write it as text, e.g. 0301."), {"value": number}))
    elif not re.fullmatch(r"[0-9]{4}", number):
        problems.append(Problem(line, N_("Kommunenummer must be 4 digits, not “%(value)s”."),
                                {"value": number[:20]}))
    count = None
    if expected:
        if re.fullmatch(r"[0-9]{1,4}", expected) and int(expected) <= MAX_EXPECTED:
            count = int(expected)
        else:
            problems.append(Problem(line, N_(
                "Expected participants must be a whole number from 0 to %(max)s, "
                "not “%(value)s”."), {"max": MAX_EXPECTED, "value": expected[:20]}))
    if len(problems) > before:
        return None
    return Row(line, name, number, count)
