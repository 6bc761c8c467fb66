"""A breakout as people run it: the facilitator starts group work for two
leadership groups of three phones each; they post notes, the scribe
clusters, everyone spends dots, the timer runs out, the projector shows
each group's board at report-back, "come back" closes it, and each
municipality's record holds its own group's board."""

from __future__ import annotations

import json
import re

from flows import join_phone, log_in_and_start, open_projector
from playwright.sync_api import Page, expect

from facilitate.activities import get_kind
from facilitate.store import gatherings, programmes, responses
from facilitate.store.db import connect

PHONE = {"width": 360, "height": 740}


def board_position(server: dict) -> int:
    return next(item["position"] for item in server["items"] if item["activity_kind"] == "board")


def start_breakout(console: Page, server: dict) -> None:
    position = board_position(server)
    console.locator(f"[data-agenda] li[data-item='{position}'] button").click()
    expect(console.locator(f"[data-agenda] li[data-item='{position}']")).to_have_class("current")
    console.click("[data-breakout-start]")
    expect(console.locator("[data-action='activity.open']")).to_be_disabled()


def add_note(phone: Page, text: str, column: int = 0) -> None:
    phone.select_option("[data-note-column]", str(column))
    phone.fill("[data-note-text]", text)
    phone.click("[data-add-note]")
    expect(phone.locator("[data-note]", has_text=text)).to_have_count(1)
    expect(phone.locator("[data-answer-status]")).to_have_class("status-line saved")


def note(phone: Page, text: str):
    return phone.locator("[data-note]", has_text=text)


