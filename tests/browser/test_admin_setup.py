"""Setting up a programme in the browser, without editing a file: a site
admin creates the programme, imports its municipalities from a CSV file,
invites a facilitator and a coordinator (who set their passwords through
the links in browsers of their own), creates a gathering from a shipped
plan, edits a session plan, and the facilitator opens the console.

Pages are read in English (?lang=en, kept by the session), so the test reads
the same before and after the bokmål catalog is compiled."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect
from servers import Server, seed_instance

from facilitate import create_app
from facilitate.store import grants, users
from facilitate.store.db import connect

ROOT, ROOT_PASSWORD = "root", "root-passord-123"
CSV = ("\ufeffNavn;Kommunenummer;Forventede deltakere\r\n"
       "Sola;1124;6\r\nHå;1119;5\r\nKlepp;1120;4\r\nTime;1121;\r\n").encode()


@pytest.fixture
def admin_server(tmp_path, monkeypatch):
    """The demo instance plus a site admin, served."""
    seeded = seed_instance(tmp_path / "instance", monkeypatch)
    app = create_app()
    db = connect(app.config["DATABASE"])
    try:
        user_id = users.add_user(db, ROOT, ROOT_PASSWORD)
        grants.grant(db, user_id, "admin")
    finally:
        db.conn.close()
    process = Server(seeded["instance"]).start()
    try:
        yield {**seeded, "base": process.base}
    finally:
        process.stop()


def log_in(page: Page, base: str, username: str, password: str, path: str = "/") -> None:
    page.goto(f"{base}/login?lang=en&next={path}")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("[data-login-form] button[type=submit]")


def invite(admin: Page, role: str, note: str, municipality: str | None = None) -> str:
    admin.click("[data-tab='people']")
    admin.select_option("#role", role)
    if municipality:
        admin.select_option("#municipality", label=municipality)
    admin.fill("#note", note)
    admin.click("[data-invite-form] button[type=submit]")
    expect(admin.locator("[data-invite-link]")).to_contain_text("does not send e-mail")
    return admin.input_value("[data-invite-url]")


def accept(page: Page, link: str, username: str, password: str) -> None:
    page.goto(link + "?lang=en")
    page.fill("#username", username)
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.click("[data-accept-form] button[type=submit]")
    expect(page.locator(".flash.info")).to_contain_text(username)


def test_an_admin_sets_up_a_programme_in_the_browser(admin_server, pages):
    base = admin_server["base"]
    admin = pages()
    log_in(admin, base, ROOT, ROOT_PASSWORD, "/admin")
    admin.click("[data-new-programme]")

    # The programme; a bad period is refused beside its field and nothing typed is lost.
    admin.fill("#name", "Kompetanseløftet, Digi Agder 2026-2027")
    admin.fill("#network", "Digi Agder")
    admin.fill("#period_from", "2027-06-30")
    admin.fill("#period_to", "2026-08-01")
    admin.fill("#consent_text", "Svarene lagres i kommunens programlogg i 24 måneder.")
    admin.click("[data-programme-form] button[type=submit]")
    expect(admin.locator("#period_to")).to_have_attribute("aria-invalid", "true")
    expect(admin.locator("#period_to-error")).to_be_visible()
    expect(admin.locator("#network")).to_have_value("Digi Agder")
    admin.fill("#period_from", "2026-08-01")
    admin.fill("#period_to", "2027-06-30")
    admin.click("[data-programme-form] button[type=submit]")

    # Municipalities from a CSV file, as Norwegian Excel saves it.
    admin.set_input_files("#file", files=[{"name": "kommuner.csv", "mimeType": "text/csv",
                                           "buffer": CSV}])
    admin.click("[data-import-form] button[type=submit]")
    rows = admin.locator("[data-municipalities] tbody tr")
    expect(rows).to_have_count(4)
    expect(admin.locator("[data-municipality='Hå']")).to_contain_text("1119")

    # People: a facilitator and Sola's coordinator, each through their own link.
    facilitator_link = invite(admin, "facilitator", "kari@agder.no")
    coordinator_link = invite(admin, "coordinator", "ola@sola.kommune.no", "Sola")
    facilitator = pages()
    accept(facilitator, facilitator_link, "kari", "kari-passord-1")
    coordinator = pages()
    accept(coordinator, coordinator_link, "ola", "ola-passord-12")
    reused = pages()
    reused.goto(coordinator_link + "?lang=en")
    expect(reused.locator("[data-invite-refused]")).to_contain_text("already been used")
    admin.reload()
    expect(admin.locator("[data-person='ola'][data-role='coordinator']")).to_contain_text("Sola")
    expect(admin.locator("[data-person='kari'][data-role='facilitator']")).to_be_visible()

    # A gathering of three municipalities from a shipped plan, chosen by the helper.
    admin.click("[data-tab='gatherings']")
    admin.click("[data-new-gathering]")
    admin.fill("#date", "2026-09-15")
    admin.fill("#pick", "3")
    admin.click("[data-suggest]")
    expect(admin.locator("[data-municipality-choices] input:checked")).to_have_count(3)
    expect(admin.locator("#date")).to_have_value("2026-09-15")
    admin.click("[data-save]")
    expect(admin.locator("h1")).to_have_text("Modul 1: Organisasjon – dagssamling")
    gathering_id = int(admin.url.rstrip("/").split("/")[-2])

    # A session plan from that gathering, edited in the browser.
    admin.click("[data-tab='plans']")
    admin.select_option("#source", f"gathering:{gathering_id}")
    admin.fill("#name", "Agder modul 1")
    admin.click("[data-new-plan-form] button[type=submit]")
    expect(admin.locator("[data-run-of-show] li").first).to_contain_text("09:00")
    original = admin.input_value("#toml")
    lines = original.splitlines()
    bad_line = next(n for n, line in enumerate(lines, 1) if line.startswith("start = "))
    lines[bad_line - 1] = 'start = "9.00"'
    admin.fill("#toml", "\n".join(lines))
    admin.click("#save")
    error = admin.locator("[data-plan-error]")
    expect(error).to_contain_text(f"Line {bad_line}")
    expect(error).to_have_attribute("data-line", str(bad_line))
    expect(admin.locator("#toml")).to_have_attribute("aria-invalid", "true")
    assert 'start = "9.00"' in admin.input_value("#toml")  # what was typed is kept
    admin.click("[data-goto-line]")
    expect(admin.locator("#toml")).to_be_focused()
    admin.fill("#toml", original.replace('title = "Velkommen og innsjekk"',
                                         'title = "God morgen, Agder"', 1))
    admin.click("#save")
    expect(admin.locator(".flash.info")).to_be_visible()
    expect(admin.locator("[data-run-of-show]")).to_contain_text("God morgen, Agder")
    with sqlite3.connect(admin_server["database"]) as db:
        saved = db.execute("SELECT toml FROM plans WHERE name = 'Agder modul 1'").fetchone()[0]
    assert 'title = "God morgen, Agder"' in saved

    # The facilitator finds the gathering on the index and opens its console.
    facilitator.goto(f"{base}/")
    facilitator.click(f"a[href='/console/{gathering_id}']")
    expect(facilitator.locator("[data-connection]")).to_have_class("conn online")
    expect(facilitator.locator("[data-agenda] li").first).to_be_visible()
    # The coordinator may not: that is not their role.
    coordinator.goto(f"{base}/console/{gathering_id}")
    expect(coordinator.locator("h1")).to_have_text("No access")

    # The join page shows the programme's own consent text.
    with sqlite3.connect(admin_server["database"]) as db:
        code = db.execute("SELECT code FROM gatherings WHERE id = ?",
                          [gathering_id]).fetchone()[0]
    phone = pages(360, 740)
    phone.goto(f"{base}/j/{code}")
    expect(phone.locator("[data-consent-text]")).to_have_text(
        "Svarene lagres i kommunens programlogg i 24 måneder.")
