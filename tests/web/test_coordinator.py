"""The coordinator's portal: the record by module and stage, pre-work and
after-work forms, downloads, the leaders' link, the phone's pre-work, and the
admin's audit log and erasure. Who may open which URL is in test_scope.py."""

from __future__ import annotations

import json
import re

import pytest
from support import join, log_in, log_in_as

from facilitate.demo import seed_demo
from facilitate.store import devices, gatherings, grants, programmes, records, users

PASSWORD = "passord-for-test"


@pytest.fixture
def ran(app, db):
    """The demo with module 1's day already run, as `facilitate demo` seeds it."""
    seeded = seed_demo(db, app.config["SESSIONS_DIR"],
                       method=app.config["PASSWORD_HASH_METHOD"], with_record=True)
    by_name = {m["name"]: programmes.get_municipality(db, m["id"])
               for m in records.municipalities(db, seeded["programme_id"])}
    return {**seeded, "by_name": by_name}


def coordinator(app, ran, name="Stavanger"):
    username = next(c["username"] for c in ran["coordinators"] if c["municipality"] == name)
    return log_in_as(app.test_client(), username, ran["coordinator_password"])


def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_coordinator_sees_only_their_own_municipality(app, ran):
    client = coordinator(app, ran)
    listing = page(client.get("/record?lang=en"))
    assert f'data-record-link="{ran["by_name"]["Stavanger"]["id"]}"' in listing
    assert "data-record-link=" in listing and listing.count("data-record-link=") == 1
    assert "Audit log" not in listing


def test_the_record_shows_the_finished_day_with_suppression(app, ran):
    stavanger = ran["by_name"]["Stavanger"]
    text = page(coordinator(app, ran).get(f"/record/{stavanger['id']}?lang=en"))
    assert "Programme record: Stavanger" in text
    assert ran["ran_gathering"]["title"] in text
    assert "Lederegenskaper" in text and "Filed " in text and "revision" in text
    assert "6 answered" in text  # Stavanger's six phones
    hå = ran["by_name"]["Hå"]  # two phones: below the minimum group
    hidden = page(log_in(app.test_client(), ran).get(f"/record/{hå['id']}?lang=en"))
    assert "Hidden: fewer than 3 answers" in hidden
    own_parts = re.findall(r'data-part="own">.*?</section>', hidden, re.S)
    assert own_parts and all("data-result-json" not in part for part in own_parts)


def test_an_empty_module_says_nothing_is_filed_yet(app, ran):
    text = page(coordinator(app, ran).get(
        f"/record/{ran['by_name']['Stavanger']['id']}?module=3&lang=en"))
    assert "Nothing has been filed from a gathering of this module yet." in text
    assert "No initiatives yet." in text


def test_prework_is_refused_beside_the_field_and_keeps_what_was_typed(app, ran, db):
    stavanger = ran["by_name"]["Stavanger"]
    client = coordinator(app, ran)
    refused = client.post(f"/record/{stavanger['id']}/prework/2?lang=en",
                          data={"q-q1": "Tydelige mål", "q-rustet": "9"})
    assert refused.status_code == 400
    text = page(refused)
    assert "Choose a value on the scale." in text and "Tydelige mål" in text
    assert "q1" not in records.prework_answers(db, stavanger["id"], 2)  # nothing half-saved
    saved = client.post(f"/record/{stavanger['id']}/prework/2",
                        data={"q-q1": "Tydelige mål", "q-rustet": "5", "q-gruppeoppgave": ""})
    assert saved.status_code == 302
    answers = records.prework_answers(db, stavanger["id"], 2)
    assert [(a["value"], a["by"]) for a in answers["q1"]] == [("Tydelige mål", "coordinator")]
    assert answers["rustet"][0]["value"] == 5
    assert "gruppeoppgave" not in answers


