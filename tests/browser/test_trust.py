"""The participant's and the facilitator's side of fake phones and personal
data, in chromium against a real server: a held phone is told and counts
once accepted in the console's phone panel; a participant reads back and
deletes their own answers; a removed phone's page says why, in its language."""

from __future__ import annotations

import sqlite3

import pytest
from flows import answer_choice, join_phone, log_in_and_start, open_activity
from playwright.sync_api import expect
from servers import Server, seed_instance

from facilitate import create_app
from facilitate.live.errors import refusal_payload


@pytest.fixture
def held_server(tmp_path, monkeypatch):
    """The demo with its expected numbers kept, and Sola expecting one phone."""
    seeded = seed_instance(tmp_path / "instance", monkeypatch, min_group_size=1,
                           expected_participants=True)
    sola = next(m["id"] for m in seeded["municipalities"] if m["name"] == "Sola")
    with sqlite3.connect(seeded["database"]) as db:
        db.execute("UPDATE municipalities SET expected_participants = 1 WHERE id = ?", [sola])
    process = Server(seeded["instance"]).start()
    try:
        yield {**seeded, "base": process.base}
    finally:
        process.stop()


def rows(server: dict, sql: str) -> list:
    with sqlite3.connect(server["database"]) as db:
        return db.execute(sql).fetchall()


def message(code: str, locale: str) -> str:
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "DATABASE": ":memory:",
                      "ASYNC_MODE": "threading"})
    with app.app_context():
        return refusal_payload(code, locale)["error"]["message"]


def test_a_held_phone_is_told_and_counts_once_the_facilitator_accepts_it(held_server, pages):
    server = held_server
    console = log_in_and_start(pages(), server)
    first = join_phone(pages(width=360, height=740), server, "Sola")
    second = join_phone(pages(width=360, height=740), server, "Sola")
    expect(first.locator("[data-held-notice]")).to_be_hidden()
    expect(second.locator("[data-held-notice]")).to_be_visible()

    sola = console.locator("[data-devices-for='Sola']")
    expect(sola.locator("summary")).to_contain_text("1")
    held = sola.locator("li[data-held='true']")
    expect(held).to_have_count(1)
    held.locator("[data-accept]").click()
    expect(sola.locator("li[data-held='true']")).to_have_count(0)
    expect(second.locator("[data-held-notice]")).to_be_hidden()
    assert rows(server, "SELECT held FROM devices ORDER BY id") == [(0,), (0,)]


@pytest.mark.min_group(1)
def test_a_participant_reads_back_and_deletes_their_answers(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(width=360, height=740), server, "Sola")
    open_activity(console, server, "choice")
    choice = next(i for i in server["items"] if i["activity_kind"] == "choice")
    option = choice["definition"]["options"][1]
    answer_choice(phone, option)

    phone.locator("[data-my-answers] summary").click()
    mine = phone.locator("[data-my-answer]")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text(option)
    expect(mine).to_contain_text(choice["title"])

    phone.locator("[data-erase-start]").click()
    expect(phone.locator("[data-erase-confirm]")).to_be_visible()
    expect(phone.locator("[data-erase-no]")).to_be_focused()
    phone.locator("[data-erase-no]").click()  # changed their mind: nothing happens
    assert len(rows(server, "SELECT * FROM responses")) == 1
    phone.locator("[data-erase-start]").click()
    phone.locator("[data-erase-yes]").click()
    expect(phone.locator("[data-my-answers-empty]")).to_be_visible()
    expect(phone.locator("[data-my-answers-status]")).not_to_be_empty()
    assert rows(server, "SELECT * FROM responses") == []
    assert rows(server, "SELECT * FROM submissions") == []
    assert len(rows(server, "SELECT * FROM devices")) == 1  # still joined
    # The form is empty again: nothing of the old answer is shown as saved.
    expect(phone.get_by_label(option, exact=True)).not_to_be_checked()


@pytest.mark.parametrize("locale", ["nb", "en"])
def test_a_removed_phone_shows_why_in_its_language(server, pages, locale):
    console = log_in_and_start(pages(), server)
    phone = pages(width=360, height=740)
    phone.goto(f"{server['base']}/j/{server['gathering']['code']}?lang={locale}")
    join_phone(phone, server, "Hå")
    panel = console.locator("[data-devices-for='Hå']")
    panel.locator("summary").click()
    panel.locator("[data-remove]").click()  # confirm() is accepted by the fixture
    expect(phone.locator("[data-goodbye]")).to_have_text(message("removed", locale))
    expect(phone.locator("[data-connection]")).not_to_have_class("conn online")
    expect(panel.locator("[data-device]")).to_have_count(0)
    assert rows(server, "SELECT * FROM devices") == []
    # After a reload the page is the join form again: the phone is gone.
    phone.reload()
    expect(phone.locator("[data-join-form]")).to_be_visible()
