"""Phones: join with a code (or a QR), pick a municipality once, accept the
consent text, then follow the gathering live."""

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..live.connection import device_cookie
from ..store import devices, gatherings, programmes
from ..store.db import get_db

bp = Blueprint("phone", __name__)

DEVICE_COOKIE_DAYS = 30


class JoinForm(FlaskForm):
    municipality = RadioField(_l("Your municipality"), coerce=int,
                              validators=[DataRequired(_l("Choose your municipality."))])
    display_name = StringField(
        _l("Name (optional)"),
        validators=[Optional(), Length(max=devices.MAX_NAME_LENGTH,
                                       message=_l("At most %(max)d characters."))])
    consent = BooleanField(_l("I have read how my answers are used, and I agree."),
                           validators=[DataRequired(_l("You must agree before you join."))])


class CodeForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(min=4, max=12)])


@bp.route("/j", methods=("GET", "POST"))
def enter_code():
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        found = gatherings.get_gathering_by_code(get_db(), form.code.data)
        if found:
            return redirect(url_for("phone.join", code=found["code"]))
        error = "unknown"
    return render_template("phone/code.html", form=form, error=error)


@bp.route("/j/<code>", methods=("GET", "POST"))
def join(code: str):
    db = get_db()
    gathering = gatherings.get_gathering_by_code(db, code)
    if gathering is None:
        abort(404)
    if gathering["code"] != code:
        preselect = {"m": request.args["m"]} if "m" in request.args else {}
        return redirect(url_for("phone.join", code=gathering["code"], **preselect))
    device = devices.device_by_token(db, gathering["id"],
                                     request.cookies.get(device_cookie(gathering["code"])))
    municipalities = programmes.gathering_municipalities(db, gathering["id"])
    if device is not None:
        municipality = next(m for m in municipalities if m["id"] == device["municipality_id"])
        return render_template("phone/live.html", gathering=gathering, device=device,
                               municipality=municipality)

    form = JoinForm()
    form.municipality.choices = [(m["id"], m["name"]) for m in municipalities]
    preselected = next((m for m in municipalities if m["slug"] == request.args.get("m")), None)
    if request.method == "GET" and preselected:
        form.municipality.data = preselected["id"]
    if form.validate_on_submit():
        device = devices.register_device(db, gathering["id"], form.municipality.data,
                                         (form.display_name.data or "").strip())
        response = redirect(url_for("phone.join", code=gathering["code"]))
        response.set_cookie(device_cookie(gathering["code"]), device["token"],
                            max_age=DEVICE_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure or current_app.config["SECURE_COOKIES"])
        return response
    status = 400 if request.method == "POST" else 200
    programme = programmes.get_programme(db, gathering["programme_id"])
    return render_template("phone/join.html", gathering=gathering, form=form,
                           preselected=preselected, consent_text=programme["consent_text"],
                           min_group=current_app.config["MIN_GROUP_SIZE"]), status
