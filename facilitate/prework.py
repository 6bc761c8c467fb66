"""The pre-work forms of this app (sessions/prework/ beside the session
plans, or PREWORK_DIR) and the link between a live activity and a pre-work
question."""

from __future__ import annotations

import functools
from pathlib import Path

from flask import current_app

from .model.prework import PreworkForm, Question, load_forms
from .record import normalise
from .store import programmes, records


def folder(app=None) -> Path:
    config = (app or current_app).config
    return Path(config.get("PREWORK_DIR") or Path(config["SESSIONS_DIR"]) / "prework")


@functools.cache
def _forms_in(path: str, stamp: tuple) -> dict[int, PreworkForm]:
    return load_forms(path) if Path(path).is_dir() else {}


def forms(app=None) -> dict[int, PreworkForm]:
    """The forms by module, read again when a file changes."""
    where = folder(app)
    stamp = tuple(sorted((p.name, p.stat().st_mtime_ns) for p in where.glob("*.toml"))) \
        if where.is_dir() else ()
    return _forms_in(str(where), stamp)


def forms_as_dicts(app=None) -> dict[int, dict]:
    return {number: form.to_dict() for number, form in forms(app).items()}


def linked_question(form: PreworkForm | None, definition: dict | None) -> Question | None:
    """The pre-work question an activity shows beside its live answers: the
    one its definition names (`prework = "q1"`), else a text question asked in
    the same words."""
    if form is None or not definition:
        return None
    if definition.get("prework"):
        return form.question(definition["prework"])
    asked = normalise(definition.get("question") or "")
    return next((q for q in form.questions if q.type == "text" and normalise(q.text) == asked),
                None) if asked else None


def beside_item(db, gathering: dict, item: dict | None,
                municipality_id: int | None = None) -> dict | None:
    """The pre-work answers to show beside an activity: every municipality
    of the gathering's (console), or one municipality's (its phones)."""
    if item is None or item.get("activity_kind") is None:
        return None
    question = linked_question(forms().get(gathering["module"]), item.get("definition"))
    if question is None:
        return None
    shown = []
    for municipality in programmes.gathering_municipalities(db, gathering["id"]):
        if municipality_id is not None and municipality["id"] != municipality_id:
            continue
        answers = records.prework_answers(db, municipality["id"], gathering["module"])
        shown.append({"municipality_id": municipality["id"], "name": municipality["name"],
                      "answers": [a["value"] for a in answers.get(question.key, [])]})
    return {"item_id": item["id"], "key": question.key, "question": question.text,
            "municipalities": shown}
