"""Screenshot every page at the widths people use: phones at 360 px, laptops
at 1280 px (the console also at 1366x768), the projector at 1920x1080 and
1280x720, with the largest real case (tests/largest.py), results hidden and
shown, and a countdown. Writes PNGs to screenshots/ to look at.

    .venv/bin/python scripts/screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "browser")]

from flows import join_phone, log_in_and_start, open_activity, open_projector  # noqa: E402
from largest import make_largest  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402
from servers import Server, seed_instance  # noqa: E402


class Env:
    def setenv(self, name, value):
        import os

        os.environ[name] = value


def admin_pages(page, base: str, seeded: dict, out: Path) -> None:
    """The programme admin's pages (the demo facilitator is admin of the demo
    programme), with an invite link, a plan with an error and bad form input."""
    gathering = seeded["gathering"]
    for width in (360, 1280):
        admin = page(width)
        admin.goto(f"{base}/login?next=/admin")
        admin.fill("#username", seeded["username"])
        admin.fill("#password", seeded["password"])
        admin.click("[data-login-form] button[type=submit]")
        programme = admin.locator("[data-programme] a").first.get_attribute("href")
        shots = {
            "index": "/admin", "programme": programme, "settings": f"{programme}/settings",
            "municipalities": f"{programme}/municipalities", "people": f"{programme}/people",
            "gatherings": f"{programme}/gatherings",
            "gathering-new": f"{programme}/gatherings/new",
            "gathering-edit": f"/admin/gatherings/{gathering['id']}/edit",
            "plans": f"{programme}/plans",
        }
        for name, path in shots.items():
            admin.goto(base + path)
            admin.screenshot(path=out / f"admin-{name}-{width}.png", full_page=True)
        admin.goto(f"{base}{programme}/municipalities")
        admin.set_input_files("#file", files=[{
            "name": "k.csv", "mimeType": "text/csv",
            "buffer": "navn;kommunenummer\nSola;1124\nHå;11x9\nOslo;301\n".encode()}])
        admin.click("[data-import-form] button[type=submit]")
        admin.screenshot(path=out / f"admin-import-errors-{width}.png", full_page=True)
        admin.goto(f"{base}{programme}/people")
        admin.select_option("#role", "coordinator")
        admin.select_option("#municipality", index=1)
        admin.fill("#note", "koordinator@sola.kommune.no")
        admin.click("[data-invite-form] button[type=submit]")
        admin.screenshot(path=out / f"admin-invite-link-{width}.png", full_page=True)
        link = admin.input_value("[data-invite-url]")
        invited = page(width)
        invited.goto(link)
        invited.screenshot(path=out / f"admin-invite-accept-{width}.png", full_page=True)
        admin.goto(f"{base}{programme}/gatherings/new")
        admin.fill("#pick", "8")
        admin.click("[data-suggest]")
        admin.screenshot(path=out / f"admin-gathering-suggested-{width}.png", full_page=True)
        admin.goto(f"{base}{programme}/plans")
        admin.click("[data-new-plan-form] button[type=submit]")
        text = admin.input_value("#toml")
        admin.fill("#toml", text.replace("duration = 20", "duration = 0", 1))
        admin.click("#save")
        admin.screenshot(path=out / f"admin-plan-error-{width}.png", full_page=True)
        admin.goto(f"{base}/admin/gatherings/{gathering['id']}/sheets")
        admin.screenshot(path=out / f"admin-sheets-{width}.png", full_page=True)
        if width == 1280:
            admin.emulate_media(media="print")
            admin.pdf(path=out / "admin-sheets.pdf", format="A4", print_background=True) \
                if hasattr(admin, "pdf") else None
            admin.emulate_media(media="screen")


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
                opened = browser.new_context(viewport={"width": width, "height": height},
                                             locale="nb-NO").new_page()
                opened.on("dialog", lambda dialog: dialog.accept())  # the console's confirms
                return opened

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
            room_screens(page, seeded, server, out)
            admin_pages(page, server.base, seeded, out)
            phone_states(page, server, seeded, out)
            browser.close()
    finally:
        server.stop()
    print(f"screenshots in {out}")


def room_screens(page, seeded, server, out) -> None:
    """The projector with the largest case in every view, hidden and shown,
    the countdown on projector and phone, and the console at 1366x768."""
    largest = make_largest(seeded["database"], seeded["gathering"]["programme_id"])
    day = {**seeded, "base": server.base, "gathering": largest["gathering"]}
    console = log_in_and_start(page(1366, 768), day)
    screens = {size: open_projector(page(*size), day) for size in ((1920, 1080), (1280, 720))}
    first = largest["municipalities"][0]["name"]

    def shoot(name):
        for (width, height), projector in screens.items():
            projector.wait_for_timeout(600)
            projector.screenshot(path=out / f"projector-{name}-{width}x{height}.png")

    for kind in ("choice", "scale", "open_text", "qa", "wordcloud", "ranking", "points"):
        item = largest["items"][kind]
        console.locator(f"[data-agenda] li[data-item='{item['position']}'] button").click()
        console.wait_for_timeout(300)
        if kind == "choice":
            shoot("largest-question-before-open")
        console.click("[data-action='activity.open']")
        shoot(f"largest-{kind}-hidden")
        console.click("[data-action='results.reveal']")
        shoot(f"largest-{kind}-all")
        if kind == "qa":
            continue
        console.select_option("[data-view-mode]", "by_municipality")
        console.wait_for_timeout(400)
        console.screenshot(path=out / f"console-preview-{kind}-1366x768.png")
        console.click("[data-show-preview]")
        shoot(f"largest-{kind}-by-municipality")
        console.select_option("[data-view-mode]", "versus")
        console.select_option("[data-view-focus]", label=first)
        console.click("[data-show-preview]")
        shoot(f"largest-{kind}-versus")
    console.screenshot(path=out / "console-largest-1366x768.png")
    # A countdown on the coffee break: big on the projector, in the phone's header.
    demo = log_in_and_start(page(1366, 768), {**seeded, "base": server.base})
    projector = open_projector(page(1920, 1080), {**seeded, "base": server.base})
    phone = join_phone(page(360, 740), {**seeded, "base": server.base}, "Sola")
    demo.locator("[data-agenda] li[data-item='4'] button").click()
    demo.fill("[data-timer-minutes]", "1")
    demo.click("[data-timer='start']")
    projector.wait_for_timeout(800)
    projector.screenshot(path=out / "projector-countdown-1920.png")
    phone.screenshot(path=out / "phone-countdown-360.png")
    demo.screenshot(path=out / "console-countdown-1366x768.png")
    gathering = seeded["gathering"]
    qrs = page(1920, 1080)
    qrs.goto(f"{server.base}/p/{gathering['code']}?key={gathering['presenter_key']}"
             "&qr=municipalities")
    qrs.wait_for_timeout(800)
    qrs.screenshot(path=out / "projector-municipality-qrs-1920.png")
    big = screens[(1920, 1080)]
    big.goto(f"{server.base}/p/{largest['gathering']['code']}"
             f"?key={largest['gathering']['presenter_key']}&qr=municipalities")
    big.wait_for_timeout(800)
    big.screenshot(path=out / "projector-municipality-qrs-25-1920.png")
    console.click("[data-action='gathering.end']")
    console.wait_for_timeout(500)
    screens[(1280, 720)].screenshot(path=out / "projector-ended-1280x720.png")
    console.screenshot(path=out / "console-ended-1366x768.png")
def phone_states(page, server, seeded, out: Path) -> None:
    """The phone and join pages at 360 px, in the states a participant meets."""
    import json
    import sqlite3

    from playwright.sync_api import expect

    from facilitate.store import gatherings, programmes
    from facilitate.store.db import connect

    # A fresh day: the demo's second gathering, untouched by the views above.
    db = connect(seeded["database"])
    try:
        second = gatherings.list_gatherings(db)[1]
        seeded = dict(seeded, gathering=gatherings.get_gathering(db, second["id"]),
                      items=gatherings.list_items(db, second["id"]),
                      municipalities=programmes.gathering_municipalities(db, second["id"]))
    finally:
        db.conn.close()
    code = seeded["gathering"]["code"]
    shot = lambda p, name: p.screenshot(path=out / f"{name}-360.png", full_page=True)  # noqa: E731
    join = page(360, 740)
    join.goto(f"{server.base}/j/{code}?m=sola")
    shot(join, "join-qr-sola")
    join.locator("[data-join-form] button[type=submit]").click()
    shot(join, "join-errors")
    join.goto(f"{server.base}/j/{code}?lang=nn")
    shot(join, "join-nynorsk")
    missing = page(360, 740)
    missing.goto(f"{server.base}/j/NOSUCH")
    shot(missing, "error-404")

    console = page(1280)
    console.on("dialog", lambda dialog: dialog.accept())  # the facilitator confirms
    log_in_and_start(console, seeded)
    phone = join_phone(page(360, 740), seeded, "Sola")
    shot(phone, "phone-waiting")
    talk = next(i for i in seeded["items"] if i["type"] == "talk")
    console.locator(f"[data-agenda] li[data-item='{talk['position']}'] button").click()
    expect(phone.locator("[data-current-title]")).to_have_text(talk["title"])
    shot(phone, "phone-talk")
    choice = next(i for i in seeded["items"] if i["activity_kind"] == "choice")
    with sqlite3.connect(seeded["database"]) as db:
        db.execute("UPDATE items SET definition = ? WHERE id = ?", [json.dumps(
            dict(choice["definition"], multiple=True, max_choices=2)), choice["id"]])
    open_activity(console, seeded, "choice")
    boxes = phone.locator(".option input")
    boxes.nth(0).check()
    boxes.nth(1).check()
    shot(phone, "phone-choice-up-to-2")
    phone.click("[data-send]")
    expect(phone.locator("[data-confirmation]")).to_be_visible()
    shot(phone, "phone-saved")
    console.click("[data-action='activity.lock']")
    expect(phone.locator("[data-change-answer]")).to_be_hidden()
    shot(phone, "phone-locked")
    console.click("[data-action='results.reveal']")
    console.click("[data-action='activity.close']")
    phone.wait_for_timeout(400)
    shot(phone, "phone-closed-results")
    open_activity(console, seeded, "qa")
    others = [join_phone(page(360, 740), seeded, name) for name in ("Hå", "Time")]
    for asker, text in zip(others, ("Hvem eier dataene når vi deler dem på tvers av "
                                    "kommunegrensene?", "Hvordan måler vi gevinster?"),
                           strict=True):
        asker.fill("#qa-ask", text)
        asker.click("[data-send]")
    expect(phone.locator("[data-vote-list] li")).to_have_count(2)
    phone.locator("[data-vote-list] button").first.click()
    shot(phone, "phone-qa-votes")
    phone.context.set_offline(True)
    expect(phone.locator("[data-offline-banner]")).to_be_visible(timeout=15000)
    shot(phone, "phone-offline")
    phone.context.set_offline(False)
    long_name = page(360, 740)
    long_name.goto(f"{server.base}/j/{code}")
    long_name.select_option("[data-municipality]", label="Klepp")
    long_name.fill("#display_name", "Kommunalsjefforhelseogomsorgogteknisk1234")
    long_name.locator("#consent").check()
    long_name.locator("[data-join-form] button[type=submit]").click()
    expect(long_name.locator("[data-who]")).to_be_visible()
    shot(long_name, "phone-long-name")
    long_name.get_by_role("link", name="Nynorsk").click()
    expect(long_name.locator("html")).to_have_attribute("lang", "nn")
    shot(long_name, "phone-nynorsk")
    console.click("[data-action='gathering.end']")
    expect(phone.locator("[data-message]")).to_be_visible()
    late = page(360, 740)
    late.goto(f"{server.base}/j/{code}")
    shot(late, "join-after-the-end")


if __name__ == "__main__":
    main()
