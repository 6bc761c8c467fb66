"""Programmes: the list a user may manage, creating one (site admin), its
overview and its settings (period, consent text, retention, minimum group,
module titles)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from ... import policy
from ...store import gatherings, invites, people, plans_store, programmes
from ...store.db import get_db
from ..auth import forbidden, login_required, require
from . import bp, load_programme, manageable
from .forms import ProgrammeForm, module_fields


def lang() -> str:
    return str(get_locale() or "nb")


def _status(form) -> int:
    return 400 if request.method == "POST" and form.errors else 200


@bp.get("/admin")
@login_required
def index():
    scope = manageable(g.user["grants"])
    may_create = policy.may(g.user["grants"], policy.PROGRAMME_CREATE)
    if not (scope.everything or scope.ids or may_create):
        forbidden()
    db = get_db()
    mine = [p for p in programmes.list_programmes(db) if p["id"] in scope]
    counts = {row["programme_id"]: row for row in db.query(
        "SELECT programme_id, COUNT(*) AS municipalities FROM municipalities "
        "WHERE retired_at IS NULL GROUP BY programme_id")}
    for programme in mine:
        programme["municipality_count"] = counts.get(programme["id"], {}).get(
            "municipalities", 0)
        programme["period"] = programmes.period_label(programme)
    return render_template("admin/index.html", programmes=mine, may_create=may_create)


def _fill(form: ProgrammeForm, programme: dict | None, db) -> None:
    """Put the stored values into a form shown for the first time."""
    modules = programmes.modules_of(db, programme["id"], lang()) if programme else \
        programmes.modules_of(db, 0, lang())
    for field, module in zip(module_fields(form), modules, strict=True):
        field.data = module["title"]
    if programme:
        for name in ("name", "network", "consent_text", "retention_months", "min_group_size"):
            getattr(form, name).data = programme[name]
        for name in ("period_from", "period_to"):
            getattr(form, name).data = _date(programme[name])


def _date(text):
    from datetime import date

    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _values(form: ProgrammeForm) -> dict:
    return {"name": form.name.data, "network": form.network.data,
            "period_from": form.period_from.data.isoformat() if form.period_from.data else None,
            "period_to": form.period_to.data.isoformat() if form.period_to.data else None,
            "consent_text": form.consent_text.data or None,
            "retention_months": form.retention_months.data,
            "min_group_size": form.min_group_size.data}


def _titles(form: ProgrammeForm) -> dict[int, str]:
    return {number: field.data for number, field in enumerate(module_fields(form), start=1)}


@bp.route("/admin/programmes/new", methods=("GET", "POST"))
@login_required
def programme_new():
    require(policy.PROGRAMME_CREATE)
    db = get_db()
    form = ProgrammeForm()
    if request.method == "GET":
        _fill(form, None, db)
    if form.validate_on_submit():
        values = _values(form)
        programme_id = programmes.create_programme(db, values.pop("name"),
                                                   values.pop("network"), **values)
        programmes.set_module_titles(db, programme_id, _titles(form))
        flash(_("The programme is created. Now add its municipalities."), "info")
        return redirect(url_for("admin.municipalities", programme_id=programme_id))
    return render_template("admin/programme_form.html", form=form, programme=None,
                           modules=module_fields(form)), _status(form)


@bp.get("/admin/programmes/<int:programme_id>")
@login_required
def programme(programme_id: int):
    found = load_programme(programme_id)
    db = get_db()
    municipalities = programmes.list_municipalities(db, programme_id)
    active = [m for m in municipalities if not m["retired_at"]]
    mine = [row for row in gatherings.list_gatherings(db) if row["programme_id"] == programme_id]
    modules = programmes.modules_of(db, programme_id, lang())
    placed = {module["number"]: sum(1 for m in active if module["number"] in m["modules"])
              for module in modules}
    return render_template(
        "admin/programme.html", programme=found, modules=modules, placed=placed,
        period=programmes.period_label(found), active_count=len(active),
        retired_count=len(municipalities) - len(active),
        expected=sum(m["expected_participants"] or 0 for m in active),
        gatherings=mine, people_count=len(people.people_of(db, programme_id)),
        invite_count=len(invites.open_invites(db, programme_id)),
        plan_count=len(plans_store.list_plans(db, programme_id)))


@bp.route("/admin/programmes/<int:programme_id>/settings", methods=("GET", "POST"))
@login_required
def programme_settings(programme_id: int):
    found = load_programme(programme_id)
    db = get_db()
    form = ProgrammeForm()
    if request.method == "GET":
        _fill(form, found, db)
    if form.validate_on_submit():
        programmes.update_programme(db, programme_id, **_values(form))
        programmes.set_module_titles(db, programme_id, _titles(form))
        flash(_("Saved."), "info")
        return redirect(url_for("admin.programme_settings", programme_id=programme_id))
    return render_template("admin/programme_form.html", form=form, programme=found,
                           modules=module_fields(form)), _status(form)
