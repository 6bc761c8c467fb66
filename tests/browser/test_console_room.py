"""The facilitator's console as it is used in front of a room: a countdown
every screen shows in step, focus that stays where the facilitator is,
going to item 12 by number, truthful badges, and the day kept browsable
after the end."""

from __future__ import annotations

import re

import pytest
from flows import join_phone, log_in_and_start, open_activity, open_projector
from playwright.sync_api import expect

PHONE = {"width": 360, "height": 740}
DIGITS = re.compile(r"^\d+:\d\d$")


def seconds(text: str) -> int:
    minutes, secs = text.split(":")
    return int(minutes) * 60 + int(secs)


def test_a_countdown_shows_the_same_second_on_every_screen(server, pages):
    console = log_in_and_start(pages(1366, 768), server)
    projector = open_projector(pages(1920, 1080), server)
    phone = pages(**PHONE)
    # This phone's clock is an hour and a half fast: it must not matter.
    phone.add_init_script("(() => { const real = Date.now; Date.now = () => real() + 5400000; })()")
    join_phone(phone, server, "Sola")
    console.locator("[data-agenda] li[data-item='4'] button").click()  # the coffee break
    expect(console.locator("[data-agenda] li[data-item='4']")).to_have_class("current")
    console.fill("[data-timer-minutes]", "10")
    console.click("[data-timer='start']")

    big = projector.locator("[data-big-countdown] [data-countdown-digits]")
    small = phone.locator("[data-phone-countdown] [data-countdown-digits]")
    expect(big).to_have_text(DIGITS)
    expect(small).to_have_text(DIGITS)
    assert abs(seconds(big.inner_text()) - seconds(small.inner_text())) <= 1
    assert 590 <= seconds(big.inner_text()) <= 600

    console.click("[data-timer='pause']")
    expect(phone.locator("[data-phone-countdown] .countdown")).to_have_class(re.compile("paused"))
    paused_at = small.inner_text()
    phone.wait_for_timeout(1500)
    assert small.inner_text() == paused_at == big.inner_text()
    console.click("[data-timer='extend']")  # one more minute
    expect(small).to_have_text(f"{seconds(paused_at) // 60 + 1}:{paused_at.split(':')[1]}")
    console.click("[data-timer='resume']")
    expect(projector.locator("[data-big-countdown] .countdown")).not_to_have_class(
        re.compile("paused"))
    console.click("[data-timer='clear']")
    expect(projector.locator("[data-big-countdown]")).to_be_hidden()
    expect(phone.locator("[data-phone-countdown] .countdown")).to_be_hidden()


def test_focus_stays_where_the_facilitator_is(server, pages):
    console = log_in_and_start(pages(1366, 768), server)
    # Enter on an agenda item: the page redraws, focus stays on that item.
    item = console.locator("[data-agenda] li[data-item='2'] button")
    item.focus()
    console.keyboard.press("Enter")
    expect(console.locator("[data-agenda] li[data-item='2']")).to_have_class("current")
    expect(console.locator("[data-agenda] li[data-item='2'] button")).to_be_focused()

    # Enter on "Open": the button is disabled once open, focus moves beside it.
    open_button = console.locator("[data-action='activity.open']")
    open_button.focus()
    console.keyboard.press("Enter")
    expect(open_button).to_be_disabled()
    expect(console.locator("[data-action='activity.lock']")).to_be_focused()

    # A focused "Hide" keeps focus while phones answer and the list redraws.
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.fill("#word-0", "tydelig")
    phone.fill("#word-1", "modig")
    phone.click("[data-send]")
    hide = console.locator("[data-moderation-item] button").first
    expect(hide).to_be_visible()
    hide.focus()
    other = join_phone(pages(**PHONE), server, "Hå")
    other.fill("#word-0", "Tillit")
    other.click("[data-send]")
    expect(console.locator("[data-moderation-item]")).to_have_count(3)
    expect(console.locator("[data-moderation-item] button").first).to_be_focused()

    # Hiding one word hides that word only, not the rest of the phone's answer.
    console.keyboard.press("Enter")
    expect(console.locator("[data-moderation-item]").first).to_have_class("hidden-answer")
    expect(console.locator("[data-moderation-item].hidden-answer")).to_have_count(1)


def test_single_key_shortcuts_can_be_switched_off(server, pages):
    console = log_in_and_start(pages(1366, 768), server)
    console.locator("body").press("o")  # on by default: opens the check-in question
    expect(console.locator("[data-action='activity.open']")).to_be_disabled()
    console.locator("details:has([data-single-keys]) summary").click()
    console.uncheck("[data-single-keys]")
    console.evaluate("document.activeElement.blur()")
    console.keyboard.press("c")
    console.wait_for_timeout(500)
    expect(console.locator("[data-action='activity.close']")).to_be_enabled()
    assert console.locator("[data-action='activity.close']").get_attribute(
        "aria-keyshortcuts") is None
    console.keyboard.press("ArrowRight")  # arrows and clickers always work
    expect(console.locator("[data-agenda] li[data-item='1']")).to_have_class("current")
    console.reload()
    expect(console.locator("[data-single-keys]")).not_to_be_checked()  # remembered


@pytest.mark.min_group(1)
def test_item_twelve_by_number_badges_tell_the_truth_and_the_day_stays_browsable(server,
                                                                                 pages):
    dialogs = []
    console = log_in_and_start(pages(1366, 768), server)
    console.on("dialog", lambda dialog: dialogs.append(dialog.message))
    projector = open_projector(pages(1920, 1080), server)
    open_activity(console, server, "wordcloud")
    phone = join_phone(pages(**PHONE), server, "Sola")
    phone.fill("#word-0", "Tillit")
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")

    # Typing 1 then 2 goes to item 12, past the nine single digits.
    console.locator("body").press("1")
    console.locator("body").press("2")
    expect(console.locator("[data-agenda] li[data-item='11']")).to_have_class("current")
    # The word cloud left open is paused, and its badge says so.
    cloud = console.locator("[data-agenda] li[data-item='2'] [data-badge]")
    expect(cloud).to_have_attribute("data-badge", "locked")
    expect(cloud).to_have_text("låst")
    # The number form reaches any item too.
    console.fill("[data-goto-number]", "15")
    console.press("[data-goto-number]", "Enter")
    expect(console.locator("[data-agenda] li[data-item='14']")).to_have_class("current")
    assert "Spørsmål" not in console.locator("[data-agenda] li[data-item='14'] [data-item-kind]") \
        .inner_text()  # the agenda names the activity kind ("Fritekst"), not "Question"

    console.click("[data-action='gathering.end']")
    expect(console.locator("[data-ended-banner]")).to_be_visible()
    expect(projector.locator("[data-current-title]")).to_have_text(
        "Samlingen er avsluttet. Takk for i dag!")
    # Looking back: the word cloud's results, read only, the room untouched.
    console.locator("[data-agenda] li[data-item='2'] button").click()
    expect(console.locator("[data-results] [data-word]")).to_have_text(["Tillit"])
    expect(console.locator("[data-activity-controls]")).to_be_hidden()
    expect(console.locator("[data-moderation-item] button")).to_have_count(0)
    expect(projector.locator("[data-current-title]")).to_have_text(
        "Samlingen er avsluttet. Takk for i dag!")

    # Starting again asks first.
    assert len(dialogs) == 1  # "end the gathering?"
    console.click("[data-action='gathering.start']")
    expect(console.locator("[data-ended-banner]")).to_be_hidden()
    assert len(dialogs) == 2
