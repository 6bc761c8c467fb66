"""A capability mapping end to end in real browsers: phones from two
municipalities rate the generations of digital maturity, agree through
their scribes, and the projector's heatmap and radar show exactly the
values given. And the largest room, 25 municipalities x 30 statements, fits
a 1920x1080 projector without scrolling."""

from __future__ import annotations

import re

import pytest
from flows import join_phone, log_in_and_start, open_activity, open_projector
from playwright.sync_api import Page, expect
from servers import Server
from test_csp import violations, watched

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.plans import load_plans
from facilitate.store import devices, gatherings, programmes, responses
from facilitate.store.db import connect

pytestmark = [pytest.mark.browser, pytest.mark.server]

# Each phone's ratings of generations 1-6 (None: "vet ikke").
RATINGS = {
    ("Stavanger", 0): [5, 4, 3, 2, 1, None],
    ("Stavanger", 1): [6, 4, 2, 2, 2, 1],
    ("Sandnes", 0): [2, 2, 2, 2, 2, 2],
    ("Sandnes", 1): [3, 3, 3, 1, 1, 1],
}


def rate_everything(phone: Page, ratings: list) -> None:
    """An area at a time, as a participant does: tap each rating, then next."""
    expect(phone.locator("[data-mapping-phone]")).to_be_visible()
    for number, rating in enumerate(ratings, start=1):
        item = phone.locator(f"[data-map-item='gen{number}']")
        if not item.is_visible():
            phone.click("[data-area-next]")
        target = f"label[for='map-gen{number}-{'x' if rating is None else rating}']"
        item.locator(target).click()
        expect(item.locator("[data-item-status]")).to_have_attribute("data-item-status", "saved")
    expect(phone.locator("[data-progress]")).to_have_attribute("data-progress", "6/6")
    expect(phone.locator("[data-all-rated]")).to_be_visible()


def median(values):
    values = sorted(v for v in values if v is not None)
    middle = len(values) // 2
    found = values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2
    return found


def as_attribute(value) -> str:
    return str(int(value)) if value == int(value) else str(value)


@pytest.mark.min_group(2)  # two phones per municipality are shown on their own
def test_two_municipalities_map_agree_and_the_projector_shows_it(server, pages):
    console_log, projector_log, phone_log = [], [], []
    console = log_in_and_start(watched(pages(), console_log), server)
    projector = open_projector(watched(pages(1920, 1080), projector_log), server)
    open_activity(console, server, "mapping")
    console.click("[data-action='results.reveal']")  # the room sees the map as it fills
    phones = {}
    for (name, n) in RATINGS:
        page = pages(360, 740) if (name, n) != ("Stavanger", 0) else watched(pages(360, 740),
                                                                              phone_log)
        phones[(name, n)] = join_phone(page, server, name)
    for key, ratings in RATINGS.items():
        rate_everything(phones[key], ratings)
        assert phones[key].evaluate("document.documentElement.scrollWidth") <= 360

    # Every rating survived: a reload shows them all again.
    phones[("Sandnes", 1)].reload()
    expect(phones[("Sandnes", 1)].locator("[data-progress]")).to_have_attribute(
        "data-progress", "6/6")
    expect(phones[("Sandnes", 1)].locator("#map-gen1-3")).to_be_checked()

    ids = {m["name"]: m["id"] for m in server["municipalities"]}
    heatmap = projector.locator("[data-heatmap]")
    expect(heatmap).to_be_visible()
    for name in ("Stavanger", "Sandnes"):
        for number in range(1, 7):
            values = [RATINGS[(name, n)][number - 1] for n in (0, 1)]
            cell = heatmap.locator(f"td[data-municipality='{ids[name]}'][data-item='gen{number}']")
            expect(cell).to_have_attribute("data-median", as_attribute(median(values)))
    room_gen1 = median([RATINGS[key][0] for key in RATINGS])
    expect(heatmap.locator("td[data-room-median][data-item='gen1']")).to_have_attribute(
        "data-room-median", as_attribute(room_gen1))
    expect(projector.locator("[data-respondents]")).to_have_text("4 har svart")
    for name in ("Sola", "Randaberg"):  # nobody from there: no row, as in every split view
        expect(heatmap.locator(f"tr[data-row='m:{ids[name]}']")).to_have_count(0)

    # The agreement round: each group sees its own spread, the scribe decides.
    console.click("[data-map-phase='agree']")
    scribe, colleague = phones[("Stavanger", 0)], phones[("Stavanger", 1)]
    expect(scribe.locator("[data-take-scribe]")).to_be_visible()
    own = scribe.locator("[data-agree-item='gen1'] [data-group-median]")
    expect(own).to_have_attribute("data-group-median", "5.5")
    expect(phones[("Sandnes", 0)].locator(
        "[data-agree-item='gen1'] [data-group-median]")).to_have_attribute(
        "data-group-median", "2.5")
    scribe.click("[data-take-scribe]")
    expect(scribe.locator("[data-scribe='me']")).to_be_visible()
    expect(colleague.locator("[data-scribe='other']")).to_be_visible()
    expect(colleague.locator("[data-take-scribe]")).to_have_count(0)
    scribe.locator("[data-agree-item='gen1'] label[for='agree-gen1-5']").click()
    expect(colleague.locator("[data-agree-item='gen1'] [data-agreed]")).to_have_attribute(
        "data-agreed", "5")
    scribe.fill("#map-note-text", "Fagsystemene snakker ikke sammen")
    scribe.locator("[data-note-form] details summary").click()
    scribe.check("#map-link-gen2")
    scribe.click("[data-add-note]")
    expect(colleague.locator("[data-notes] [data-note='barrier']")).to_contain_text(
        "Fagsystemene snakker ikke sammen")
    expect(phones[("Sandnes", 0)].locator("[data-notes]")).to_have_count(0)
    expect(phones[("Sandnes", 0)].locator("[data-agree-item='gen1'] [data-agreed]")
           ).to_have_attribute("data-agreed", "")

    # The radar: Stavanger against the room's median, read through its table.
    console.select_option("[data-map-focus]", str(ids["Stavanger"]))
    expect(projector.locator("[data-profile]")).to_have_attribute(
        "data-profile", str(ids["Stavanger"]))
    radar = projector.locator(f"[data-radar='{ids['Stavanger']}']")
    for number in range(1, 7):
        own_values = [RATINGS[("Stavanger", n)][number - 1] for n in (0, 1)]
        room_values = [RATINGS[key][number - 1] for key in RATINGS]
        row = radar.locator(f"tr[data-spoke='{number}']")
        expect(row).to_have_attribute("data-own", as_attribute(median(own_values)))
        expect(row).to_have_attribute("data-room", as_attribute(median(room_values)))
    expect(projector.locator("svg.radar polygon.radar-shape.own")).to_have_count(1)
    assert projector.evaluate("document.documentElement.scrollHeight") <= 1080

    for page, log in ((console, console_log), (projector, projector_log), (scribe, phone_log)):
        assert violations(page, log) == [], page.url


