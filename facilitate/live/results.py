"""Results of one activity as each audience may see them."""

from __future__ import annotations

from ..activities import get_kind
from ..store import gatherings, programmes, responses
from ..store.db import transaction


def item_results(db, gathering: dict, item: dict) -> dict:
    """The tally in the item's current view (all / by municipality / versus),
    with small splits suppressed. Hidden answers are left out."""
    kind = get_kind(item["activity_kind"])
    municipalities = {m["id"]: m["name"]
                      for m in programmes.gathering_municipalities(db, gathering["id"])}
    # One read transaction: the revision and the answers come from the same
    # snapshot of the database, so the revision labels exactly this tally.
    with transaction(db, write=False):
        item = gatherings.get_item(db, item["id"])
        answers = responses.current_responses(db, item["id"])
    # A kind shown one way only (mapping: by municipality) ignores the item's view.
    mode = item["view_mode"] if item["view_mode"] in kind.view_modes else kind.view_modes[0]
    focus = item["view_focus"] if mode == "versus" else None
    described = kind.describe_results(item["definition"], answers, item["state"], mode,
                                      municipalities, gathering["min_group_size"], focus,
                                      kind.history(db, gathering, item, list(municipalities)))
    described["item_id"] = item["id"]
    described["revision"] = item["revision"]
    return described


def moderation_list(db, item: dict) -> list[dict]:
    """Every text answer, hidden ones included, for the console only."""
    kind = get_kind(item["activity_kind"])
    if not kind.has_text:
        return []
    listed = []
    for response in responses.current_responses(db, item["id"], include_hidden=True):
        for text in kind.texts(response.value):
            listed.append({"response_id": response.id, "text": text, "hidden": response.hidden})
    return listed
