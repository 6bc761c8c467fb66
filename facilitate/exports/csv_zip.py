"""The record as CSV files in a zip: one file per module and stage, the
trajectory, and a README.txt in bokmål.

Written for Norwegian Excel, where the list separator is ";" because the
decimal separator is ",": semicolon-separated, decimal comma, UTF-8 with a
byte order mark (without it Excel reads the file as Windows-1252 and breaks
æøå), CRLF line ends. A double-click in Norwegian Excel opens the columns
and numbers correctly; other tools read it as "csv2" (R's read.csv2,
pandas sep=";", decimal=","). Dates are ISO (2027-03-01), which Excel
recognises in every locale.

The files are long ("tidy"): one value per line with what it is beside it,
so a pivot table or another tool can take them as they are; the XLSX is the
one laid out for reading. Text from people that Excel would run as a formula
(starting with = + - @) gets a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from . import labels as L
from . import view as V

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return L.YES if value else "Nei"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return V.number_text(value, V.AUTO)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv(header: tuple[str, ...], rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def file_name(module: dict, stage: str) -> str:
    return f"modul-{module.get('number', 0)}-{module.get('key') or 'modul'}-{stage}.csv"


def forarbeid_rows(module: dict) -> list[tuple]:
    rows = []
    for question in V.questions(module):
        text = question.get("text") or question.get("key")
        kind = L.QUESTION_TYPES.get(question.get("type"), question.get("type"))
        given = V.answers(question)
        if not given:
            rows.append((text, kind, V.scale_text(question), None, None, None))
        for answer in given:
            rows.append((text, kind, V.scale_text(question), answer.get("value"),
                         L.BY_LABELS.get(answer.get("by"), answer.get("by")),
                         V.parse_datetime(answer.get("updated_at"))))
    return rows


def samling_rows(module: dict, record: dict) -> list[tuple]:
    smallest = V.min_group(record)
    rows = []
    for entry in V.entries(module):
        shown = V.entry_view(entry, record)
        gathering = V.gathering_of(module, entry)
        start = (gathering.get("title"), V.parse_date(gathering.get("date")), shown.title,
                 shown.kind, shown.question)
        found = [line for part in shown.parts for line in V.long_rows(part, smallest)]
        if not found:
            found = [("", "", "", None, L.NO_ANSWERS)]
        rows += [(*start, *line) for line in found]
    return rows


def etterarbeid_rows(module: dict) -> list[tuple]:
    goal = V.ambition(module)
    rows = []
    if goal.get("level") is not None or goal.get("text"):
        rows.append((L.AMBITION_TEXT, goal.get("text") or None, None, None, None, None,
                     goal.get("level")))
    for item in V.initiatives(module):
        rows.append((L.INITIATIVES, item.get("what"), item.get("owner"),
                     V.parse_date(item.get("due")) or item.get("due"),
                     L.TERMS.get(item.get("term"), item.get("term")),
                     L.STATUSES.get(item.get("status"), item.get("status")), None))
    return rows


def trajectory_rows(record: dict) -> list[tuple]:
    rows = []
    for item in V.trajectory(record):
        table = V.trajectory_table(item, record)
        rows += [(table.title, number, own, median)
                 for number, (_, own, median) in zip(V.TRAJECTORY_MODULES, table.rows,
                                                     strict=True)]
    return rows


def readme(record: dict, names: list[tuple[str, str]]) -> str:
    programme = record.get("programme") or {}
    municipality = record.get("municipality") or {}
    generated = V.parse_datetime(record.get("generated_at"))
    lines = [
        f"{programme.get('name') or L.PROGRAMME}",
        f"{L.NETWORK}: {programme.get('network') or ''}   {L.PERIOD}: "
        f"{programme.get('period') or ''}",
        f"{L.MUNICIPALITY}: {municipality.get('name') or ''} "
        f"({municipality.get('kommunenummer') or ''})",
        f"{L.GENERATED}: {generated.strftime('%d.%m.%Y %H:%M') if generated else ''}",
        "",
        "Filene",
        "------",
    ]
    lines += [f"{name}: {what}" for name, what in names]
    lines += [
        "",
        "Slik er filene laget",
        "--------------------",
        "Hver fil er en tabell med semikolon (;) mellom kolonnene og desimalkomma, slik norsk",
        "Excel venter. Åpne filen med et dobbeltklikk. Tegnsettet er UTF-8, så æ, ø og å vises",
        "riktig. I andre program: velg semikolon som skilletegn og komma som desimaltegn.",
        "Datoer er skrevet som år-måned-dag (2027-03-01).",
        "",
        "Filene for samlingen har én verdi per linje: hvilken aktivitet, hvilket element",
        "(alternativ, ord, påstand), hvem tallet gjelder (kommunen eller hele samlingen), hva",
        "som er målt (antall, andel i prosent, snitt ...) og verdien. Det gjør det lett å lage",
        "en pivottabell. Regnearket (XLSX) viser de samme tallene ferdig satt opp.",
        "",
        L.PRIVACY.format(n=V.min_group(record) or "nok"),
        f"Skjulte tall står tomme, med «{L.suppressed(V.min_group(record))}» i kolonnen Merknad.",
        "",
        "En fil med bare overskriftslinjen betyr at det ikke er noe registrert ennå.",
        "Tekst som begynner med = + - eller @ har fått en apostrof foran, så Excel ikke",
        "tolker den som en formel.",
    ]
    return BOM + "\r\n".join(lines) + "\r\n"


def build(record: dict) -> bytes:
    """The zip's bytes for an assembled record."""
    buffer = io.BytesIO()
    names: list[tuple[str, str]] = []
    modules = [m for m in record.get("modules") or [] if isinstance(m, dict)]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for module in modules:
            for stage, header, rows in (
                    ("forarbeid", L.CSV_FORARBEID_COLUMNS, forarbeid_rows(module)),
                    ("samling", L.CSV_SAMLING_COLUMNS, samling_rows(module, record)),
                    ("etterarbeid", L.CSV_ETTERARBEID_COLUMNS, etterarbeid_rows(module))):
                name = file_name(module, stage)
                archive.writestr(name, _csv(header, rows))
                names.append((name, f"{L.module_title(module)}, {L.stage_label(stage).lower()}: "
                                    f"{L.STAGE_HOLDS[stage][0].lower()}{L.STAGE_HOLDS[stage][1:]}"))
        archive.writestr("utvikling.csv", _csv(L.CSV_TRAJECTORY_COLUMNS, trajectory_rows(record)))
        names.append(("utvikling.csv", L.TRAJECTORY_HOLDS))
        archive.writestr("README.txt", readme(record, names).encode("utf-8"))
    return buffer.getvalue()
