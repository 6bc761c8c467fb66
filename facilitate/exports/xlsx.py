"""The record as an Excel workbook (xlsxwriter): an overview sheet, a sheet
per module and stage, and the trajectory. Each filed activity is a titled
table with the municipality's numbers beside the whole gathering's, and a
native chart where the kind has one; numbers are numbers, dates are dates.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime

import xlsxwriter

from . import labels as L
from . import view as V

WIDTHS = (52, 18, 18, 18, 18, 18, 18, 18)
OWN_COLOUR, ROOM_COLOUR = "#1F4E79", "#A5A5A5"
ROW_PX = 20  # default row height in pixels, for placing charts


class _Sheet:
    """One worksheet and a cursor: blocks are written top to bottom."""

    def __init__(self, book: _Book, name: str):
        self.book = book
        self.ws = book.wb.add_worksheet(name)
        self.name = name
        self.row = 0
        self.reserved = 0  # a chart's last row: the next block starts below it
        self.widths = list(WIDTHS)
        self.heights: dict[int, int] = {}
        # Printed: A4 landscape, one page wide, the sheet's name in the footer.
        self.ws.set_paper(9)
        self.ws.set_landscape()
        self.ws.fit_to_pages(1, 0)
        self.ws.set_footer(f"&L{name}&R&P / &N")
        for column, width in enumerate(WIDTHS):
            self.ws.set_column(column, column, width, book.fmt["wrap"] if column == 0 else None)

    def width(self, first: int, last: int, width: float, style: str | None = None) -> None:
        for column in range(first, last + 1):
            while len(self.widths) <= column:
                self.widths.append(WIDTHS[-1])
            self.widths[column] = width
        self.ws.set_column(first, last, width, self.book.fmt[style] if style else None)

    def text(self, value: str, style: str = "plain") -> None:
        self.ws.write_string(self.row, 0, value, self.book.fmt[style])
        self.row += 1

    def gap(self, rows: int = 1) -> None:
        self.row = max(self.row + rows, self.reserved + 1 if self.reserved else 0)

    def cell(self, row: int, column: int, value, fmt: str, fact: bool = False) -> None:
        f = self.book.fmt
        if value is None:
            return
        if isinstance(value, bool):
            self.ws.write_string(row, column, L.YES if value else "Nei", f["plain"])
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                self.ws.write_string(row, column, str(value), f["plain"])
            else:
                self.ws.write_number(row, column, value,
                                     f["fact"] if fact else f.get(fmt, f["general"]))
        elif isinstance(value, datetime):
            self.ws.write_datetime(row, column, value, f["datetime"])
        elif isinstance(value, date):
            self.ws.write_datetime(row, column, datetime(value.year, value.month, value.day),
                                   f["date"])
        else:
            text = str(value)
            width = self.widths[column] if column < len(self.widths) else WIDTHS[-1]
            long = len(text) > width
            if text.startswith(L.suppressed(None)[:6]):
                style = "hidden"
            elif column == 0:
                style = "wrap"
            else:
                style = "wrap_in" if long else "text_in"
            self.ws.write_string(row, column, text, f[style])
            if long:
                # Wrapped text: give the row its lines (LibreOffice does not fit it).
                lines = min(10, math.ceil(len(text) / (width * 1.2)))
                if lines * 15 > self.heights.get(row, 15):
                    self.heights[row] = lines * 15
                    self.ws.set_row(row, lines * 15)

    def table(self, table: V.Table, chart_title: str | None = None, line: bool = False) -> None:
        f = self.book.fmt
        if table.title:
            self.text(table.title, "h3")
        header = self.row
        for column, spec in enumerate(table.columns):
            self.ws.write_string(header, column, spec.header, f["header"])
        if any(len(spec.header) > 16 for spec in table.columns[1:]):
            self.ws.set_row(header, 30)  # two lines: not every reader fits rows itself
        first = header + 1
        for offset, cells in enumerate(table.rows):
            for column, value in enumerate(cells):
                self.cell(first + offset, column, value, table.columns[column].fmt)
        self.row = first + len(table.rows)
        if table.series and table.rows:
            self._chart(table, header, first, chart_title, line)
        self.gap()

    def _chart(self, table: V.Table, header: int, first: int, title: str | None,
               line: bool) -> None:
        shown = min(len(table.rows), table.chart_rows)
        if line:
            chart = self.book.wb.add_chart({"type": "line"})
        else:
            chart = self.book.wb.add_chart({"type": "bar"})
        for column, name, role in table.series:
            colour = OWN_COLOUR if role == "own" else ROOM_COLOUR
            series = {
                "name": name,
                "categories": [self.name, first, 0, first + shown - 1, 0],
                "values": [self.name, first, column, first + shown - 1, column],
            }
            if line:
                series |= {"line": {"color": colour, "width": 2.25},
                           "marker": {"type": "circle", "size": 7,
                                      "fill": {"color": colour}, "border": {"color": colour}}}
            else:
                series |= {"fill": {"color": colour}, "border": {"none": True},
                           "data_labels": {"value": True, "num_format": "0.0"}}
            chart.add_series(series)
        low, high = table.bounds
        values_axis = {"major_gridlines": {"visible": True, "line": {"color": "#E0E0E0"}}}
        if low is not None:
            values_axis["min"] = low
        if high is not None:
            values_axis["max"] = high
        if line:
            chart.set_y_axis(values_axis)
            chart.show_blanks_as("span")
        else:
            chart.set_x_axis(values_axis)
            chart.set_y_axis({"reverse": True})  # first row on top, as in the table
            chart.set_chartarea({"border": {"none": True}})
        chart.set_title({"name": title, "name_font": {"size": 11, "bold": True}} if title
                        else {"none": True})
        chart.set_legend({"position": "bottom"})
        bars = shown * max(1, len(table.series))
        height = 320 if line else max(220, min(560, 90 + 24 * bars))
        width = 560
        column = len(table.columns) + 1
        self.ws.insert_chart(header, column, chart,
                             {"x_scale": width / 480, "y_scale": height / 288,
                              "object_position": 1})
        self.reserved = max(self.reserved, header + math.ceil(height / ROW_PX))


class _Book:
    def __init__(self, record: dict):
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True,
                                                    "strings_to_numbers": False,
                                                    "strings_to_formulas": False,
                                                    "strings_to_urls": False})
        add = self.wb.add_format
        self.fmt = {
            "plain": add({"valign": "top"}),
            "text_in": add({"valign": "top", "indent": 1}),
            "wrap_in": add({"valign": "top", "indent": 1, "text_wrap": True}),
            "fact": add({"valign": "top", "align": "left"}),
            "general": add({"valign": "top"}),
            "wrap": add({"text_wrap": True, "valign": "top"}),
            "title": add({"bold": True, "font_size": 16, "font_color": OWN_COLOUR}),
            "h2": add({"bold": True, "font_size": 13, "font_color": OWN_COLOUR}),
            "h3": add({"bold": True, "font_size": 11}),
            "question": add({"italic": True, "text_wrap": False}),
            "muted": add({"font_color": "#595959"}),
            "hidden": add({"italic": True, "font_color": "#7F7F7F", "valign": "top",
                           "indent": 1}),
            "header": add({"bold": True, "bg_color": "#DDEBF7", "bottom": 1, "text_wrap": True,
                           "valign": "top"}),
            V.INT: add({"num_format": "0", "valign": "top"}),
            V.DEC1: add({"num_format": "0.0", "valign": "top"}),
            V.DEC2: add({"num_format": "0.00", "valign": "top"}),
            V.AUTO: add({"valign": "top"}),
            "date": add({"num_format": "dd.mm.yyyy", "valign": "top", "align": "left"}),
            "datetime": add({"num_format": "dd.mm.yyyy hh:mm", "valign": "top",
                             "align": "left"}),
            "link": add({"font_color": "#0563C1", "underline": 1, "valign": "top"}),
            "label": add({"bold": True, "valign": "top"}),
        }
        programme = record.get("programme") or {}
        self.wb.set_properties({
            "title": f"{programme.get('name') or ''}: {V.municipality_name(record)}",
            "subject": L.REPORT_TITLE, "company": str(programme.get("network") or ""),
            "comments": str(record.get("schema") or ""),
        })

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def sheet_name(module: dict, stage: str) -> str:
    return f"{L.MODULE} {module.get('number', '?')} {L.stage_label(stage)}"[:31]


def _stage_status(module: dict, stage: str) -> str:
    if V.stage_is_empty(module, stage):
        return L.NO_DATA
    if stage == "samling":
        n = len(V.entries(module))
        return L.ACTIVITY_ONE if n == 1 else L.ACTIVITIES.format(n=n)
    if stage == "forarbeid":
        found = V.questions(module)
        return L.ANSWERED_OF.format(answered=sum(1 for q in found if V.answers(q)),
                                    total=len(found))
    parts = []
    if V.ambition(module).get("level") is not None:
        parts.append(L.LEVEL.format(level=V.ambition(module)["level"]))
    parts.append(L.INITIATIVE_COUNT.format(n=len(V.initiatives(module))))
    return ", ".join(parts)


def _overview(book: _Book, record: dict, sheets: list[tuple[str, str, str]]) -> None:
    sheet = _Sheet(book, L.OVERVIEW)
    sheet.width(1, 1, 64)
    sheet.width(2, 2, 22)
    programme = record.get("programme") or {}
    municipality = record.get("municipality") or {}
    sheet.text(str(programme.get("name") or L.PROGRAMME), "title")
    sheet.text(f"{V.municipality_name(record)}: {L.REPORT_TITLE.lower()}", "h2")
    sheet.gap()
    generated = V.parse_datetime(record.get("generated_at"))
    facts = [(L.PROGRAMME, programme.get("name")), (L.NETWORK, programme.get("network")),
             (L.PERIOD, programme.get("period")), (L.MUNICIPALITY, municipality.get("name")),
             (L.KOMMUNENUMMER, municipality.get("kommunenummer")), (L.GENERATED, generated),
             (L.MIN_GROUP, V.min_group(record))]
    for label, value in facts:
        sheet.ws.write_string(sheet.row, 0, label, book.fmt["label"])
        sheet.cell(sheet.row, 1, value, V.INT, fact=True)
        sheet.row += 1
    sheet.gap()
    sheet.text(L.PRIVACY.format(n=V.min_group(record) or "nok"), "wrap")
    sheet.gap(2)
    sheet.text(L.CONTENTS, "h2")
    for column, header in enumerate((L.SHEET, L.HOLDS, "Status")):
        sheet.ws.write_string(sheet.row, column, header, book.fmt["header"])
    sheet.row += 1
    for name, holds, status in sheets:
        sheet.ws.write_url(sheet.row, 0, f"internal:'{name}'!A1", book.fmt["link"], name)
        sheet.cell(sheet.row, 1, holds, V.TEXT)
        sheet.cell(sheet.row, 2, status, V.TEXT)
        sheet.row += 1
    sheet.ws.activate()


def _heading(sheet: _Sheet, module: dict, stage: str) -> None:
    sheet.text(L.module_title(module), "title")
    sheet.text(L.stage_title(stage), "h2")
    sheet.gap()


def _forarbeid(sheet: _Sheet, module: dict) -> None:
    sheet.width(1, 1, 50)
    table = V.prework_table(module)
    if table is None:
        sheet.text(L.NO_DATA, "muted")
        return
    sheet.table(table)
    ratings = V.prework_ratings(module)
    if ratings is not None:
        sheet.table(ratings, L.PREWORK_RATINGS)


def _samling(sheet: _Sheet, module: dict, record: dict) -> None:
    if not V.entries(module):
        sheet.text(L.NO_DATA, "muted")
        return
    found = V.gatherings(module)
    if found:
        sheet.table(V.Table([V.Column(L.GATHERING, V.TEXT), V.Column(L.DATE, V.DATE)],
                            [[str(g.get("title") or ""), V.parse_date(g.get("date"))]
                             for g in found], title=L.GATHERINGS))
    smallest = V.min_group(record)
    for entry in V.entries(module):
        shown = V.entry_view(entry, record)
        sheet.text(shown.title, "h3")
        gathering = V.gathering_of(module, entry)
        where = [shown.kind]
        if gathering:
            where.append(f"{gathering.get('title', '')} "
                         f"{V.short_date(V.parse_date(gathering.get('date')))}".strip())
        sheet.text(" · ".join(where), "muted")
        if shown.question:
            sheet.text(shown.question, "question")
        if shown.notes:
            sheet.text(" · ".join(shown.notes), "muted")
        if shown.caption:
            sheet.text(shown.caption, "muted")
        tables = [t for t in (V.wide(part, smallest) for part in shown.parts) if t is not None]
        if not tables:
            sheet.text(L.NO_ANSWERS, "muted")
            sheet.gap()
        for table in tables:
            sheet.table(table, table.title or shown.title)


def _etterarbeid(sheet: _Sheet, module: dict) -> None:
    sheet.width(1, 1, 30)
    sheet.width(2, 2, 12)
    sheet.width(3, 4, 14)
    if V.stage_is_empty(module, "etterarbeid"):
        sheet.text(L.NO_DATA, "muted")
        return
    goal = V.ambition(module)
    for label, value in ((L.AMBITION, goal.get("level")), (L.AMBITION_TEXT, goal.get("text"))):
        sheet.ws.write_string(sheet.row, 0, label, sheet.book.fmt["label"])
        sheet.cell(sheet.row, 1, value if value not in ("", None) else None, V.INT, fact=True)
        sheet.row += 1
    sheet.gap()
    table = V.initiatives_table(module)
    sheet.text(L.INITIATIVES, "h3")
    if table is None:
        sheet.text(L.NO_DATA, "muted")
    else:
        sheet.table(table)



def _trajectory(sheet: _Sheet, record: dict) -> None:
    sheet.text(L.TRAJECTORY, "title")
    sheet.text(L.TRAJECTORY_CAPTION, "muted")
    sheet.gap()
    items = V.trajectory(record)
    if not items:
        sheet.text(L.NO_DATA, "muted")
        return
    for item in items:
        table = V.trajectory_table(item, record)
        sheet.table(table, table.title, line=True)


def build(record: dict) -> bytes:
    """The workbook's bytes for an assembled record (any number of modules)."""
    book = _Book(record)
    modules = [m for m in record.get("modules") or [] if isinstance(m, dict)]
    contents = [(sheet_name(module, stage), f"{L.module_title(module)}. {L.STAGE_HOLDS[stage]}",
                 _stage_status(module, stage))
                for module in modules for stage in ("forarbeid", "samling", "etterarbeid")]
    contents.append((L.TRAJECTORY_SHEET, L.TRAJECTORY_HOLDS,
                     f"{len(V.trajectory(record))} spørsmål" if V.trajectory(record)
                     else L.NO_DATA))
    _overview(book, record, contents)
    for module in modules:
        for stage in ("forarbeid", "samling", "etterarbeid"):
            sheet = _Sheet(book, sheet_name(module, stage))
            _heading(sheet, module, stage)
            {"forarbeid": lambda s, m: _forarbeid(s, m),
             "samling": lambda s, m: _samling(s, m, record),
             "etterarbeid": lambda s, m: _etterarbeid(s, m)}[stage](sheet, module)
    _trajectory(_Sheet(book, L.TRAJECTORY_SHEET), record)
    return book.close()
