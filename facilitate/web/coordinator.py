"""The coordinator's portal: a municipality's programme record by module and
stage, its pre-work and after-work, and its downloads. A coordinator sees
their own municipality only; a programme admin every municipality of the
programme. Leaders fill in pre-work through the municipality's link, with no
account. Admins read the audit log and erase a device's answers."""

from __future__ import annotations

import re
import secrets
from datetime import date
from itertools import groupby

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from .. import packs, policy, prework
from ..live.connection import device_cookie
from ..model.prework import check_answer
from ..model.programme import MODULES, STAGE_PURPOSES
from ..store import devices, gatherings, programmes, records
from ..store.db import get_db
from .auth import MAX_ID, login_required, require
from .links import absolute

bp = Blueprint("coordinator", __name__)

AMBITION_LABELS = {1: _l("Keep informed"), 2: _l("Try out"), 3: _l("Put into use"),
                   4: _l("Lead in our own organisation"), 5: _l("Lead among municipalities")}
TERM_LABELS = {"short": _l("Short term"), "long": _l("Long term")}
STATUS_LABELS = {"planned": _l("Planned"), "started": _l("Started"), "done": _l("Done"),
                 "dropped": _l("Dropped")}
STAGE_TITLES = {"forarbeid": _l("Pre-work"), "samling": _l("Gathering"),
                "etterarbeid": _l("After-work")}
FORMAT_LABELS = {"xlsx": "Excel (XLSX)", "csv": "CSV (zip)", "json": "JSON", "pdf": "PDF"}
MAX_WHAT, MAX_OWNER, MAX_AMBITION_TEXT = 300, 120, 2000
LEADER_COOKIE_DAYS = 120


class CsrfForm(FlaskForm):
    """Only the CSRF token: the fields are read and checked by hand."""


# --- loaders -------------------------------------------------------------------------


def load_municipality(municipality_id: int, action: str = policy.RECORD_READ) -> dict:
    """404 for no such municipality, 403 when the user may not `action` it."""
    found = (programmes.get_municipality(get_db(), municipality_id)
             if 0 < municipality_id <= MAX_ID else None)
    if found is None:
        abort(404)
    require(action, policy.MunicipalityRef(found["id"], found["programme_id"]))
    return found


def _module(number: int) -> int:
    if not 1 <= number <= 4:
        abort(404)
    return number


def _record(db, municipality: dict) -> dict:
    return packs.record_for(db, municipality, prework.forms_as_dicts(),
                            default_min_group=current_app.config["MIN_GROUP_SIZE"])


# --- pages ----------------------------------------------------------------------------


@bp.get("/record")
@login_required
def index():
    """The municipalities whose record the user may read, by programme."""
    db = get_db()
    grants = g.user["grants"]
    scope = policy.programmes_for(grants, policy.RECORD_READ)
    mine = []
    for programme in programmes.list_programmes(db):
        if programme["id"] not in scope:
            continue
        for municipality in records.municipalities(db, programme["id"]):
            if policy.may(grants, policy.RECORD_READ,
                          policy.MunicipalityRef(municipality["id"], programme["id"])):
                mine.append({**municipality, "programme_name": programme["name"]})
    groups = [{"id": pid, "name": name, "municipalities": list(rows)}
              for (pid, name), rows in groupby(mine, key=lambda m: (m["programme_id"],
                                                                   m["programme_name"]))]
    manage = [p for p in programmes.list_programmes(db) if policy.may(
        grants, policy.PROGRAMME_MANAGE, policy.ProgrammeRef(p["id"]))]
    return render_template("coordinator/index.html", programmes=groups, manage=manage)


@bp.get("/record/<int:municipality_id>")
@login_required
def show(municipality_id: int):
    municipality = load_municipality(municipality_id)
    number = request.args.get("module", 1, type=int)
    _module(number)
    return _render_record(municipality, number)


