"""Behind a TLS proxy: TRUSTED_PROXIES believes X-Forwarded-*, and cookies
made on an HTTPS request are Secure. Without the setting the headers are
ignored."""

from __future__ import annotations

import pytest

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.store.db import connect

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7",
             "X-Forwarded-Host": "facilitate.example.no"}


def make_app(tmp_path, **settings):
    app = create_app({
        "TESTING": True, "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "DATABASE": str(tmp_path / "proxy.sqlite3"), "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": False, **settings})
    db = connect(app.config["DATABASE"])
    try:
        seeded = seed_demo(db, app.config["SESSIONS_DIR"])
    finally:
        db.conn.close()
    return app, seeded


def set_cookie(response, name: str) -> str:
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert headers, response.headers
    return headers[-1]


def log_in(client, seeded, headers):
    response = client.post("/login", headers=headers, data={
        "username": seeded["username"], "password": seeded["password"]})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response


def join(client, seeded, headers):
    gathering = seeded["gatherings"][0]
    db = connect(client.application.config["DATABASE"])
    try:
        municipality = db.execute(
            "select municipality_id from gathering_municipalities where gathering_id = ?",
            [gathering["id"]]).fetchone()[0]
    finally:
        db.conn.close()
    response = client.post(f"/j/{gathering['code']}", headers=headers, data={
        "municipality": municipality, "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response, f"device_{gathering['code']}"


def is_secure(cookie: str) -> bool:
    return "secure" in [part.strip().lower() for part in cookie.split(";")]


def test_behind_one_trusted_proxy_the_cookies_are_secure(tmp_path):
    app, seeded = make_app(tmp_path, TRUSTED_PROXIES=1)
    client = app.test_client()
    assert is_secure(set_cookie(log_in(client, seeded, FORWARDED), "session"))
    response, name = join(app.test_client(), seeded, FORWARDED)
    assert is_secure(set_cookie(response, name))


def test_the_forwarded_host_and_address_are_believed(tmp_path):
    app, _ = make_app(tmp_path, TRUSTED_PROXIES=1)

    @app.get("/_probe")
    def probe():
        from flask import request
        return {"url": request.url, "remote": request.remote_addr}

    reply = app.test_client().get("/_probe", headers=FORWARDED).get_json()
    assert reply == {"url": "https://facilitate.example.no/_probe", "remote": "203.0.113.7"}


def test_without_trusted_proxies_the_headers_are_ignored(tmp_path):
    app, seeded = make_app(tmp_path)
    assert app.config["TRUSTED_PROXIES"] == 0
    assert not is_secure(set_cookie(log_in(app.test_client(), seeded, FORWARDED), "session"))
    response, name = join(app.test_client(), seeded, FORWARDED)
    assert not is_secure(set_cookie(response, name))


def test_a_direct_https_request_gets_secure_cookies(tmp_path):
    app, seeded = make_app(tmp_path)
    client = app.test_client()
    response = client.post("/login", base_url="https://localhost", data={
        "username": seeded["username"], "password": seeded["password"]})
    assert is_secure(set_cookie(response, "session"))


def test_secure_cookies_forces_the_flag_on_plain_http(tmp_path):
    app, seeded = make_app(tmp_path, SECURE_COOKIES=True)
    assert is_secure(set_cookie(log_in(app.test_client(), seeded, {}), "session"))
    response, name = join(app.test_client(), seeded, {})
    assert is_secure(set_cookie(response, name))


@pytest.mark.parametrize("value, expected", [("1", 1), ("2", 2)])
def test_the_settings_come_from_the_environment(tmp_path, monkeypatch, value, expected):
    monkeypatch.setenv("FACILITATE_TRUSTED_PROXIES", value)
    monkeypatch.setenv("FACILITATE_SECURE_COOKIES", "true")
    app, _ = make_app(tmp_path)
    assert app.config["TRUSTED_PROXIES"] == expected
    assert app.config["SECURE_COOKIES"] is True


def test_an_https_form_post_with_csrf_works_with_the_referrer_policy(tmp_path):
    """Flask-WTF wants a same-site Referer on HTTPS posts: Referrer-Policy
    same-origin sends it (no-referrer would not, and login would fail)."""
    import re

    app, seeded = make_app(tmp_path, TRUSTED_PROXIES=1, WTF_CSRF_ENABLED=True)
    client = app.test_client()
    page = client.get("/login", headers=FORWARDED)
    assert page.headers["Referrer-Policy"] == "same-origin"
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      page.get_data(as_text=True)).group(1)
    data = {"csrf_token": token, "username": seeded["username"], "password": seeded["password"]}
    without = client.post("/login", headers=FORWARDED, data=data)
    assert without.status_code == 400
    referred = client.post("/login", data=data, headers={
        **FORWARDED, "Referer": "https://facilitate.example.no/login"})
    assert referred.status_code == 302
