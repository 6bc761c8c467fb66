"""A programme's municipalities: the list, adding one by hand, importing a
CSV file (all or nothing), editing (rename, number, expected participants),
retiring and bringing back."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...model import municipality_csv
from ...store import programmes
from ...store.db import get_db
from ..auth import login_required
from . import bp, load_municipality, load_programme
from .forms import ActionForm, ImportForm, MunicipalityForm
from .programmes import lang


def problem_text(problem) -> str:
    text = _(problem.message, **problem.params)
    if problem.line is None:
        return text
    return _("Line %(line)s: %(problem)s", line=problem.line, problem=text)


def _page(programme, add_form=None, import_form=None, import_problems=(), status=200):
    db = get_db()
    return render_template(
        "admin/municipalities.html", programme=programme,
        municipalities=programmes.list_municipalities(db, programme["id"]),
        modules=programmes.modules_of(db, programme["id"], lang()),
        add_form=add_form or MunicipalityForm(formdata=None),
        import_form=import_form or ImportForm(formdata=None),
        import_problems=[problem_text(p) for p in import_problems],
        action_form=ActionForm(formdata=None)), status


@bp.get("/admin/programmes/<int:programme_id>/municipalities")
@login_required
def municipalities(programme_id: int):
    return _page(load_programme(programme_id))


def _conflict_to_field(form, conflict: programmes.Conflict) -> None:
    getattr(form, conflict.field).errors.append(_(conflict.message, **conflict.params))


@bp.post("/admin/programmes/<int:programme_id>/municipalities/add")
@login_required
def municipality_add(programme_id: int):
    programme = load_programme(programme_id)
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            programmes.add_municipality(get_db(), programme_id, form.name.data,
                                        form.kommunenummer.data or None,
                                        form.expected_participants.data)
        except programmes.Conflict as conflict:
            _conflict_to_field(form, conflict)
        else:
            flash(_("%(name)s is added.", name=form.name.data), "info")
            return redirect(url_for("admin.municipalities", programme_id=programme_id))
    return _page(programme, add_form=form, status=400)


@bp.post("/admin/programmes/<int:programme_id>/municipalities/import")
@login_required
def municipality_import(programme_id: int):
    programme = load_programme(programme_id)
    form = ImportForm()
    if not form.validate_on_submit():
        return _page(programme, import_form=form, status=400)
    data = form.file.data.stream.read(municipality_csv.MAX_BYTES + 1)
    parsed = municipality_csv.parse(data)
    if not parsed.ok:  # the rows that read well are checked against the programme too
        problems = parsed.problems + programmes.import_problems(get_db(), programme_id,
                                                                parsed.rows)
        problems.sort(key=lambda problem: problem.line or 0)
        return _page(programme, import_form=form, import_problems=problems, status=400)
    try:
        counts = programmes.import_municipalities(get_db(), programme_id, parsed.rows)
    except programmes.ImportRefused as refused:
        return _page(programme, import_form=form, import_problems=refused.problems, status=400)
    flash(_("Imported: %(added)s added, %(updated)s updated.", **counts), "info")
    if parsed.ignored_columns:
        flash(_("These columns were not read: %(columns)s.",
                columns=", ".join(parsed.ignored_columns)), "info")
    return redirect(url_for("admin.municipalities", programme_id=programme_id))


@bp.route("/admin/municipalities/<int:municipality_id>/edit", methods=("GET", "POST"))
@login_required
def municipality_edit(municipality_id: int):
    municipality, programme = load_municipality(municipality_id)
    form = MunicipalityForm(data=municipality if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            programmes.update_municipality(get_db(), municipality_id, form.name.data,
                                           form.kommunenummer.data or None,
                                           form.expected_participants.data)
        except programmes.Conflict as conflict:
            _conflict_to_field(form, conflict)
        else:
            flash(_("Saved."), "info")
            return redirect(url_for("admin.municipalities", programme_id=programme["id"]))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/municipality_form.html", programme=programme,
                           municipality=municipality, form=form,
                           action_form=ActionForm(formdata=None)), status


def _retire(municipality_id: int, retired: bool):
    municipality, programme = load_municipality(municipality_id)
    if ActionForm().validate_on_submit():
        programmes.retire_municipality(get_db(), municipality_id, retired)
        flash(_("%(name)s is retired: it keeps its records but is not offered for new "
                "gatherings.", name=municipality["name"]) if retired else
              _("%(name)s takes part again.", name=municipality["name"]), "info")
    else:
        flash(_("The form had expired. Try again."), "error")
    return redirect(url_for("admin.municipalities", programme_id=programme["id"]))


@bp.post("/admin/municipalities/<int:municipality_id>/retire")
@login_required
def municipality_retire(municipality_id: int):
    return _retire(municipality_id, True)


@bp.post("/admin/municipalities/<int:municipality_id>/restore")
@login_required
def municipality_restore(municipality_id: int):
    return _retire(municipality_id, False)
