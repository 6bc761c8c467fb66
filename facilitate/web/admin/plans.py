"""Session plans of a programme, edited in the browser as TOML: start from a
shipped plan, a saved one or another gathering's agenda; the checker's
error is shown with its line; only a plan that checks is saved; the run of
show is previewed."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import plans
from ...model.session_plan import PlanError
from ...store import plans_store
from ...store.db import get_db
from ..auth import login_required
from . import bp, load_plan, load_programme, sources
from .forms import ActionForm, NewPlanForm, PlanForm, grouped_options


def _new_form(db, programme_id: int, formdata=...) -> NewPlanForm:
    form = NewPlanForm() if formdata is ... else NewPlanForm(formdata=formdata)
    form.source.choices = grouped_options(sources.choices(db, programme_id))
    return form


def _list(programme: dict, form: NewPlanForm, status: int = 200):
    return render_template("admin/plans.html", programme=programme, form=form,
                           plans=plans_store.list_plans(get_db(), programme["id"]),
                           shipped=sources.shipped()), status


@bp.get("/admin/programmes/<int:programme_id>/plans", endpoint="plans")
@login_required
def plans_page(programme_id: int):
    programme = load_programme(programme_id)
    return _list(programme, _new_form(get_db(), programme_id, formdata=None))


@bp.post("/admin/programmes/<int:programme_id>/plans/new")
@login_required
def plan_new(programme_id: int):
    programme = load_programme(programme_id)
    db = get_db()
    form = _new_form(db, programme_id)
    if form.validate_on_submit():
        text, name = sources.text(db, form.source.data)
        try:
            plans.load_text(text, form.source.data)
        except PlanError as error:
            form.source.errors.append(_("This plan does not check: %(error)s",
                                        error=str(error)))
        else:
            plan_id = plans_store.save_plan(db, programme_id, form.name.data or name, text)
            flash(_("A copy is saved as the programme's own plan. Edit it below."), "info")
            return redirect(url_for("admin.plan_edit", plan_id=plan_id))
    return _list(programme, form, 400)


def excerpt(text: str, line: int | None, around: int = 2) -> list[tuple[int, str, bool]]:
    """The lines around an error's line: (number, text, is_the_line)."""
    if not line:
        return []
    lines = text.splitlines()
    first, last = max(1, line - around), min(len(lines), line + around)
    return [(n, lines[n - 1], n == line) for n in range(first, last + 1)]


def describe(error: PlanError) -> str:
    """Where the error is, in the reader's language; the checker's own
    message after it."""
    where = []
    if error.line:
        where.append(_("Line %(line)s", line=error.line))
    if error.item:
        where.append(_("item %(number)s", number=error.item)
                     + (f" «{error.item_title}»" if error.item_title else ""))
    if error.field:
        where.append(_("field %(field)s", field=error.field))
    return (", ".join(where) + ": " if where else "") + error.message


@bp.route("/admin/plans/<int:plan_id>", methods=("GET", "POST"))
@login_required
def plan_edit(plan_id: int):
    row, programme = load_plan(plan_id)
    db = get_db()
    form = PlanForm(data=row if request.method == "GET" else None)
    plan, error = None, None
    if form.validate_on_submit():
        try:
            plan = plans.load_text(form.toml.data, plans_store.plan_path(plan_id))
        except PlanError as failed:
            error = failed
            form.toml.errors.append(describe(failed))
        else:
            if form.save.data:
                plans_store.update_plan(db, plan_id, form.name.data, form.toml.data)
                flash(_("The plan is saved."), "info")
                return redirect(url_for("admin.plan_edit", plan_id=plan_id))
    elif request.method == "GET":
        try:
            plan = plans.load_text(row["toml"], plans_store.plan_path(plan_id))
        except PlanError as failed:  # saved before an activity kind changed
            error = failed
            form.toml.errors.append(describe(failed))
    status = 400 if request.method == "POST" and form.errors else 200
    return render_template(
        "admin/plan_form.html", programme=programme, row=row, form=form, plan=plan,
        error=error, excerpt=excerpt(form.toml.data or "", error.line if error else None),
        checked_only=request.method == "POST" and plan is not None,
        action_form=ActionForm(formdata=None)), status


@bp.post("/admin/plans/<int:plan_id>/delete")
@login_required
def plan_delete(plan_id: int):
    row, programme = load_plan(plan_id)
    plans_store.delete_plan(get_db(), plan_id)
    flash(_("The plan %(name)s is deleted. Gatherings made from it keep their agenda.",
            name=row["name"]), "info")
    return redirect(url_for("admin.plans", programme_id=programme["id"]))
