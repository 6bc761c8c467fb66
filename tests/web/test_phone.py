"""Phones joining: the code page, the join form, consent, the device cookie
and the live page that follows."""

import re

import pytest

from facilitate.store import gatherings


def device_rows(db) -> list[dict]:
    return list(db.query("SELECT * FROM devices ORDER BY id"))


def municipality(demo, name: str) -> dict:
    return next(m for m in demo["municipalities"] if m["name"] == name)


def outsider(db, demo) -> dict:
    """A municipality of the programme that is not part of this gathering."""
    members = {m["id"] for m in demo["municipalities"]}
    return next(m for m in db.query("SELECT * FROM municipalities ORDER BY id")
                if m["id"] not in members)


def option(page: str, municipality_id: int) -> str:
    """The municipality's <option> in the join form's select."""
    select = re.search(r'<select[^>]*name="municipality"[^>]*>(.*?)</select>', page, re.S)
    assert select, page
    match = re.search(rf'<option value="{municipality_id}"[^>]*>[^<]*</option>', select[1])
    assert match, select[1]
    return match[0]


def options(page: str) -> list[str]:
    select = re.search(r'<select[^>]*name="municipality"[^>]*>(.*?)</select>', page, re.S)
    return re.findall(r'<option value="(\d+)"[^>]*>\s*([^<]*?)\s*</option>', select[1])


def join_url(demo, lang: str = "en") -> str:
    return f"/j/{demo['gathering']['code']}?lang={lang}"


# --- the join form -------------------------------------------------------------


def test_join_form_lists_every_municipality_of_the_gathering(client, demo, db):
    response = client.get(join_url(demo))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert demo["gathering"]["title"] in page
    assert len(demo["municipalities"]) == 8
    listed = options(page)
    assert {name for _, name in listed} == {m["name"] for m in demo["municipalities"]}
    assert outsider(db, demo)["name"] not in {name for _, name in listed}
    for member in demo["municipalities"]:
        assert "selected" not in option(page, member["id"])
    # nothing chosen yet: the placeholder asks for a choice
    assert '<option value="" selected>' in page
    assert 'name="consent"' in page
    assert "How your answers are used" in page


def test_m_preselects_the_municipality(client, demo):
    sola = municipality(demo, "Sola")
    page = client.get(f"{join_url(demo)}&m={sola['slug']}").get_data(as_text=True)
    assert "selected" in option(page, sola["id"])
    others = [m for m in demo["municipalities"] if m["id"] != sola["id"]]
    assert all("selected" not in option(page, m["id"]) for m in others)
    # the QR's municipality comes first, and no placeholder stands before it
    assert options(page)[0] == (str(sola["id"]), "Sola")
    assert '<option value="" selected>' not in page


def test_unknown_m_preselects_nothing(client, demo):
    response = client.get(f"{join_url(demo)}&m=oslo")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert all("selected" not in option(page, m["id"]) for m in demo["municipalities"])


