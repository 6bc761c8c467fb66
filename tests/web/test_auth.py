"""Facilitator log-in: the form, wrong and right passwords, safe redirects,
log-out and the CSRF token."""

import re

import pytest

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.store import programmes
from facilitate.store.db import connect


def logged_in(client) -> bool:
    with client.session_transaction() as session:
        return "user_id" in session


def test_login_page_renders_the_form(client, demo):
    response = client.get("/login?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Log in as facilitator" in page
    assert 'name="username"' in page
    assert 'name="password"' in page
    assert 'type="password"' in page


def test_login_page_is_norwegian_by_default(client, demo):
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="nb">' in page
    assert "Logg inn som prosessleder" in page


def test_wrong_password_shows_an_error_and_sets_no_session(client, demo):
    response = client.post("/login?lang=en", data={"username": demo["username"],
                                                   "password": "not-the-password"})
    assert response.status_code == 200
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_unknown_user_gets_the_same_error(client, demo):
    response = client.post("/login?lang=en", data={"username": "nobody",
                                                   "password": demo["password"]})
    assert "Wrong username or password." in response.get_data(as_text=True)
    assert not logged_in(client)


def test_empty_fields_are_refused(client, demo):
    response = client.post("/login?lang=en", data={"username": "", "password": ""})
    assert response.status_code == 400
    assert "Fill in both username and password." in response.get_data(as_text=True)
    assert not logged_in(client)


def test_correct_login_redirects_to_the_console(client, demo):
    response = client.post("/login", data={"username": demo["username"],
                                           "password": demo["password"]})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert logged_in(client)
    console = client.get("/")
    assert console.status_code == 200
    assert demo["gathering"]["title"] in console.get_data(as_text=True)


def test_login_keeps_the_chosen_language(client, demo):
    client.get("/login?lang=en")
    client.post("/login", data={"username": demo["username"], "password": demo["password"]})
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_next_takes_you_back_to_a_local_page(client, demo):
    target = f"/console/{demo['gathering']['id']}"
    response = client.post(f"/login?next={target}", data={"username": demo["username"],
                                                           "password": demo["password"]})
    assert response.status_code == 302
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", ["//evil.example", "//evil.example/console",
                                    "https://evil.example", "http://evil.example/",
                                    "javascript:alert(1)", "evil.example"])
def test_next_never_leaves_the_site(client, demo, target):
    response = client.post("/login", query_string={"next": target},
                           data={"username": demo["username"], "password": demo["password"]})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_logout_is_post_only(client, demo):
    client.post("/login", data={"username": demo["username"], "password": demo["password"]})
    assert client.get("/logout").status_code == 405
    assert logged_in(client)

    response = client.post("/logout")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login"
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_logout_keeps_the_language(client, demo):
    client.get("/login?lang=en")
    client.post("/login", data={"username": demo["username"], "password": demo["password"]})
    client.post("/logout")
    assert '<html lang="en">' in client.get("/login").get_data(as_text=True)


def test_console_pages_redirect_to_login_when_logged_out(client, demo):
    index = client.get("/")
    assert index.status_code == 302
    assert index.headers["Location"] == "/login?next=/"

    path = f"/console/{demo['gathering']['id']}"
    page = client.get(path)
    assert page.status_code == 302
    assert page.headers["Location"] == f"/login?next={path}"
    assert demo["gathering"]["presenter_key"] not in page.get_data(as_text=True)


def test_unknown_gathering_in_the_console_is_404(client, demo):
    client.post("/login", data={"username": demo["username"], "password": demo["password"]})
    assert client.get("/console/99999").status_code == 404


def test_console_page_shows_the_join_and_projector_links(client, demo):
    client.post("/login", data={"username": demo["username"], "password": demo["password"]})
    gathering = demo["gathering"]
    page = client.get(f"/console/{gathering['id']}").get_data(as_text=True)
    assert f"http://localhost/j/{gathering['code']}" in page
    assert f"/p/{gathering['code']}?key={gathering['presenter_key']}" in page


# --- with CSRF protection on, as in production ------------------------------


@pytest.fixture
def csrf_app(tmp_path):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test",
        "DATABASE": str(tmp_path / "csrf.sqlite3"),
        "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": True,
    })


@pytest.fixture
def csrf_demo(csrf_app):
    db = connect(csrf_app.config["DATABASE"])
    try:
        seeded = seed_demo(db, csrf_app.config["SESSIONS_DIR"])
    finally:
        db.conn.close()
    return seeded


def csrf_token(page: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert match, page
    return match[1]


def test_login_without_csrf_token_is_refused_and_changes_nothing(csrf_app, csrf_demo):
    client = csrf_app.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": csrf_demo["username"],
                                           "password": csrf_demo["password"]})
    assert response.status_code == 400
    assert not logged_in(client)
    assert client.get("/").status_code == 302


def test_login_with_a_forged_csrf_token_is_refused(csrf_app, csrf_demo):
    client = csrf_app.test_client()
    client.get("/login")
    response = client.post("/login", data={"username": csrf_demo["username"],
                                           "password": csrf_demo["password"],
                                           "csrf_token": "forged"})
    assert response.status_code == 400
    assert not logged_in(client)


def test_login_with_csrf_token_works(csrf_app, csrf_demo):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": csrf_demo["username"],
                                           "password": csrf_demo["password"],
                                           "csrf_token": token})
    assert response.status_code == 302
    assert logged_in(client)


def test_logout_without_csrf_token_keeps_you_logged_in(csrf_app, csrf_demo):
    client = csrf_app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": csrf_demo["username"],
                                "password": csrf_demo["password"], "csrf_token": token})
    assert client.post("/logout").status_code == 400
    assert logged_in(client)


def test_join_without_csrf_token_stores_no_device(csrf_app, csrf_demo):
    gathering = csrf_demo["gatherings"][0]
    db = connect(csrf_app.config["DATABASE"])
    try:
        member = programmes.gathering_municipalities(db, gathering["id"])[0]
        client = csrf_app.test_client()
        client.get(f"/j/{gathering['code']}")
        response = client.post(f"/j/{gathering['code']}",
                               data={"municipality": member["id"], "consent": "y"})
        assert response.status_code == 400
        assert db.execute("SELECT COUNT(*) FROM devices").fetchone()[0] == 0
    finally:
        db.conn.close()


def test_next_with_control_characters_or_backslashes_stays_on_site(app, demo):
    for target in ("/%09/evil.example", "/%0A/x", "/%0D/x", "/%5C%5Cevil.example",
                   "%5C/evil.example"):
        client = app.test_client()
        response = client.post(f"/login?next={target}",
                               data={"username": demo["username"], "password": demo["password"]})
        assert response.status_code == 302
        assert response.headers["Location"] == "/"
