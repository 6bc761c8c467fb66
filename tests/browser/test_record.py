"""The programme record as people use it: the facilitator runs a question
and closes it; the municipality's coordinator logs in, sees the record fill,
adds the after-work and downloads the JSON pack."""

from __future__ import annotations

import json

import pytest
from flows import answer_choice, join_phone, log_in_and_start, open_activity
from playwright.sync_api import expect
from servers import Server, seed_instance

from facilitate import create_app
from facilitate.store import gatherings, grants, programmes, records, users
from facilitate.store.db import connect

PHONE = {"width": 360, "height": 740}
ROLE = "Kommunedirektør"
COORDINATOR, PASSWORD = "koordinator-stavanger", "passord-for-koordinator"


@pytest.fixture
def server(tmp_path, monkeypatch):
    """The demo on a real server, every answer counted (minimum group 1),
    and a coordinator for Stavanger."""
    seeded = seed_instance(tmp_path / "instance", monkeypatch, 1)
    db = connect(create_app().config["DATABASE"])
    try:
        stavanger = next(m for m in seeded["municipalities"] if m["name"] == "Stavanger")
        programme_id = programmes.get_municipality(db, stavanger["id"])["programme_id"]
        user_id = users.add_user(db, COORDINATOR, PASSWORD, method="pbkdf2:sha256:1")
        grants.grant(db, user_id, "coordinator", programme_id, stavanger["id"])
        # what Stavanger's coordinator filled in before: pre-work for module 1,
        # after-work of module 1 for the check-in at module 2
        full = programmes.get_municipality(db, stavanger["id"])
        records.save_prework(db, full, 1, "Forarbeid", {"q1": "Tillit og mot"},
                             by="coordinator", respondent="coordinator")
        records.save_initiative(db, full, 1, {"what": "Innovasjonsteam", "owner": "Kari",
                                              "due": None, "term": "long", "status": "started"},
                                initiative_id=None, user_id=None)
        module_two = next(g for g in gatherings.list_gatherings(db) if g["module"] == 2)
    finally:
        db.conn.close()
    process = Server(seeded["instance"]).start()
    try:
        yield {**seeded, "base": process.base, "stavanger": stavanger, "module_two": module_two}
    finally:
        process.stop()


def test_a_closed_question_fills_the_coordinators_record(server, pages, tmp_path):
    coordinator = pages()
    record_url = f"{server['base']}/record/{server['stavanger']['id']}"
    coordinator.goto(record_url)
    coordinator.fill("#username", COORDINATOR)
    coordinator.fill("#password", PASSWORD)
    coordinator.click("[data-login-form] button[type=submit]")
    expect(coordinator.locator("h1")).to_contain_text("Stavanger")
    expect(coordinator.locator("[data-nothing-filed]")).to_be_visible()

    console = log_in_and_start(pages(), server)
    open_activity(console, server, "choice")
    answer_choice(join_phone(pages(**PHONE), server, "Stavanger"), ROLE)
    console.click("[data-action='activity.close']")
    expect(console.locator("[data-action='activity.close']")).to_be_disabled()

    coordinator.reload()
    entry = coordinator.locator("[data-entry]", has_text="Hvilken rolle har du i ledergruppen?")
    own = entry.locator("[data-part='own']")
    expect(own.locator("[data-n]")).to_have_attribute("data-n", "1")
    # drawn by the choice kind's own renderer, as the room saw it
    expect(own.locator("[data-bar]", has_text=ROLE).locator("[data-value]")).to_have_text("1")
    expect(entry.locator("[data-part='room'] [data-n]")).to_have_attribute("data-n", "1")

    coordinator.check("#level-3")
    coordinator.fill("#ambition-text", "Ledergruppen eier arbeidet")
    coordinator.click("[data-ambition-form] button[type=submit]")
    expect(coordinator.locator("#level-3")).to_be_checked()
    expect(coordinator.locator("#ambition-text")).to_have_value("Ledergruppen eier arbeidet")

    new = coordinator.locator("[data-initiative-form='initiative-new']")
    new.locator("[name=what]").fill("Fast punkt om digitalisering i ledermøtet")
    new.locator("[name=owner]").fill("Kommunedirektøren")
    new.locator("[name=due]").fill("2027-03-01")
    new.locator("button[type=submit]").click()
    expect(coordinator.locator("[data-initiative='2'] [name=what]")).to_have_value(
        "Fast punkt om digitalisering i ledermøtet")

    with coordinator.expect_download() as download:
        coordinator.locator("[data-download='json']:not([data-download-module])").click()
    saved = tmp_path / "pack.json"
    download.value.save_as(saved)
    record = json.loads(saved.read_text(encoding="utf-8"))
    assert download.value.suggested_filename == "programmeregister-stavanger-alle-moduler.json"
    assert record["municipality"]["name"] == "Stavanger"
    module = record["modules"][0]["stages"]
    [filed] = module["samling"]["entries"]
    assert filed["question"] == "Hvilken rolle har du i ledergruppen?"
    assert filed["own"]["n"] == 1 and filed["own"]["result"]["counts"][0] == 1
    assert module["etterarbeid"]["ambition"] == {"level": 3,
                                                 "text": "Ledergruppen eier arbeidet"}
    assert [(i["what"], i["due"], i["term"], i["status"])
            for i in module["etterarbeid"]["initiatives"]] == [
        ("Innovasjonsteam", None, "long", "started"),
        ("Fast punkt om digitalisering i ledermøtet", "2027-03-01", "short", "planned")]


def test_prework_beside_the_word_cloud_and_the_check_in_on_the_projector(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Stavanger")
    open_activity(console, server, "wordcloud")
    card = console.locator("[data-prework-card] [data-prework-for='Stavanger']")
    expect(card).to_contain_text("Tillit og mot")
    expect(phone.locator("[data-prework-phone]")).to_contain_text("Tillit og mot")

    two = server["module_two"]
    console.goto(f"{server['base']}/console/{two['id']}")
    projector = pages(1920, 1080)
    projector.goto(f"{server['base']}/p/{two['code']}?key={two['presenter_key']}")
    expect(projector.locator("[data-connection]")).to_have_class("conn online")
    expect(projector.locator("[data-checkin]")).to_be_hidden()
    checkin = console.locator("[data-checkin-for='Stavanger']")
    expect(checkin).to_contain_text("Innovasjonsteam")
    checkin.locator("[data-checkin-show]").click()
    expect(projector.locator("[data-checkin]")).to_contain_text("Innovasjonsteam")
    expect(checkin.locator("[data-checkin-show]")).to_have_attribute("aria-pressed", "true")
    checkin.locator("[data-checkin-show]").click()
    expect(projector.locator("[data-checkin]")).to_be_hidden()
