"""People: who has a role in the programme, invite links (shown to the
admin to send: Facilitate sends no e-mail) and taking a role away. The
invite page itself is public: the link's token is the access."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...policy import ADMIN, COORDINATOR
from ...server_mode import run_blocking
from ...store import invites, people, programmes, users
from ...store.db import get_db
from ..auth import _start_session, login_required
from ..links import absolute
from . import bp, load_grant, load_invite, load_programme
from .forms import ROLE_LABELS, AcceptInviteForm, ActionForm, InviteForm, options


def _invite_form(programme_id: int, formdata=...) -> InviteForm:
    form = InviteForm() if formdata is ... else InviteForm(formdata=formdata)
    form.municipality.choices = options([(0, "–")] + [
        (m["id"], m["name"]) for m in programmes.list_municipalities(
            get_db(), programme_id, include_retired=False)])
    return form


def _page(programme: dict, form: InviteForm, status: int = 200, link: str | None = None,
          invite: dict | None = None):
    db = get_db()
    return render_template(
        "admin/people.html", programme=programme, people=people.people_of(db, programme["id"]),
        invites=invites.open_invites(db, programme["id"]), form=form, role_labels=ROLE_LABELS,
        link=link, new_invite=invite, action_form=ActionForm(formdata=None)), status


@bp.get("/admin/programmes/<int:programme_id>/people", endpoint="people")
@login_required
def people_page(programme_id: int):
    programme = load_programme(programme_id)
    return _page(programme, _invite_form(programme_id, formdata=None))


@bp.post("/admin/programmes/<int:programme_id>/invites")
@login_required
def invite_create(programme_id: int):
    programme = load_programme(programme_id)
    form = _invite_form(programme_id)
    if not form.validate_on_submit():
        return _page(programme, form, 400)
    municipality = form.municipality.data if form.role.data == COORDINATOR else None
    invite_id, token = invites.create_invite(
        get_db(), role=form.role.data, programme_id=programme_id,
        municipality_id=municipality, note=form.note.data, created_by=g.user["id"])
    link = absolute("admin.invite", token=token)
    return _page(programme, _invite_form(programme_id, formdata=None), 200, link=link,
                 invite=invites.get_invite(get_db(), invite_id))


@bp.post("/admin/invites/<int:invite_id>/withdraw")
@login_required
def invite_withdraw(invite_id: int):
    invite, programme = load_invite(invite_id)
    invites.withdraw(get_db(), invite_id)
    flash(_("The invite for %(note)s is withdrawn: its link no longer works.",
            note=invite["note"]), "info")
    return redirect(url_for("admin.people", programme_id=programme["id"]))


@bp.post("/admin/grants/<int:grant_id>/revoke")
@login_required
def grant_revoke(grant_id: int):
    grant, programme = load_grant(grant_id)
    target = url_for("admin.people", programme_id=programme["id"]) if programme \
        else url_for("admin.index")
    if grant["user_id"] == g.user["id"] and grant["role"] == ADMIN:
        flash(_("You cannot take away your own admin role. Ask another admin."), "error")
        return redirect(target)
    people.revoke_grant(get_db(), grant_id)
    flash(_("The role is taken away."), "info")
    return redirect(target)


# --- the invite link -------------------------------------------------------------------


REFUSALS = {
    "unknown": (404, _l("This invite link is not valid. Check that the whole link was copied, "
                     "or ask for a new one.")),
    "expired": (410, _l("This invite link has expired. Ask the person who sent it for a new "
                     "one.")),
    "used": (410, _l("This invite link has already been used. Log in with the username and "
                  "password chosen then, or ask for a new link.")),
    "withdrawn": (410, _l("This invite is no longer valid. Ask for a new one.")),
}


def _refused(reason: str):
    status, message = REFUSALS[reason]
    return render_template("admin/invite_refused.html", message=message), status


@bp.route("/invite/<token>", methods=("GET", "POST"))
def invite(token: str):
    db = get_db()
    found = invites.find(db, token)
    if found is None:
        return _refused("unknown")
    if invites.state(found) != "open":
        return _refused(invites.state(found))
    form = AcceptInviteForm()
    if form.validate_on_submit():
        password_hash = run_blocking(users.hash_password, form.password.data,
                                     current_app.config["PASSWORD_HASH_METHOD"])
        try:
            user_id = invites.accept(db, token, form.username.data, password_hash)
        except invites.UsernameTaken:
            form.username.errors.append(_("This username is taken. Choose another."))
        except invites.InviteError as error:
            return _refused(error.reason)
        else:
            _start_session(users.get_user(db, user_id))
            flash(_("Welcome, %(name)s. Your password is set.", name=form.username.data), "info")
            return redirect(url_for("admin.index") if found["role"] == ADMIN
                            else url_for("console.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/invite.html", invite=found, form=form,
                           role_label=ROLE_LABELS[found["role"]]), status
