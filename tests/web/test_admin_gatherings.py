"""Gatherings and session plans set up in the browser: the split helper,
editing while planned, print sheets, plans edited as TOML."""

from __future__ import annotations

import re

import pytest
from support import log_in

from facilitate.store import gatherings, plans_store, programmes


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(client, demo):
    return log_in(client, demo)


@pytest.fixture
def fresh(db, demo):
    """A programme with 25 municipalities and no gatherings; the demo
    facilitator is its admin."""
    from facilitate.store import grants

    programme = programmes.create_programme(db, "Digi Agder", "Digi Agder")
    ids = [programmes.add_municipality(db, programme, f"Kommune {n:02d}", f"42{n:02d}")
           for n in range(1, 26)]
    user = db.execute("SELECT id FROM users WHERE username = ?", [demo["username"]]).fetchone()
    grants.grant(db, user[0], "admin", programme)
    return {"id": programme, "municipalities": ids}


def checked(html: str) -> list[int]:
    section = html.split("data-municipality-choices")[1]
    return [int(value) for value in re.findall(
        r'<input checked id="municipalities-\d+" name="municipalities" type="checkbox" '
        r'value="(\d+)"', section)]


def create(admin, programme_id, municipalities, module=1, date="2026-09-01", **extra):
    return admin.post(f"/admin/programmes/{programme_id}/gatherings/new?lang=en", data={
        "module": str(module), "date": date, "plan": f"shipped:modul-{module}-" + [
            "organisasjon", "ledelse", "strategi", "teknologi"][module - 1],
        "municipalities": municipalities, **extra})


def test_split_25_municipalities_8_8_9_over_three_days(admin, fresh, db):
    url = f"/admin/programmes/{fresh['id']}/gatherings/new?lang=en"
    days = []
    for count, date in ((8, "2026-09-01"), (8, "2026-09-02"), (9, "2026-09-03")):
        suggested = admin.post(url, data={"module": "1", "pick": str(count), "suggest": "1",
                                          "date": date, "plan": "shipped:modul-1-organisasjon"})
        assert suggested.status_code == 200
        html = page(suggested)
        chosen = checked(html)
        assert len(chosen) == count
        assert f'value="{date}"' in html  # what was typed is kept
        assert create(admin, fresh["id"], chosen, date=date).status_code == 302
        days.append(chosen)
    assert sorted(sum(days, [])) == sorted(fresh["municipalities"])
    # Module 2 starts over: every municipality is free again.
    suggested = admin.post(url, data={"module": "2", "pick": "8", "suggest": "1"})
    assert checked(page(suggested)) == fresh["municipalities"][:8]
    made = [g for g in gatherings.list_gatherings(db) if g["programme_id"] == fresh["id"]]
    assert [g["municipality_count"] for g in made] == [8, 8, 9]


def test_bad_gathering_input_is_refused_beside_the_fields(admin, fresh, db):
    response = admin.post(f"/admin/programmes/{fresh['id']}/gatherings/new?lang=en", data={
        "module": "1", "date": "1. september", "plan": "shipped:nope", "title": "Dag 1"})
    assert response.status_code == 400
    html = page(response)
    assert "Choose at least one municipality." in html
    assert re.search(r'id="date"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="date"',
                     html)
    assert 'value="Dag 1"' in html
    assert not [g for g in gatherings.list_gatherings(db) if g["programme_id"] == fresh["id"]]


def test_a_municipality_of_another_programme_cannot_be_put_in(admin, fresh, demo, db):
    response = create(admin, fresh["id"], [demo["municipalities"][0]["id"]])
    assert response.status_code == 400
    assert not [g for g in gatherings.list_gatherings(db) if g["programme_id"] == fresh["id"]]


def test_edit_while_planned_then_not_once_started(admin, fresh, db):
    response = create(admin, fresh["id"], fresh["municipalities"][:3], title="Dag 1")
    gathering_id = int(response.headers["Location"].split("/")[-2])
    edit = f"/admin/gatherings/{gathering_id}/edit?lang=en"
    response = admin.post(edit, data={"title": "Dag én", "date": "2026-09-05", "module": "2",
                                      "municipalities": fresh["municipalities"][:2],
                                      "plan": "shipped:modul-2-ledelse"})
    assert response.status_code == 302
    found = gatherings.get_gathering(db, gathering_id)
    assert (found["title"], found["date"], found["module"]) == ("Dag én", "2026-09-05", 2)
    assert len(programmes.gathering_municipalities(db, gathering_id)) == 2
    items = gatherings.list_items(db, gathering_id)
    assert items[0]["title"] == "Velkommen og innsjekk" and found["plan_path"].endswith(
        "modul-2-ledelse.toml")
    assert "Run of show" in page(admin.get(edit))
    gatherings.start_gathering(db, gathering_id)
    started = admin.get(edit)
    assert started.status_code == 200 and "can no longer be changed" in page(started)
    refused = admin.post(edit, data={"title": "X", "date": "2026-09-05", "module": "2",
                                     "municipalities": fresh["municipalities"][:1]})
    assert refused.status_code == 409
    assert gatherings.get_gathering(db, gathering_id)["title"] == "Dag én"


