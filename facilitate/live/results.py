"""Results of one activity as each audience may see them."""

from __future__ import annotations

from ..activities import get_kind
from ..activities.views import versus_choices
from ..store import gatherings, programmes, responses
from ..store.db import transaction


def item_results(db, gathering: dict, item: dict, *, preview: bool = False) -> dict | None:
    """The tally in the item's current view (all / by municipality / versus),
    with small splits suppressed. Hidden answers are left out. With
    `preview`, the view the console previews instead (None without one):
    cut from the same partition, so it shows nothing the room could not."""
    if preview and item.get("preview_mode") is None:
        return None
    kind = get_kind(item["activity_kind"])
    municipalities = {m["id"]: m["name"]
                      for m in programmes.gathering_municipalities(db, gathering["id"])}
    # One read transaction: the revision and the answers come from the same
    # snapshot of the database, so the revision labels exactly this tally.
    with transaction(db, write=False):
        item = gatherings.get_item(db, item["id"])
        answers = responses.current_responses(db, item["id"])
        never_alone = programmes.never_alone(db, gathering["id"], gathering["min_group_size"])
    mode, focus = item["view_mode"], item["view_focus"]
    if preview:
        if item["preview_mode"] is None:
            return None
        mode, focus = item["preview_mode"], item["preview_focus"]
    # A kind shown one way only (mapping: by municipality) ignores the item's view.
    mode = mode if mode in kind.view_modes else kind.view_modes[0]
    focus = focus if mode == "versus" else None
    described = kind.describe_results(item["definition"], answers, item["state"], mode,
                                      municipalities, gathering["min_group_size"], focus,
                                      kind.history(db, gathering, item, list(municipalities)),
                                      never_alone=never_alone)
    described["item_id"] = item["id"]
    described["revision"] = item["revision"]
    described["versus_choices"] = versus_choices(answers, municipalities,
                                                 gathering["min_group_size"], never_alone)
    if preview:
        described["preview"] = True
    return described


def moderation_list(db, item: dict) -> list[dict]:
    """Every text answer, hidden ones included, for the console only. A kind
    that hides single words (word cloud) names each entry's word, and
    whether that word is hidden."""
    kind = get_kind(item["activity_kind"])
    if not kind.has_text:
        return []
    listed = []
    for response in responses.current_responses(db, item["id"], include_hidden=True):
        for text in kind.texts(response.value):
            entry = {"response_id": response.id, "text": text, "hidden": response.hidden}
            word = kind.word_hidden(text, item["state"])
            if word is not None:
                entry["word_hidden"] = word
            listed.append(entry)
    return listed
