"""Every route against every role: the status each may expect.

The table is keyed by endpoint and checked against the app's url_map, so a
new route fails here until it says who may use it. Programme A is the demo
programme; programme B has its own gathering. Ids in URLs are swapped for the
other programme's to show that scope holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import log_in_as

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.plans import load_plans
from facilitate.store import gatherings, grants, invites, plans_store, programmes, records, users
from facilitate.store.db import connect

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
    # The programme record: a coordinator reads and edits their own
    # municipality only; a programme admin every municipality of theirs.
    "coordinator.index": [("GET", "/record", row(302, 200, 200, 200, 200, 200, 200))],
    "coordinator.show": [
        ("GET", "/record/{m_own}", row(302, 200, 200, 403, 403, 200, 403)),
        ("GET", "/record/{m_other}", row(302, 200, 200, 403, 403, 403, 403)),
        ("GET", "/record/{m_b}", row(302, 200, 403, 403, 403, 403, 403)),
        ("GET", "/record/{m_own}?module=2", row(302, 200, 200, 403, 403, 200, 403)),
        ("GET", "/record/{m_own}?module=5", row(302, 404, 404, 403, 403, 404, 403)),
        ("GET", "/record/999999", row(302, 404, 404, 404, 404, 404, 404)),
        ("GET", "/record/0", row(302, 404, 404, 404, 404, 404, 404)),
        ("GET", "/record/99999999999999999999999", row(302, 404, 404, 404, 404, 404, 404)),
    ],
    "coordinator.save_prework": [
        ("POST", "/record/{m_own}/prework/1", row(302, 302, 302, 403, 403, 302, 403)),
        ("POST", "/record/{m_other}/prework/1", row(302, 302, 302, 403, 403, 403, 403)),
        ("POST", "/record/{m_b}/prework/1", row(302, 302, 403, 403, 403, 403, 403)),
        ("POST", "/record/{m_own}/prework/9", row(302, 404, 404, 403, 403, 404, 403)),
    ],
    "coordinator.new_leader_link": [
        ("POST", "/record/{m_own}/prework-link", row(302, 302, 302, 403, 403, 302, 403)),
        ("POST", "/record/{m_other}/prework-link", row(302, 302, 302, 403, 403, 403, 403)),
        ("POST", "/record/{m_b}/prework-link", row(302, 302, 403, 403, 403, 403, 403)),
    ],
    # A leader's link is the whole of their access, as a code is a phone's.
    "coordinator.leader": [("GET", "/f/{leader_token}", everyone(200)),
                           ("GET", "/f/{leader_token}?module=5", everyone(404)),
                           ("GET", "/f/no-such-token-at-all", everyone(404))],
    "coordinator.save_ambition": [
        ("POST", "/record/{m_own}/ambition/1", row(302, 302, 302, 403, 403, 302, 403)),
        ("POST", "/record/{m_other}/ambition/1", row(302, 302, 302, 403, 403, 403, 403)),
        ("POST", "/record/{m_b}/ambition/1", row(302, 302, 403, 403, 403, 403, 403)),
    ],
    # Empty forms: refused with the messages beside the fields, where allowed at all.
    "coordinator.add_initiative": [
        ("POST", "/record/{m_own}/initiatives/1", row(302, 400, 400, 403, 403, 400, 403)),
        ("POST", "/record/{m_other}/initiatives/1", row(302, 400, 400, 403, 403, 403, 403)),
        ("POST", "/record/{m_b}/initiatives/1", row(302, 400, 403, 403, 403, 403, 403)),
    ],
    "coordinator.edit_initiative": [
        ("POST", "/record/{m_own}/initiatives/1/{initiative}",
         row(302, 400, 400, 403, 403, 400, 403)),
        ("POST", "/record/{m_other}/initiatives/1/{initiative}",
         row(302, 404, 404, 403, 403, 403, 403)),
        ("POST", "/record/{m_own}/initiatives/2/{initiative}",
         row(302, 404, 404, 403, 403, 404, 403)),
    ],
    "coordinator.download": [
        ("GET", "/record/{m_own}/download/json", row(302, 200, 200, 403, 403, 200, 403)),
        ("GET", "/record/{m_own}/download/json?module=1", row(302, 200, 200, 403, 403, 200, 403)),
        ("GET", "/record/{m_other}/download/json", row(302, 200, 200, 403, 403, 403, 403)),
        ("GET", "/record/{m_b}/download/json", row(302, 200, 403, 403, 403, 403, 403)),
        ("GET", "/record/{m_own}/download/exe", row(302, 404, 404, 403, 403, 404, 403)),
        ("GET", "/record/{m_own}/download/json?module=7",
         row(302, 404, 404, 403, 403, 404, 403)),
        ("GET", "/record/999999/download/json", row(302, 404, 404, 404, 404, 404, 404)),
    ],
    # The phone's own pre-work: only with the phone's device cookie.
    "coordinator.phone_prework": [("GET", "/j/{a_code}/prework/{a_item}", everyone(403)),
                                  ("GET", "/j/NOSUCH/prework/1", everyone(404))],
    "coordinator.audit_log": [
        ("GET", "/programme/{a_programme}/audit", row(302, 200, 200, 403, 403, 403, 403)),
        ("GET", "/programme/{b_programme}/audit", row(302, 200, 403, 403, 403, 403, 403)),
        ("GET", "/programme/999999/audit", row(302, 404, 404, 404, 404, 404, 404)),
    ],
    "coordinator.erase_device": [
        ("POST", "/programme/{a_programme}/erase-device", row(302, 400, 400, 403, 403, 403, 403)),
        ("POST", "/programme/{b_programme}/erase-device", row(302, 400, 403, 403, 403, 403, 403)),
    ],
}


# The admin pages: a site admin everywhere, a programme admin in A only,
# nobody else. Forms posted empty are refused (400) for those allowed.
def managers(ok, a=True):
    """Site admin and (for programme A's ids) the admin of A get `ok`."""
    return row(302, ok, ok if a else 403, 403, 403, 403, 403)


MISSING = row(302, 404, 404, 404, 404, 404, 404)


def admin_rows(endpoint, method, url, ok, key="pid", missing=False):
    """GET or POST `url` with {x} for programme A's id and B's id, and with
    `missing` an id that does not exist (once per kind of id: one loader
    answers for every route with that id)."""
    return [(method, url.format(x=f"{{a_{key}}}"), managers(ok)),
            (method, url.format(x=f"{{b_{key}}}"), managers(ok, a=False)),
            *([(method, url.format(x="999999"), MISSING)] if missing else [])]


TABLE.update({
    "admin.index": [("GET", "/admin", row(302, 200, 200, 403, 403, 403, 403))],
    "admin.programme_new": [
        ("GET", "/admin/programmes/new", row(302, 200, 403, 403, 403, 403, 403)),
        ("POST", "/admin/programmes/new", row(302, 400, 403, 403, 403, 403, 403))],
    "admin.programme": admin_rows("", "GET", "/admin/programmes/{x}", 200, missing=True),
    "admin.programme_settings": [
        *admin_rows("", "GET", "/admin/programmes/{x}/settings", 200),
        *admin_rows("", "POST", "/admin/programmes/{x}/settings", 400)],
    "admin.municipalities": admin_rows("", "GET", "/admin/programmes/{x}/municipalities", 200),
    "admin.municipality_add": admin_rows("", "POST",
                                         "/admin/programmes/{x}/municipalities/add", 400),
    "admin.municipality_import": admin_rows("", "POST",
                                            "/admin/programmes/{x}/municipalities/import", 400),
    "admin.municipality_edit": [
        *admin_rows("", "GET", "/admin/municipalities/{x}/edit", 200, key="mid",
                    missing=True),
        *admin_rows("", "POST", "/admin/municipalities/{x}/edit", 400, key="mid")],
    "admin.municipality_retire": admin_rows("", "POST", "/admin/municipalities/{x}/retire", 302,
                                            key="mid"),
    "admin.municipality_restore": admin_rows("", "POST", "/admin/municipalities/{x}/restore",
                                             302, key="mid"),
    "admin.people": admin_rows("", "GET", "/admin/programmes/{x}/people", 200),
    "admin.invite_create": admin_rows("", "POST", "/admin/programmes/{x}/invites", 400),
    "admin.invite_withdraw": admin_rows("", "POST", "/admin/invites/{x}/withdraw", 302,
                                        key="invite", missing=True),
    "admin.grant_revoke": admin_rows("", "POST", "/admin/grants/{x}/revoke", 302, key="grant",
                                     missing=True),
    # The invite link is the whole of its access, whoever opens it.
    "admin.invite": [("GET", "/invite/{a_token}", everyone(200)),
                     ("POST", "/invite/{a_token}", everyone(400)),
                     ("GET", "/invite/not-a-token", everyone(404)),
                     ("GET", "/invite/{used_token}", everyone(410))],
    "admin.gatherings": admin_rows("", "GET", "/admin/programmes/{x}/gatherings", 200),
    "admin.gathering_new": [
        *admin_rows("", "GET", "/admin/programmes/{x}/gatherings/new", 200),
        *admin_rows("", "POST", "/admin/programmes/{x}/gatherings/new", 400)],
    "admin.gathering_edit": [
        *admin_rows("", "GET", "/admin/gatherings/{x}/edit", 200, key="id", missing=True),
        *admin_rows("", "POST", "/admin/gatherings/{x}/edit", 400, key="id")],
    "admin.gathering_sheets": admin_rows("", "GET", "/admin/gatherings/{x}/sheets", 200,
                                         key="id"),
    "admin.plans": admin_rows("", "GET", "/admin/programmes/{x}/plans", 200),
    "admin.plan_new": admin_rows("", "POST", "/admin/programmes/{x}/plans/new", 400),
    "admin.plan_edit": [*admin_rows("", "GET", "/admin/plans/{x}", 200, key="plan",
                                    missing=True),
                        *admin_rows("", "POST", "/admin/plans/{x}", 400, key="plan")],
    "admin.plan_delete": admin_rows("", "POST", "/admin/plans/{x}/delete", 302, key="plan"),
})

CASES = [(endpoint, method, url, role, expected[role])
         for endpoint, cases in TABLE.items()
         for method, url, expected in cases
         for role in ROLES]


def make_app(database):
    return create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "DATABASE": str(database),
        "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
    })