def test_a_municipality_whose_phones_joined_stays_in(admin, demo, db):
    from support import join

    join(admin.application.test_client(), demo, "Sola")
    gathering = demo["gathering"]
    others = [m["id"] for m in demo["municipalities"] if m["name"] != "Sola"]
    response = admin.post(f"/admin/gatherings/{gathering['id']}/edit?lang=en", data={
        "title": gathering["title"], "date": gathering["date"], "module": "1",
        "municipalities": others, "plan": ""})
    assert response.status_code == 400
    assert "Phones have already joined for Sola" in page(response)
    assert len(programmes.gathering_municipalities(db, gathering["id"])) == 8


def test_print_sheets_have_a_page_per_municipality_with_its_qr(admin, demo):
    gathering = demo["gathering"]
    html = page(admin.get(f"/admin/gatherings/{gathering['id']}/sheets?lang=en"))
    sheets = re.findall(r'data-sheet="([a-z0-9-]+)"', html)
    assert sheets == [m["slug"] for m in demo["municipalities"]]
    for municipality in demo["municipalities"]:
        assert f'/j/{gathering["code"]}/qr.svg?m={municipality["slug"]}' in html
    assert html.count(f'<p class="sheet-code">{gathering["code"]}</p>') == len(sheets)
    assert "localhost/j" in html  # the address to type


def test_a_plan_edited_in_the_browser(admin, demo, db):
    programme_id = demo["programme_id"]
    response = admin.post(f"/admin/programmes/{programme_id}/plans/new?lang=en",
                          data={"source": f"gathering:{demo['gathering']['id']}", "name": ""})
    assert response.status_code == 302
    plan_id = int(response.headers["Location"].rsplit("/", 1)[1])
    row = plans_store.get_plan(db, plan_id)
    assert row["name"].startswith(demo["gathering"]["title"])
    shown = page(admin.get(f"/admin/plans/{plan_id}?lang=en"))
    assert "data-run-of-show" in shown and "09:00–09:20" in shown
    lines = row["toml"].splitlines()
    bad_line = next(n for n, line in enumerate(lines, 1) if line.startswith("duration"))
    lines[bad_line - 1] = "duration = 0"
    bad = "\n".join(lines) + "\n"
    response = admin.post(f"/admin/plans/{plan_id}?lang=en",
                          data={"name": "Min plan", "toml": bad, "save": "1"})
    assert response.status_code == 400
    html = page(response)
    assert f"Line {bad_line}" in html and "from 1 to 360" in html
    assert f'data-line="{bad_line}"' in html and 'aria-invalid="true"' in html
    assert "duration = 0" in html  # the textarea keeps what was typed
    assert plans_store.get_plan(db, plan_id)["toml"] == row["toml"]  # nothing saved
    syntax = admin.post(f"/admin/plans/{plan_id}?lang=en",
                        data={"name": "Min plan", "toml": 'title = "x\n', "save": "1"})
    assert syntax.status_code == 400 and "TOML syntax error" in page(syntax)
    good = row["toml"].replace('title = "Velkommen og innsjekk"', 'title = "God morgen"', 1)
    checked_only = admin.post(f"/admin/plans/{plan_id}?lang=en",
                              data={"name": "Min plan", "toml": good, "check": "1"})
    assert checked_only.status_code == 200 and "God morgen" in page(checked_only)
    assert plans_store.get_plan(db, plan_id)["toml"] == row["toml"]
    saved = admin.post(f"/admin/plans/{plan_id}", data={"name": "Min plan", "toml": good,
                                                        "save": "1"})
    assert saved.status_code == 302
    assert plans_store.get_plan(db, plan_id)["name"] == "Min plan"
    # A gathering made from the saved plan names it and copies its items.
    response = create(admin, programme_id, [demo["municipalities"][0]["id"]],
                      plan=f"db:{plan_id}")
    assert response.status_code == 302
    gathering_id = int(response.headers["Location"].split("/")[-2])
    assert gatherings.get_gathering(db, gathering_id)["plan_path"] == f"db:{plan_id}"
    assert gatherings.list_items(db, gathering_id)[0]["title"] == "God morgen"
    assert admin.post(f"/admin/plans/{plan_id}/delete").status_code == 302
    assert plans_store.get_plan(db, plan_id) is None
    assert gatherings.list_items(db, gathering_id)[0]["title"] == "God morgen"


def test_a_plan_of_another_programme_is_not_a_choice(admin, demo, db):
    other = programmes.create_programme(db, "B", "Digi B")
    theirs = plans_store.save_plan(db, other, "B's", 'title = "x"')
    response = admin.post(f"/admin/programmes/{demo['programme_id']}/plans/new?lang=en",
                          data={"source": f"db:{theirs}"})
    assert response.status_code == 400
    assert len(plans_store.list_plans(db, demo["programme_id"])) == 0
    response = create(admin, demo["programme_id"], [demo["municipalities"][0]["id"]],
                      plan=f"db:{theirs}")
    assert response.status_code == 400
