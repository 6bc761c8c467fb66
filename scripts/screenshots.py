"""Screenshot every page at the widths people use: phones at 360 px, laptops
at 1280 px, the projector at 1920 px. Writes PNGs to screenshots/ to look at.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from flows import join_phone, log_in_and_start, open_activity, open_projector  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from servers import Server, seed_instance  # noqa: E402


class Env:
    def setenv(self, name, value):
        import os

        os.environ[name] = value


def main() -> None:
    out = ROOT / "screenshots"
    out.mkdir(exist_ok=True)
    seeded = seed_instance(Path(tempfile.mkdtemp()) / "instance", Env())
    server = Server(seeded["instance"]).start()
    seeded["base"] = server.base
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])

            def page(width, height=900):
                return browser.new_context(viewport={"width": width, "height": height},
                                           locale="nb-NO").new_page()

            for width in (360, 1280):
                login = page(width)
                login.goto(server.base + "/login")
                login.screenshot(path=out / f"login-{width}.png", full_page=True)
            console = log_in_and_start(page(1280), seeded)
            console.goto(server.base + "/")
            console.screenshot(path=out / "gatherings-1280.png", full_page=True)
            console = log_in_and_start(page(1280), seeded)
            projector = open_projector(page(1920, 1080), seeded)
            projector.screenshot(path=out / "projector-welcome-1920.png")
            for kind in ("choice", "wordcloud", "scale", "ranking", "points", "qa", "open_text"):
                open_activity(console, seeded, kind)
                phone = join_phone(page(360, 740), seeded, "Sola")
                phone.screenshot(path=out / f"phone-{kind}-360.png", full_page=True)
                console.click("[data-action='results.reveal']")
                projector.wait_for_timeout(400)
                projector.screenshot(path=out / f"projector-{kind}-1920.png")
            console.screenshot(path=out / "console-1280.png", full_page=True)
            narrow = log_in_and_start(page(360, 740), seeded)
            narrow.screenshot(path=out / "console-360.png", full_page=True)
            joining = page(360, 740)
            joining.goto(f"{server.base}/j/{seeded['gathering']['code']}")
            joining.screenshot(path=out / "join-360.png", full_page=True)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main()
