"""The capability frameworks a mapping can rate (sessions/frameworks/), read-only:
a list and a preview of each, for anyone with a role in a programme. Editing is
editing the file (see sessions/README.md)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, g, render_template

from ..model import frameworks
from .auth import forbidden, login_required

bp = Blueprint("frameworks", __name__)


def _folder() -> Path:
    return Path(current_app.config["SESSIONS_DIR"]) / "frameworks"


def _require_a_role() -> None:
    if not g.user["grants"]:
        forbidden()


@bp.get("/frameworks")
@login_required
def index():
    _require_a_role()
    return render_template("frameworks/index.html",
                           frameworks=frameworks.list_frameworks(_folder()))


@bp.get("/frameworks/<key>")
@login_required
def show(key: str):
    _require_a_role()
    try:
        found = frameworks.get_framework(_folder(), key)
    except frameworks.FrameworkError as error:
        return render_template("frameworks/show.html", framework=None, key=key,
                               error=str(error))
    if found is None:
        abort(404)
    areas = {area["key"]: area for area in found["areas"]}
    return render_template("frameworks/show.html", framework=found, key=key, areas=areas,
                           error=None, own=[item for item in found["items"]
                                            if not item["verified"]])
