"""The whole path as people use it: facilitator laptop, projector, phones."""

from __future__ import annotations

import sqlite3

import pytest
from flows import answer_choice, join_phone, log_in_and_start, open_activity, open_projector
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
ROLE = "Kommunedirektør"
OTHER_ROLE = "Annen rolle"


def stored_answers(server: dict) -> list[str]:
    with sqlite3.connect(server["database"]) as db:
        return [row[0] for row in db.execute("SELECT value FROM responses ORDER BY id")]


def test_poll_counts_and_small_split_on_the_projector(server, pages):
    console = log_in_and_start(pages(), server)
    projector = open_projector(pages(1920, 1080), server)
    open_activity(console, server, "choice")
    expect(projector.locator("[data-current-title]")).to_have_text(
        "Hvilken rolle har du i ledergruppen?")
    console.click("[data-action='results.reveal']")

    stavanger = [join_phone(pages(**PHONE), server, "Stavanger") for _ in range(3)]
    sandnes = join_phone(pages(**PHONE), server, "Sandnes")
    answer_choice(stavanger[0], ROLE)
    # One answer in the room: counted, but not shown until three have answered.
    expect(projector.locator("[data-respondents]")).to_have_text("1 har svart")
    expect(projector.locator("[data-suppressed]")).to_be_visible()
    expect(projector.locator("[data-bar]")).to_have_count(0)
    for phone in stavanger[1:]:
        answer_choice(phone, ROLE)
    answer_choice(sandnes, OTHER_ROLE)

    bars = projector.locator("[data-bar]")
    expect(projector.locator("[data-respondents]")).to_have_text("4 har svart")
    expect(bars.filter(has_text=ROLE).locator("[data-value]")).to_have_text("3")
    expect(bars.filter(has_text=OTHER_ROLE).locator("[data-value]")).to_have_text("1")
    expect(console.locator("[data-presence-for='Stavanger']")).to_contain_text("3 av 3 har svart")

    # The facilitator looks at the split first; the room still sees everyone.
    console.select_option("[data-view-mode]", "by_municipality")
    expect(console.locator("[data-results] [data-group]", has_text="Sandnes")).to_be_visible()
    expect(projector.locator("[data-group]")).to_have_count(1)
    console.click("[data-show-preview]")
    sandnes_group = projector.locator("[data-group]", has_text="Sandnes")
    expect(sandnes_group.locator("[data-suppressed]")).to_be_visible()
    expect(sandnes_group.locator("[data-bar]")).to_have_count(0)
    # Stavanger alone is 3 of 4: showing it would reveal Sandnes's single
    # answer by subtraction, so it is held back as well.
    expect(projector.locator("[data-group]", has_text="Stavanger")
           .locator("[data-suppressed]")).to_be_visible()


@pytest.mark.min_group(1)
def test_keyboard_drives_agenda_and_reveal_reaches_phones(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    first_title = server["items"][0]["title"]
    expect(phone.locator("[data-current-title]")).to_have_text(first_title)

    console.locator("body").press("ArrowRight")
    expect(phone.locator("[data-current-title]")).to_have_text(server["items"][1]["title"])
    console.locator("body").press("ArrowLeft")
    expect(phone.locator("[data-current-title]")).to_have_text(first_title)
    # The console acts on the item it shows: wait until it shows the first.
    expect(console.locator("[data-agenda] li[data-item='0']")).to_have_class("current")

    # The first item carries the check-in question: O opens it, R reveals.
    console.locator("body").press("o")
    answer_choice(phone, ROLE)
    expect(phone.locator("[data-results-section]")).to_be_hidden()
    console.locator("body").press("r")
    expect(phone.locator("[data-results-section]")).to_be_visible()
    expect(phone.locator("[data-bar]").filter(has_text=ROLE).locator("[data-value]")) \
        .to_have_text("1")
    console.locator("body").press("c")
    expect(phone.locator("[data-message]")).to_have_text("Dette spørsmålet er lukket.")


def test_phone_reloads_mid_answer_and_loses_nothing(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "choice")
    phone = join_phone(pages(**PHONE), server, "Klepp")
    phone.context.set_offline(True)
    expect(phone.locator("[data-connection]")).not_to_have_class("conn online", timeout=15000)
    phone.get_by_label(ROLE, exact=True).check()
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line sending")
    assert stored_answers(server) == []

    phone.context.set_offline(False)
    phone.reload()
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")
    assert stored_answers(server) == ["[0]"]
    # After the reload the phone shows its saved answer, and the outbox (and
    # the draft of the form) is empty.
    expect(phone.locator("[data-saved-summary]")).to_have_text(ROLE)
    expect(phone.get_by_label(ROLE, exact=True)).to_be_checked()
    stored = phone.evaluate("Object.fromEntries(Object.entries(localStorage))")
    assert stored == {"facilitate.outbox." + server["gathering"]["code"]: "[]",
                      "facilitate.drafts." + server["gathering"]["code"]: "{}"}


@pytest.mark.min_group(1)
def test_participant_markup_is_shown_as_text_everywhere(server, pages):
    attack = "<img src=x onerror=alert(1)>"
    console = log_in_and_start(pages(), server)
    projector = open_projector(pages(1920, 1080), server)
    open_activity(console, server, "open_text")
    console.click("[data-action='results.reveal']")
    phone = join_phone(pages(**PHONE), server, "Time")
    phone.fill("#open-text", attack)
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")

    expect(projector.locator("[data-texts] li")).to_have_text(attack)
    expect(console.locator("[data-moderation-item]")).to_contain_text(attack)
    expect(phone.locator("[data-texts] li")).to_have_text(attack)
    for page in (projector, console, phone):
        assert page.locator("[data-results] img").count() == 0

    console.locator("[data-hide]").click()
    expect(projector.locator("[data-texts] li")).to_have_count(0)
    expect(phone.locator("[data-texts] li")).to_have_count(0)


def test_phone_tap_targets_are_large_at_360px(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "choice")
    phone = join_phone(pages(**PHONE), server, "Gjesdal")
    boxes = [phone.locator(selector).first.bounding_box()
             for selector in (".option", "[data-send]")]
    for box in boxes:
        assert box["height"] >= 44
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_qa_questions_asked_offline_all_arrive_and_collect_votes(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "qa")
    console.click("[data-action='results.reveal']")
    projector = open_projector(pages(1920, 1080), server)
    asker = join_phone(pages(**PHONE), server, "Sola")
    asker.context.set_offline(True)
    expect(asker.locator("[data-connection]")).not_to_have_class("conn online", timeout=15000)
    for question in ("Hvem eier dataene?", "Hvordan måler vi gevinster?"):
        asker.fill("#qa-ask", question)
        asker.click("[data-send]")
    asker.context.set_offline(False)
    expect(projector.locator("[data-question]")).to_have_count(2)

    voter = join_phone(pages(**PHONE), server, "Hå")
    voter.get_by_role("button", name="Hvem eier dataene?").click()
    expect(projector.locator("[data-question]").first).to_contain_text("▲ 1")
    expect(projector.locator("[data-question]").first).to_contain_text("Hvem eier dataene?")
