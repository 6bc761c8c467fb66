"""Where a session plan can come from, as one select's values:

    shipped:<name>    a plan file under sessions/ (SESSIONS_DIR)
    db:<id>           a plan saved in the database for this programme
    gathering:<id>    another gathering's agenda in this programme

Only values offered to the programme are accepted (the forms' choices), so
a plan or gathering of another programme is never read."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ... import plans
from ...model.plan_toml import dump_gathering
from ...model.session_plan import SessionPlan
from ...store import gatherings, plans_store


def shipped() -> list[SessionPlan]:
    return plans.load_plans(current_app.config["SESSIONS_DIR"])


def choices(db, programme_id: int, exclude_gathering: int | None = None) -> dict:
    """Grouped choices for a SelectField (optgroups)."""
    groups = {
        _("Shipped plans"): [(f"shipped:{plan.name}", plan.title) for plan in shipped()],
        _("This programme's plans"): [(plans_store.plan_path(row["id"]), row["name"])
                                      for row in plans_store.list_plans(db, programme_id)],
        _("Another gathering's agenda"): [
            (f"gathering:{row['id']}", f"{row['date']} · {row['title']}")
            for row in gatherings.list_gatherings(db)
            if row["programme_id"] == programme_id and row["id"] != exclude_gathering],
    }
    return {label: entries for label, entries in groups.items() if entries}


def values(grouped: dict) -> set[str]:
    return {value for entries in grouped.values() for value, _label in entries}


def default_for_module(module: int) -> str | None:
    return next((f"shipped:{plan.name}" for plan in shipped() if plan.module == module), None)


def text(db, value: str) -> tuple[str, str]:
    """The source's TOML text and a name for a new plan made from it."""
    kind, _sep, ident = value.partition(":")
    if kind == "shipped":
        path = Path(current_app.config["SESSIONS_DIR"]) / f"{ident}.toml"
        plan = plans.load_one(path)
        return path.read_text(encoding="utf-8-sig"), plan.title
    if kind == "db":
        row = plans_store.get_plan(db, int(ident))
        return row["toml"], row["name"]
    gathering = gatherings.get_gathering(db, int(ident))
    return (dump_gathering(gathering, gatherings.list_items(db, gathering["id"])),
            f"{gathering['title']} ({gathering['date']})")


def load(db, value: str) -> SessionPlan:
    """The checked plan of a source; PlanError when it does not check (a
    shipped file edited on the server, a kind since removed)."""
    kind, _sep, ident = value.partition(":")
    if kind == "shipped":
        return plans.load_one(Path(current_app.config["SESSIONS_DIR"]) / f"{ident}.toml")
    source, _name = text(db, value)
    return plans.load_text(source, value)
