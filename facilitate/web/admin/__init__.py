"""Programme set-up in the browser: programmes, municipalities, people,
gatherings and session plans. A site admin creates programmes
(PROGRAMME_CREATE); a programme admin manages everything in theirs
(PROGRAMME_MANAGE). Every view with an id finds the row (404), then asks the
policy about the programme the row belongs to (403), through the loaders
below, before it reads a form."""

from __future__ import annotations

from flask import Blueprint, abort, g

from ... import policy
from ...model.session_plan import to_hhmm, to_minutes
from ...store import gatherings as gatherings_store
from ...store import invites, plans_store
from ...store import people as people_store
from ...store import programmes as programmes_store
from ...store.db import get_db
from ..auth import MAX_ID, require

bp = Blueprint("admin", __name__)


def _found(getter, row_id: int) -> dict:
    found = getter(get_db(), row_id) if 0 < row_id <= MAX_ID else None
    if found is None:
        abort(404)
    return found


def load_programme(programme_id: int) -> dict:
    found = _found(programmes_store.get_programme, programme_id)
    require(policy.PROGRAMME_MANAGE, policy.ProgrammeRef(found["id"]))
    return found


def _of_programme(row: dict) -> dict:
    """The programme a row belongs to, once the user may manage it."""
    return load_programme(row["programme_id"])


def load_municipality(municipality_id: int) -> tuple[dict, dict]:
    found = _found(programmes_store.get_municipality, municipality_id)
    return found, _of_programme(found)


def load_gathering(gathering_id: int) -> tuple[dict, dict]:
    found = _found(gatherings_store.get_gathering, gathering_id)
    return found, _of_programme(found)


def load_plan(plan_id: int) -> tuple[dict, dict]:
    found = _found(plans_store.get_plan, plan_id)
    return found, _of_programme(found)


def load_grant(grant_id: int) -> tuple[dict, dict | None]:
    found = _found(people_store.get_grant, grant_id)
    if found["programme_id"] is None:  # a site admin's grant: only a site admin
        require(policy.PROGRAMME_CREATE)
        return found, None
    return found, _of_programme(found)


def load_invite(invite_id: int) -> tuple[dict, dict]:
    found = _found(invites.get_invite, invite_id)
    return found, _of_programme(found)


def manageable(grants) -> policy.Scope:
    return policy.programmes_for(grants, policy.PROGRAMME_MANAGE)


@bp.app_template_filter("agenda_row")
def agenda_row(item: dict) -> dict:
    """An item row of a gathering as the run of show shows it."""
    start = item["planned_start"]
    return {"type": item["type"], "title": item["title"], "start": start,
            "end": to_hhmm(to_minutes(start) + item["duration"]),
            "activity": item["activity_kind"]}


@bp.app_context_processor
def admin_nav():
    def may_administer() -> bool:
        user = g.get("user")
        if not user:
            return False
        scope = manageable(user["grants"])
        return scope.everything or bool(scope.ids)
    return {"may_administer": may_administer}


from . import gatherings as _gatherings  # noqa: E402,F401  (routes)
from . import municipalities as _municipalities  # noqa: E402,F401
from . import people as _people  # noqa: E402,F401
from . import plans as _plans  # noqa: E402,F401
from . import programmes as _programmes  # noqa: E402,F401
