"""The phone and join pages as the room sees them (the current item rendered
into the page, the ended gathering, join errors tied to their fields),
error pages, nynorsk, compression and caching of static files."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest
from support import join

from facilitate.store import gatherings
from facilitate.web.assets import Assets

ONE_YEAR = "public, max-age=31536000, immutable"


def page_state(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="phone-state">(.*?)</script>', page,
                      re.S)
    assert match, page
    return json.loads(match[1])


def item_of(demo, kind: str) -> dict:
    return next(item for item in demo["items"] if item["activity_kind"] == kind)


# --- the live phone page shows what is on before the socket connects ----------------


def test_phone_page_renders_the_open_question_before_connecting(client, demo, db):
    choice = item_of(demo, "choice")
    gatherings.start_gathering(db, demo["gathering"]["id"])
    gatherings.go_to(db, demo["gathering"]["id"], choice["position"])
    gatherings.update_item(db, choice["id"], status="open")
    join(client, demo, "Sola")
    page = client.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    question = choice["definition"]["question"]
    assert re.search(r"<p class=\"question\" data-question>\s*" + re.escape(question), page)
    assert f"<h1 id=\"now-title\" data-current-title>{choice['title']}</h1>" in page
    assert "Multiple choice" in page  # what kind of item is on
    state = page_state(page)
    assert state["current"]["id"] == choice["id"]
    assert state["current"]["status"] == "open"
    assert state["mine"] == []
    assert state["version"] == gatherings.get_gathering(db, demo["gathering"]["id"])["version"]


def test_phone_page_names_a_talk_and_says_there_is_nothing_to_answer(client, demo, db):
    talk = next(item for item in demo["items"] if item["type"] in ("talk", "break"))
    gatherings.start_gathering(db, demo["gathering"]["id"])
    gatherings.go_to(db, demo["gathering"]["id"], talk["position"])
    join(client, demo, "Sola")
    page = client.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    assert f"data-current-title>{talk['title']}</h1>" in page
    assert {"talk": "Talk", "break": "Break"}[talk["type"]] in page
    assert "Nothing to answer right now." in page


def test_phone_page_carries_its_own_answers_only(client, app, demo, db, sockets):
    console = sockets.console()
    choice = item_of(demo, "choice")
    console.emit("gathering.start", {}, callback=True)
    console.emit("activity.open", {"item_id": choice["id"]}, callback=True)
    phone = sockets.phone("Sola")
    ack = phone.emit("answer", {"item_id": choice["id"], "submission_id": "mine-0001",
                                "value": [0]}, callback=True)
    assert ack["ok"]
    join(client, demo, "Hå")  # another phone: sees none of Sola's answers
    other = page_state(client.get(f"/j/{demo['gathering']['code']}").get_data(as_text=True))
    assert other["mine"] == []


# --- joining --------------------------------------------------------------------


def test_a_new_phone_learns_at_once_that_the_gathering_has_ended(client, demo, db):
    gatherings.start_gathering(db, demo["gathering"]["id"])
    gatherings.end_gathering(db, demo["gathering"]["id"])
    page = client.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    assert "The gathering has ended. Thank you!" in page
    assert 'name="consent"' not in page
    assert 'name="municipality"' not in page
    refused = client.post(f"/j/{demo['gathering']['code']}", data={
        "municipality": demo["municipalities"][0]["id"], "consent": "y"})
    assert "device_" not in refused.headers.get("Set-Cookie", "")


def test_join_errors_are_tied_to_their_fields_and_named_in_the_title(client, demo):
    response = client.post(f"/j/{demo['gathering']['code']}?lang=en",
                           data={"display_name": "K" * 41})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r"<title>Error: Join", page)
    select = re.search(r"<select[^>]*>", page)[0]
    assert 'aria-invalid="true"' in select
    assert 'aria-describedby="municipality-error"' in select
    # the first invalid field takes the focus when the page loads
    assert "autofocus" in select
    assert page.count("autofocus") == 1
    assert re.search(r'<p class="field-error" id="municipality-error">Choose your municipality.',
                     page)
    name = re.search(r'<input type="text" id="display_name"[^>]*>', page)[0]
    assert 'aria-invalid="true"' in name
    assert 'aria-describedby="display_name-hint display_name-error"' in name
    consent = re.search(r'<input type="checkbox" id="consent"[^>]*>', page)[0]
    assert 'aria-describedby="consent-error"' in consent
    assert 'id="consent-error"' in page


def test_join_form_without_errors_has_no_error_marks(client, demo):
    page = client.get(f"/j/{demo['gathering']['code']}?lang=en").get_data(as_text=True)
    assert "aria-invalid" not in page
    assert "autofocus" not in page
    assert "<title>Join" in page


def test_the_join_form_lists_twenty_five_municipalities_in_one_select(client, app, demo, db):
    from facilitate.store import programmes

    gathering_id = demo["gathering"]["id"]
    for index in range(17):
        municipality_id = programmes.add_municipality(db, demo["programme_id"], f"Kommune {index}")
        db.execute("INSERT INTO gathering_municipalities (gathering_id, municipality_id) "
                   "VALUES (?, ?)", [gathering_id, municipality_id])
    db.conn.commit()
    page = client.get(f"/j/{demo['gathering']['code']}").get_data(as_text=True)
    assert page.count("<select") == 1
    assert len(re.findall(r'<option value="\d+"', page)) == 25


# --- nynorsk --------------------------------------------------------------------


def test_nynorsk_is_offered_and_sticks(client, demo):
    code = demo["gathering"]["code"]
    page = client.get(f"/j/{code}").get_data(as_text=True)
    assert 'hreflang="nn"' in page and 'hreflang="en"' in page
    nynorsk = client.get(f"/j/{code}?lang=nn").get_data(as_text=True)
    assert '<html lang="nn">' in nynorsk
    assert "Kommunen din" in nynorsk
    assert "Bli med" in nynorsk
    assert 'hreflang="nb"' in nynorsk
    assert '<html lang="nn">' in client.get(f"/j/{code}").get_data(as_text=True)


@pytest.mark.app_config(DEFAULT_LANGUAGE="nn")
def test_the_programme_can_make_nynorsk_the_default(client, demo):
    page = client.get(f"/j/{demo['gathering']['code']}").get_data(as_text=True)
    assert '<html lang="nn">' in page
    assert "Kommunen din" in page
    assert '<html lang="nb">' in client.get(
        f"/j/{demo['gathering']['code']}?lang=nb").get_data(as_text=True)


def test_language_links_keep_the_other_query_arguments(client, demo):
    page = client.get(f"/j/{demo['gathering']['code']}?m=sola").get_data(as_text=True)
    assert 'href="?m=sola&amp;lang=nn"' in page


def test_numbers_are_written_in_the_page_language(app):
    from facilitate.web.template_helpers import number

    with app.test_request_context("/?lang=nb"):
        app.preprocess_request()
        assert number(2.8333) == "2,83"
        assert number(1234567) == "1\xa0234\xa0567"
        assert number(2040) == "2040"
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        assert number(2.8333) == "2.83"


# --- error pages -----------------------------------------------------------------


@pytest.mark.parametrize("url", ["/j/ZZZZZZ", "/no/such/page", "/p/ZZZZZZ?key=x"])
def test_not_found_is_a_page_in_the_apps_style_with_a_way_on(client, demo, url):
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert '<html lang="nb">' in page
    assert 'data-error="404"' in page
    assert 'href="/j"' in page and "data-way-on" in page
    assert "/static/css/app.css?v=" in page
    assert "Not Found" not in page  # not werkzeug's English page


def test_not_found_in_english(client, demo):
    page = client.get("/nowhere?lang=en").get_data(as_text=True)
    assert "Nothing here" in page
    assert "Join a gathering with a code" in page


def test_method_not_allowed_and_bad_request_pages(client, app):
    response = client.delete("/j")
    assert response.status_code == 405
    assert 'data-error="405"' in response.get_data(as_text=True)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_a_form_without_its_csrf_token_gets_the_400_page(client, demo):
    response = client.post("/j?lang=en", data={"code": "ABCDEF"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'data-error="400"' in page
    assert "The request could not be used" in page


def test_errors_500_and_429_have_pages_too(app):
    from werkzeug.exceptions import InternalServerError, TooManyRequests

    from facilitate.web import error_page

    with app.test_request_context("/?lang=en"):
        app.preprocess_request()
        body, status, _headers = error_page(InternalServerError())
        assert status == 500 and "Something went wrong" in body and 'href="/j"' in body
        body, status, headers = error_page(TooManyRequests(retry_after=30))
        assert status == 429 and "Too many tries" in body


def test_an_unexpected_error_shows_the_500_page(app, client):
    app.testing = False  # as in production: the error is handled, not raised

    @app.get("/boom-for-test")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom-for-test")
    assert response.status_code == 500
    assert 'data-error="500"' in response.get_data(as_text=True)


# --- caching and compression ------------------------------------------------------------


def versioned(page: str, path: str) -> str:
    match = re.search(rf'"(/static/{re.escape(path)}\?v=[0-9a-f]+)"', page)
    assert match, path
    return match[1]


def test_versioned_static_files_are_cached_for_a_year(client, demo):
    page = client.get("/j").get_data(as_text=True)
    url = versioned(page, "css/app.css")
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == ONE_YEAR


def test_unversioned_or_stale_static_files_must_be_revalidated(client):
    plain = client.get("/static/css/app.css")
    assert plain.headers["Cache-Control"] == "no-cache"
    etag = plain.headers["ETag"]
    again = client.get("/static/css/app.css", headers={"If-None-Match": etag})
    assert again.status_code == 304
    stale = client.get("/static/css/app.css?v=000000000000")
    assert stale.headers["Cache-Control"] == "no-cache"


def test_pages_are_never_kept_by_shared_caches(client, demo):
    assert client.get("/j").headers["Cache-Control"] == "no-cache, private"


def test_imported_modules_carry_versions_and_preloads_name_them(client, demo, db):
    join(client, demo, "Sola")
    page = client.get(f"/j/{demo['gathering']['code']}").get_data(as_text=True)
    phone_js = versioned(page, "js/phone.js")
    body = client.get(phone_js).get_data(as_text=True)
    imports = re.findall(r'from "(\./[^"]+)"', body)
    assert imports and all(re.search(r"\.js\?v=[0-9a-f]{12}$", name) for name in imports)
    # every module of the page is preloaded with the same versioned URL
    preloads = set(re.findall(r'<link rel="modulepreload" href="([^"]+)"', page))
    for name in imports:
        assert "/static/js/" + name.removeprefix("./") in preloads
    for url in preloads:
        assert client.get(url).headers["Cache-Control"] == ONE_YEAR


def test_a_module_version_changes_when_a_module_it_imports_changes(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "a.js").write_text('import { b } from "./b.js";\nexport const a = b;\n')
    (tmp_path / "js" / "b.js").write_text("export const b = 1;\n")
    assets = Assets(str(tmp_path))
    first = assets.get("js/a.js")
    assert f'"./b.js?v={assets.get("js/b.js").version}"' in first.body.decode()
    (tmp_path / "js" / "b.js").write_text("export const b = 22;\n")
    second = assets.get("js/a.js")
    assert second.version != first.version
    assert f'"./b.js?v={assets.get("js/b.js").version}"' in second.body.decode()
    assert assets.graph("js/a.js") == ["js/b.js"]


def test_static_paths_outside_the_folder_are_not_served(client):
    assert client.get("/static/../facilitate/app.py").status_code == 404
    assert client.get("/static/js/nothing.js").status_code == 404


@pytest.mark.parametrize("path", ["js/phone.js", "css/app.css", "vendor/socket.io-4.8.4.min.js"])
def test_static_files_are_compressed(client, path):
    plain = client.get(f"/static/{path}").get_data()
    squeezed = client.get(f"/static/{path}", headers={"Accept-Encoding": "gzip"})
    assert squeezed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    assert gzip.decompress(squeezed.get_data()) == plain
    assert len(squeezed.get_data()) < len(plain) * 0.6
    best = client.get(f"/static/{path}", headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert best.headers["Content-Encoding"] == "br"
    assert brotli.decompress(best.get_data()) == plain


def test_pages_and_json_are_compressed(client, demo, db):
    join(client, demo, "Sola")
    page = client.get(f"/j/{demo['gathering']['code']}", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert b"data-phone" in gzip.decompress(page.get_data())
    health = client.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert health.status_code == 200


def test_nothing_is_compressed_for_a_client_that_does_not_ask(client):
    response = client.get("/static/css/app.css")
    assert "Content-Encoding" not in response.headers
