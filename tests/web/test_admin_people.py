"""Invites: the link an admin sends, the set-password form behind it,
expired and reused links, people and their roles, taking a role away."""

from __future__ import annotations

import re

import pytest
from support import log_in

from facilitate.policy import Grant
from facilitate.store import grants, invites, users


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def admin(client, demo):
    """The demo facilitator: admin (and facilitator) of the demo programme."""
    return log_in(client, demo)


def make_invite(admin, demo, **form) -> str:
    response = admin.post(f"/admin/programmes/{demo['programme_id']}/invites?lang=en",
                          data={"municipality": "0", **form})
    assert response.status_code == 200, page(response)
    html = page(response)
    assert "Facilitate does not send e-mail" in html
    return re.search(r'id="invite-url" value="http://localhost(/invite/[^"]+)"', html)[1]


def test_a_coordinator_invite_creates_the_user_and_the_grant_and_logs_in(app, db, admin, demo):
    sola = next(m for m in demo["municipalities"] if m["name"] == "Sola")
    link = make_invite(admin, demo, role="coordinator", municipality=str(sola["id"]),
                       note="kari@sola.kommune.no")
    people = page(admin.get(f"/admin/programmes/{demo['programme_id']}/people?lang=en"))
    assert "kari@sola.kommune.no" in people  # listed as not yet used
    fresh = app.test_client()
    form = page(fresh.get(link + "?lang=en"))
    assert "You are invited as Coordinator for Sola" in form
    response = fresh.post(link, data={"username": "kari", "password": "hemmelig-passord",
                                      "confirm": "hemmelig-passord"})
    assert response.status_code == 302
    user = db.execute("SELECT id FROM users WHERE username = 'kari'").fetchone()
    assert grants.grants_of(db, user[0]) == [
        Grant("coordinator", demo["programme_id"], sola["id"])]
    assert fresh.get("/").status_code == 200  # logged in
    assert users.check_login(db, "kari", "hemmelig-passord",
                             method=app.config["PASSWORD_HASH_METHOD"])
    # The link works once.
    again = app.test_client().get(link + "?lang=en")
    assert again.status_code == 410
    assert "already been used" in page(again)
    people = page(admin.get(f"/admin/programmes/{demo['programme_id']}/people?lang=en"))
    assert 'data-person="kari" data-role="coordinator"' in people


def test_an_expired_link_is_refused(app, db, demo):
    _id, token = invites.create_invite(db, role="facilitator", programme_id=demo["programme_id"],
                                       note="x", days=-1)
    response = app.test_client().get(f"/invite/{token}?lang=en")
    assert response.status_code == 410
    assert "has expired" in page(response)
    posted = app.test_client().post(f"/invite/{token}", data={
        "username": "late", "password": "passord-123", "confirm": "passord-123"})
    assert posted.status_code == 410
    assert db.execute("SELECT 1 FROM users WHERE username = 'late'").fetchone() is None


def test_an_unknown_link_is_refused(client):
    response = client.get("/invite/nothing-like-a-token?lang=en")
    assert response.status_code == 404
    assert "not valid" in page(response)


def test_bad_set_password_input_is_refused_beside_the_fields(app, db, demo):
    _id, token = invites.create_invite(db, role="facilitator", programme_id=demo["programme_id"],
                                       note="x")
    client = app.test_client()
    response = client.post(f"/invite/{token}?lang=en", data={
        "username": demo["username"], "password": "short", "confirm": "other"})
    assert response.status_code == 400
    html = page(response)
    assert "8 to 200 characters" in html and "not the same" in html
    response = client.post(f"/invite/{token}?lang=en", data={
        "username": demo["username"], "password": "long-enough", "confirm": "long-enough"})
    assert response.status_code == 400
    html = page(response)
    assert "This username is taken" in html
    assert f'value="{demo["username"]}"' in html  # what was typed is kept
    # An invite never changes an existing account's password.
    assert users.check_login(db, demo["username"], demo["password"],
                             method=app.config["PASSWORD_HASH_METHOD"])
    assert invites.state(invites.find(db, token)) == "open"


def test_a_coordinator_invite_needs_a_municipality(admin, demo, db):
    response = admin.post(f"/admin/programmes/{demo['programme_id']}/invites?lang=en",
                          data={"role": "coordinator", "municipality": "0", "note": "  "})
    assert response.status_code == 400
    html = page(response)
    assert "Choose the coordinator's municipality." in html
    assert "Write who the link is for" in html
    assert db.execute("SELECT COUNT(*) FROM invites").fetchone()[0] == 0


def test_a_municipality_of_another_programme_cannot_be_chosen(admin, demo, db):
    from facilitate.store import programmes

    other = programmes.create_programme(db, "B", "Digi B")
    bodo = programmes.add_municipality(db, other, "Bodø")
    response = admin.post(f"/admin/programmes/{demo['programme_id']}/invites?lang=en",
                          data={"role": "coordinator", "municipality": str(bodo), "note": "x"})
    assert response.status_code == 400
    assert db.execute("SELECT COUNT(*) FROM invites").fetchone()[0] == 0


def test_withdraw_an_invite_and_take_a_role_away(app, admin, demo, db):
    link = make_invite(admin, demo, role="facilitator", note="ola")
    invite = invites.find(db, link.rsplit("/", 1)[1])
    assert admin.post(f"/admin/invites/{invite['id']}/withdraw").status_code == 302
    assert app.test_client().get(link).status_code == 404
    user_id = users.add_user(db, "ola", "passord-123", method=app.config["PASSWORD_HASH_METHOD"])
    grant_id = grants.grant(db, user_id, "facilitator", demo["programme_id"])
    assert admin.post(f"/admin/grants/{grant_id}/revoke").status_code == 302
    assert grants.grants_of(db, user_id) == []


def test_an_admin_cannot_take_away_their_own_admin_role(admin, demo, db):
    own = db.execute("SELECT id FROM grants WHERE role = 'admin' AND programme_id = ?",
                     [demo["programme_id"]]).fetchone()[0]
    response = admin.post(f"/admin/grants/{own}/revoke?lang=en")
    assert response.status_code == 302
    assert db.execute("SELECT 1 FROM grants WHERE id = ?", [own]).fetchone()
