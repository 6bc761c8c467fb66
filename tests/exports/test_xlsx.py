"""The workbook, read back with openpyxl: its numbers are the day's results."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from facilitate.exports import xlsx

from .records import FULL_KINDS, TITLES, empty_record, full_record

STAGE_SHEETS = [f"Modul {n} {stage}" for n in range(1, 5)
                for stage in ("Forarbeid", "Samling", "Etterarbeid")]


@pytest.fixture(scope="module")
def record():
    return full_record()


@pytest.fixture(scope="module")
def book(record):
    return openpyxl.load_workbook(io.BytesIO(xlsx.build(record)))


def entry(record, title):
    return next(e for e in record["modules"][0]["stages"]["samling"]["entries"]
                if e["title"] == title)


def block(ws, title, element):
    """The table under the heading `title`: {first column: {header: value}}."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, row in enumerate(rows) if row[0] == title)
    header_at = next(i for i in range(start + 1, len(rows)) if rows[i][0] == element)
    headers = rows[header_at]
    table = {}
    for row in rows[header_at + 1:]:
        if row[0] is None:
            break
        table[row[0]] = {h: v for h, v in zip(headers[1:], row[1:], strict=True) if h}
    return table


def test_sheets_overview_and_facts(book):
    assert book.sheetnames == ["Oversikt", *STAGE_SHEETS, "Utvikling"]
    overview = {row[0]: row[1] for row in book["Oversikt"].iter_rows(values_only=True) if row[0]}
    assert overview["Kommune"] == "Sola"
    assert overview["Kommunenummer"] == "1124"
    assert overview["Nettverk"] == "Digi Rogaland"
    assert overview["Laget"] == datetime(2026, 11, 24, 11, 0)  # Oslo time of 10:00Z
    assert overview["Minste gruppe som vises"] == 3
    status = {row[0]: row[2] for row in book["Oversikt"].iter_rows(values_only=True)}
    assert status["Modul 1 Samling"] == "11 aktiviteter"
    assert status["Modul 3 Samling"] == "Ingen data ennå"


def test_choice_numbers_beside_the_room(book, record):
    filed = entry(record, TITLES["choice"])
    table = block(book["Modul 1 Samling"], TITLES["choice"], "Alternativ")
    options = filed["definition"]["options"]
    assert list(table) == options
    for index, option in enumerate(options):
        own = filed["own"]["result"]["counts"][index]
        room = filed["room"]["result"]["counts"][index]
        assert table[option]["Sola: antall"] == own
        assert table[option]["Hele samlingen: antall"] == room
        assert table[option]["Sola: andel (%)"] == pytest.approx(round(100 * own / 5, 1))
        assert isinstance(table[option]["Sola: antall"], int | float)


def test_every_kind_has_its_numbers(book, record):
    ws = book["Modul 1 Samling"]
    words = block(ws, TITLES["wordcloud"], "Ord")
    for word in entry(record, TITLES["wordcloud"])["own"]["result"]["words"]:
        assert words[word["word"]]["Sola: antall"] == word["count"]
    scale = block(ws, TITLES["scale"], "Påstand")
    for statement in entry(record, TITLES["scale"])["room"]["result"]["statements"]:
        assert scale[statement["text"]]["Hele samlingen: snitt"] == statement["mean"]
        assert scale[statement["text"]]["Hele samlingen: antall svar"] == statement["n"]
    ranking = block(ws, TITLES["ranking"], "Alternativ")
    for option in entry(record, TITLES["ranking"])["own"]["result"]["options"]:
        assert ranking[option["label"]]["Sola: poeng"] == option["points"]
        assert ranking[option["label"]]["Sola: snittplass"] == option["mean_rank"]
    points = block(ws, TITLES["points"], "Alternativ")
    for option in entry(record, TITLES["points"])["room"]["result"]["options"]:
        assert points[option["label"]]["Hele samlingen: sum"] == option["sum"]
        assert points[option["label"]]["Hele samlingen: snitt"] == option["mean"]
    qa = block(ws, TITLES["qa"], "Spørsmål")
    for question in entry(record, TITLES["qa"])["room"]["result"]["questions"]:
        assert qa[question["text"]]["Hele samlingen: stemmer"] == question["votes"]
    own_questions = {q["text"] for q in entry(record, TITLES["qa"])["own"]["result"]["questions"]}
    assert {text for text, row in qa.items() if row["Fra Sola"] == "Ja"} == own_questions
    answers = block(ws, TITLES["open_text"], "Svar")
    filed = entry(record, TITLES["open_text"])
    room_texts = [a["text"] for a in filed["room"]["result"]["answers"]]
    assert list(answers) == room_texts
    assert {t for t, row in answers.items() if row["Fra Sola"] == "Ja"} == {
        a["text"] for a in filed["own"]["result"]["answers"]}


def cells_of(ws, reference):
    """The values a chart reference ('Sheet'!$C$13:$C$15) points at."""
    low_col, low_row, high_col, high_row = range_boundaries(
        reference.split("!")[1].replace("$", ""))
    return [ws.cell(row, column).value for row in range(low_row, high_row + 1)
            for column in range(low_col, high_col + 1)]