def _render_record(municipality: dict, number: int, *, errors: dict | None = None,
                   typed: dict | None = None, status: int = 200):
    db = get_db()
    assembled = _record(db, municipality)
    module = next(m for m in assembled["modules"] if m["number"] == number)
    form = prework.forms().get(number)
    answers = records.prework_answers(db, municipality["id"], number)
    may_edit = policy.may(g.user["grants"], policy.RECORD_EDIT,
                          policy.MunicipalityRef(municipality["id"],
                                                 municipality["programme_id"]))
    token = records.prework_link(db, municipality["id"])
    filed = []
    for gathering in module["stages"]["samling"]["gatherings"]:
        filed.append({**gathering, "filed": records.filed_for_gathering(db, gathering["id"])})
    trajectory_modules = sorted({int(m) for line in assembled["trajectory"]
                                 for m in line["per_module"]})
    return render_template(
        "coordinator/record.html", municipality=municipality, record=assembled, module=module,
        number=number, modules=MODULES, form=form, answers=answers, may_edit=may_edit,
        leader_url=absolute("coordinator.leader", token=token) if token else None,
        filed=filed, errors=errors or {}, typed=typed or {}, csrf=CsrfForm(),
        ambition_labels=AMBITION_LABELS, term_labels=TERM_LABELS, status_labels=STATUS_LABELS,
        stage_titles=STAGE_TITLES, stage_purposes=STAGE_PURPOSES,
        formats=[(fmt, FORMAT_LABELS.get(fmt, fmt.upper())) for fmt in packs.PACKS],
        trajectory_modules=trajectory_modules), status


def _back(municipality: dict, number: int, anchor: str):
    return redirect(url_for("coordinator.show", municipality_id=municipality["id"],
                            module=number, _anchor=anchor))


def _csrf_ok() -> bool:
    return CsrfForm().validate_on_submit()


# --- forarbeid --------------------------------------------------------------------------

PREWORK_ERRORS = {
    "not_a_number": _l("Choose a value on the scale."),
    "out_of_range": _l("Choose a value on the scale."),
    "not_text": _l("Write text."),
    "too_long": _l("The answer is too long."),
    "control_characters": _l("The answer contains characters that are not allowed."),
}


def _read_prework(form, who: tuple[str, ...]) -> tuple[dict, dict, dict]:
    """(answers to store, errors by question key, what was typed)."""
    answers, errors, typed = {}, {}, {}
    for question in form.questions:
        if question.who not in who:
            continue
        raw = request.form.get(f"q-{question.key}", "")
        typed[question.key] = raw
        try:
            answers[question.key] = check_answer(question, raw)
        except ValueError as problem:
            errors[question.key] = str(PREWORK_ERRORS.get(str(problem), problem))
    return answers, errors, typed


@bp.post("/record/<int:municipality_id>/prework/<int:number>")
@login_required
def save_prework(municipality_id: int, number: int):
    municipality = load_municipality(municipality_id, policy.RECORD_EDIT)
    _module(number)
    form = prework.forms().get(number)
    if form is None:
        abort(404)
    if not _csrf_ok():
        abort(400)
    answers, errors, typed = _read_prework(form, ("everyone", "group"))
    if errors:
        flash(_("The pre-work was not saved. See the messages beside the questions."), "error")
        return _render_record(municipality, number, errors={"prework": errors},
                              typed={"prework": typed}, status=400)
    records.save_prework(get_db(), municipality, number, form.title, answers,
                         by="coordinator", respondent="coordinator", user_id=g.user["id"])
    flash(_("Pre-work saved."), "success")
    return _back(municipality, number, "forarbeid")


@bp.post("/record/<int:municipality_id>/prework-link")
@login_required
def new_leader_link(municipality_id: int):
    municipality = load_municipality(municipality_id, policy.RECORD_EDIT)
    if not _csrf_ok():
        abort(400)
    records.new_prework_link(get_db(), municipality, user_id=g.user["id"])
    flash(_("A new link for the leaders was made. The old link no longer works."), "success")
    number = request.args.get("module", 1, type=int)
    return _back(municipality, number if 1 <= number <= 4 else 1, "forarbeid")


