"""Phones: join with a code (or a QR), pick a municipality once, accept the
consent text, then follow the gathering live.

Joins are throttled per client address (JOIN_LIMIT joins per JOIN_WINDOW
seconds, counted in the database so every server process shares them), and a
phone beyond its municipality's expected number is held for the facilitator
(see docs/SECURITY.md, "Fake phones")."""

import math
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..activities import get_kind
from ..live.callers import Caller
from ..live.connection import device_cookie
from ..live.guard import MAX_EVENT_BYTES
from ..store import devices, gatherings, programmes
from ..store.db import get_db, transaction
from ..vocabulary import ITEM_TYPE_LABELS
from .auth import client_address

bp = Blueprint("phone", __name__)

DEVICE_COOKIE_DAYS = 30
# A venue's phones often share one public address (the Wi-Fi's NAT, a 4G
# carrier's CGNAT): 300 joins in 10 minutes lets a kick-off of a few hundred
# through from one address, while a script that registers phones by the
# thousand is stopped. Held phones and the console's list are the real guard.
JOIN_LIMIT = 300
JOIN_WINDOW = 600.0  # seconds


def _optional_int(value):
    if value in (None, ""):
        return None
    return int(value)


class MunicipalityField(SelectField):
    """A select of the gathering's municipalities; nothing chosen (the
    placeholder) is left to DataRequired's message, not "Not a valid choice"."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


class JoinForm(FlaskForm):
    municipality = MunicipalityField(_l("Your municipality"), coerce=_optional_int,
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


def phone_state(db, gathering: dict, device: dict) -> dict:
    """The full state this phone would get on connecting (its own answers
    included), so the page shows what is on before the socket is up."""
    live = current_app.extensions["facilitate_live"]
    caller = Caller("phone", gathering["id"], "nb", device_id=device["id"],
                    municipality_id=device["municipality_id"])
    with transaction(db, write=False):
        return live.state_for(db, caller, None)


def what_is_on(state: dict) -> dict:
    """What the phone page shows first, in words: the same as phone.js draws
    from the state (describeNow in static/js/phone.js)."""
    gathering, current = state["gathering"], state["current"]
    shown = {"type": "", "title": gathering["title"], "question": "", "message": "",
             "status": ""}
    if gathering["status"] == "planned":
        shown["message"] = _("The gathering has not started yet.")
    elif gathering["status"] == "ended":
        shown["message"] = _("The gathering has ended. Thank you!")
    elif current is None:
        shown["message"] = _("Wait for the facilitator to open the next question.")
    else:
        shown["title"] = current["title"]
        if current["activity_kind"]:
            shown["type"] = _(get_kind(current["activity_kind"]).label)
            shown["question"] = current["definition"].get("question", "")
            shown["status"] = current["status"]
            shown["message"] = {
                "open": "",
                "locked": _("Answers are locked for now."),
                "closed": _("This question is closed."),
            }.get(current["status"], _("Wait for the facilitator to open the next question."))
        else:
            shown["type"] = str(ITEM_TYPE_LABELS.get(current["type"], current["type"]))
            shown["message"] = _("Nothing to answer right now. Questions show up here "
                                 "by themselves.")
    return shown


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
        state = phone_state(db, gathering, device)
        return render_template("phone/live.html", gathering=gathering, device=device,
                               municipality=municipality, state=state, now=what_is_on(state),
                               max_answer_bytes=MAX_EVENT_BYTES)
    if gathering["status"] == "ended":
        # A new phone learns at once that the day is over: nothing to join.
        return render_template("phone/ended.html", gathering=gathering)

    form = JoinForm()
    preselected = next((m for m in municipalities if m["slug"] == request.args.get("m")), None)
    # The municipality a QR named comes first; the placeholder when there is none.
    ordered = sorted(municipalities,
                     key=lambda m: preselected is None or m["id"] != preselected["id"])
    form.municipality.choices = [(m["id"], m["name"]) for m in ordered]
    if request.method == "GET" and preselected:
        form.municipality.data = preselected["id"]
    if form.validate_on_submit():
        limit = int(current_app.config.get("JOIN_LIMIT", JOIN_LIMIT))
        window = float(current_app.config.get("JOIN_WINDOW", JOIN_WINDOW))
        if not devices.joins_allowed(db, client_address(), limit, window, time.time()):
            page = render_template("phone/join.html", gathering=gathering, form=form,
                                   preselected=preselected, throttled=True,
                                   min_group=gathering["min_group_size"])
            return page, 429, {"Retry-After": str(math.ceil(window))}
        device = devices.register_device(db, gathering["id"], form.municipality.data,
                                         (form.display_name.data or "").strip())
        g.joined_gathering = gathering["id"]
        response = redirect(url_for("phone.join", code=gathering["code"]))
        response.set_cookie(device_cookie(gathering["code"]), device["token"],
                            max_age=DEVICE_COOKIE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=request.is_secure or current_app.config["SECURE_COOKIES"])
        return response
    status = 400 if request.method == "POST" else 200
    programme = programmes.get_programme(db, gathering["programme_id"])
    invalid = [field for field in (form.municipality, form.display_name, form.consent)
               if field.errors]
    return render_template("phone/join.html", gathering=gathering, form=form,
                           preselected=preselected,
                           consent_text=(programme.get("consent_text") or "").strip(),
                           first_invalid=invalid[0].id if invalid else None,
                           min_group=gathering["min_group_size"]), status


@bp.teardown_request
def tell_the_console(exc=None) -> None:
    """After a join has committed (the request's unit of work commits before
    teardown), the consoles' list of phones changes."""
    gathering_id = g.pop("joined_gathering", None)
    if gathering_id is not None and exc is None:
        from ..live.phones import joined

        joined(gathering_id)
