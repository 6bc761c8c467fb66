"""The facilitator's pages: the list of gatherings and the run-of-show console."""

from flask import Blueprint, abort, render_template

from ..store import gatherings, programmes
from ..store.db import get_db
from .auth import login_required
from .links import absolute

bp = Blueprint("console", __name__)


@bp.get("/")
@login_required
def index():
    return render_template("console/index.html", gatherings=gatherings.list_gatherings(get_db()))


@bp.get("/console/<int:gathering_id>")
@login_required
def gathering(gathering_id: int):
    db = get_db()
    found = gatherings.get_gathering(db, gathering_id)
    if found is None:
        abort(404)
    return render_template(
        "console/gathering.html",
        gathering=found,
        municipalities=programmes.gathering_municipalities(db, gathering_id),
        join_url=absolute("participant.join", code=found["code"]),
        presenter_url=absolute("presenter.show", code=found["code"], key=found["presenter_key"]),
    )
