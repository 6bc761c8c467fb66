"""Log-in, log-out and the checks every view with an id makes.

Participants never log in. Everyone who does (admins, facilitators,
coordinators) holds grants; facilitate/policy.py decides what they allow.

The session cookie holds the user's id and their session epoch; bumping the
epoch in the database (log-out, a new password) ends every session of that
user, wherever it is."""

from __future__ import annotations

import functools
import math
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from .. import policy
from ..server_mode import run_blocking
from ..store import gatherings, users
from ..store.db import get_db

bp = Blueprint("auth", __name__)

# SQLite integers are signed 64-bit; a bigger id in a URL overflows, and none
# can exist.
MAX_ID = 2**63 - 1


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


def user_from_session(db, session) -> dict | None:
    """The logged-in user of a Flask session: the user row (id, username,
    session_epoch) with `grants`, a list of policy.Grant; None when nobody is
    logged in or the session was ended (its epoch is no longer the user's)."""
    user_id, epoch = session.get("user_id"), session.get("epoch")
    if type(user_id) is not int or type(epoch) is not int:
        return None
    user = users.get_user(db, user_id)
    if user is None or user["session_epoch"] != epoch:
        return None
    return users.with_grants(db, user)


@bp.before_app_request
def load_user():
    g.user = user_from_session(get_db(), session) if "user_id" in session else None


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(**kwargs)
    return wrapped


def forbidden():
    """Stop with the 403 page: logged in, but no grant for this."""
    abort(make_response(render_template("auth/forbidden.html"), 403))


def require(action: str, target=None) -> None:
    """403 unless the logged-in user may do `action` on `target`."""
    if g.user is None or not policy.may(g.user["grants"], action, target):
        forbidden()


def load_gathering(gathering_id: int, action: str = policy.GATHERING_DRIVE) -> dict:
    """The gathering, for a view with its id in the URL: 404 when there is no
    such gathering, 403 when the user may not do `action` on it. (Ids are
    sequential, so a 404 would hide nothing; a 403 tells a facilitator who was
    sent a link to ask for a role.) Call it after login_required."""
    found = (gatherings.get_gathering(get_db(), gathering_id)
             if 0 < gathering_id <= MAX_ID else None)
    if found is None:
        abort(404)
    require(action, policy.GatheringRef(found["id"], found["programme_id"]))
    return found


def local_path(target: str) -> str | None:
    """`target` if it is a path on this site, else None: never an open
    redirect. Browsers drop tabs and newlines and read backslashes as
    slashes, so "/\t/evil.example" would leave the site."""
    if any(ord(char) < 32 or char == "\\" for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def client_address() -> str:
    """The client's address. Behind TRUSTED_PROXIES proxies, ProxyFix (see
    facilitate/app.py) has already taken it from X-Forwarded-For."""
    return request.remote_addr or "unknown"


def _start_session(user: dict) -> None:
    lang = session.get("lang")
    session.clear()
    session["user_id"] = user["id"]
    session["epoch"] = user["session_epoch"]
    if lang:
        session["lang"] = lang


def _throttled(wait: float):
    minutes = max(1, math.ceil(wait / 60))
    flash(ngettext("Too many failed log-ins. Wait %(num)s minute and try again.",
                   "Too many failed log-ins. Wait %(num)s minutes and try again.",
                   minutes), "error")
    response = make_response(render_template("auth/login.html", form=LoginForm()), 429)
    response.headers["Retry-After"] = str(math.ceil(wait))
    return response


@bp.route("/login", methods=("GET", "POST"))
def login():
    form = LoginForm()
    if form.validate_on_submit():
        db = get_db()
        config = current_app.config
        throttle = users.Throttle.from_config(config)
        username, address = form.username.data, client_address()
        wait = users.login_wait(db, username, address, throttle)
        if wait > 0:
            return _throttled(wait)
        user = users.check_login(db, username, form.password.data,
                                 method=config["PASSWORD_HASH_METHOD"], run=run_blocking)
        if user is None:
            users.record_login_failure(db, username, address, throttle)
            flash(_("Wrong username or password."), "error")
        else:
            users.clear_login_failures(db, username)
            _start_session(user)
            return redirect(local_path(request.args.get("next", ""))
                            or url_for("console.index"))
    elif request.method == "POST":
        flash(_("Fill in both username and password."), "error")
    return render_template("auth/login.html", form=form), (200 if request.method == "GET"
                                                           or not form.errors else 400)


@bp.post("/logout")
def logout():
    """Ends every session of the user, on every device."""
    if g.user is not None:
        users.end_sessions(get_db(), g.user["id"])
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))