def test_two_groups_post_cluster_vote_run_out_the_timer_and_report_back(server, pages):
    console = log_in_and_start(pages(), server)
    projector = open_projector(pages(1920, 1080), server)
    sola = [join_phone(pages(**PHONE), server, "Sola") for _ in range(3)]
    hå = [join_phone(pages(**PHONE), server, "Hå") for _ in range(3)]
    start_breakout(console, server)

    for phone in sola:
        expect(phone.locator("[data-board-group]")).to_have_text("Sola")
    for phone in hå:
        expect(phone.locator("[data-board-group]")).to_have_text("Hå")
    expect(projector.locator("[data-board-projector] [data-board-timer]")).to_be_visible()
    # A group is flagged quiet after quiet_minutes without a note or a dot.
    quiet = console.evaluate("""async () => {
      const { quietMinutes } = await import("/static/js/board_console.js");
      const now = Date.parse("2026-01-01T10:10:00Z");
      const rule = { quiet_minutes: 5, started_at: "2026-01-01T10:00:00Z" };
      return [quietMinutes({ member_count: 3, last_activity: "2026-01-01T10:00:00Z" }, rule, now),
              quietMinutes({ member_count: 3, last_activity: "2026-01-01T10:08:00Z" }, rule, now),
              quietMinutes({ member_count: 3, last_activity: null }, rule, now),
              quietMinutes({ member_count: 0, last_activity: null }, rule, now)];
    }""")
    assert quiet == [10, None, 10, None]

    add_note(sola[0], "Siloer mellom sektorene")
    add_note(sola[1], "Siloer mellom etatene")
    add_note(sola[2], "Gode fagsystemer", column=1)
    add_note(hå[0], "Lite tid til endring")
    for phone in sola:  # each sees the group's three notes, none of Hå's
        expect(phone.locator("[data-note]")).to_have_count(3)
        expect(note(phone, "Lite tid")).to_have_count(0)
    for phone in hå:
        expect(phone.locator("[data-note]")).to_have_count(1)
        expect(note(phone, "Siloer")).to_have_count(0)
    # The projector never shows a note during the breakout.
    expect(projector.locator("[data-progress-group]", has_text="Sola")).to_contain_text("3")
    expect(projector.get_by_text("Siloer mellom sektorene")).to_have_count(0)

    # A participant fixes their own note; another's note has no edit button.
    note(sola[1], "Siloer mellom etatene").locator("[data-edit-note]").click()
    sola[1].fill("[data-edit-text]", "Siloer mellom etatene i kommunen")
    sola[1].locator("[data-edit-form] button[type=submit]").click()
    expect(note(sola[0], "etatene i kommunen")).to_have_count(1)
    expect(note(sola[0], "Gode fagsystemer").locator("[data-edit-note]")).to_have_count(0)

    # The first to take the role is the scribe, and merges the duplicates.
    sola[0].click("[data-take-scribe]")
    expect(sola[0].locator("[data-give-scribe]")).to_be_visible()
    expect(sola[1].locator("[data-take-scribe]")).to_have_count(0)
    note(sola[0], "sektorene").locator("[data-pick-note]").check()
    note(sola[0], "etatene").locator("[data-pick-note]").check()
    sola[0].fill("[data-merge-name]", "Siloer")
    sola[0].click("[data-merge]")
    expect(sola[2].locator("[data-cluster] [data-cluster-name]")).to_have_text("Siloer")

    # Dots: everyone in Sola gives dots; more go to the cluster's notes.
    for phone in sola:
        note(phone, "sektorene").locator("[data-dot-add]").click()
        expect(note(phone, "sektorene").locator("[data-my-dots]")).to_have_attribute(
            "data-my-dots", "1")
    note(sola[2], "Gode fagsystemer").locator("[data-dot-add]").click()
    expect(sola[2].locator("[data-dots-left]")).to_have_attribute("data-dots-left", "3")
    note(hå[1], "Lite tid").locator("[data-dot-add]").click()
    expect(note(hå[1], "Lite tid").locator("[data-my-dots]")).to_have_attribute("data-my-dots", "1")
    # Totals are hidden until the facilitator reveals them.
    expect(sola[0].locator("[data-note-votes]")).to_have_count(0)
    console.click("[data-action='results.reveal']")
    expect(note(sola[0], "sektorene").locator("[data-note-votes]")).to_have_attribute(
        "data-note-votes", "3")

    # A message reaches every phone; then the timer runs out on every screen.
    console.fill("[data-board-message-input]", "Fem minutter igjen")
    console.click("[data-board-message-form] button[type=submit]")
    for phone in (sola[2], hå[2]):
        expect(phone.locator("[data-board-message]")).to_have_text("Fem minutter igjen")
    console.fill("[data-timer-seconds]", "2")
    console.click("[data-timer-set]")
    for phone in (sola[0], hå[0]):
        expect(phone.locator("[data-board-timer]")).to_have_class("board-timer over",
                                                                   timeout=8000)
    expect(projector.locator("[data-board-timer]")).to_have_class("board-timer big over")

    # Report-back: one group at a time (those with notes), most dots first.
    console.click("[data-report-next]")
    report = projector.locator("[data-report-group]")
    expect(report.locator("h2")).to_have_text("Hå")
    expect(projector.get_by_text("Siloer mellom sektorene")).to_have_count(0)
    console.click("[data-report-next]")
    expect(report.locator("h2")).to_have_text("Sola")
    entries = report.locator("[data-report-entry]")
    expect(entries.first).to_contain_text("Siloer")
    expect(entries.first).to_contain_text("● 3")
    expect(entries.nth(1)).to_contain_text("Gode fagsystemer")
    expect(projector.get_by_text("Lite tid til endring")).to_have_count(0)
    console.click("[data-report-prev]")
    expect(report.locator("h2")).to_have_text("Hå")

    # The facilitator pins a note to the room summary and shows it.
    tools = console.locator("[data-group-tools]").filter(
        has=console.locator("summary", has_text=re.compile(r"^Sola ·")))
    tools.locator("summary").click()
    tools.locator("li", has_text="Gode fagsystemer").locator("[data-pin]").click()
    console.click("[data-report-summary]")
    expect(projector.locator("[data-room-summary] [data-summary-note]")).to_have_text(
        "Gode fagsystemerSola")

    # "Come back": the boards close on every phone.
    console.click("[data-breakout-end]")
    for phone in sola + hå:
        expect(phone.locator("[data-board-closed]")).to_be_visible()
        expect(phone.locator("[data-note-form]")).to_be_hidden()
    assert sola[0].evaluate("document.documentElement.scrollWidth") <= 360

    # Each municipality's record holds its own group's board.
    db = connect(server["database"])
    try:
        item = next(i for i in gatherings.list_items(db, server["gathering"]["id"])
                    if i["activity_kind"] == "board")
        assert item["status"] == "closed"
        towns = {m["id"]: m["name"]
                 for m in programmes.gathering_municipalities(db, server["gathering"]["id"])}
        entries = get_kind("board").record_entries(
            item["definition"], responses.current_responses(db, item["id"]), item["state"],
            towns, server["gathering"]["min_group_size"])
    finally:
        db.conn.close()
    record = {towns[mid]: entry["result"]["boards"] for mid, entry in entries.items() if mid}
    sola_notes = {n["text"]: n for b in record["Sola"] for n in b["notes"]}
    assert set(sola_notes) == {"Siloer mellom sektorene", "Siloer mellom etatene i kommunen",
                               "Gode fagsystemer"}
    assert sola_notes["Siloer mellom sektorene"]["cluster"] == "Siloer"
    assert sola_notes["Siloer mellom sektorene"]["votes"] == 3
    assert [n["text"] for b in record["Hå"] for n in b["notes"]] == ["Lite tid til endring"]
    assert "Siloer" not in json.dumps(record["Hå"], ensure_ascii=False)