def build_world(app, db) -> dict:
    """Programme A (the demo) and B, each with a gathering, municipalities,
    a saved plan, another person's grant and an invite; a user per role."""
    method = app.config["PASSWORD_HASH_METHOD"]
    seeded = seed_demo(db, app.config["SESSIONS_DIR"], method=method)
    a_id = seeded["programme_id"]
    a = seeded["gatherings"][0]
    a_municipalities = programmes.gathering_municipalities(db, a["id"])
    b_id = programmes.create_programme(db, "Digi Nordland 2026-2027", "Digi Nordland")
    bodo = programmes.add_municipality(db, b_id, "Bodø")
    plan = load_plans(app.config["SESSIONS_DIR"])[0]
    b_gathering = gatherings.get_gathering(db, gatherings.create_gathering(
        db, b_id, 1, "2026-09-01", "Nordland modul 1", plan, [bodo]))
    logins = {}
    for role, scope in {"site admin": ("admin", None, None),
                        "admin of A": ("admin", a_id, None),
                        "facilitator of A": ("facilitator", a_id, None),
                        "facilitator of B": ("facilitator", b_id, None),
                        "coordinator in A": ("coordinator", a_id, a_municipalities[0]["id"]),
                        "no grants": None}.items():
        username = role.replace(" ", "-")
        user_id = users.add_user(db, username, PASSWORD, method=method)
        if scope:
            grants.grant(db, user_id, *scope)
        logins[role] = username
    plan_text = Path(plan.path).read_text()
    other = users.add_user(db, "other-facilitator", PASSWORD, method=method)
    a_invite, a_token = invites.create_invite(db, role="facilitator", programme_id=a_id,
                                              note="a")
    b_invite, _b_token = invites.create_invite(db, role="facilitator", programme_id=b_id,
                                               note="b")
    _used, used_token = invites.create_invite(db, role="facilitator", programme_id=a_id,
                                              note="used")
    invites.accept(db, used_token, "used-invite", "x")
    own, other_m = (programmes.get_municipality(db, m["id"]) for m in a_municipalities[:2])
    initiative = records.save_initiative(
        db, own, 1, {"what": "Tiltak", "owner": "", "due": None, "term": "short",
                     "status": "planned"}, initiative_id=None, user_id=None)
    return {"m_own": own["id"], "m_other": other_m["id"], "m_b": bodo,
            "a_programme": a_id, "b_programme": b_id, "initiative": initiative,
            "leader_token": records.new_prework_link(db, own, user_id=None),
            "a_item": gatherings.list_items(db, a["id"])[0]["id"],
            "a_id": a["id"], "a_code": a["code"], "a_key": a["presenter_key"],
            "a_title": a["title"], "b_id": b_gathering["id"], "b_code": b_gathering["code"],
            "b_key": b_gathering["presenter_key"], "b_title": b_gathering["title"],
            "a_pid": a_id, "b_pid": b_id, "a_mid": a_municipalities[1]["id"], "b_mid": bodo,
            "a_plan": plans_store.save_plan(db, a_id, "A's plan", plan_text),
            "b_plan": plans_store.save_plan(db, b_id, "B's plan", plan_text),
            "a_grant": grants.grant(db, other, "facilitator", a_id),
            "b_grant": grants.grant(db, other, "facilitator", b_id),
            "a_invite": a_invite, "b_invite": b_invite, "a_token": a_token,
            "used_token": used_token, "logins": logins}


@pytest.fixture(scope="module")
def world_template(tmp_path_factory):
    """The world built once; every test gets its own copy of the file (the
    table has several hundred cases, and building it each time cost most
    of their time)."""
    folder = tmp_path_factory.mktemp("scope-world")
    template = folder / "world.sqlite3"
    app = make_app(template)
    db = connect(template)
    try:
        built = build_world(app, db)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.conn.close()
        app.extensions["facilitate_db"].close()
    return template, built


@pytest.fixture
def app(tmp_path, world_template):
    template, _built = world_template
    database = tmp_path / "test.sqlite3"
    shutil.copyfile(template, database)
    return make_app(database)


@pytest.fixture
def world(app, world_template):
    return dict(world_template[1])


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
    if expected == 302 and role == "anonymous" and endpoint.split(".")[0] in ("console",
                                                                               "admin"):
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
