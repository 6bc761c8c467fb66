"""Every route against every role: the status each may expect.

The table is keyed by endpoint and checked against the app's url_map, so a
new route fails here until it says who may use it. Programme A is the demo
programme; programme B has its own gathering. Ids in URLs are swapped for the
other programme's to show that scope holds."""

from __future__ import annotations

import pytest
from support import log_in_as

from facilitate.plans import load_plans
from facilitate.store import gatherings, grants, programmes, users

PASSWORD = "passord-for-test"

ROLES = ("anonymous", "site admin", "admin of A", "facilitator of A", "facilitator of B",
         "coordinator in A", "no grants")


def row(anonymous, site_admin, admin_a, facilitator_a, facilitator_b, coordinator_a,
        no_grants):
    return dict(zip(ROLES, (anonymous, site_admin, admin_a, facilitator_a, facilitator_b,
                            coordinator_a, no_grants), strict=True))


def everyone(status):
    return row(*[status] * len(ROLES))


# endpoint -> [(method, url template, expected status by role)]; the url
# template is formatted with the `world` fixture.
TABLE = {
    "static": [("GET", "/static/css/app.css", everyone(200))],
    "auth.login": [("GET", "/login", everyone(200))],
    "auth.logout": [("POST", "/logout", everyone(302))],
    "health.healthz": [("GET", "/healthz", everyone(200))],
    "console.index": [("GET", "/", row(302, 200, 200, 200, 200, 200, 200))],
    "console.gathering": [
        ("GET", "/console/{a_id}", row(302, 200, 200, 200, 403, 403, 403)),
        ("GET", "/console/{b_id}", row(302, 200, 403, 403, 200, 403, 403)),
        ("GET", "/console/999999", row(302, 404, 404, 404, 404, 404, 404)),
        ("GET", "/console/99999999999999999999999", row(302, 404, 404, 404, 404, 404, 404)),
        ("GET", "/console/0", row(302, 404, 404, 404, 404, 404, 404)),
    ],
    # Participants and the projector never log in: a code (and the presenter
    # key) is the whole of their access, whoever asks.
    "phone.enter_code": [("GET", "/j", everyone(200))],
    "phone.join": [("GET", "/j/{a_code}", everyone(200)),
                         ("GET", "/j/{b_code}", everyone(200)),
                         ("GET", "/j/NOSUCH", everyone(404))],
    "presenter.show": [("GET", "/p/{a_code}?key={a_key}", everyone(200)),
                       ("GET", "/p/{a_code}?key={b_key}", everyone(404))],
    # Capability frameworks: read-only, for anyone with a role in a programme.
    "frameworks.index": [("GET", "/frameworks", row(302, 200, 200, 200, 200, 200, 403))],
    "frameworks.show": [
        ("GET", "/frameworks/dimios-style", row(302, 200, 200, 200, 200, 200, 403)),
        ("GET", "/frameworks/nosuch", row(302, 404, 404, 404, 404, 404, 403)),
    ],
    "presenter.qr": [("GET", "/j/{a_code}/qr.svg", everyone(200)),
                     ("GET", "/j/NOSUCH/qr.svg", everyone(404))],
}

CASES = [(endpoint, method, url, role, expected[role])
         for endpoint, cases in TABLE.items()
         for method, url, expected in cases
         for role in ROLES]


@pytest.fixture
def world(app, db, demo):
    """Programme A (the demo) and B, each with a gathering, and a user per role."""
    a_id = demo["programme_id"]
    b_id = programmes.create_programme(db, "Digi Nordland 2026-2027", "Digi Nordland")
    bodo = programmes.add_municipality(db, b_id, "Bodø")
    plan = load_plans(app.config["SESSIONS_DIR"])[0]
    b_gathering = gatherings.get_gathering(db, gatherings.create_gathering(
        db, b_id, 1, "2026-09-01", "Nordland modul 1", plan, [bodo]))
    method = app.config["PASSWORD_HASH_METHOD"]
    logins = {}
    for role, scope in {"site admin": ("admin", None, None),
                        "admin of A": ("admin", a_id, None),
                        "facilitator of A": ("facilitator", a_id, None),
                        "facilitator of B": ("facilitator", b_id, None),
                        "coordinator in A": ("coordinator", a_id,
                                             demo["municipalities"][0]["id"]),
                        "no grants": None}.items():
        username = role.replace(" ", "-")
        user_id = users.add_user(db, username, PASSWORD, method=method)
        if scope:
            grants.grant(db, user_id, *scope)
        logins[role] = username
    a = demo["gathering"]
    return {"a_id": a["id"], "a_code": a["code"], "a_key": a["presenter_key"],
            "a_title": a["title"], "b_id": b_gathering["id"], "b_code": b_gathering["code"],
            "b_key": b_gathering["presenter_key"], "b_title": b_gathering["title"],
            "logins": logins}


def client_as(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        log_in_as(client, world["logins"][role], PASSWORD)
    return client


def test_every_route_has_an_entry_for_each_of_its_methods(app):
    for rule in app.url_map.iter_rules():
        assert rule.endpoint in TABLE, f"{rule.rule} ({rule.endpoint}) has no row in TABLE"
        tested = {method for method, *_ in TABLE[rule.endpoint]}
        # POST-only forms still get a GET test when they answer GET too
        assert tested <= rule.methods, (rule.endpoint, tested, rule.methods)
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(TABLE) == endpoints, f"rows for routes that are gone: {set(TABLE) - endpoints}"


@pytest.mark.parametrize(("endpoint", "method", "url", "role", "expected"), CASES)
def test_route_status_by_role(app, world, endpoint, method, url, role, expected):
    client = client_as(app, world, role)
    response = client.open(url.format(**world), method=method)
    response.close()  # static files are sent from an open file
    assert response.status_code == expected, (role, method, url)
    if expected == 302 and role == "anonymous" and endpoint.startswith("console."):
        assert response.headers["Location"].startswith("/login?next=")


def test_the_index_lists_only_the_gatherings_a_user_may_drive(app, world):
    for role, sees_a, sees_b in [("site admin", True, True), ("admin of A", True, False),
                                 ("facilitator of A", True, False),
                                 ("facilitator of B", False, True),
                                 ("coordinator in A", False, False), ("no grants", False, False)]:
        page = client_as(app, world, role).get("/?lang=en").get_data(as_text=True)
        assert (f"/console/{world['a_id']}\"" in page) is sees_a, role
        assert (f"/console/{world['b_id']}\"" in page) is sees_b, role


def test_the_index_groups_gatherings_by_programme(app, world):
    page = client_as(app, world, "site admin").get("/?lang=en").get_data(as_text=True)
    sections = page.split("data-programme=")[1:]
    assert len(sections) == 2
    a, b = sorted(sections, key=lambda section: "Digi Nordland 2026-2027" in section)
    assert "Kompetanseløftet" in a and world["a_title"] in a and world["b_title"] not in a
    assert world["b_title"] in b and world["a_title"] not in b


def test_a_user_without_grants_is_told_so(app, world):
    page = client_as(app, world, "no grants").get("/?lang=en").get_data(as_text=True)
    assert "Your account has no role yet." in page
    page = client_as(app, world, "coordinator in A").get("/?lang=en").get_data(as_text=True)
    assert "There are no gatherings for you to run." in page


def test_the_403_page_says_what_is_wrong(app, world):
    response = client_as(app, world, "facilitator of B").get(f"/console/{world['a_id']}?lang=en")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert "No access" in page
    assert world["a_key"] not in page and world["a_title"] not in page
