"""Admin pages: programmes and their settings, municipalities by hand and by
CSV, the consent text on the join page, the Admin link."""

from __future__ import annotations

import io
import re

import pytest
from support import log_in, log_in_as

from facilitate.store import grants, programmes, users

PASSWORD = "passord-for-test"


@pytest.fixture
def root(app, db, client):
    """A client logged in as a site admin."""
    user_id = users.add_user(db, "root", PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
    grants.grant(db, user_id, "admin")
    return log_in_as(client, "root", PASSWORD)


def page(response) -> str:
    return response.get_data(as_text=True)


def field_error(html: str, field: str) -> str:
    """The error shown beside a field, checking the field points to it."""
    tag = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field}"[^>]*>', html)
    assert tag, f"no field {field}"
    assert 'aria-invalid="true"' in tag[0], tag[0]
    assert f'{field}-error' in tag[0], tag[0]
    found = re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', html, re.S)
    assert found, f"no error beside {field}"
    return found[1]


GOOD = {"name": "Kompetanseløftet, Digi Nordland 2026-2027", "network": "Digi Nordland",
        "period_from": "2026-08-01", "period_to": "2027-06-30", "consent_text": "",
        "retention_months": "24", "min_group_size": "4", "module_1": "Modul 1: Organisasjon",
        "module_2": "Modul 2: Ledelse", "module_3": "Modul 3: Strategi og styring",
        "module_4": "Modul 4: Teknologi"}


def test_a_site_admin_creates_a_programme(root, db):
    response = root.post("/admin/programmes/new?lang=en", data=GOOD)
    assert response.status_code == 302
    created = next(p for p in programmes.list_programmes(db) if p["network"] == "Digi Nordland")
    assert response.headers["Location"] == f"/admin/programmes/{created['id']}/municipalities"
    assert (created["period_from"], created["period_to"]) == ("2026-08-01", "2027-06-30")
    assert (created["retention_months"], created["min_group_size"]) == (24, 4)
    assert programmes.period_label(created) == "2026-2027"
    titles = [m["title"] for m in programmes.modules_of(db, created["id"])]
    assert titles[2] == "Modul 3: Strategi og styring"
    # Untouched titles are stored as defaults, so they read in English too.
    english = [m["title"] for m in programmes.modules_of(db, created["id"], "en")]
    assert english[0] == "Module 1: Organisation" and english[2] == "Modul 3: Strategi og styring"
    assert "Digi Nordland" in page(root.get("/admin?lang=en"))


def test_bad_programme_input_is_refused_beside_each_field_and_kept(root, db):
    before = len(programmes.list_programmes(db))
    bad = {**GOOD, "name": "  ", "period_from": "2027-01-01", "period_to": "2026-01-01",
           "retention_months": "0", "min_group_size": "21", "module_2": "",
           "network": "Digi\x07 Nordland"}
    response = root.post("/admin/programmes/new?lang=en", data=bad)
    assert response.status_code == 400
    html = page(response)
    assert "Write the programme's name." in field_error(html, "name")
    assert "control characters" in field_error(html, "network")
    assert "cannot end before it starts" in field_error(html, "period_to")
    assert "from 1 to 120" in field_error(html, "retention_months")
    assert "from 2 to 20" in field_error(html, "min_group_size")
    assert "title" in field_error(html, "module_2")
    assert 'value="2027-01-01"' in html and 'value="Modul 3: Strategi og styring"' in html
    assert len(programmes.list_programmes(db)) == before


def test_the_programme_admin_edits_settings_and_module_titles(client, db, demo):
    log_in(client, demo)
    url = f"/admin/programmes/{demo['programme_id']}/settings"
    assert 'value="Module 1: Organisation"' in page(client.get(url + "?lang=en"))
    assert 'value="Modul 1: Organisasjon"' in page(client.get(url + "?lang=nb"))
    consent = "Svarene lagres i kommunens programlogg.\nDe slettes etter 12 måneder."
    response = client.post(url, data={**GOOD, "name": "Digi Rogaland 2026", "network": "Digi R",
                                      "consent_text": consent, "retention_months": "12",
                                      "min_group_size": "5"})
    assert response.status_code == 302
    found = programmes.get_programme(db, demo["programme_id"])
    assert (found["name"], found["consent_text"], found["min_group_size"]) == \
        ("Digi Rogaland 2026", consent, 5)
    # The join page shows the programme's own consent text, line breaks kept.
    join = page(client.get(f"/j/{demo['gathering']['code']}"))
    assert "De slettes etter 12 måneder." in join and 'class="consent-text"' in join
    assert "which its coordinator can read and download" not in page(
        client.get(f"/j/{demo['gathering']['code']}?lang=en"))


def test_the_join_page_keeps_the_standard_text_without_a_consent_text(client, demo):
    join = page(client.get(f"/j/{demo['gathering']['code']}?lang=en"))
    assert "which its coordinator can read and download" in join
    assert "consent-text" not in join


def test_a_new_gathering_copies_the_programmes_minimum_group(client, db, demo):
    log_in(client, demo)
    programmes.update_programme(db, demo["programme_id"], min_group_size=6)
    municipality = demo["municipalities"][0]["id"]
    response = client.post(f"/admin/programmes/{demo['programme_id']}/gatherings/new", data={
        "module": "2", "date": "2026-10-01", "plan": "shipped:modul-2-ledelse",
        "municipalities": [municipality]})
    assert response.status_code == 302
    new_id = int(response.headers["Location"].split("/")[-2])
    row = db.execute("SELECT min_group_size, title, module FROM gatherings WHERE id = ?",
                     [new_id]).fetchone()
    assert row == (6, "Modul 2: Ledelse – dagssamling", 2)
    assert demo["gathering"]["min_group_size"] == 3  # an earlier gathering keeps its own


