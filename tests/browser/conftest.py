"""Browser tests: a real `facilitate serve` in a subprocess (its default
async mode), driven by Playwright with Debian's chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from servers import Server, seed_instance

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def server(tmp_path, monkeypatch, request):
    """Seed a demo into a fresh instance folder, then serve it as a user would.
    One server per test: tests never share a gathering's state.
    `@pytest.mark.min_group(1)` lets a test count a single phone's answer."""
    marker = request.node.get_closest_marker("min_group")
    seeded = seed_instance(tmp_path / "instance", monkeypatch,
                           marker.args[0] if marker else None)
    process = Server(seeded["instance"]).start()
    try:
        yield {**seeded, "base": process.base}
    finally:
        process.stop()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run scripts/test, which installs it")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


def on_dialog(dialog, errors: list) -> None:
    """confirm() is the console asking the facilitator; an alert() can only
    come from injected script."""
    if dialog.type == "alert":
        errors.append(f"alert: {dialog.message}")
    dialog.accept()


@pytest.fixture
def pages(browser):
    """Opens pages in separate contexts (separate phones); JS errors fail the test."""
    contexts, errors = [], []

    def open_page(width=1280, height=900, locale="nb-NO"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda dialog: on_dialog(dialog, errors))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert errors == []
