"""The phone at 360 px as a participant uses it: what is on, the saved-answer
confirmation, drafts, resets, limits, votes that keep focus, announcements,
the offline notice, the join form, the ended gathering and nynorsk."""

from __future__ import annotations

import gettext
import json
import sqlite3
from pathlib import Path

import pytest
from flows import answer_choice, join_phone, log_in_and_start, open_activity
from playwright.sync_api import Page, expect

PHONE = {"width": 360, "height": 740}
ROLE = "Kommunedirektør"
BOKMAL = gettext.translation("messages", str(Path(__file__).parents[2] / "translations"), ["nb"])


def said(msgid: str, **params) -> str:
    """What a bokmål page shows for a message: its translation once the
    catalog has it, else the English msgid (new messages wait for the
    catalog update), with the script's {name} placeholders filled in."""
    text = BOKMAL.gettext(msgid)
    for name, value in params.items():
        text = text.replace(f"{{{name}}}", str(value))
    return text


def item(server: dict, kind: str) -> dict:
    return next(i for i in server["items"] if i["activity_kind"] == kind)


def fits_width(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def go_to(console: Page, server: dict, position: int) -> None:
    console.locator(f"[data-agenda] li[data-item='{position}'] button").click()
    expect(console.locator(f"[data-agenda] li[data-item='{position}']")).to_have_class("current")


@pytest.mark.min_group(1)
def test_main_path_answer_confirm_change_and_results(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "choice")
    question = item(server, "choice")["definition"]["question"]
    expect(phone.locator("[data-question]")).to_have_text(question)
    expect(phone.locator("[data-now-type]")).to_have_text("Flervalg")

    answer_choice(phone, ROLE)
    confirmation = phone.locator("[data-confirmation]")
    expect(confirmation).to_be_visible()
    expect(confirmation.locator("[data-saved-summary]")).to_have_text(ROLE)
    expect(phone.locator("[data-answer-form]")).to_be_hidden()
    # The person who sent is taken to the confirmation.
    expect(confirmation).to_be_focused()
    fits_width(phone)

    phone.click("[data-change-answer]")
    expect(phone.get_by_label(ROLE, exact=True)).to_be_checked()
    expect(phone.locator("[data-send]")).to_have_text("Oppdater svaret")
    phone.get_by_label("Annen rolle", exact=True).check()
    phone.click("[data-send]")
    expect(confirmation.locator("[data-saved-summary]")).to_have_text("Annen rolle")

    console.click("[data-action='results.reveal']")
    expect(phone.locator("[data-results] [data-bar]").first).to_be_visible()
    fits_width(phone)


def test_a_talk_shows_what_is_on_and_no_stale_saved_mark(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "choice")
    answer_choice(phone, ROLE)
    talk = next(i for i in server["items"] if i["type"] == "talk")
    go_to(console, server, talk["position"])
    expect(phone.locator("[data-current-title]")).to_have_text(talk["title"])
    expect(phone.locator("[data-now-type]")).to_have_text("Innlegg")
    expect(phone.locator("[data-message]")).to_have_text(said(
        "Nothing to answer right now. Questions show up here by themselves."))
    expect(phone.locator("[data-answer-status]")).to_have_text("")
    expect(phone.locator("[data-confirmation]")).to_be_hidden()


def test_reset_then_open_again_does_not_show_the_deleted_answer(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "choice")
    answer_choice(phone, ROLE)
    expect(phone.locator("[data-confirmation]")).to_be_visible()

    console.click("[data-action='activity.reset']")  # the confirm() is accepted
    expect(phone.locator("[data-confirmation]")).to_be_hidden()
    console.click("[data-action='activity.open']")
    expect(phone.locator("[data-send]")).to_have_text("Send")
    expect(phone.get_by_label(ROLE, exact=True)).not_to_be_checked()
    expect(phone.locator("[data-confirmation]")).to_be_hidden()
    # and a reload (answers from the server) agrees
    phone.reload()
    expect(phone.locator("[data-connection]")).to_have_class("conn online")
    expect(phone.get_by_label(ROLE, exact=True)).not_to_be_checked()
    expect(phone.locator("[data-confirmation]")).to_be_hidden()


def test_a_draft_survives_lock_and_open_and_a_reload(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "open_text")
    phone.fill("#open-text", "Mer deling på tvers av sektorer")

    console.click("[data-action='activity.lock']")
    expect(phone.locator("[data-answer-form]")).to_be_hidden()
    console.click("[data-action='activity.open']")
    expect(phone.locator("#open-text")).to_have_value("Mer deling på tvers av sektorer")

    phone.reload()
    expect(phone.locator("#open-text")).to_have_value("Mer deling på tvers av sektorer")
    phone.click("[data-send]")
    expect(phone.locator("[data-saved-summary]")).to_have_text("Mer deling på tvers av sektorer")
    # sent: the draft is gone, the saved answer remains
    drafts = phone.evaluate("Object.entries(localStorage).filter(([k]) => k.includes('drafts'))")
    assert all(json.loads(value) == {} for _key, value in drafts)


def test_multiple_choice_up_to_two_says_so_and_stops_a_third(server, pages):
    choice = item(server, "choice")
    definition = dict(choice["definition"], multiple=True, max_choices=2)
    with sqlite3.connect(server["database"]) as db:
        db.execute("UPDATE items SET definition = ? WHERE id = ?",
                   [json.dumps(definition), choice["id"]])
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "choice")
    expect(phone.locator("[data-choice-hint]")).to_have_text(said("Choose up to {n}", n=2))
    boxes = phone.locator(".option input")
    boxes.nth(0).check()
    boxes.nth(1).check()
    expect(boxes.nth(2)).to_be_disabled()
    assert phone.locator(".option input:checked").count() == 2
    boxes.nth(1).uncheck()
    expect(boxes.nth(2)).to_be_enabled()