@bp.route("/f/<token>", methods=("GET", "POST"))
def leader(token: str):
    """A leader's own pre-work, through the link the coordinator shared."""
    db = get_db()
    municipality = records.municipality_by_prework_token(db, token)
    if municipality is None:
        abort(404)
    number = request.args.get("module", 1, type=int)
    _module(number)
    form = prework.forms().get(number)
    cookie = f"prework_{municipality['id']}"
    respondent = request.cookies.get(cookie, "")
    if not re.fullmatch(r"[A-Za-z0-9_-]{16,64}", respondent):
        respondent = secrets.token_urlsafe(18)
    errors, typed, status = {}, {}, 200
    if request.method == "POST" and form is not None:
        if not _csrf_ok():
            abort(400)
        answers, errors, typed = _read_prework(form, ("everyone",))
        if not errors:
            records.save_prework(db, municipality, number, form.title, answers, by="leader",
                                 respondent=respondent)
            flash(_("Thank you! Your pre-work is saved."), "success")
            response = redirect(url_for("coordinator.leader", token=token, module=number))
            _remember_leader(response, cookie, respondent)
            return response
        status = 400
    mine = {}
    if form is not None:
        stored = records.prework_answers(db, municipality["id"], number)
        mine = {key: next((a["value"] for a in found if a["respondent"] == respondent), None)
                for key, found in stored.items()}
    response = make_response(render_template(
        "coordinator/leader.html", municipality=municipality, form=form, number=number,
        modules=MODULES, token=token, mine=mine, errors=errors, typed=typed,
        csrf=CsrfForm()), status)
    _remember_leader(response, cookie, respondent)
    return response


def _remember_leader(response, cookie: str, respondent: str) -> None:
    response.set_cookie(cookie, respondent, max_age=LEADER_COOKIE_DAYS * 86400, httponly=True,
                        samesite="Lax",
                        secure=request.is_secure or current_app.config["SECURE_COOKIES"])


# --- etterarbeid ---------------------------------------------------------------------------


@bp.post("/record/<int:municipality_id>/ambition/<int:number>")
@login_required
def save_ambition(municipality_id: int, number: int):
    municipality = load_municipality(municipality_id, policy.RECORD_EDIT)
    _module(number)
    if not _csrf_ok():
        abort(400)
    raw_level = request.form.get("level", "")
    text = request.form.get("text", "").strip()
    errors = {}
    level = None
    if raw_level:
        try:
            level = int(raw_level)
        except ValueError:
            level = 0
        if level not in AMBITION_LABELS:
            errors["level"] = _("Choose a level from 1 to 5.")
    if len(text) > MAX_AMBITION_TEXT:
        errors["text"] = _("At most %(max)d characters.", max=MAX_AMBITION_TEXT)
    if errors:
        flash(_("The ambition level was not saved."), "error")
        return _render_record(municipality, number, errors={"ambition": errors},
                              typed={"ambition": {"level": raw_level, "text": text}}, status=400)
    records.save_ambition(get_db(), municipality, number, level, text, user_id=g.user["id"])
    flash(_("Ambition level saved."), "success")
    return _back(municipality, number, "etterarbeid")


def _read_initiative() -> tuple[dict, dict]:
    fields = {name: request.form.get(name, "").strip()
              for name in ("what", "owner", "due", "term", "status")}
    errors = {}
    if not fields["what"]:
        errors["what"] = _("Say what the initiative is.")
    elif len(fields["what"]) > MAX_WHAT:
        errors["what"] = _("At most %(max)d characters.", max=MAX_WHAT)
    if len(fields["owner"]) > MAX_OWNER:
        errors["owner"] = _("At most %(max)d characters.", max=MAX_OWNER)
    if fields["due"]:
        try:
            date.fromisoformat(fields["due"])
        except ValueError:
            errors["due"] = _("Give a date such as 2027-03-01.")
    else:
        fields["due"] = None
    if fields["term"] not in TERM_LABELS:
        errors["term"] = _("Choose short or long term.")
    if fields["status"] not in STATUS_LABELS:
        errors["status"] = _("Choose a status.")
    return fields, errors


@bp.post("/record/<int:municipality_id>/initiatives/<int:number>")
@login_required
def add_initiative(municipality_id: int, number: int):
    return _save_initiative(municipality_id, number, None)


@bp.post("/record/<int:municipality_id>/initiatives/<int:number>/<int:initiative_id>")
@login_required
def edit_initiative(municipality_id: int, number: int, initiative_id: int):
    return _save_initiative(municipality_id, number, initiative_id)


