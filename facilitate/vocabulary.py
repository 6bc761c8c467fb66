"""Every closed vocabulary a page shows, defined once with its labels and
handed to the scripts as JSON (see templates/base.html), so no script keeps
its own list of view modes, statuses, agenda item types, activity kinds,
modules or languages."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from .activities import KINDS
from .activities.views import MODES as VIEW_MODES
from .model.programme import MODULES
from .model.session_plan import ITEM_TYPES
from .store.gatherings import ITEM_STATUSES

__all__ = ["VIEW_MODES", "ITEM_STATUSES", "ITEM_TYPES", "vocabulary"]

GATHERING_STATUSES = ("planned", "running", "ended")
# Each in its own language; nn is nynorsk, the other written form of Norwegian.
LANGUAGES = {"nb": "Norsk (bokmål)", "nn": "Norsk (nynorsk)", "en": "English"}

VIEW_MODE_LABELS = {"all": _l("All together"), "by_municipality": _l("Split by municipality"),
                    "versus": _l("One municipality against the rest")}
STATUS_LABELS = {
    "planned": _l("planned"), "running": _l("running"), "ended": _l("ended"),
    "idle": _l("not opened"), "open": _l("open"), "locked": _l("locked"), "closed": _l("closed"),
}
ITEM_TYPE_LABELS = {"welcome": _l("Welcome"), "talk": _l("Talk"), "activity": _l("Question"),
                    "mapping": _l("Mapping"), "breakout": _l("Group work"),
                    "break": _l("Break"), "summary": _l("Summary")}


def vocabulary(locale: str) -> dict:
    """Every vocabulary with its labels in the page's language."""
    return {
        "view_modes": {mode: str(VIEW_MODE_LABELS[mode]) for mode in VIEW_MODES},
        "statuses": {status: str(STATUS_LABELS[status])
                     for status in (*GATHERING_STATUSES, *ITEM_STATUSES)},
        "item_types": {name: str(ITEM_TYPE_LABELS[name]) for name in ITEM_TYPES},
        "activity_kinds": {name: gettext(kind.label) for name, kind in KINDS.items()},
        "modules": {module.number: module.title if locale in ("nb", "nn") else module.title_en
                    for module in MODULES},
        "languages": LANGUAGES,
    }