def test_the_admin_link_shows_for_those_who_manage_something(app, db, client, demo):
    assert "data-admin-link" not in page(client.get("/login"))
    log_in(client, demo)
    assert "data-admin-link" in page(client.get("/"))
    user_id = users.add_user(db, "fac", PASSWORD, method=app.config["PASSWORD_HASH_METHOD"])
    grants.grant(db, user_id, "facilitator", demo["programme_id"])
    other = log_in_as(app.test_client(), "fac", PASSWORD)
    assert "data-admin-link" not in page(other.get("/"))
    assert demo["gathering"]["title"] in page(other.get("/"))


# --- municipalities ------------------------------------------------------------------


@pytest.fixture
def programme(db):
    return programmes.create_programme(db, "P", "Digi Test")


def upload(client, programme_id, data: bytes, lang="en"):
    return client.post(f"/admin/programmes/{programme_id}/municipalities/import?lang={lang}",
                       data={"file": (io.BytesIO(data), "kommuner.csv")},
                       content_type="multipart/form-data")


def names(db, programme_id):
    return {m["name"]: (m["kommunenummer"], m["expected_participants"])
            for m in programmes.list_municipalities(db, programme_id)}


def test_import_adds_then_updates(root, db, programme):
    data = "\ufeffNavn;Kommunenummer;Forventede deltakere\r\nSola;1124;6\r\nHå;1119;\r\n"
    response = upload(root, programme, data.encode())
    assert response.status_code == 302
    assert names(db, programme) == {"Sola": ("1124", 6), "Hå": ("1119", None)}
    assert "2 added, 0 updated" in page(root.get(response.headers["Location"] + "?lang=en"))
    response = upload(root, programme, b"navn,knr,deltakere\nSola kommune,1124,8\nTime,1121,4\n")
    assert response.status_code == 302
    assert names(db, programme) == {"Sola kommune": ("1124", 8), "Hå": ("1119", None),
                                    "Time": ("1121", 4)}


def test_a_bad_file_imports_nothing_and_names_each_bad_line(root, db, programme):
    programmes.add_municipality(db, programme, "Klepp", "1120")
    data = "navn;kommunenummer;deltakere\nSola;1124;6\nSandnes;11x8;3\nKlepp;1199;2\n"
    response = upload(root, programme, data.encode())
    assert response.status_code == 400
    html = page(response)
    problems = re.findall(r"<li>(Line \d+: .*?)</li>", html)
    assert problems == ["Line 3: Kommunenummer must be 4 digits, not “11x8”.",
                        "Line 4: Klepp is already in the programme with kommunenummer 1120."]
    assert 'aria-invalid="true"' in html and "import-problems" in html
    assert names(db, programme) == {"Klepp": ("1120", None)}


def test_import_without_a_file_is_refused_beside_the_field(root, programme):
    response = root.post(f"/admin/programmes/{programme}/municipalities/import?lang=en",
                         data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a CSV file." in page(response)


def test_add_rename_retire_and_restore_by_hand(root, db, programme):
    url = f"/admin/programmes/{programme}/municipalities/add?lang=en"
    assert root.post(url, data={"name": "Sola", "kommunenummer": "1124",
                                "expected_participants": "7"}).status_code == 302
    refused = root.post(url, data={"name": "sola", "kommunenummer": "12345",
                                   "expected_participants": "-1"})
    assert refused.status_code == 400
    html = page(refused)
    assert "4 digits" in field_error(html, "kommunenummer")
    assert "from 0 to 1000" in field_error(html, "expected_participants")
    assert 'value="sola"' in html
    refused = root.post(url, data={"name": "SOLA", "kommunenummer": ""})
    assert "already in the programme" in field_error(page(refused), "name")
    sola = programmes.list_municipalities(db, programme)[0]
    edit = f"/admin/municipalities/{sola['id']}/edit?lang=en"
    assert root.post(edit, data={"name": "Sola kommune", "kommunenummer": "1124",
                                 "expected_participants": ""}).status_code == 302
    renamed = programmes.get_municipality(db, sola["id"])
    assert (renamed["name"], renamed["slug"], renamed["expected_participants"]) == \
        ("Sola kommune", "sola", None)  # the slug, and so printed QR codes, stay
    assert root.post(f"/admin/municipalities/{sola['id']}/retire").status_code == 302
    assert programmes.get_municipality(db, sola["id"])["retired_at"]
    assert programmes.list_municipalities(db, programme, include_retired=False) == []
    form = page(root.get(f"/admin/programmes/{programme}/gatherings/new?lang=en"))
    assert "Sola kommune" not in form.split("data-municipality-choices")[1]  # not offered
    assert root.post(f"/admin/municipalities/{sola['id']}/restore").status_code == 302
    assert programmes.get_municipality(db, sola["id"])["retired_at"] is None


def test_names_that_fold_to_the_same_slug_get_their_own(db, programme):
    first = programmes.add_municipality(db, programme, "Bø", "1867")
    second = programmes.add_municipality(db, programme, "Bo", "3801")
    assert programmes.get_municipality(db, first)["slug"] == "bo"
    assert programmes.get_municipality(db, second)["slug"] == "bo-2"