def test_charts_point_at_the_numbers(book, record):
    ws = book["Modul 1 Samling"]
    charts = ws._charts
    # choice, wordcloud, scale, ranking, points, the suppressed choice: bars;
    # open text, Q&A, the fully suppressed scale and the unknown kinds: none.
    assert len(charts) == 6
    assert all(chart.tagname == "barChart" for chart in charts)
    choice = charts[0]
    assert [series.tx.v for series in choice.series] == ["Sola", "Hele samlingen"]
    assert cells_of(ws, choice.series[0].cat.strRef.f) == entry(
        record, TITLES["choice"])["definition"]["options"]
    assert cells_of(ws, choice.series[0].val.numRef.f) == [20, 40, 40]  # Sola's shares
    assert cells_of(ws, choice.series[1].val.numRef.f) == [33.3, 33.3, 33.3]
    scale = charts[2]
    means = [s["mean"] for s in entry(record, TITLES["scale"])["own"]["result"]["statements"]]
    assert cells_of(ws, scale.series[0].val.numRef.f) == means


def test_suppressed_parts_say_so_and_have_no_chart(book, record):
    ws = book["Modul 1 Samling"]
    table = block(ws, "Hvem eier digitaliseringen?", "Alternativ")
    first = next(iter(table.values()))
    assert first["Sola: antall"] == "skjult: færre enn 3"
    assert all(row["Sola: andel (%)"] is None for row in table.values())
    room = entry(record, "Hvem eier digitaliseringen?")["room"]["result"]["counts"]
    assert [row["Hele samlingen: antall"] for row in table.values()] == room
    suppressed_chart = ws._charts[-1]
    assert len(suppressed_chart.series) == 1  # only the room's bars
    texts = [row[0] for row in ws.iter_rows(values_only=True) if row[0]]
    assert "Sola: skjult (færre enn 3 svarte) · Hele samlingen: skjult (færre enn 3 svarte)" \
        in texts


def test_unknown_kind_shows_its_payload_as_a_table(book):
    ws = book["Modul 1 Samling"]
    cells = block(ws, "Vurderinger", "Kapabilitet")
    assert cells["Digitalt visjonær"]["Sola: snitt"] == 2.4
    assert cells["Sluttkundefokus"]["Hele samlingen: nivå"] == 2
    notes = block(ws, "Notater", "Tekst")
    assert notes["Siloer mellom sektorene"]["Sola: stemmer"] == 4


def test_forarbeid_etterarbeid_and_dates(book):
    ws = book["Modul 1 Forarbeid"]
    rows = [row for row in ws.iter_rows(values_only=True) if row[0]]
    rating = [row for row in rows if row[0] == "Hvor moden er ledergruppen for endring?"]
    assert [row[1] for row in rating[:3]] == [4, 5, 3]
    assert rating[0][3] == datetime(2026, 11, 10, 9, 31)  # 08:31Z in Oslo
    assert any(row[1] == "(ikke besvart)" for row in rows)
    ratings = block(ws, "Vurderinger i forarbeidet", "Spørsmål")
    assert ratings["Hvor moden er ledergruppen for endring?"]["Snitt"] == 4.0
    assert len(ws._charts) == 1
    after = book["Modul 1 Etterarbeid"]
    facts = {row[0]: row[1] for row in after.iter_rows(values_only=True) if row[0]}
    assert facts["Ambisjonsnivå"] == 3
    initiatives = block(after, "Tiltak", "Tiltak")
    due = initiatives["Kartlegge datadeling mellom helse og oppvekst"]
    assert due["Frist"] == datetime(2027, 3, 1)  # a real date, not text
    assert due["Horisont"] == "Kort sikt" and due["Status"] == "Startet"
    assert after["C" + str(next(c.row for c in after["A"] if c.value == "Kartlegge "
                                "datadeling mellom helse og oppvekst"))].number_format \
        == "dd.mm.yyyy"


def test_trajectory_is_a_line_chart(book):
    ws = book["Utvikling"]
    table = block(ws, "Hvor moden er ledergruppen for endring?", "Modul")
    assert table["Modul 1"] == {"Sola": 4.0, "Median i programmet": 3.5}
    assert table["Modul 3"] == {"Sola": None, "Median i programmet": None}
    assert [chart.tagname for chart in ws._charts] == ["lineChart", "lineChart"]


def test_empty_record_gives_every_sheet_saying_no_data():
    book = openpyxl.load_workbook(io.BytesIO(xlsx.build(empty_record())))
    assert book.sheetnames == ["Oversikt", *STAGE_SHEETS, "Utvikling"]
    for name in [*STAGE_SHEETS, "Utvikling"]:
        ws = book[name]
        assert "Ingen data ennå" in [row[0] for row in ws.iter_rows(values_only=True)], name
        assert ws._charts == []


def test_one_module_only():
    record = full_record()
    record["modules"] = record["modules"][:1]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.build(record)))
    assert book.sheetnames == ["Oversikt", "Modul 1 Forarbeid", "Modul 1 Samling",
                               "Modul 1 Etterarbeid", "Utvikling"]


def test_text_from_people_is_never_a_formula():
    record = full_record()
    filed = record["modules"][0]["stages"]["samling"]["entries"][FULL_KINDS.index("open_text")]
    filed["room"]["result"]["answers"][0]["text"] = "=HYPERLINK(\"http://x\")"
    book = openpyxl.load_workbook(io.BytesIO(xlsx.build(record)))
    cells = [c for row in book["Modul 1 Samling"].iter_rows() for c in row
             if c.value == "=HYPERLINK(\"http://x\")"]
    assert cells and all(c.data_type == "s" for c in cells)
