"""The projector fits the screen and obeys the facilitator.

The largest real case (tests/largest.py: 25 municipalities, 12 options and
statements, 100 text answers, 30 questions) in every view at 1920x1080 and
1280x720: nothing scrolls, nothing is cut off, and what is too much for one
screen turns in pages. Results stay off the projector until revealed."""

from __future__ import annotations

import pytest
from flows import join_phone, log_in_and_start, open_activity, open_projector
from largest import KINDS, make_largest
from playwright.sync_api import Page, expect

SIZES = [(1920, 1080), (1280, 720)]
# The smallest text on a slide: about 1/45 of the screen's height.
MIN_FONT = {1080: 24, 720: 16}


def assert_fits(projector: Page, height: int) -> None:
    """No scrolling, nothing of the results outside the screen, text still
    readable from the back of the room."""
    size = projector.evaluate("""() => ({
        scrollW: document.documentElement.scrollWidth,
        scrollH: document.documentElement.scrollHeight,
        w: innerWidth, h: innerHeight,
        bodyOverflow: (() => { const b = document.querySelector('[data-slide-body]');
                               return b.scrollHeight - b.clientHeight; })(),
        outside: [...document.querySelectorAll(
            '[data-results] [data-group], [data-results] li, [data-word]')]
          .filter(e => e.offsetParent !== null)
          .filter(e => { const r = e.getBoundingClientRect();
                         return r.bottom > innerHeight + 1 || r.right > innerWidth + 1
                                || r.left < -1; })
          .length,
        font: parseFloat(getComputedStyle(document.querySelector('[data-results]')).fontSize),
    })""")
    assert size["scrollW"] <= size["w"] and size["scrollH"] <= size["h"], size
    assert size["bodyOverflow"] <= 1, size
    assert size["outside"] == 0, size
    assert size["font"] >= MIN_FONT[height] - 0.5, size


def console_on(page: Page, server: dict, largest: dict) -> Page:
    return log_in_and_start(page, {**server, "gathering": largest["gathering"]})


def show_item(console: Page, item: dict) -> None:
    console.locator(f"[data-agenda] li[data-item='{item['position']}'] button").click()
    expect(console.locator(f"[data-agenda] li[data-item='{item['position']}']")) \
        .to_have_class("current")
    console.click("[data-action='activity.open']")
    expect(console.locator("[data-action='activity.open']")).to_be_disabled()
    console.click("[data-action='results.reveal']")
    expect(console.locator("[data-action='results.reveal']")).to_have_attribute("aria-pressed",
                                                                               "true")


def show_view(console: Page, mode: str, municipality: str | None = None) -> None:
    """Preview a view on the console, then show it to the room."""
    console.select_option("[data-view-mode]", mode)
    if municipality:
        console.select_option("[data-view-focus]", label=municipality)
    console.click("[data-show-preview]")
    expect(console.locator("[data-show-preview]")).to_be_hidden()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_view_of_the_largest_case_fits_without_scrolling(server, pages, width, height):
    largest = make_largest(server["database"], server["gathering"]["programme_id"])
    console = console_on(pages(1366, 768), server, largest)
    projector = open_projector(pages(width, height), {**server, "gathering": largest["gathering"]})
    first = largest["municipalities"][0]["name"]
    for kind in KINDS:
        item = largest["items"][kind]
        show_item(console, item)
        expect(projector.locator("[data-current-title]")).to_have_text(
            item["definition"]["question"])
        expect(projector.locator("[data-results] [data-group]").first).to_be_visible()
        projector.wait_for_timeout(400)
        assert_fits(projector, height)
        if kind == "qa":
            continue  # questions are asked to the room, not split by municipality
        show_view(console, "by_municipality")
        expect(projector.locator("[data-results] [data-group]")).to_have_count(25)
        projector.wait_for_timeout(400)
        assert_fits(projector, height)
        # 25 cards cannot all be readable on one screen: they turn in pages.
        expect(projector.locator("[data-page-indicator]")).to_have_attribute("data-page", "1")
        show_view(console, "versus", first)
        expect(projector.locator("[data-results] [data-group]")).to_have_count(2)
        projector.wait_for_timeout(400)
        assert_fits(projector, height)
        show_view(console, "all")


