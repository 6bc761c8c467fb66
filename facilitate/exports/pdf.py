"""A bokmål summary of the record for the leadership group, as PDF (fpdf2,
pure Python). A cover with a short overview, then per module what the
leadership group did before the day, what the municipality said at the
gathering beside the whole room (bar charts drawn with the library's
primitives), the ambition and the initiatives; last the trajectory.

The font is the DejaVu Sans shipped in exports/fonts/ (Bitstream Vera/DejaVu
licence, see LICENSE.txt there), so æøå and the dashes print on any machine.
Characters the font lacks (emoji in a participant's answer) are left out.
"""

from __future__ import annotations

import math
import re
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from . import labels as L
from . import view as V

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"

BLUE = (31, 78, 121)
GREY = (150, 150, 150)
TEXT = (33, 33, 33)
MUTED = (96, 96, 96)
LIGHT = (221, 235, 247)
RULE = (210, 210, 210)
COLOURS = {"own": BLUE, "room": GREY}

MARGIN = 18
WIDTH = 210 - 2 * MARGIN
LIST_LIMIT = 12  # answers and rows shown before "... og N til i regnearket"


@cache
def _glyphs() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(FONTS / "DejaVuSans.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def clean(text: object) -> str:
    """Text the font can print: characters it has no glyph for are dropped."""
    known = _glyphs()
    value = "" if text is None else str(text)
    kept = "".join(ch for ch in value if ord(ch) in known or ch in "\n\t")
    if len(kept) != len(value):
        kept = re.sub(r" {2,}", " ", kept).strip()
    return kept


class _Report(FPDF):
    def __init__(self, record: dict):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.record = record
        self.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=20)
        self.set_text_color(*TEXT)
        programme = record.get("programme") or {}
        self.set_title(clean(f"{programme.get('name') or ''}: {V.municipality_name(record)}"))
        self.set_subject(L.REPORT_TITLE)
        self.set_author(clean(programme.get("network") or ""))
        self.set_creator("Facilitate")
        self.set_lang("nb")
        self.smallest = V.min_group(record)

    # --- page furniture --------------------------------------------------------

    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-13)
        self.set_font(FAMILY, "", 7.5)
        self.set_text_color(*MUTED)
        programme = (self.record.get("programme") or {}).get("name") or ""
        self.cell(WIDTH * 0.75, 5, clean(f"{V.municipality_name(self.record)} · {programme}"))
        self.cell(WIDTH * 0.25, 5, L.PAGE.format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*TEXT)

    # --- text ------------------------------------------------------------------

    def font(self, size: float, bold: bool = False, colour: tuple = TEXT) -> None:
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*colour)

    def para(self, text: str, size: float = 9.5, bold: bool = False, colour: tuple = TEXT,
             height: float | None = None, indent: float = 0) -> None:
        self.font(size, bold, colour)
        self.set_x(MARGIN + indent)
        self.multi_cell(WIDTH - indent, height or size * 0.5, clean(text), align="L",
                        new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def band(self, title: str, subtitle: str | None = None) -> None:
        """A module's title band across the top of its first page."""
        self.set_fill_color(*BLUE)
        self.rect(0, 0, 210, 30, style="F")
        self.set_xy(MARGIN, 9)
        self.font(18, True, (255, 255, 255))
        self.cell(WIDTH, 9, clean(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.font(9.5, False, (225, 232, 240))
            self.cell(WIDTH, 6, clean(subtitle), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(38)

    def h2(self, text: str) -> None:
        self.keep(30)
        self.ln(2)
        self.font(13, True, BLUE)
        self.cell(WIDTH, 7, clean(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*BLUE)
        self.set_line_width(0.4)
        self.line(MARGIN, self.get_y(), MARGIN + WIDTH, self.get_y())
        self.ln(3)

    def h3(self, text: str) -> None:
        self.keep(24)
        self.ln(1.5)
        self.para(text, 10.5, True)
        self.ln(0.5)

    def no_data(self, text: str = L.NO_DATA) -> None:
        self.para(text, 9.5, False, MUTED)
        self.ln(1)

    # --- charts ------------------------------------------------------------------

    def legend(self, names: list[tuple[str, str]]) -> None:
        self.font(8, False, MUTED)
        x = MARGIN
        y = self.get_y()
        for name, role in names:
            self.set_fill_color(*COLOURS.get(role, GREY))
            self.rect(x, y + 1, 3, 3, style="F")
            label = clean(name)
            self.set_xy(x + 4, y)
            self.cell(self.get_string_width(label) + 2, 5, label)
            x += self.get_string_width(label) + 10
        self.set_xy(MARGIN, y + 6)

    def chart_height(self, table: V.Table) -> float:
        """About how tall `bars` draws this table (to keep it on one page)."""
        rows = min(len(table.rows), table.chart_rows)
        per_row = max(4.0, len(table.series) * 4.4) + 2.2
        return 6 + rows * per_row

    def bars(self, table: V.Table, fmt_share: bool, legend: bool = True) -> None:
        """Horizontal bars: one row per category, one bar per shown side."""
        rows = table.rows[: table.chart_rows]
        series = table.series
        values = [row[column] for row in rows for column, _, _ in series
                  if isinstance(row[column], (int, float))]
        if not rows or not series or not values:
            return
        low, high = table.bounds
        low = low or 0
        high = high if high is not None else max(values)
        if high <= low:
            high = low + 1
        label_w, value_w = 64, 16
        bar_w = WIDTH - label_w - value_w - 2
        bar_h, gap = 3.6, 0.8
        if legend:
            self.legend([(name, role) for _, name, role in series])
        for row in rows:
            self.font(8.5)
            lines = self.multi_cell(label_w - 2, 4, clean(row[0]), dry_run=True, output="LINES")
            if len(lines) > 2:
                lines = [lines[0], _ellipsis(self, lines[1], label_w - 2)]
            height = max(len(lines) * 4, len(series) * (bar_h + gap)) + 2.2
            self.keep(height)
            top = self.get_y()
            for index, line in enumerate(lines):
                self.set_xy(MARGIN, top + index * 4)
                self.cell(label_w - 2, 4, line)
            for index, (column, _, role) in enumerate(series):
                value = row[column]
                y = top + index * (bar_h + gap)
                x0 = MARGIN + label_w
                self.set_fill_color(245, 245, 245)
                self.rect(x0, y, bar_w, bar_h, style="F")
                if isinstance(value, (int, float)):
                    length = max(0.0, min(1.0, (value - low) / (high - low))) * bar_w
                    self.set_fill_color(*COLOURS.get(role, GREY))
                    if length > 0:
                        self.rect(x0, y, length, bar_h, style="F")
                    text = f"{V.number_text(value, V.AUTO)} %" if fmt_share else \
                        V.number_text(value, table.columns[column].fmt)
                else:
                    text = "–"
                self.font(8, role == "own", TEXT if role == "own" else MUTED)
                self.set_xy(x0 + bar_w + 1.5, y - 0.4)
                self.cell(value_w, bar_h + 0.8, text)
            self.set_y(top + height)
        self.ln(1)

    def line_chart(self, table: V.Table) -> None:
        """The trajectory: modules on the x axis, the municipality and the median."""
        values = [row[column] for row in table.rows for column, _, _ in table.series
                  if isinstance(row[column], (int, float))]
        height, width = 48, WIDTH - 12
        self.keep(height + 22)
        self.legend([(name, role) for _, name, role in table.series])
        top = self.get_y() + 2
        left = MARGIN + 10
        high = max(1, math.ceil((max(values) if values else 1) + 0.5))
        step = 1 if high <= 10 else math.ceil(high / 5)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.font(7.5, False, MUTED)
        for tick in range(0, high + 1, step):
            y = top + height - tick / high * height
            self.line(left, y, left + width, y)
            self.set_xy(MARGIN, y - 2)
            self.cell(8, 4, str(tick), align="R")
        count = len(table.rows)
        xs = [left + (index + 0.5) * width / count for index in range(count)]
        for x, row in zip(xs, table.rows, strict=True):
            self.set_xy(x - 12, top + height + 1)
            self.cell(24, 4, clean(row[0]), align="C")
        for column, _, role in table.series:
            colour = COLOURS.get(role, GREY)
            self.set_draw_color(*colour)
            self.set_fill_color(*colour)
            self.set_line_width(0.7)
            points = [(x, row[column]) for x, row in zip(xs, table.rows, strict=True)]
            previous = None
            for x, value in points:
                if not isinstance(value, (int, float)):
                    previous = None
                    continue
                y = top + height - value / high * height
                if previous:
                    self.line(previous[0], previous[1], x, y)
                previous = (x, y)
            for x, value in points:
                if isinstance(value, (int, float)):
                    y = top + height - value / high * height
                    self.circle(x, y, 1.2, style="F")  # fpdf2 >= 2.8.1: the centre
                    self.font(7.5, role == "own", colour if role == "own" else MUTED)
                    self.set_xy(x + 1.5, y - (4.5 if role == "own" else -0.5))
                    self.cell(12, 4, V.number_text(value, V.DEC2).rstrip("0").rstrip(","))
        self.set_y(top + height + 8)

    # --- tables ------------------------------------------------------------------

    def grid(self, headers: list[str], rows: list[list[str]], widths: tuple) -> None:
        self.font(8.5)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_fill_color(255, 255, 255)  # rows between the tinted ones
        style = FontFace(emphasis="BOLD", color=BLUE, fill_color=LIGHT)
        with self.table(col_widths=widths, width=WIDTH, first_row_as_headings=True,
                        headings_style=style, line_height=4.6, text_align="LEFT",
                        borders_layout="HORIZONTAL_LINES", padding=1.2,
                        cell_fill_color=(246, 248, 251), cell_fill_mode="ROWS") as grid:
            head = grid.row()
            for header in headers:
                head.cell(clean(header))
            for cells in rows:
                row = grid.row()
                for cell in cells:
                    row.cell(clean(cell))
        self.ln(2)


def _ellipsis(pdf: FPDF, text: str, width: float) -> str:
    text = text.rstrip()
    while text and pdf.get_string_width(text + " …") > width:
        text = text[:-1]
    return text.rstrip() + " …"


def _cell_text(value, fmt: str) -> str:
    if isinstance(value, float) and fmt in (V.DEC1, V.DEC2):
        return V.number_text(value, fmt)
    return V.number_text(value, V.AUTO)


# --- the cover ---------------------------------------------------------------------------

def _summary_row(module: dict) -> list[str]:
    found = V.questions(module)
    prework = L.ANSWERED_OF.format(answered=sum(1 for q in found if V.answers(q)),
                                   total=len(found)) if found else "–"
    n = len(V.entries(module))
    samling = (L.ACTIVITY_ONE if n == 1 else L.ACTIVITIES.format(n=n)) if n else "–"
    level = V.ambition(module).get("level")
    ambition = L.LEVEL.format(level=level) if level is not None else "–"
    initiatives = V.initiatives(module)
    return [L.module_title(module), prework, samling, ambition,
            L.INITIATIVE_COUNT.format(n=len(initiatives)) if initiatives else "–"]


def _cover(pdf: _Report, record: dict, modules: list[dict]) -> None:
    pdf.add_page()
    programme = record.get("programme") or {}
    municipality = record.get("municipality") or {}
    pdf.set_fill_color(*BLUE)
    pdf.rect(0, 0, 210, 62, style="F")
    pdf.set_xy(MARGIN, 30)
    pdf.font(11, False, (225, 232, 240))
    pdf.cell(WIDTH, 6, clean(" · ".join(str(p) for p in (programme.get("network"),
                                                          programme.get("period")) if p)),
             new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.font(20, True, (255, 255, 255))
    pdf.multi_cell(WIDTH, 9, clean(programme.get("name") or L.PROGRAMME), align="L",
                   new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(76)
    pdf.font(30, True, BLUE)
    pdf.cell(WIDTH, 13, clean(municipality.get("name") or ""), new_x=XPos.LMARGIN,
             new_y=YPos.NEXT)
    pdf.font(14, False, TEXT)
    pdf.cell(WIDTH, 8, L.REPORT_TITLE, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    details = []
    if municipality.get("kommunenummer"):
        details.append(f"{L.KOMMUNENUMMER} {municipality['kommunenummer']}")
    generated = V.parse_datetime(record.get("generated_at"))
    if generated:
        details.append(f"{L.GENERATED} {V.long_date(generated)}")
    if len(modules) == 1:
        details.append(L.module_title(modules[0]))
    pdf.para(" · ".join(details), 9.5, False, MUTED)
    pdf.ln(8)
    pdf.h2(L.SUMMARY)
    pdf.grid(list(L.SUMMARY_COLUMNS), [_summary_row(module) for module in modules],
             (44, 34, 32, 30, 34))
    pdf.ln(2)
    pdf.h2(L.HOW_TO_READ)
    pdf.para(L.HOW_TO_READ_TEXT)
    pdf.ln(1.5)
    pdf.para(L.PRIVACY.format(n=V.min_group(record) or "nok"))


# --- one module ---------------------------------------------------------------------------

def _forarbeid(pdf: _Report, module: dict) -> None:
    pdf.h2(L.stage_title("forarbeid"))
    found = V.questions(module)
    if not found:
        pdf.no_data()
        return
    for question in found:
        pdf.keep(18)
        pdf.para(question.get("text") or question.get("key") or "", 9.5, True)
        given = V.answers(question)
        if not given:
            pdf.para(L.NOT_ANSWERED, 9, False, MUTED, indent=4)
        elif question.get("type") == "rating":
            values = [a["value"] for a in given if isinstance(a.get("value"), (int, float))]
            scale = question.get("scale") if isinstance(question.get("scale"), dict) else {}
            if values:
                mean = round(sum(values) / len(values), 2)
                table = V.Table([V.Column("", V.TEXT), V.Column(L.MEAN, V.DEC2, "own")],
                                [[L.MEAN, mean]], [(1, V.municipality_name(pdf.record), "own")],
                                1, (0, scale.get("max")))
                pdf.para(f"{L.MEAN} {V.number_text(mean, V.DEC2)}"
                         + (f" på en skala {V.scale_text(question)}" if scale else "")
                         + f" ({len(values)} svar)", 9, False, MUTED, indent=4)
                pdf.ln(1)
                pdf.bars(table, False, legend=False)
        else:
            for answer in given:
                by = L.BY_LABELS.get(answer.get("by"), answer.get("by") or "")
                pdf.para(f"«{answer.get('value')}»" + (f" – {by}" if by else ""), 9, indent=4)
        pdf.ln(1.5)


def _list_part(pdf: _Report, part: V.Part) -> None:
    own = next((s for s in part.sides if s.role == "own"), None)
    room = next((s for s in part.sides if s.role == "room"), None)
    chosen = own if own is not None and not own.suppressed and own.rows else None
    heading = L.OWN_ANSWERS.format(name=own.label) if chosen else L.ROOM_ANSWERS
    if chosen is None and room is not None and not room.suppressed and room.rows:
        chosen = room
    if chosen is None:
        return
    pdf.para(heading, 8.5, True, MUTED)
    for row in chosen.rows[:LIST_LIMIT]:
        votes = row.values.get(L.VOTES)
        suffix = f"  ({votes} {L.VOTES.lower()})" if votes is not None else ""
        pdf.keep(6)
        pdf.para(f"•  {clean(row.label)}{suffix}", 9, indent=3)
    if len(chosen.rows) > LIST_LIMIT:
        pdf.para(L.MORE_ROWS.format(n=len(chosen.rows) - LIST_LIMIT), 8.5, False, MUTED,
                 indent=3)
    pdf.ln(1)


def _generic_part(pdf: _Report, part: V.Part) -> None:
    table = V.wide(part, pdf.smallest)
    if table is None:
        return
    if table.title:
        pdf.para(table.title, 8.5, True, MUTED)
    count = len(table.columns)
    first = 60 if count > 1 else WIDTH
    rest = (WIDTH - first) / (count - 1) if count > 1 else 0
    rows = [[_cell_text(value, column.fmt) for value, column in zip(row, table.columns,
                                                                     strict=True)]
            for row in table.rows[:LIST_LIMIT]]
    pdf.grid([column.header for column in table.columns], rows,
             (first, *([rest] * (count - 1))))
    if len(table.rows) > LIST_LIMIT:
        pdf.para(L.MORE_ROWS.format(n=len(table.rows) - LIST_LIMIT), 8.5, False, MUTED)


def _entry(pdf: _Report, module: dict, entry: dict) -> None:
    shown = V.entry_view(entry, pdf.record)
    first = next((V.wide(part, pdf.smallest) for part in shown.parts
                  if shown.known and part.layout == "join"), None)
    # Keep the heading with its chart when the chart fits on a page.
    pdf.keep(min(28 + (pdf.chart_height(first) if first is not None else 12), 150))
    pdf.h3(shown.title)
    pdf.para(" · ".join([shown.kind, *shown.notes]), 8.5, False, MUTED)
    if shown.question and shown.question != shown.title:
        pdf.para(shown.question, 9.5)
    if shown.caption:
        pdf.para(shown.caption, 8, False, MUTED)
    pdf.ln(1)
    if not any(side.rows for part in shown.parts for side in part.sides):
        if not any(side.suppressed for part in shown.parts for side in part.sides):
            pdf.no_data(L.NO_ANSWERS)
        return
    for part in shown.parts:
        if not shown.known:
            _generic_part(pdf, part)
        elif part.layout == "list":
            _list_part(pdf, part)
        else:
            table = V.wide(part, pdf.smallest)
            if table is not None:
                pdf.bars(table, part.chart == L.SHARE)
                if len(table.rows) > table.chart_rows:
                    pdf.para(L.MORE_ROWS.format(n=len(table.rows) - table.chart_rows), 8,
                             False, MUTED)
    pdf.ln(2)


def _samling(pdf: _Report, module: dict) -> None:
    pdf.h2(L.stage_title("samling"))
    if not V.entries(module):
        pdf.no_data()
        return
    found = V.gatherings(module)
    if found:
        pdf.para(", ".join(f"{g.get('title', '')} {V.short_date(V.parse_date(g.get('date')))}"
                           .strip() for g in found), 9, False, MUTED)
        pdf.ln(1)
    for entry in V.entries(module):
        _entry(pdf, module, entry)


def _etterarbeid(pdf: _Report, module: dict) -> None:
    pdf.h2(L.stage_title("etterarbeid"))
    if V.stage_is_empty(module, "etterarbeid"):
        pdf.no_data()
        return
    goal = V.ambition(module)
    if goal.get("level") is not None:
        pdf.para(f"{L.AMBITION}: {goal['level']}", 11, True, BLUE)
    else:
        pdf.para(L.AMBITION_NONE, 9.5, False, MUTED)
    if goal.get("text"):
        pdf.para(goal["text"], 9.5)
    pdf.ln(2)
    table = V.initiatives_table(module)
    if table is None:
        pdf.para(f"{L.INITIATIVES}: {L.NO_DATA.lower()}", 9.5, False, MUTED)
        return
    pdf.keep(min(16 + 10 * len(table.rows), 120))  # a short table stays whole
    pdf.para(L.INITIATIVES, 10.5, True)
    pdf.ln(1)
    pdf.grid([column.header for column in table.columns],
             [[_cell_text(value, column.fmt) for value, column in zip(row, table.columns,
                                                                      strict=True)]
              for row in table.rows], (70, 38, 22, 22, 22))


def _module(pdf: _Report, module: dict) -> None:
    if all(V.stage_is_empty(module, stage) for stage in ("forarbeid", "samling", "etterarbeid")):
        # Nothing yet: a short section, not a page of three empty headings.
        if pdf.page_no() == 1:
            pdf.add_page()
        pdf.h2(L.module_title(module))
        pdf.no_data(L.MODULE_EMPTY)
        pdf.ln(2)
        return
    pdf.add_page()
    programme = (pdf.record.get("programme") or {}).get("name") or ""
    pdf.band(L.module_title(module), f"{V.municipality_name(pdf.record)} · {programme}")
    _forarbeid(pdf, module)
    _samling(pdf, module)
    _etterarbeid(pdf, module)


def _trajectory(pdf: _Report, record: dict) -> None:
    items = V.trajectory(record)
    if not items:
        pdf.h2(L.TRAJECTORY)
        pdf.no_data()
        return
    pdf.add_page()
    pdf.band(L.TRAJECTORY)
    pdf.para(L.TRAJECTORY_CAPTION, 9, False, MUTED)
    pdf.ln(3)
    for item in items:
        table = V.trajectory_table(item, record)
        pdf.keep(80)
        pdf.h3(table.title or "")
        pdf.line_chart(table)


def build(record: dict) -> bytes:
    """The PDF's bytes for an assembled record (any number of modules)."""
    pdf = _Report(record)
    modules = [m for m in record.get("modules") or [] if isinstance(m, dict)]
    _cover(pdf, record, modules)
    for module in modules:
        _module(pdf, module)
    _trajectory(pdf, record)
    return bytes(pdf.output())
