"""What a person does in the browser, step by step, shared by the tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def log_in_and_start(page: Page, server: dict) -> Page:
    page.goto(f"{server['base']}/login?next=/console/{server['gathering']['id']}")
    page.fill("#username", server["username"])
    page.fill("#password", server["password"])
    page.click("[data-login-form] button[type=submit]")
    expect(page.locator("[data-connection]")).to_have_class("conn online")
    expect(page.locator("[data-agenda] li").first).to_be_visible()
    start = page.locator("[data-action='gathering.start']")
    if start.is_visible():  # a second laptop joins a gathering already running
        start.click()
    expect(page.locator("[data-agenda] li.current")).to_have_count(1)
    return page


def position_of(server: dict, kind: str) -> int:
    return next(item["position"] for item in server["items"] if item["activity_kind"] == kind)


def open_activity(console: Page, server: dict, kind: str) -> None:
    console.locator(f"[data-agenda] li[data-item='{position_of(server, kind)}'] button").click()
    expect(console.locator(
        f"[data-agenda] li[data-item='{position_of(server, kind)}']")).to_have_class("current")
    console.click("[data-action='activity.open']")
    expect(console.locator("[data-action='activity.open']")).to_be_disabled()


def join_phone(page: Page, server: dict, municipality: str) -> Page:
    page.goto(f"{server['base']}/j/{server['gathering']['code']}")
    page.select_option("[data-municipality]", label=municipality)
    page.locator("#consent").check()
    page.locator("[data-join-form] button[type=submit]").click()
    expect(page.locator("[data-connection]")).to_have_class("conn online")
    return page


def open_projector(page: Page, server: dict) -> Page:
    gathering = server["gathering"]
    page.goto(f"{server['base']}/p/{gathering['code']}?key={gathering['presenter_key']}")
    expect(page.locator("[data-connection]")).to_have_class("conn online")
    return page


def answer_choice(phone: Page, option_label: str) -> None:
    phone.get_by_label(option_label, exact=True).check()
    phone.click("[data-send]")
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")