def test_ambition_and_initiatives(app, ran, db):
    sola = ran["by_name"]["Sola"]
    client = coordinator(app, ran, "Sola")
    assert client.post(f"/record/{sola['id']}/ambition/2",
                       data={"level": "7", "text": "x"}).status_code == 400
    assert client.post(f"/record/{sola['id']}/ambition/2",
                       data={"level": "4", "text": "Lede an"}).status_code == 302
    assert records.ambition(db, sola["id"], 2)["level"] == 4

    refused = client.post(f"/record/{sola['id']}/initiatives/2?lang=en", data={
        "what": "Datadrevet ledermøte", "owner": "Kari", "due": "snart", "term": "short",
        "status": "planned"})
    assert refused.status_code == 400
    assert "Give a date such as 2027-03-01." in page(refused)
    assert 'value="Datadrevet ledermøte"' in page(refused)
    assert client.post(f"/record/{sola['id']}/initiatives/2", data={
        "what": "Datadrevet ledermøte", "owner": "Kari", "due": "2027-03-01", "term": "short",
        "status": "planned"}).status_code == 302
    [made] = records.initiatives(db, sola["id"], 2)
    assert client.post(f"/record/{sola['id']}/initiatives/2/{made['id']}", data={
        **made, "due": made["due"], "status": "started"}).status_code == 302
    assert records.initiatives(db, sola["id"], 2)[0]["status"] == "started"
    text = page(client.get(f"/record/{sola['id']}?module=2&lang=en"))
    assert "Datadrevet ledermøte" in text
    assert client.post(f"/record/{sola['id']}/initiatives/2/{made['id']}",
                       data={"delete": "1"}).status_code == 302
    assert records.initiatives(db, sola["id"], 2) == []
    actions = [line["action"] for line in records.audit_log(db, sola["programme_id"])]
    assert {"ambition_saved", "initiative_saved", "initiative_deleted"} <= set(actions)


