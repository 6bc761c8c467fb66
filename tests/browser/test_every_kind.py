"""Every activity kind can be answered on a 360 px phone and is counted on
the projector."""

from __future__ import annotations

import pytest
from flows import join_phone, log_in_and_start, open_activity, open_projector
from playwright.sync_api import Page, expect

from facilitate.activities import KINDS


def fill_choice(phone: Page) -> None:
    phone.locator(".option input").first.check()


def fill_wordcloud(phone: Page) -> None:
    phone.fill("#word-0", "Tillit")


def fill_open_text(phone: Page) -> None:
    phone.fill("#open-text", "Mer samarbeid på tvers")


def fill_scale(phone: Page) -> None:
    phone.locator(".scale-options label").first.click()


def fill_ranking(phone: Page) -> None:
    phone.locator(".rank-list li").nth(1).get_by_role("button").first.click()


def fill_qa(phone: Page) -> None:
    phone.fill("#qa-ask", "Hvordan kommer vi i gang?")


def fill_points(phone: Page) -> None:
    inputs = phone.locator(".points-row input")
    total = int(phone.locator("[data-points-left]").inner_text().split()[0])
    inputs.first.fill(str(total))
    expect(phone.locator("[data-points-left]")).to_contain_text("0")


def fill_board(phone: Page) -> None:
    # Opened without "start the group work": the phone finds its group itself
    # (its municipality's), then adds a note; tests/browser/test_breakout.py
    # runs a whole breakout.
    expect(phone.locator("[data-board-group]")).to_have_text("Randaberg")
    phone.fill("[data-note-text]", "Mer samarbeid på tvers")


FILLERS = {"choice": fill_choice, "wordcloud": fill_wordcloud, "open_text": fill_open_text,
           "scale": fill_scale, "ranking": fill_ranking, "qa": fill_qa, "points": fill_points,
           "board": fill_board}


def test_every_registered_kind_has_a_filler():
    assert set(FILLERS) == set(KINDS)


# One phone answers: the room's minimum group is 1 here, so its answer counts.
@pytest.mark.min_group(1)
@pytest.mark.parametrize("kind", list(KINDS))
def test_kind_answered_on_phone_and_counted_on_projector(server, pages, kind):
    console = log_in_and_start(pages(), server)
    projector = open_projector(pages(1920, 1080), server)
    open_activity(console, server, kind)
    phone = join_phone(pages(width=360, height=740), server, "Randaberg")
    FILLERS[kind](phone)
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")
    expect(projector.locator("[data-respondents]")).to_have_text("1 har svart")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
