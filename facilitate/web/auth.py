"""Facilitator log-in. Participants never log in; coordinators come later."""

import functools
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..store import users
from ..store.db import get_db

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=80)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])


@bp.before_app_request
def load_user():
    user_id = session.get("user_id")
    g.user = users.get_user(get_db(), user_id) if user_id else None


def login_required(view):
    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is None:
            return redirect(url_for("auth.login", next=request.path))
        return view(**kwargs)
    return wrapped


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


@bp.route("/login", methods=("GET", "POST"))
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = users.check_login(get_db(), form.username.data, form.password.data)
        if user is None:
            flash(_("Wrong username or password."), "error")
        else:
            lang = session.get("lang")
            session.clear()
            session["user_id"] = user["id"]
            if lang:
                session["lang"] = lang
            return redirect(local_path(request.args.get("next", ""))
                            or url_for("console.index"))
    elif request.method == "POST":
        flash(_("Fill in both username and password."), "error")
    return render_template("auth/login.html", form=form), (200 if request.method == "GET"
                                                           or not form.errors else 400)


@bp.post("/logout")
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("auth.login"))
