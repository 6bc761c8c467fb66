"""The CSV importer with any bytes: never a 500, never half an import."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from support import log_in

from facilitate.model.municipality_csv import parse
from facilitate.store import programmes

# Municipalities as a network's files list them; a clash or a bad cell now and then.
PAIRS = [("Sola", "1124"), ("Hå", "1119"), ("Bø", "1867"), ("Bo", "9999"), ("Kvitsøy", "1144"),
         ("Ørland", "5057"), ("Time", "1121"), ("Sandnes", " 1108 "), ("Oslo", "0301"),
         ("Stavanger", "1103")]
BAD_NAMES = ["", " ", "X" * 120, "Ny\x01kommune", "=+-", "Sola"]
BAD_NUMBERS = ["301", "11a4", "", "12345", "1119"]
COUNTS = st.sampled_from(["", "0", "8", "1000", " 12 "] * 5 + ["1001", "-3", "mange", "7.5"])


@st.composite
def rows_of(draw):
    name, number = draw(st.sampled_from(PAIRS))
    if draw(st.integers(0, 19)) == 0:
        name = draw(st.sampled_from(BAD_NAMES))
    if draw(st.integers(0, 19)) == 0:
        number = draw(st.sampled_from(BAD_NUMBERS))
    return name, number, draw(COUNTS)


@st.composite
def csv_files(draw):
    """Mostly CSV-shaped files (so many import), sometimes any bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=400))
    separator = draw(st.sampled_from([";", ","]))
    header = draw(st.sampled_from([["navn", "kommunenummer", "forventede deltakere"],
                                   ["Name", "KNR", "Deltakere"], ["kommune", "nummer", "antall"],
                                   ["name", "knr"]] * 3 + [["foo", "bar"]]))
    # Mostly without repeats within the file (a repeat refuses the whole file).
    unique = (lambda row: row[0].strip().casefold(), lambda row: row[1].strip())
    rows = draw(st.lists(rows_of(), max_size=6,
                         unique_by=unique if draw(st.integers(0, 5)) else None))
    lines = [separator.join(header)] + [separator.join(row) for row in rows]
    text = draw(st.sampled_from(["\n", "\r\n"])).join(lines)
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return (bom + text).encode(draw(st.sampled_from(["utf-8"] * 9 + ["cp1252"])),
                               errors="replace")


def snapshot(db, programme_id):
    return sorted((m["name"], m["kommunenummer"], m["expected_participants"], m["slug"])
                  for m in programmes.list_municipalities(db, programme_id))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=csv_files())
def test_any_file_imports_whole_or_not_at_all(app, db, demo, data):
    client = log_in(app.test_client(), demo)
    programme_id = demo["programme_id"]
    before = snapshot(db, programme_id)
    response = client.post(f"/admin/programmes/{programme_id}/municipalities/import",
                           data={"file": (io.BytesIO(data), "x.csv")},
                           content_type="multipart/form-data")
    assert response.status_code in (302, 400), response.status_code
    event(f"status {response.status_code}")
    after = snapshot(db, programme_id)
    parsed = parse(data)
    if response.status_code == 400:
        assert after == before
        return
    assert parsed.ok
    imported = {(row.name, row.kommunenummer, row.expected_participants) for row in parsed.rows}
    assert imported <= {(name, number, count) for name, number, count, _slug in after}
    # Only the imported rows changed; every slug is still unique.
    assert len({slug for *_rest, slug in after}) == len(after)
    untouched = [m for m in before if m[1] not in {row.kommunenummer for row in parsed.rows}
                 and m[0].casefold() not in {row.name.casefold() for row in parsed.rows}]
    assert set(untouched) <= set(after)
    # Import it again: nothing new is added.
    again = client.post(f"/admin/programmes/{programme_id}/municipalities/import",
                        data={"file": (io.BytesIO(data), "x.csv")},
                        content_type="multipart/form-data")
    assert again.status_code == 302
    assert len(snapshot(db, programme_id)) == len(after)