def seed_big_room(instance, monkeypatch) -> dict:
    """25 municipalities, three phones each, every one of the 30 statements
    of the DiMiOS-style set rated: the largest room the projector must fit."""
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(instance))
    app = create_app()
    db = connect(app.config["DATABASE"])
    try:
        seeded = seed_demo(db, app.config["SESSIONS_DIR"])
        programme_id = seeded["programme_id"]
        for name in ("Sauda kommune med et langt navn", "Nord-Fron"):
            programmes.add_municipality(db, programme_id, name)
        members = [row[0] for row in db.execute(
            "SELECT id FROM municipalities WHERE programme_id = ? ORDER BY id", [programme_id])]
        assert len(members) == 25
        plan = next(p for p in load_plans(app.config["SESSIONS_DIR"]) if p.module == 3)
        gathering_id = gatherings.create_gathering(db, programme_id, 3, "2027-01-20",
                                                   "Stor samling", plan, members)
        item = next(i for i in gatherings.list_items(db, gathering_id)
                    if i["activity_kind"] == "mapping")
        keys = [entry["key"] for entry in item["definition"]["framework"]["items"]]
        assert len(keys) == 30
        for m_index, municipality_id in enumerate(members):
            for phone in range(3):
                device = devices.register_device(db, gathering_id, municipality_id, None)
                for k_index, key in enumerate(keys):
                    value = {"item": key, "rating": 1 + (m_index + phone + k_index) % 6}
                    responses.save_response(db, device, item["id"],
                                            f"seed-{device['id']}-{k_index:02d}", key, value)
        gatherings.start_gathering(db, gathering_id)
        gatherings.go_to(db, gathering_id, item["position"])
        gatherings.update_item(db, item["id"], status="open", results_visible=True)
        return {"gathering": gatherings.get_gathering(db, gathering_id), "members": members,
                "username": seeded["username"], "password": seeded["password"]}
    finally:
        db.conn.close()


SIZES = """() => {
  const page = document.documentElement;
  const box = document.querySelector('[data-heatmap]').getBoundingClientRect();
  const cell = document.querySelector('[data-heatmap] td');
  return { height: page.scrollHeight, width: page.scrollWidth, bottom: box.bottom,
           right: box.right, font: parseFloat(getComputedStyle(cell).fontSize) };
}"""


def test_25_municipalities_by_30_items_fit_the_projector(tmp_path, monkeypatch, pages):
    seeded = seed_big_room(tmp_path / "instance", monkeypatch)
    server = Server(tmp_path / "instance").start()
    try:
        projector = open_projector(pages(1920, 1080), {**server_info(server), **seeded})
        heatmap = projector.locator("[data-heatmap]")
        expect(heatmap).to_be_visible()
        expect(heatmap.locator("tbody tr[data-row^='m:']")).to_have_count(25)
        expect(heatmap.locator("td[data-median]")).to_have_count(25 * 30)
        size = projector.evaluate(SIZES)
        assert size["height"] <= 1080 and size["width"] <= 1920, size
        assert size["bottom"] <= 1080 and size["right"] <= 1920, size
        assert size["font"] >= 14, size  # still legible from the back rows

        # The other views of the DiMiOS-style set fit too: a profile with the
        # 2x2 and the three weakest categories, and the distribution per item.
        console = log_in_and_start(pages(), {**server_info(server), **seeded})
        console.click("[data-map-show='profile']")
        profile = projector.locator("[data-profile]")
        expect(profile).to_be_visible()
        expect(profile.locator("[data-grid-type]")).to_have_attribute(
            "data-grid-type", re.compile("^[ABCD]$"))
        expect(profile.locator("[data-weakest] li")).to_have_count(3)
        expect(profile.locator("[data-position]")).to_have_count(26)  # 25 + the room
        assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
        console.click("[data-map-show='distribution']")
        expect(projector.locator("[data-distribution]")).to_have_count(30)
        assert projector.evaluate("document.documentElement.scrollHeight") <= 1080
    finally:
        server.stop()


def server_info(server: Server) -> dict:
    return {"base": server.base}