def test_a_focused_vote_button_keeps_focus_when_others_ask_and_vote(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "qa")
    asker = join_phone(pages(**PHONE), server, "Sola")
    asker.fill("#qa-ask", "Hvem eier dataene?")
    asker.click("[data-send]")
    voter = join_phone(pages(**PHONE), server, "Hå")
    button = voter.get_by_role("button", name="Hvem eier dataene?")
    label = "Vote up: {text} ({n} votes)"
    expect(button).to_have_accessible_name(said(label, text="Hvem eier dataene?", n=0))
    button.focus()
    voter.keyboard.press("Enter")
    expect(button).to_have_accessible_name(said(label, text="Hvem eier dataene?", n=1))
    expect(button).to_be_focused()
    # someone else asks a question that goes to the top, and votes
    other = join_phone(pages(**PHONE), server, "Time")
    other.fill("#qa-ask", "Når starter vi?")
    other.click("[data-send]")
    # a new question is said once, politely; vote counts going up are not
    expect(voter.locator("[data-announcer]")).to_have_text(
        said("New question: {text}", text="Når starter vi?"))
    other.get_by_role("button", name="Når starter vi?").click()
    other.get_by_role("button", name="Hvem eier dataene?").click()
    expect(voter.locator("[data-vote-list] li")).to_have_count(2)
    expect(button).to_have_accessible_name(said(label, text="Hvem eier dataene?", n=2))
    expect(button).to_be_focused()
    assert voter.evaluate("document.activeElement.closest('li').dataset.questionId") is not None
    expect(voter.locator("[data-announcer]")).to_have_attribute("aria-live", "polite")


def test_moving_an_option_in_a_ranking_says_where_it_went(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "ranking")
    phone = join_phone(pages(**PHONE), server, "Sola")
    first = item(server, "ranking")["definition"]["options"][0]
    down = phone.get_by_role("button", name=f"Flytt ned: {first}")
    down.click()
    expect(phone.locator("[data-rank-moved]")).to_have_text(
        said("{option}: now number {n}", option=first, n=2))
    expect(phone.locator(".rank-list li").nth(1)).to_contain_text(first)


