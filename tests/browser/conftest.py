"""Browser tests: a real `facilitate serve` in a subprocess (its default
async mode), driven by Playwright with Debian's chromium."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.store import gatherings, programmes
from facilitate.store.db import connect

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path, monkeypatch):
    """Seed a demo into a fresh instance folder, then serve it as a user would.
    One server per test: tests never share a gathering's state."""
    instance = tmp_path / "instance"
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(instance))
    app = create_app()
    db = connect(app.config["DATABASE"])
    seeded = seed_demo(db, app.config["SESSIONS_DIR"])
    gathering = seeded["gatherings"][0]
    info = {
        "gathering": gathering,
        "items": gatherings.list_items(db, gathering["id"]),
        "municipalities": programmes.gathering_municipalities(db, gathering["id"]),
        "username": seeded["username"], "password": seeded["password"],
        "database": app.config["DATABASE"],
    }
    db.conn.close()
    port = free_port()
    info["base"] = f"http://127.0.0.1:{port}"
    log = open(instance / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "facilitate", "serve", "--port", str(port)],
        env={**os.environ, "FACILITATE_INSTANCE_PATH": str(instance),
             "FACILITATE_PUBLIC_URL": info["base"]},
        stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(info["base"] + "/healthz", timeout=1) as reply:
                    assert json.load(reply)["status"] == "ok"
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start: "
                                       + (instance / "server.log").read_text()) from None
                time.sleep(0.2)
        yield info
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


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
