"""Gatherings: the programme's list, creating one (date, module, which
municipalities, a session plan), editing it while planned, and the printed
join sheets, one A4 page per municipality."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import policy
from ...model.session_plan import PlanError
from ...store import gathering_setup, gatherings, programmes
from ...store.db import get_db
from ..auth import login_required
from ..links import absolute
from . import bp, load_gathering, load_programme, sources
from .forms import GatheringForm, grouped_options, options
from .programmes import lang


@bp.get("/admin/programmes/<int:programme_id>/gatherings", endpoint="gatherings")
@login_required
def gatherings_page(programme_id: int):
    programme = load_programme(programme_id)
    db = get_db()
    rows = [row for row in gatherings.list_gatherings(db) if row["programme_id"] == programme_id]
    for row in rows:
        row["may_drive"] = policy.may(g.user["grants"], policy.GATHERING_DRIVE,
                                      policy.GatheringRef(row["id"], programme_id))
    modules = {m["number"]: m["title"] for m in programmes.modules_of(db, programme_id, lang())}
    return render_template("admin/gatherings.html", programme=programme, gatherings=rows,
                           modules=modules)


def _form(db, programme_id: int, gathering: dict | None = None) -> GatheringForm:
    form = GatheringForm()
    form.module.choices = options((m["number"], m["title"])
                                  for m in programmes.modules_of(db, programme_id, lang()))
    members = {m["id"] for m in programmes.gathering_municipalities(db, gathering["id"])} \
        if gathering else set()
    form.offered = [m for m in programmes.list_municipalities(db, programme_id)
                    if not m["retired_at"] or m["id"] in members]
    form.municipalities.choices = options((m["id"], m["name"]) for m in form.offered)
    grouped = sources.choices(db, programme_id, gathering["id"] if gathering else None)
    if gathering:
        grouped = {_("Keep the current agenda"): [("", _("Keep the current agenda"))],
                   **grouped}
    form.plan.choices = grouped_options(grouped)
    return form


def suggest(db, programme_id: int, form: GatheringForm, exclude: int | None = None) -> list:
    """The first `pick` municipalities (by name) not yet in a gathering of the
    form's module: how a network splits 25 into 8 + 8 + 9 over three days."""
    placed = programmes.municipality_gatherings(db, programme_id)
    free = [m["id"] for m in form.offered if not m["retired_at"] and not any(
        row["module"] == form.module.data and row["id"] != exclude
        for row in placed.get(m["id"], []))]
    return free[:form.pick.data or len(free)]


def _render(template: str, programme: dict, form: GatheringForm, status: int = 200, **extra):
    db = get_db()
    placed = programmes.municipality_gatherings(db, programme["id"])
    modules = {m["number"]: m["title"] for m in programmes.modules_of(db, programme["id"],
                                                                     lang())}
    return render_template(template, programme=programme, form=form, placed=placed,
                           modules=modules, **extra), status


def _suggesting(form: GatheringForm) -> bool:
    return request.method == "POST" and "suggest" in request.form


@bp.route("/admin/programmes/<int:programme_id>/gatherings/new", methods=("GET", "POST"))
@login_required
def gathering_new(programme_id: int):
    programme = load_programme(programme_id)
    db = get_db()
    form = _form(db, programme_id)
    if request.method == "GET":
        module = request.args.get("module", type=int)
        form.module.data = module if module in range(1, 5) else 1
        form.plan.data = sources.default_for_module(form.module.data)
        form.pick.data = None
    if _suggesting(form):
        form.municipalities.data = suggest(db, programme_id, form) \
            if form.pick.validate(form) else form.municipalities.data
        form.module.validate(form)
        return _render("admin/gathering_form.html", programme, form, gathering=None)
    if form.validate_on_submit():
        try:
            plan = sources.load(db, form.plan.data)
        except PlanError as error:
            form.plan.errors.append(_("This plan does not check: %(error)s", error=str(error)))
        else:
            gathering_id = gatherings.create_gathering(
                db, programme_id, form.module.data, form.date.data.isoformat(),
                form.title.data or plan.title, plan, form.municipalities.data,
                min_group_size=programme["min_group_size"])
            flash(_("The gathering is created. Print the join sheets before the day."), "info")
            return redirect(url_for("admin.gathering_edit", gathering_id=gathering_id))
    status = 400 if request.method == "POST" else 200
    return _render("admin/gathering_form.html", programme, form, status, gathering=None)


@bp.route("/admin/gatherings/<int:gathering_id>/edit", methods=("GET", "POST"))
@login_required
def gathering_edit(gathering_id: int):
    gathering, programme = load_gathering(gathering_id)
    db = get_db()
    items = gatherings.list_items(db, gathering_id)
    if gathering["status"] != "planned":
        status = 409 if request.method == "POST" else 200
        return render_template("admin/gathering_started.html", programme=programme,
                               gathering=gathering, items=items), status
    form = _form(db, programme["id"], gathering)
    if request.method == "GET":
        form.title.data = gathering["title"]
        form.date.data = _date(gathering["date"])
        form.module.data = gathering["module"]
        form.municipalities.data = [m["id"] for m in
                                    programmes.gathering_municipalities(db, gathering_id)]
        form.plan.data = ""
    if _suggesting(form):
        if form.pick.validate(form):
            form.municipalities.data = suggest(db, programme["id"], form, exclude=gathering_id)
        return _render("admin/gathering_form.html", programme, form, gathering=gathering,
                       items=items)
    if form.validate_on_submit():
        plan = None
        if form.plan.data:
            try:
                plan = sources.load(db, form.plan.data)
            except PlanError as error:
                form.plan.errors.append(_("This plan does not check: %(error)s",
                                          error=str(error)))
        if not form.plan.errors:
            try:
                gathering_setup.update_gathering(
                    db, gathering_id, title=form.title.data or gathering["title"],
                    date=form.date.data.isoformat(), module=form.module.data,
                    municipality_ids=form.municipalities.data)
                if plan is not None:
                    gathering_setup.replace_agenda(db, gathering_id, plan)
            except gathering_setup.NotPlanned:
                abort(409)
            except ValueError:
                joined = gathering_setup.joined_municipalities(db, gathering_id)
                names = [m["name"] for m in form.offered
                         if m["id"] in joined and m["id"] not in form.municipalities.data]
                form.municipalities.errors.append(_(
                    "Phones have already joined for %(names)s: keep it in the gathering.",
                    names=", ".join(names)))
            else:
                flash(_("Saved."), "info")
                return redirect(url_for("admin.gathering_edit", gathering_id=gathering_id))
    status = 400 if request.method == "POST" else 200
    return _render("admin/gathering_form.html", programme, form, status, gathering=gathering,
                   items=items)


def _date(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


@bp.get("/admin/gatherings/<int:gathering_id>/sheets")
@login_required
def gathering_sheets(gathering_id: int):
    gathering, programme = load_gathering(gathering_id)
    db = get_db()
    municipalities = programmes.gathering_municipalities(db, gathering_id)
    modules = {m["number"]: m["title"] for m in programmes.modules_of(db, programme["id"],
                                                                     lang())}
    return render_template(
        "admin/sheets.html", programme=programme, gathering=gathering,
        municipalities=municipalities, module_title=modules[gathering["module"]],
        day=_date(gathering["date"]),
        address=absolute("phone.enter_code").split("://", 1)[-1],
        join_url=absolute("phone.join", code=gathering["code"]))