def test_the_json_download_is_the_record_and_is_audited(app, ran, db):
    stavanger = ran["by_name"]["Stavanger"]
    client = coordinator(app, ran)
    response = client.get(f"/record/{stavanger['id']}/download/json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="programmeregister-stavanger-alle-moduler.json"')
    record = json.loads(response.get_data())
    assert record["schema"] == "facilitate.record/1"
    assert record["municipality"]["name"] == "Stavanger"
    assert [m["number"] for m in record["modules"]] == [1, 2, 3, 4]
    samling = record["modules"][0]["stages"]["samling"]
    assert samling["gatherings"][0]["title"] == ran["ran_gathering"]["title"]
    cloud = next(e for e in samling["entries"] if e["activity_kind"] == "wordcloud")
    assert cloud["own"]["n"] == 6 and cloud["room"]["n"] == 33
    assert record["modules"][0]["stages"]["etterarbeid"]["initiatives"]
    assert record["trajectory"][0]["key"] == "prework:ledergruppen-rustet"
    for name in ("Sandnes", "Sola", "Randaberg"):
        assert name not in json.dumps(record)  # no other municipality is named

    one = json.loads(client.get(f"/record/{stavanger['id']}/download/json?module=2").get_data())
    assert [m["number"] for m in one["modules"]] == [2] and one["module_filter"] == 2
    log = records.audit_log(db, stavanger["programme_id"])
    downloads = [line for line in log if line["action"] == "downloaded"]
    assert [(d["detail"]["format"], d["detail"]["module"], d["username"]) for d in downloads] == [
        ("json", 2, "koordinator-stavanger"), ("json", None, "koordinator-stavanger")]


def test_the_leaders_link_takes_answers_without_an_account(app, ran, db):
    sola = ran["by_name"]["Sola"]
    client = coordinator(app, ran, "Sola")
    client.post(f"/record/{sola['id']}/prework-link")
    token = records.prework_link(db, sola["id"])
    assert token in page(client.get(f"/record/{sola['id']}"))
    leader = app.test_client()
    form = page(leader.get(f"/f/{token}?module=2&lang=en"))
    assert 'name="q-q1"' in form and 'name="q-gruppeoppgave"' not in form  # the group's task
    assert leader.post(f"/f/{token}?module=2", data={"q-q1": "Mot", "q-rustet": "3"}
                       ).status_code == 302
    assert 'Mot</textarea>' in page(leader.get(f"/f/{token}?module=2"))
    other = app.test_client()
    assert 'Mot</textarea>' not in page(other.get(f"/f/{token}?module=2"))
    other.post(f"/f/{token}?module=2", data={"q-q1": "Tillit", "q-rustet": ""})
    answers = records.prework_answers(db, sola["id"], 2)["q1"]
    assert sorted((a["value"], a["by"]) for a in answers) == [("Mot", "leader"),
                                                              ("Tillit", "leader")]
    shown = page(client.get(f"/record/{sola['id']}?module=2&lang=en"))
    assert "2 leaders answered" in shown
    # a new link ends the old one
    client.post(f"/record/{sola['id']}/prework-link")
    assert leader.get(f"/f/{token}").status_code == 404


def test_a_phone_gets_its_own_municipality_prework_beside_the_word_cloud(app, demo, db):
    sola = programmes.get_municipality(db, next(m["id"] for m in demo["municipalities"]
                                                if m["name"] == "Sola"))
    stavanger = programmes.get_municipality(db, demo["municipalities"][0]["id"])
    records.save_prework(db, sola, 1, "F", {"q1": "Tillit"}, by="coordinator",
                         respondent="coordinator")
    records.save_prework(db, stavanger, 1, "F", {"q1": "Hemmelig"}, by="coordinator",
                         respondent="coordinator")
    phone = join(app.test_client(), demo, "Sola")
    cloud = next(i for i in demo["items"] if i["activity_kind"] == "wordcloud")
    found = phone.get(f"/j/{demo['gathering']['code']}/prework/{cloud['id']}").get_json()
    assert found["key"] == "q1"
    assert found["municipalities"] == [{"municipality_id": sola["id"], "name": "Sola",
                                        "answers": ["Tillit"]}]
    choice = next(i for i in demo["items"] if i["activity_kind"] == "choice")
    assert phone.get(f"/j/{demo['gathering']['code']}/prework/{choice['id']}").get_json() is None


def test_an_admin_erases_a_phone_and_the_record_is_filed_again(app, ran, db):
    gathering = ran["ran_gathering"]
    stavanger = ran["by_name"]["Stavanger"]
    device = next(d for d in db.query("SELECT * FROM devices WHERE gathering_id = ? AND "
                                      "municipality_id = ?", [gathering["id"], stavanger["id"]]))
    admin = log_in(app.test_client(), ran)
    bad = admin.post(f"/programme/{ran['programme_id']}/erase-device?lang=en",
                     data={"device_id": "999999"})
    assert bad.status_code == 400 and "There is no such device in this programme." in page(bad)
    assert admin.post(f"/programme/{ran['programme_id']}/erase-device",
                      data={"device_id": str(device["id"])}).status_code == 302
    assert devices.get_device(db, device["id"]) is None
    assert db.execute("SELECT COUNT(*) FROM responses WHERE device_id = ?",
                      [device["id"]]).fetchone()[0] == 0
    entries = records.entries_for(db, ran["programme_id"], stavanger["id"])
    own = [e for e in entries if e["municipality_id"] == stavanger["id"]
           and e["stage"] == "samling"]
    assert own and all(e["payload"]["n"] == 5 for e in own)  # six phones, one erased
    log = page(admin.get(f"/programme/{ran['programme_id']}/audit"))
    assert 'data-audit-action="device_erased"' in log


def test_retention_deletes_answers_and_keeps_the_record(app, ran, db):
    gathering = ran["ran_gathering"]
    before = db.execute("SELECT COUNT(*) FROM record_entries").fetchone()[0]
    with db.conn:
        db.execute("UPDATE programmes SET retention_months = 1 WHERE id = ?",
                   [ran["programme_id"]])
        db.execute("UPDATE gatherings SET date = '2020-01-01' WHERE id = ?",
                   [ran["ran_gathering"]["id"]])
    planned = records.apply_retention(db, dry_run=True)
    assert [p["gathering_id"] for p in planned] == [gathering["id"]]  # held long ago
    assert db.execute("SELECT COUNT(*) FROM devices WHERE gathering_id = ?",
                      [gathering["id"]]).fetchone()[0] == 33
    records.apply_retention(db)
    assert db.execute("SELECT COUNT(*) FROM devices WHERE gathering_id = ?",
                      [gathering["id"]]).fetchone()[0] == 0
    items = [i["id"] for i in gatherings.list_items(db, gathering["id"])]
    assert db.execute(f"SELECT COUNT(*) FROM responses WHERE item_id IN "
                      f"({','.join('?' * len(items))})", items).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM record_entries").fetchone()[0] == before
    assert records.apply_retention(db) == []  # nothing left to delete
    assert records.audit_log(db, ran["programme_id"])[0]["action"] == "retention_deleted"


def test_the_join_page_shows_the_programme_consent_text(app, demo, db, client):
    with db.conn:
        db.execute("UPDATE programmes SET consent_text = ? WHERE id = ?",
                   ["Svarene lagres i kommunens programregister i 12 måneder.",
                    demo["programme_id"]])
    text = page(client.get(f"/j/{demo['gathering']['code']}"))
    assert "Svarene lagres i kommunens programregister i 12 måneder." in text


def test_an_admin_of_the_programme_reads_every_municipality(app, ran, db):
    method = app.config["PASSWORD_HASH_METHOD"]
    user_id = users.add_user(db, "programadmin", PASSWORD, method=method)
    grants.grant(db, user_id, "admin", ran["programme_id"])
    client = log_in_as(app.test_client(), "programadmin", PASSWORD)
    listing = page(client.get("/record"))
    assert listing.count("data-record-link=") == len(ran["by_name"])
    sola = ran["by_name"]["Sola"]
    assert json.loads(client.get(f"/record/{sola['id']}/download/json").get_data()
                      )["municipality"]["name"] == "Sola"