def _save_initiative(municipality_id: int, number: int, initiative_id: int | None):
    municipality = load_municipality(municipality_id, policy.RECORD_EDIT)
    _module(number)
    if not _csrf_ok():
        abort(400)
    db = get_db()
    if initiative_id is not None and not any(
            item["id"] == initiative_id
            for item in records.initiatives(db, municipality["id"], number)):
        abort(404)
    try:
        if initiative_id is not None and request.form.get("delete"):
            records.delete_initiative(db, municipality, number, initiative_id,
                                      user_id=g.user["id"])
            flash(_("Initiative deleted."), "success")
            return _back(municipality, number, "etterarbeid")
        fields, errors = _read_initiative()
        key = f"initiative-{initiative_id or 'new'}"
        if errors:
            flash(_("The initiative was not saved. See the messages beside the fields."),
                  "error")
            return _render_record(municipality, number, errors={key: errors},
                                  typed={key: fields}, status=400)
        records.save_initiative(db, municipality, number, fields, initiative_id=initiative_id,
                                user_id=g.user["id"])
    except KeyError:
        abort(404)
    except ValueError:
        flash(_("This module has as many initiatives as it can hold."), "error")
        return _render_record(municipality, number, status=400)
    flash(_("Initiative saved."), "success")
    return _back(municipality, number, "etterarbeid")


# --- downloads --------------------------------------------------------------------------------


@bp.get("/record/<int:municipality_id>/download/<fmt>")
@login_required
def download(municipality_id: int, fmt: str):
    municipality = load_municipality(municipality_id)
    if fmt not in packs.PACKS:
        abort(404)
    module = request.args.get("module", type=int)
    if "module" in request.args and (module is None or not 1 <= module <= 4):
        abort(404)
    db = get_db()
    content, mimetype, extension = packs.build(_record(db, municipality), fmt, module)
    records.audit(db, user_id=g.user["id"], action="downloaded", detail={
        "programme_id": municipality["programme_id"], "municipality_id": municipality["id"],
        "format": fmt, "module": module})
    which = f"modul-{module}" if module else "alle-moduler"
    response = make_response(content)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = (
        f'attachment; filename="programmeregister-{municipality["slug"]}-{which}.{extension}"')
    response.headers["Cache-Control"] = "no-store"
    return response


# --- pre-work beside the live answers, on the phone -----------------------------------------


@bp.get("/j/<code>/prework/<int:item_id>")
def phone_prework(code: str, item_id: int):
    """The phone's municipality's pre-work answers to the question the item
    names (JSON), or null when it names none."""
    db = get_db()
    gathering = gatherings.get_gathering_by_code(db, code)
    if gathering is None or not 0 < item_id <= MAX_ID:
        abort(404)
    device = devices.device_by_token(db, gathering["id"],
                                     request.cookies.get(device_cookie(gathering["code"])))
    if device is None:
        abort(403)
    item = gatherings.get_item(db, item_id)
    if item is None or item["gathering_id"] != gathering["id"]:
        abort(404)
    found = prework.beside_item(db, gathering, item, device["municipality_id"])
    return jsonify(found)


# --- admin: the audit log and erasure -------------------------------------------------------


def _load_programme(programme_id: int) -> dict:
    found = programmes.get_programme(get_db(), programme_id) if 0 < programme_id <= MAX_ID \
        else None
    if found is None:
        abort(404)
    require(policy.PROGRAMME_MANAGE, policy.ProgrammeRef(found["id"]))
    return found


@bp.get("/programme/<int:programme_id>/audit")
@login_required
def audit_log(programme_id: int):
    programme = _load_programme(programme_id)
    return render_template("coordinator/audit.html", programme=programme,
                           log=records.audit_log(get_db(), programme["id"]), csrf=CsrfForm(),
                           error=None)


@bp.post("/programme/<int:programme_id>/erase-device")
@login_required
def erase_device(programme_id: int):
    """Delete one phone's answers in this programme's gatherings (a
    participant asked); closed activities are filed again without them."""
    programme = _load_programme(programme_id)
    if not _csrf_ok():
        abort(400)
    db = get_db()
    raw = request.form.get("device_id", "").strip()
    device = records.device_for_erasure(db, int(raw)) if raw.isdigit() and 0 < int(
        raw) <= MAX_ID else None
    if device is None or device["programme_id"] != programme["id"]:
        return render_template("coordinator/audit.html", programme=programme,
                               log=records.audit_log(db, programme["id"]), csrf=CsrfForm(),
                               error=_("There is no such device in this programme."),
                               typed=raw), 400
    erased = records.erase_device(db, device, user_id=g.user["id"])
    flash(_("The device's %(n)d answers were deleted.", n=erased), "success")
    return redirect(url_for("coordinator.audit_log", programme_id=programme["id"]))
