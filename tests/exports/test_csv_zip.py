"""The CSV zip, unpacked and parsed as Norwegian Excel would."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from facilitate.exports import csv_zip

from .records import FULL_KINDS, TITLES, empty_record, full_record

NAMES = [f"modul-{n}-{key}-{stage}.csv"
         for n, key in ((1, "organisasjon"), (2, "ledelse"), (3, "strategi"), (4, "teknologi"))
         for stage in ("forarbeid", "samling", "etterarbeid")]


def unpack(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def table(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                               delimiter=";"))


def number(text: str) -> float:
    return float(text.replace(",", "."))


@pytest.fixture(scope="module")
def record():
    return full_record()


@pytest.fixture(scope="module")
def files(record):
    return unpack(csv_zip.build(record))


def test_one_file_per_module_and_stage_and_a_readme(files):
    assert sorted(files) == sorted([*NAMES, "utvikling.csv", "README.txt"])
    readme = files["README.txt"].decode("utf-8-sig")
    assert "semikolon" in readme and "desimalkomma" in readme
    assert "Sola (1124)" in readme
    assert "skjult: færre enn 3" in readme
    for name in NAMES:
        assert name in readme


def test_samling_numbers_match_the_record(files, record):
    rows = table(files["modul-1-organisasjon-samling.csv"])
    assert list(rows[0]) == ["Samling", "Dato", "Aktivitet", "Type", "Spørsmål", "Element",
                             "Gjelder", "Mål", "Verdi", "Merknad"]
    entries = {e["title"]: e for e in record["modules"][0]["stages"]["samling"]["entries"]}

    def values(title, side, measure):
        return {row["Element"]: row["Verdi"] for row in rows if row["Aktivitet"] == title
                and row["Gjelder"] == side and row["Mål"] == measure}

    choice = entries[TITLES["choice"]]
    counts = values(TITLES["choice"], "Sola", "Antall")
    assert [int(counts[o]) for o in choice["definition"]["options"]] == \
        choice["own"]["result"]["counts"]
    shares = values(TITLES["choice"], "Hele samlingen", "Andel (%)")
    assert [number(v) for v in shares.values()] == [33.3, 33.3, 33.3]
    assert "33,3" in shares.values()  # decimal comma
    assert values(TITLES["choice"], "Sola", "Antall svar") == {"": "5"}
    scale = values(TITLES["scale"], "Sola", "Snitt")
    for statement in entries[TITLES["scale"]]["own"]["result"]["statements"]:
        assert number(scale[statement["text"]]) == statement["mean"]
    points = values(TITLES["points"], "Hele samlingen", "Sum")
    for option in entries[TITLES["points"]]["room"]["result"]["options"]:
        assert int(points[option["label"]]) == option["sum"]
    texts = [row["Verdi"] for row in rows if row["Aktivitet"] == TITLES["open_text"]
             and row["Gjelder"] == "Sola" and row["Mål"] == "Svar"]
    assert texts == [a["text"] for a in entries[TITLES["open_text"]]["own"]["result"]["answers"]]
    assert {row["Dato"] for row in rows} == {"2026-11-24"}


def test_suppressed_parts_are_empty_with_a_note(files):
    rows = table(files["modul-1-organisasjon-samling.csv"])
    hidden = [row for row in rows if row["Aktivitet"] == "Hvem eier digitaliseringen?"
              and row["Gjelder"] == "Sola"]
    assert hidden == [{**hidden[0], "Element": "", "Verdi": "", "Merknad": "skjult: færre enn 3"}]
    both = [row for row in rows if row["Aktivitet"] == "Lite utvalg"]
    assert [row["Merknad"] for row in both] == ["skjult: færre enn 3"] * 2


def test_unknown_kinds_are_rows_too(files):
    rows = table(files["modul-1-organisasjon-samling.csv"])
    mapping = {(row["Element"], row["Gjelder"], row["Mål"]): row["Verdi"] for row in rows
               if row["Type"] == "Kartlegging"}
    assert mapping[("Vurderinger › Digitalt visjonær", "Sola", "Snitt")] == "2,4"
    assert mapping[("Enige om › Nivå", "Sola", "Verdi")] == "2"


def test_forarbeid_etterarbeid_and_trajectory(files):
    before = table(files["modul-1-organisasjon-forarbeid.csv"])
    rating = [row for row in before if row["Type"] == "Vurdering"]
    assert [row["Svar"] for row in rating] == ["4", "5", "3"]
    assert rating[0]["Skala"] == "1–6" and rating[0]["Fra"] == "Koordinator"
    assert before[-1]["Svar"] == ""  # the question nobody answered is still listed
    after = table(files["modul-1-organisasjon-etterarbeid.csv"])
    assert after[0]["Del"] == "Ambisjon" and after[0]["Nivå"] == "3"
    assert [(row["Frist"], row["Status"]) for row in after[1:]] == [
        ("2027-03-01", "Startet"), ("2027-09-30", "Planlagt"), ("2026-12-15", "Ferdig")]
    trajectory = table(files["utvikling.csv"])
    first = [row for row in trajectory if row["Modul"] == "1"][0]
    assert (number(first["Kommunen"]), number(first["Median i programmet"])) == (4.0, 3.5)


def test_empty_record_gives_headers_only():
    files = unpack(csv_zip.build(empty_record()))
    assert sorted(files) == sorted([*NAMES, "utvikling.csv", "README.txt"])
    for name in [*NAMES, "utvikling.csv"]:
        assert files[name].decode("utf-8-sig").count("\r\n") == 1, name
        assert table(files[name]) == []


def test_text_that_excel_would_run_is_defused():
    record = full_record()
    filed = record["modules"][0]["stages"]["samling"]["entries"][FULL_KINDS.index("open_text")]
    filed["own"]["result"]["answers"][0]["text"] = "=1+1"
    rows = table(unpack(csv_zip.build(record))["modul-1-organisasjon-samling.csv"])
    assert "'=1+1" in [row["Verdi"] for row in rows]
    assert "=1+1" not in [row["Verdi"] for row in rows]
