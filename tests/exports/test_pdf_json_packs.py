"""The PDF summary (its text extracted with pypdf), the JSON and the PACKS table."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitate import exports
from facilitate.exports import json_export, pdf

from .records import FULL_KINDS, TITLES, empty_record, full_record, scaled_record

MODULE_TITLES = ["Modul 1: Organisasjon", "Modul 2: Ledelse", "Modul 3: Strategi",
                 "Modul 4: Teknologi"]


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace (line breaks inside table cells) made single spaces."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def full_text():
    return pdf_text(pdf.build(full_record()))


def test_pdf_says_who_what_and_the_numbers(full_text):
    assert full_text.count("Sola") > 5
    assert "Kompetanseløftet i digital transformasjon" in full_text
    assert "Sammendrag for ledergruppen" in full_text
    assert "Laget 24. november 2026" in full_text
    for title in MODULE_TITLES:
        assert title in full_text
    record = full_record()
    entries = record["modules"][0]["stages"]["samling"]["entries"]
    scale = entries[FULL_KINDS.index("scale")]
    assert scale["question"] in full_text
    assert "5,25" in full_text  # Sola's mean on the second statement, decimal comma
    points = entries[FULL_KINDS.index("points")]
    assert "44,8" in full_text and points["own"]["result"]["options"][0]["mean"] == 44.8
    assert "40 %" in full_text  # a share of the choice
    for title in TITLES.values():
        assert title in full_text


def test_pdf_prework_etterarbeid_and_trajectory(full_text):
    assert "Forarbeid – Felles forståelse" in full_text
    assert "At tjenestene starter hos innbyggeren" in full_text
    assert "Snitt 4,00 på en skala 1–6 (3 svar)" in full_text
    assert "Ambisjonsnivå: 3" in full_text
    assert "Kartlegge datadeling mellom helse og oppvekst" in full_text
    assert "01.03.2027" in full_text
    assert "Utvikling gjennom programmet" in full_text
    assert "Median i programmet" in full_text


def test_pdf_says_plainly_what_is_hidden(full_text):
    assert "Sola: skjult (færre enn 3 svarte)" in full_text
    assert "Hele samlingen: skjult (færre enn 3 svarte)" in full_text
    assert "Der færre enn 3 svarte, er tallene skjult." in full_text


def test_pdf_drops_what_the_font_cannot_print(full_text):
    assert "Mer deling av data på tvers av sektorene (4)" in full_text
    assert "🚀" not in full_text


def test_pdf_unknown_kinds_as_tables(full_text):
    assert "Digitalt visjonær" in full_text
    assert "Siloer mellom sektorene" in full_text


def test_pdf_for_a_municipality_with_no_data():
    data = pdf.build(empty_record())
    text = pdf_text(data)
    assert data.startswith(b"%PDF")
    assert "Sola" in text
    for title in MODULE_TITLES:
        assert title in text
    assert text.count("Ingen data ennå") >= 5  # each module and the trajectory
    assert len(PdfReader(io.BytesIO(data)).pages) == 2


def test_pdf_font_is_shipped_with_its_licence():
    assert (pdf.FONTS / "DejaVuSans.ttf").is_file()
    assert (pdf.FONTS / "DejaVuSans-Bold.ttf").is_file()
    assert "Bitstream Vera" in (pdf.FONTS / "LICENSE.txt").read_text()
    # The package's own copy, never the machine's fonts: the PDF is the same everywhere.
    assert pdf.FONTS == Path(pdf.__file__).parent / "fonts"


@pytest.mark.parametrize("make", [full_record, empty_record])
def test_json_round_trips(make):
    record = make()
    data = json_export.build(record)
    assert json.loads(data.decode("utf-8")) == record
    assert "Kompetanseløftet".encode() in data  # UTF-8, not \\u escapes
    assert data.startswith(b'{\n  "schema": "facilitate.record/1"')


def test_packs_name_build_mimetype_and_extension():
    assert set(exports.PACKS) == {"xlsx", "csv", "json", "pdf"}
    for name, (build, mimetype, extension) in exports.PACKS.items():
        assert callable(build) and "/" in mimetype and extension
        for record in (empty_record(), scaled_record(3)):
            assert isinstance(build(record), bytes), name
    assert exports.PACKS["pdf"][1:] == ("application/pdf", "pdf")
    assert exports.PACKS["csv"][1:] == ("application/zip", "zip")
