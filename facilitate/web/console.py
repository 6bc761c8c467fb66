"""The facilitator's pages: the list of gatherings and the run-of-show console."""

from itertools import groupby

from flask import Blueprint, g, render_template

from .. import policy
from ..store import gatherings, programmes
from ..store.db import get_db
from .auth import load_gathering, login_required
from .links import absolute

bp = Blueprint("console", __name__)


@bp.get("/")
@login_required
def index():
    """The gatherings the user may drive, grouped by programme."""
    grants = g.user["grants"]
    mine = [row for row in gatherings.list_gatherings(get_db()) if policy.may(
        grants, policy.GATHERING_DRIVE, policy.GatheringRef(row["id"], row["programme_id"]))]
    mine.sort(key=lambda row: (row["programme_name"], row["programme_id"], row["date"], row["id"]))
    groups = [{"id": programme_id, "name": name, "gatherings": list(rows)}
              for (name, programme_id), rows in
              groupby(mine, key=lambda row: (row["programme_name"], row["programme_id"]))]
    return render_template("console/index.html", programmes=groups,
                           has_grants=bool(grants),
                           site_admin=policy.is_site_admin(grants))


@bp.get("/console/<int:gathering_id>")
@login_required
def gathering(gathering_id: int):
    found = load_gathering(gathering_id, policy.GATHERING_DRIVE)
    return render_template(
        "console/gathering.html",
        gathering=found,
        municipalities=programmes.gathering_municipalities(get_db(), found["id"]),
        join_url=absolute("phone.join", code=found["code"]),
        presenter_url=absolute("presenter.show", code=found["code"], key=found["presenter_key"]),
    )