def test_join_without_consent_is_refused_and_stores_nothing(client, demo, db):
    response = client.post(join_url(demo), data={
        "municipality": municipality(demo, "Sola")["id"], "display_name": "Kari"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "You must agree before you join." in page
    assert device_rows(db) == []
    assert "Set-Cookie" not in response.headers or "device_" not in response.headers["Set-Cookie"]
    # what was chosen is kept, so the phone only has to tick the box
    assert "selected" in option(page, municipality(demo, "Sola")["id"])
    assert 'value="Kari"' in page


def test_consent_error_is_norwegian_by_default(client, demo, db):
    response = client.post(f"/j/{demo['gathering']['code']}", data={
        "municipality": municipality(demo, "Sola")["id"]})
    assert response.status_code == 400
    assert "Du må samtykke før du blir med." in response.get_data(as_text=True)


def test_join_without_municipality_is_refused(client, demo, db):
    response = client.post(join_url(demo), data={"consent": "y"})
    assert response.status_code == 400
    assert "Choose your municipality." in response.get_data(as_text=True)
    assert device_rows(db) == []


def test_municipality_outside_the_gathering_is_refused(client, demo, db):
    response = client.post(join_url(demo), data={
        "municipality": outsider(db, demo)["id"], "consent": "y"})
    assert response.status_code == 400
    assert device_rows(db) == []


@pytest.mark.parametrize("value", ["99999", "abc", "", "1.5", "-1"])
def test_nonsense_municipality_is_refused(client, demo, db, value):
    response = client.post(join_url(demo), data={"municipality": value, "consent": "y"})
    assert response.status_code == 400
    assert device_rows(db) == []


def test_display_name_over_40_characters_is_refused(client, demo, db):
    response = client.post(join_url(demo), data={
        "municipality": municipality(demo, "Sola")["id"], "display_name": "K" * 41,
        "consent": "y"})
    assert response.status_code == 400
    assert "At most 40 characters." in response.get_data(as_text=True)
    assert device_rows(db) == []


def test_display_name_of_exactly_40_characters_is_kept(client, demo, db):
    response = client.post(join_url(demo), data={
        "municipality": municipality(demo, "Sola")["id"], "display_name": "K" * 40,
        "consent": "y"})
    assert response.status_code == 302
    assert [row["display_name"] for row in device_rows(db)] == ["K" * 40]


def test_valid_join_sets_the_device_cookie_and_redirects(client, demo, db):
    code = demo["gathering"]["code"]
    sola = municipality(demo, "Sola")
    response = client.post(f"/j/{code}", data={
        "municipality": sola["id"], "display_name": "  Kari  ", "consent": "y"})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{code}"

    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"device_{code}=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "Max-Age=2592000" in cookie

    [device] = device_rows(db)
    assert device["gathering_id"] == demo["gathering"]["id"]
    assert device["municipality_id"] == sola["id"]
    assert device["display_name"] == "Kari"
    assert device["consented_at"]
    assert cookie.startswith(f"device_{code}={device['token']};")


def test_after_joining_the_page_is_the_live_page(client, demo, db):
    code = demo["gathering"]["code"]
    client.post(f"/j/{code}", data={"municipality": municipality(demo, "Hå")["id"],
                                    "display_name": "Ola", "consent": "y"})
    response = client.get(f"/j/{code}?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "data-phone" in page
    assert f'data-code="{code}"' in page
    assert "Hå · Ola" in page
    assert "Wait for the facilitator to open the next question." in page
    assert 'name="consent"' not in page


def test_joining_twice_keeps_one_device(client, demo, db):
    code = demo["gathering"]["code"]
    client.post(f"/j/{code}", data={"municipality": municipality(demo, "Sola")["id"],
                                    "consent": "y"})
    again = client.post(f"/j/{code}", data={"municipality": municipality(demo, "Time")["id"],
                                            "consent": "y"})
    assert again.status_code == 200
    assert len(device_rows(db)) == 1
    assert device_rows(db)[0]["municipality_id"] == municipality(demo, "Sola")["id"]


def test_empty_display_name_is_stored_as_no_name(client, demo, db):
    client.post(join_url(demo), data={"municipality": municipality(demo, "Sola")["id"],
                                      "display_name": "   ", "consent": "y"})
    assert [row["display_name"] for row in device_rows(db)] == [None]


def test_a_made_up_device_cookie_shows_the_join_form(client, demo, db):
    code = demo["gathering"]["code"]
    client.set_cookie(f"device_{code}", "made-up-token-1234567890")
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert 'name="consent"' in page
    assert "data-phone" not in page


# --- codes --------------------------------------------------------------------


def test_unknown_code_is_404(client, demo):
    assert client.get("/j/ZZZZZZ").status_code == 404
    assert client.post("/j/ZZZZZZ", data={"municipality": 1, "consent": "y"}).status_code == 404


def test_lowercase_code_redirects_to_the_uppercase_one(client, demo, db):
    db.execute("UPDATE gatherings SET code = 'ABCDEF' WHERE id = ?", [demo["gathering"]["id"]])
    response = client.get("/j/abcdef")
    assert response.status_code == 302
    assert response.headers["Location"] == "/j/ABCDEF"

    with_m = client.get("/j/abcdef?m=sola")
    assert with_m.status_code == 302
    assert with_m.headers["Location"] == "/j/ABCDEF?m=sola"


def test_code_entry_page_renders(client, demo):
    response = client.get("/j?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Join a gathering" in page
    assert 'name="code"' in page
    assert "There is no gathering with that code." not in page


def test_code_entry_finds_the_gathering(client, demo, db):
    code = demo["gathering"]["code"]
    response = client.post("/j", data={"code": f"  {code.lower()} "})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{code}"


def test_code_entry_says_when_the_code_is_unknown(client, demo, db):
    client.get("/j?lang=en")
    codes = {g["code"] for g in gatherings.list_gatherings(db)}
    assert "ZZZZZZ" not in codes
    response = client.post("/j", data={"code": "ZZZZZZ"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is no gathering with that code." in page
    assert 'role="alert"' in page


def test_code_entry_in_norwegian(client, demo):
    page = client.post("/j", data={"code": "ZZZZZZ"}).get_data(as_text=True)
    assert "Det finnes ingen samling med den koden." in page


def test_code_entry_refuses_a_too_short_code(client, demo):
    response = client.post("/j", data={"code": "AB"})
    assert response.status_code == 200
    assert "Location" not in response.headers


# --- language -----------------------------------------------------------------


def test_default_language_is_norwegian_bokmal(client, demo):
    page = client.get(f"/j/{demo['gathering']['code']}").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Bli med" in page
    assert 'hreflang="en"' in page


def test_lang_en_switches_to_english_and_sticks(client, demo):
    code = demo["gathering"]["code"]
    page = client.get(f"/j/{code}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert "Your municipality" in page
    assert '<html lang="en">' in client.get(f"/j/{code}").get_data(as_text=True)
    back = client.get(f"/j/{code}?lang=nb").get_data(as_text=True)
    assert '<html lang="nb">' in back


def test_unsupported_language_falls_back_to_norwegian(client, demo):
    page = client.get(f"/j/{demo['gathering']['code']}?lang=de").get_data(as_text=True)
    assert '<html lang="nb">' in page


def test_case_redirect_passes_on_only_the_preselection(client, demo):
    code = demo["gathering"]["code"]
    response = client.get(f"/j/{code.lower()}?code=x&_anchor=y&m=sola")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{code}?m=sola"


# --- fake phones: the join throttle and held phones ------------------------------------


def post_join(app, demo, address: str, name: str = "Sola"):
    return app.test_client().post(
        f"/j/{demo['gathering']['code']}?lang=en", environ_base={"REMOTE_ADDR": address},
        data={"municipality": municipality(demo, name)["id"], "consent": "y"})


@pytest.mark.app_config(JOIN_LIMIT=3, JOIN_WINDOW=600.0)
def test_joins_are_throttled_per_address_and_the_count_is_in_the_database(app, demo, db):
    """The finding: 200 devices in 1.4 s from one client. Now one address
    gets JOIN_LIMIT joins per window; the count lives in the database, so
    every server process sees the same one."""
    for _ in range(3):
        assert post_join(app, demo, "10.0.0.7").status_code == 302
    refused = post_join(app, demo, "10.0.0.7")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) == 600
    assert "Too many phones have joined from this network" in refused.get_data(as_text=True)
    assert len(device_rows(db)) == 3
    assert db.execute("SELECT COUNT(*) FROM join_attempts WHERE address = '10.0.0.7'"
                      ).fetchone()[0] == 3
    # Another address is not affected.
    assert post_join(app, demo, "10.0.0.8").status_code == 302


@pytest.mark.app_config(JOIN_LIMIT=2, JOIN_WINDOW=600.0)
def test_old_joins_leave_the_window(app, demo, db):
    for _ in range(2):
        assert post_join(app, demo, "10.0.0.9").status_code == 302
    with db.conn:
        db.execute("UPDATE join_attempts SET at = at - 601")
    assert post_join(app, demo, "10.0.0.9").status_code == 302


def test_the_default_join_limit_lets_a_room_behind_one_address_in(app, demo, db):
    """A venue's phones share the Wi-Fi's public address: 300 in 10 minutes."""
    from facilitate.web.phone import JOIN_LIMIT, JOIN_WINDOW

    assert (JOIN_LIMIT, JOIN_WINDOW) == (300, 600.0)
    from facilitate.store import devices

    assert all(devices.joins_allowed(db, "10.1.1.1", JOIN_LIMIT, JOIN_WINDOW, 1000.0)
               for _ in range(300))
    assert not devices.joins_allowed(db, "10.1.1.1", JOIN_LIMIT, JOIN_WINDOW, 1000.0)


def test_a_phone_beyond_the_expected_number_is_held_and_told(app, demo, db):
    from facilitate.store import programmes

    hå = municipality(demo, "Hå")
    programmes.set_expected_participants(db, hå["id"], 1)
    first, second = app.test_client(), app.test_client()
    for phone in (first, second):
        phone.post(f"/j/{demo['gathering']['code']}",
                   data={"municipality": hå["id"], "consent": "y"})
    assert [d["held"] for d in device_rows(db)] == [0, 1]
    notice = "Your answers are saved, and they count once the facilitator confirms this phone."
    held_page = second.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    counted_page = first.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    assert re.search(r"<p[^>]*data-held-notice\s*>", held_page)
    assert re.search(r"<p[^>]*data-held-notice\s+hidden>", counted_page)
    assert notice in held_page


def test_no_expected_number_holds_nobody(app, demo, db):
    from facilitate.store import programmes

    sola = municipality(demo, "Sola")
    programmes.set_expected_participants(db, sola["id"], None)
    for _ in range(10):
        post_join(app, demo, "10.0.0.1")
    assert {d["held"] for d in device_rows(db)} == {0}


# --- personal data: what the join page promises ---------------------------------------------


def test_the_consent_text_says_only_what_the_software_does(client, demo):
    page = client.get(join_url(demo)).get_data(as_text=True)
    # What is built: the record a coordinator downloads, erasure from the
    # phone, deletion after the retention period; no deletion "on request".
    assert "Ask the facilitator" not in page
    assert "Results per municipality are filed in your municipality's programme record" in page
    assert "Under “My answers” on this phone you can read your answers and delete them" in page
    assert "individual answers are deleted and only the totals are kept" in page
    assert "Only the facilitator sees your name" in page
    assert "never shown on its own" in page


def test_the_live_page_has_my_answers_and_the_answer_size_limit(client, demo):
    client.post(f"/j/{demo['gathering']['code']}",
                data={"municipality": municipality(demo, "Sola")["id"], "consent": "y"})
    page = client.get(join_url(demo)).get_data(as_text=True)
    assert "data-my-answers" in page and "Delete my answers" in page
    assert 'data-max-answer-bytes="65536"' in page
