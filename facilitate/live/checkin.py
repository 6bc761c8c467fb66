"""The check-in at the next module's gathering: each municipality's ambition
and initiatives from the module before, which the facilitator can open on the
projector one municipality at a time. And the pre-work answers the console
shows beside the live answers. Both reach the console and the projector in
their state message (see `state_extras`)."""

from __future__ import annotations

from .. import prework
from ..store import gatherings, programmes, records
from .errors import Refusal
from .events import event
from .guard import integer


@event("checkin.show", "console", writes=True, payload="{municipality_id: int | null}",
       fields=("municipality_id",))
def show(context, payload: dict) -> None:
    """Show one municipality's check-in on the projector, or none (null)."""
    gathering = gatherings.get_gathering(context.db, context.caller.gathering_id)
    municipality_id = integer(payload, "municipality_id", optional=True)
    if gathering["module"] <= 1:
        raise Refusal("no_checkin")
    if municipality_id is not None and not programmes.is_member(
            context.db, gathering["id"], municipality_id):
        raise Refusal("no_checkin")
    records.show_checkin(context.db, gathering["id"], municipality_id)
    gatherings.bump_version(context.db, gathering["id"])
    context.changed()


def state_extras(db, gathering: dict, item: dict | None, role: str) -> dict:
    """What the check-in and pre-work add to a role's full state: for the
    console every municipality's check-in and the pre-work beside the current
    activity; for the projector only the check-in the facilitator opened."""
    if role not in ("console", "presenter"):
        return {}
    shown_id = records.shown_checkin(db, gathering["id"]) if gathering["module"] > 1 else None
    if role == "presenter":
        shown = None
        if shown_id is not None:
            shown = next((entry for entry in records.checkin(db, gathering)
                          if entry["municipality_id"] == shown_id), None)
        return {"checkin": {"module": gathering["module"] - 1, "shown": shown}}
    return {"checkin": {"module": gathering["module"] - 1, "shown": shown_id,
                        "municipalities": records.checkin(db, gathering)},
            "prework": prework.beside_item(db, gathering, item)}