def test_votes_are_inactive_when_questions_are_locked(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "qa")
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.fill("#qa-ask", "Hvem eier dataene?")
    phone.click("[data-send]")
    vote = phone.get_by_role("button", name="Hvem eier dataene?")
    expect(vote).to_be_visible()
    console.click("[data-action='activity.lock']")
    expect(vote).to_have_attribute("aria-disabled", "true")
    vote.dispatch_event("click")  # a tap on it does nothing
    phone.wait_for_timeout(500)
    expect(vote).to_have_attribute("aria-pressed", "false")
    expect(vote).to_contain_text("0")
    console.click("[data-action='activity.close']")
    expect(vote).to_have_attribute("aria-disabled", "true")


def test_a_screen_reader_is_told_when_a_question_opens_and_closes(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    announcer = phone.locator("[data-announcer]")
    open_activity(console, server, "choice")
    question = item(server, "choice")["definition"]["question"]
    expect(announcer).to_contain_text(question)
    console.click("[data-action='activity.close']")
    expect(announcer).to_have_text("Dette spørsmålet er lukket.")
    console.click("[data-action='results.reveal']")
    expect(announcer).to_have_text(said("The results are shown now."))


def test_offline_is_a_small_indicator_and_a_calm_banner(server, pages):
    console = log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    open_activity(console, server, "choice")
    header = phone.locator(".topbar").bounding_box()["height"]
    phone.context.set_offline(True)
    expect(phone.locator("[data-offline-banner]")).to_be_visible(timeout=15000)
    indicator = phone.locator("[data-connection]")
    expect(indicator).not_to_have_class("conn online")
    assert indicator.bounding_box()["height"] < 40
    assert phone.locator(".topbar").bounding_box()["height"] <= header + 1
    fits_width(phone)
    phone.context.set_offline(False)
    expect(phone.locator("[data-offline-banner]")).to_be_hidden(timeout=15000)


def test_the_current_question_shows_before_the_socket_connects(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "choice")
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.route("**/socket.io/**", lambda route: route.abort())
    phone.reload()
    question = item(server, "choice")["definition"]["question"]
    expect(phone.locator("[data-question]")).to_have_text(question)
    expect(phone.get_by_label(ROLE, exact=True)).to_be_visible()
    expect(phone.locator("[data-connection]")).not_to_have_class("conn online")


def test_a_new_phone_after_the_end_learns_it_at_once(server, pages):
    console = log_in_and_start(pages(), server)
    console.click("[data-action='gathering.end']")
    expect(console.locator("[data-action='gathering.start']")).to_be_visible()
    phone = pages(**PHONE)
    phone.goto(f"{server['base']}/j/{server['gathering']['code']}")
    expect(phone.locator("[data-ended]")).to_have_text("Samlingen er avsluttet. Takk for i dag!")
    expect(phone.locator("[data-join-form]")).to_have_count(0)


def test_a_forty_character_name_does_not_widen_the_page(server, pages):
    phone = pages(**PHONE)
    phone.goto(f"{server['base']}/j/{server['gathering']['code']}")
    phone.select_option("[data-municipality]", label="Sola")
    phone.fill("#display_name", "K" * 40)
    phone.locator("#consent").check()
    phone.locator("[data-join-form] button[type=submit]").click()
    expect(phone.locator("[data-who]")).to_contain_text("K" * 40)
    fits_width(phone)


def test_join_errors_focus_the_first_field_and_say_error_in_the_title(server, pages):
    phone = pages(**PHONE)
    phone.goto(f"{server['base']}/j/{server['gathering']['code']}")
    phone.locator("[data-join-form] button[type=submit]").click()
    expect(phone).to_have_title(f"{said('Error:')} Bli med · {server['gathering']['title']}")
    expect(phone.locator("#municipality")).to_be_focused()
    expect(phone.locator("#municipality")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#municipality")).to_have_accessible_description("Velg kommunen din.")


def test_joining_with_25_municipalities_fits_one_screen(server, pages):
    with sqlite3.connect(server["database"]) as db:
        gathering = server["gathering"]
        missing = db.execute(
            "SELECT id FROM municipalities WHERE programme_id = ? AND id NOT IN "
            "(SELECT municipality_id FROM gathering_municipalities WHERE gathering_id = ?)",
            [gathering["programme_id"], gathering["id"]]).fetchall()
        extra = [db.execute("INSERT INTO municipalities (programme_id, name, slug) VALUES "
                            "(?, ?, ?)", [gathering["programme_id"], name, slug]).lastrowid
                 for name, slug in (("Nord-Aurdal", "nord-aurdal"), ("Sør-Varanger", "sor"))]
        for (municipality_id,) in missing + [(e,) for e in extra]:
            db.execute("INSERT INTO gathering_municipalities VALUES (?, ?)",
                       [gathering["id"], municipality_id])
        assert db.execute("SELECT COUNT(*) FROM gathering_municipalities WHERE gathering_id = ?",
                          [gathering["id"]]).fetchone()[0] == 25
    phone = pages(**PHONE)
    phone.goto(f"{server['base']}/j/{server['gathering']['code']}?m=sola")
    expect(phone.locator("[data-municipality]")).to_have_value(str(next(
        m["id"] for m in server["municipalities"] if m["name"] == "Sola")))
    button = phone.locator("[data-join-form] button[type=submit]").bounding_box()
    assert button["y"] + button["height"] <= 740
    assert phone.evaluate("document.documentElement.scrollHeight") <= 740
    fits_width(phone)
    phone.locator("#consent").check()
    phone.locator("[data-join-form] button[type=submit]").click()
    expect(phone.locator("[data-who]")).to_contain_text("Sola")


def test_a_phone_switches_to_nynorsk_and_stays_connected(server, pages):
    log_in_and_start(pages(), server)
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.get_by_role("link", name="Nynorsk").click()
    expect(phone.locator("html")).to_have_attribute("lang", "nn")
    expect(phone.locator("[data-connection]")).to_have_class("conn online")
    expect(phone.locator("[data-connection]")).to_have_text("Tilkopla")
    expect(phone.locator("[data-message]")).to_have_text(
        "Vent til prosessleiaren opnar neste spørsmål.")
    expect(phone.get_by_role("link", name="Bokmål")).to_be_visible()
    fits_width(phone)


@pytest.mark.min_group(1)
def test_the_phones_own_municipality_comes_first_and_absent_ones_get_no_card(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "choice")
    stavanger = join_phone(pages(**PHONE), server, "Stavanger")
    sola = join_phone(pages(**PHONE), server, "Sola")
    answer_choice(stavanger, ROLE)
    answer_choice(sola, ROLE)
    console.select_option("[data-view-mode]", "by_municipality")
    console.click("[data-show-preview]")  # a view is the console's own until shown
    console.click("[data-action='results.reveal']")
    groups = sola.locator("[data-results] [data-group]")
    expect(groups).to_have_count(2)  # only the two municipalities that answered
    expect(groups.first).to_contain_text("Sola")
    expect(stavanger.locator("[data-results] [data-group]").first).to_contain_text("Stavanger")


def test_numbers_are_norwegian_on_the_phone(server, pages):
    phone = join_phone(pages(**PHONE), server, "Sola")
    assert phone.evaluate(
        "import('/static/js/i18n.js').then((m) => m.t('mean', { m: 2.8333 }))") == \
        "Gjennomsnitt 2,83"
    assert phone.evaluate("import('/static/js/i18n.js').then((m) => m.formatNumber(12345))") \
        == "12\u00a0345"
    assert phone.evaluate("import('/static/js/i18n.js').then((m) => m.formatNumber(2040))") \
        == "2040"


def test_an_unsent_question_survives_a_reload_and_goes_once_sent(server, pages):
    console = log_in_and_start(pages(), server)
    open_activity(console, server, "qa")
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.fill("#qa-ask", "Hvem eier dataene?")
    phone.reload()
    expect(phone.locator("#qa-ask")).to_have_value("Hvem eier dataene?")
    phone.click("[data-send]")
    expect(phone.locator("[data-vote-list] li")).to_have_count(1)
    expect(phone.locator("#qa-ask")).to_have_value("")
    phone.reload()
    expect(phone.locator("[data-vote-list] li")).to_have_count(1)
    expect(phone.locator("#qa-ask")).to_have_value("")