def test_a_hundred_answers_turn_in_pages_that_show_them_all(server, pages):
    largest = make_largest(server["database"], server["gathering"]["programme_id"])
    console = console_on(pages(1366, 768), server, largest)
    projector = open_projector(pages(1280, 720), {**server, "gathering": largest["gathering"]})
    show_item(console, largest["items"]["open_text"])
    expect(projector.locator("[data-texts] li")).to_have_count(100)
    indicator = projector.locator("[data-page-indicator]")
    expect(indicator).to_have_attribute("data-page", "1")
    pages_total = int(indicator.get_attribute("data-pages"))
    assert pages_total > 1
    seen = set()
    for _ in range(pages_total):
        assert_fits(projector, 720)
        seen |= set(projector.locator("[data-texts] li:visible").all_inner_texts())
        projector.wait_for_timeout(10_300)  # pages turn every 10 s
    assert len(seen) == 100


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_per_municipality_qr_codes_fit(server, pages, width, height):
    largest = make_largest(server["database"], server["gathering"]["programme_id"])
    gathering = largest["gathering"]
    projector = pages(width, height)
    projector.goto(f"{server['base']}/p/{gathering['code']}?key={gathering['presenter_key']}"
                   "&qr=municipalities")
    expect(projector.locator("[data-connection]")).to_have_class("conn online")
    figures = projector.locator("[data-municipality-qrs] figure")
    expect(figures).to_have_count(25)
    projector.wait_for_timeout(300)
    sizes = projector.evaluate("""() => [
        ...document.querySelectorAll('[data-municipality-qrs] figure')].map(f => {
            const r = f.getBoundingClientRect(); return [r.bottom, r.right, r.width]; })""")
    assert all(bottom <= height and right <= width for bottom, right, _ in sizes), sizes
    assert min(w for _, _, w in sizes) >= height / 8  # each still scannable
    assert projector.evaluate("document.documentElement.scrollHeight") <= height


@pytest.mark.min_group(1)
def test_results_reach_the_projector_only_when_revealed(server, pages):
    console = log_in_and_start(pages(1366, 768), server)
    projector = open_projector(pages(1920, 1080), server)
    cloud = next(i for i in server["items"] if i["activity_kind"] == "wordcloud")
    console.locator(f"[data-agenda] li[data-item='{cloud['position']}'] button").click()
    # The question shows before it opens, with the join code big enough to scan.
    expect(projector.locator("[data-current-title]")).to_have_text(cloud["definition"]["question"])
    expect(projector.locator("[data-join]")).to_be_visible()
    open_activity(console, server, "wordcloud")
    reveal = console.locator("[data-action='results.reveal']")
    expect(reveal).to_have_attribute("aria-pressed", "false")
    phone = join_phone(pages(360, 740), server, "Sola")
    phone.fill("#word-0", "Tillit")
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")

    # Hidden: the room sees how many answered, never the words.
    expect(projector.locator("[data-held-count]")).to_have_text("1 har svart")
    expect(projector.locator("[data-word]")).to_have_count(0)
    expect(projector.get_by_text("Tillit")).to_have_count(0)
    expect(projector.locator("[data-join-corner]")).to_be_visible()
    expect(projector.locator("[data-join-corner]")).to_contain_text(server["gathering"]["code"])

    label = reveal.inner_text()
    reveal.click()
    expect(reveal).to_have_attribute("aria-pressed", "true")
    expect(reveal).not_to_have_text(label)  # the label says what a press does now
    expect(projector.locator("[data-word]")).to_have_text(["Tillit"])
    qr = projector.locator("[data-corner-qr]").bounding_box()
    assert 170 <= qr["width"] <= 200  # about 190 px, still scannable
    reveal.click()
    expect(reveal).to_have_attribute("aria-pressed", "false")
    expect(projector.locator("[data-word]")).to_have_count(0)
    expect(projector.locator("[data-held-count]")).to_have_text("1 har svart")

    console.click("[data-action='gathering.end']")
    expect(projector.locator("[data-current-title]")).to_have_text(
        "Samlingen er avsluttet. Takk for i dag!")
    expect(projector.locator("[data-join]")).to_be_hidden()
    expect(projector.locator("[data-join-corner]")).to_be_hidden()
