"""Every page carries the security headers; the CSP allows only the server's
own scripts, styles and sockets, and no page needs an inline style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import join, log_in

from facilitate.resources import resource_dir


def policy(response) -> dict:
    csp = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in csp.split("; ")}


def test_the_login_page_has_the_headers(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    directives = policy(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["connect-src"] == ["'self'", "ws://localhost", "wss://localhost"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in value for values in directives.values() for value in values)


def test_the_three_live_pages_have_the_policy(client, demo):
    code = demo["gathering"]["code"]
    log_in(client, demo)
    pages = [f"/console/{demo['gathering']['id']}",
             f"/p/{code}?key={demo['gathering']['presenter_key']}"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response.headers["Content-Security-Policy"], url
    phone = join(client.application.test_client(), demo, demo["municipalities"][0]["name"])
    response = phone.get(f"/j/{code}")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "DENY"


def test_static_files_and_errors_have_them_too(client):
    with client.get("/static/js/dom.js") as response:
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    missing = client.get("/no/such/page")
    assert missing.status_code == 404
    assert "Content-Security-Policy" in missing.headers


def test_a_strange_host_is_left_out_of_connect_src(client):
    response = client.get("/login", headers={"Host": "evil.example; script-src *"})
    assert policy(response)["connect-src"] == ["'self'"]
    assert policy(response)["script-src"] == ["'self'"]


@pytest.mark.parametrize("folder", ["templates"])
def test_no_template_has_an_inline_style_or_script(folder):
    for path in Path(resource_dir(folder)).rglob("*.html"):
        text = path.read_text()
        assert not re.search(r"\sstyle=", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        for script in re.findall(r"<script[^>]*>", text):
            assert 'type="application/json"' in script or "src=" in script, (path, script)
