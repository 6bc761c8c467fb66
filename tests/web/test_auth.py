"""Facilitator log-in: the form, wrong and right passwords, safe redirects,
log-out and the CSRF token."""

import re

import pytest
from support import log_in, log_in_as

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.policy import Grant
from facilitate.server_mode import run_blocking
from facilitate.store import programmes, users
from facilitate.store.db import connect
from facilitate.web import auth
from facilitate.web.auth import user_from_session


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
        "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "DATABASE": str(tmp_path / "csrf.sqlite3"),
        "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": True,
    })


@pytest.fixture
def csrf_demo(csrf_app):
    db = connect(csrf_app.config["DATABASE"])
    try:
        seeded = seed_demo(db, csrf_app.config["SESSIONS_DIR"], method="pbkdf2:sha256:1")
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


# --- sessions end: log-out and a new password end every session -------------


def test_logout_ends_every_session_of_the_user(app, demo):
    laptop, phone = log_in(app.test_client(), demo), log_in(app.test_client(), demo)
    assert phone.get("/").status_code == 200
    laptop.post("/logout")
    assert phone.get("/").status_code == 302
    assert log_in(app.test_client(), demo).get("/").status_code == 200


def test_a_new_password_ends_every_session(app, db, demo):
    client = log_in(app.test_client(), demo)
    user_id = db.execute("SELECT id FROM users WHERE username = ?",
                         [demo["username"]]).fetchone()[0]
    users.set_password(db, user_id, "et-nytt-passord", method="pbkdf2:sha256:1")
    assert client.get("/").status_code == 302
    log_in_as(app.test_client(), demo["username"], "et-nytt-passord")


def test_a_session_without_the_current_epoch_is_logged_out(app, db, demo):
    client = log_in(app.test_client(), demo)
    with client.session_transaction() as session:
        user_id = session["user_id"]
        del session["epoch"]  # as a cookie from before epochs
    assert client.get("/").status_code == 302
    with client.session_transaction() as session:
        session["user_id"], session["epoch"] = user_id, 7
    assert client.get("/").status_code == 302


def test_user_from_session_gives_the_user_and_their_grants(app, db, demo):
    client = log_in(app.test_client(), demo)
    with client.session_transaction() as session:
        user = user_from_session(db, session)
        assert user["username"] == demo["username"]
        assert set(user["grants"]) == {Grant("admin", demo["programme_id"]),
                                       Grant("facilitator", demo["programme_id"])}
        session["epoch"] += 1
        assert user_from_session(db, session) is None
    assert user_from_session(db, {}) is None
    assert user_from_session(db, {"user_id": "1", "epoch": 0}) is None


# --- throttling failed log-ins ----------------------------------------------


def post_login(client, username, password, **headers):
    return client.post("/login?lang=en", data={"username": username, "password": password},
                       headers=headers)


def test_sixty_wrong_passwords_then_the_right_one_is_refused_while_throttled(app, db, demo):
    client = app.test_client()
    statuses = [post_login(client, demo["username"], f"feil-{n}").status_code
                for n in range(60)]
    assert statuses[:5] == [200] * 5
    assert set(statuses[5:]) == {429}
    response = post_login(client, demo["username"], demo["password"])
    assert response.status_code == 429
    assert "Too many failed log-ins. Wait 1 minute and try again." in response.get_data(
        as_text=True)
    assert 0 < int(response.headers["Retry-After"]) <= 30
    assert not logged_in(client)
    # only the five tries that were checked count as failures
    assert db.execute("SELECT COUNT(*) FROM login_failures WHERE kind = 'user'"
                      ).fetchone()[0] == 5

    # the lock runs out; the right password then works and clears the count
    db.execute("UPDATE login_failures SET at = at - 31")
    assert post_login(client, demo["username"], demo["password"]).status_code == 302
    assert db.execute("SELECT COUNT(*) FROM login_failures WHERE kind = 'user'"
                      ).fetchone()[0] == 0


def test_the_lock_grows_with_each_further_failure(db, demo):
    throttle = users.Throttle(per_user=5, per_address=20, window=900, delay=30)
    for n in range(5):
        users.record_login_failure(db, "kari", "10.0.0.1", throttle, at=1000.0 + n)
    assert users.login_wait(db, "kari", "10.0.0.2", throttle, at=1004.0) == 30
    users.record_login_failure(db, "kari", "10.0.0.1", throttle, at=1040.0)
    assert users.login_wait(db, "KARI ", "10.0.0.2", throttle, at=1040.0) == 60
    users.record_login_failure(db, "kari", "10.0.0.1", throttle, at=1100.0)
    assert users.login_wait(db, "kari", "10.0.0.2", throttle, at=1100.0) == 120
    assert users.login_wait(db, "kari", "10.0.0.2", throttle, at=1220.0) == 0
    assert users.login_wait(db, "ola", "10.0.0.2", throttle, at=1100.0) == 0


def test_one_address_guessing_at_many_usernames_is_throttled(app, demo):
    client = app.test_client()
    statuses = [post_login(client, f"bruker-{n}", "feil-passord").status_code
                for n in range(20)]
    assert set(statuses) == {200}
    assert post_login(client, demo["username"], demo["password"]).status_code == 429
    # another address is not held up
    other = app.test_client()
    response = other.post("/login", data={"username": demo["username"],
                                          "password": demo["password"]},
                          environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 302


@pytest.mark.app_config(TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_forwarded_address_is_throttled(app, demo):
    client = app.test_client()
    for n in range(20):
        post_login(client, f"bruker-{n}", "feil-passord", **{"X-Forwarded-For": "203.0.113.7"})
    blocked = post_login(client, demo["username"], demo["password"],
                         **{"X-Forwarded-For": "203.0.113.7"})
    assert blocked.status_code == 429
    # a client cannot dodge it by sending its own header first: the proxy appends
    spoofed = post_login(client, demo["username"], demo["password"],
                         **{"X-Forwarded-For": "1.2.3.4, 203.0.113.7"})
    assert spoofed.status_code == 429
    other = post_login(client, demo["username"], demo["password"],
                       **{"X-Forwarded-For": "198.51.100.1"})
    assert other.status_code == 302


def test_unknown_and_known_usernames_cost_one_hash_check_each(app, demo, monkeypatch):
    checked = []
    real = users.check_password_hash

    def counting(stored, password):
        checked.append(stored.split("$", 1)[0])
        return real(stored, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    post_login(app.test_client(), demo["username"], "feil-passord")
    post_login(app.test_client(), "finnes-ikke", "feil-passord")
    post_login(app.test_client(), demo["username"], demo["password"])
    # the same method, so the same work, whether or not the name exists
    assert checked == ["pbkdf2:sha256:1"] * 3


def test_the_login_view_hashes_through_run_blocking(app, demo, monkeypatch):
    ran = []

    def recording(fn, *args):
        ran.append(fn.__name__)
        return fn(*args)

    monkeypatch.setattr(auth, "run_blocking", recording)
    post_login(app.test_client(), demo["username"], demo["password"])
    assert ran == ["check_password_hash"]


@pytest.mark.parametrize("mode", ["threading", "gevent", "eventlet"])
def test_run_blocking_returns_the_result_in_each_mode(app, mode):
    app.config["ASYNC_MODE"] = mode
    with app.app_context():
        assert run_blocking(pow, 2, 10) == 1024
    assert run_blocking(pow, 3, 2) == 9  # outside an app: called directly
