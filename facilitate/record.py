"""A municipality's programme record, assembled: pure functions over plain
data (no Flask, no database), JSON-ready. The schema ("facilitate.record/1")
is documented in docs/RECORD.md; every export is a function of this dict.

    assemble(programme, municipality, entries, prework_forms, peers) -> record
    only_module(record, n) -> the record with module n alone
    trajectory_points(entries) -> what a municipality's trajectory is made of
    peers_for(points_by_municipality, municipality_id) -> the peers' values

The trajectory follows an item asked in several modules: a session plan's
activity with the same `track` key (or, without one, the same kind and the
same question text), or a pre-work rating with the same `track`. Per module
it shows the municipality's own value beside the median of its peers (the
other municipalities of the programme that have a value). Peers appear only
as that median, and only when at least `min_group_size` of them have a
value; a suppressed part of the record never gives a value."""

from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime

from .model.programme import MODULES

SCHEMA = "facilitate.record/1"
ACTIVITY_SOURCES = ("activity", "mapping", "board")
_ABOUT = ("activity_kind", "question", "definition")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _empty_module(module) -> dict:
    return {"number": module.number, "key": module.key, "title": module.title,
            "stages": {"forarbeid": {"questions": []},
                       "samling": {"gatherings": [], "entries": []},
                       "etterarbeid": {"ambition": {"level": None, "text": ""},
                                       "initiatives": []}}}


def part(payload: dict | None) -> dict | None:
    """The shown part of a filed payload: n, suppressed and result (and any
    further fields a kind files), or only `suppressed` when it is suppressed."""
    if payload is None:
        return None
    if payload.get("suppressed"):
        return {"n": None, "suppressed": True, "result": None}
    shown = {name: value for name, value in payload.items()
             if name not in _ABOUT and name not in ("room", "respondents", "trajectory")}
    shown.setdefault("n", None)
    shown["suppressed"] = False
    shown.setdefault("result", None)
    return shown


def assemble(programme: dict, municipality: dict, entries: list[dict], prework_forms: dict,
             peers: dict, generated_at: str | None = None) -> dict:
    """The record of one municipality. `entries` are its record entries and
    the whole-gathering entries of its gatherings (records.entries_for, with
    payload decoded and gathering_title / gathering_date beside them);
    `prework_forms` maps a module number to its form (PreworkForm.to_dict());
    `peers` is peers_for(...)."""
    modules = {module.number: _empty_module(module) for module in MODULES}
    own_id = municipality["id"]
    rooms = {(e["gathering_id"], e["item_id"], e["source"]): e for e in entries
             if e["municipality_id"] is None and e["stage"] == "samling"}
    seen_rooms: set = set()

    for number, form in sorted(prework_forms.items()):
        if number not in modules:
            continue
        answers = next((e["payload"].get("answers", {}) for e in entries
                        if e["module"] == number and e["source"] == "prework"
                        and e["municipality_id"] == own_id), {})
        modules[number]["stages"]["forarbeid"]["questions"] = [
            {"key": q["key"], "text": q["text"], "type": q["type"], "scale": q["scale"],
             "answers": [{"value": a["value"], "by": a["by"], "updated_at": a["updated_at"]}
                         for a in answers.get(q["key"], [])]}
            for q in form["questions"]]

    for entry in entries:
        stages = modules[entry["module"]]["stages"]
        payload = entry["payload"]
        if entry["stage"] == "samling":
            if entry["municipality_id"] not in (None, own_id):
                continue
            key = (entry["gathering_id"], entry["item_id"], entry["source"])
            if entry["municipality_id"] is None:
                continue  # joined to its municipality's part below, or added at the end
            seen_rooms.add(key)
            room = rooms.get(key)
            stages["samling"]["entries"].append(
                _samling_entry(entry, part(payload), part(room["payload"]) if room else None))
            _note_gathering(stages["samling"], entry)
        elif entry["municipality_id"] != own_id:
            continue
        elif entry["source"] == "ambition":
            stages["etterarbeid"]["ambition"] = {"level": payload.get("level"),
                                                 "text": payload.get("text", "")}
        elif entry["source"] == "initiatives":
            stages["etterarbeid"]["initiatives"] = [
                {name: item.get(name) for name in ("id", "what", "owner", "due", "term",
                                                   "status")}
                for item in payload.get("items", [])]
    # Whole-gathering parts with no part of the municipality's own (a kind
    # that files only the room's), so what the room saw is still there.
    for key, room in rooms.items():
        if key not in seen_rooms:
            samling = modules[room["module"]]["stages"]["samling"]
            samling["entries"].append(_samling_entry(room, None, part(room["payload"])))
            _note_gathering(samling, room)
    for module in modules.values():
        module["stages"]["samling"]["entries"].sort(
            key=lambda e: (e["gathering_id"] or 0, e["item_id"] or 0, e["source"]))

    min_group = programme.get("min_group_size") or 3
    points = trajectory_points(entries_of(entries, own_id), prework_forms)
    return {
        "schema": SCHEMA,
        "generated_at": generated_at or _now(),
        "programme": {"id": programme["id"], "name": programme["name"],
                      "network": programme.get("network"), "period": programme.get("period"),
                      "min_group_size": min_group},
        "municipality": {"id": own_id, "name": municipality["name"],
                         "kommunenummer": municipality.get("kommunenummer")},
        "modules": [modules[number] for number in sorted(modules)],
        "trajectory": trajectory(points, peers, min_group),
    }


def _samling_entry(entry: dict, own: dict | None, room: dict | None) -> dict:
    payload = entry["payload"]
    return {"source": entry["source"], "gathering_id": entry["gathering_id"],
            "item_id": entry["item_id"], "title": entry["title"],
            "activity_kind": payload.get("activity_kind"), "question": payload.get("question"),
            "definition": payload.get("definition"), "filed_at": entry["filed_at"],
            "revision": entry["revision"], "own": own, "room": room}


def _note_gathering(samling: dict, entry: dict) -> None:
    if entry["gathering_id"] is not None and not any(
            g["id"] == entry["gathering_id"] for g in samling["gatherings"]):
        samling["gatherings"].append({"id": entry["gathering_id"],
                                      "title": entry.get("gathering_title"),
                                      "date": entry.get("gathering_date")})


def entries_of(entries: list[dict], municipality_id: int) -> list[dict]:
    return [e for e in entries if e["municipality_id"] == municipality_id]


def only_module(record: dict, n: int) -> dict:
    """The record with module n alone (the trajectory, which spans modules,
    is kept whole). KeyError for a module that is not 1..4."""
    if not any(module["number"] == n for module in record["modules"]):
        raise KeyError(n)
    return {**record, "module_filter": n,
            "modules": [module for module in record["modules"] if module["number"] == n]}


# --- trajectory --------------------------------------------------------------------


def normalise(text: str) -> str:
    """Question text as compared across modules: case, spacing and trailing
    punctuation do not matter."""
    return re.sub(r"\s+", " ", text.casefold()).strip().rstrip(".?!:").strip()


def _series(payload: dict) -> tuple[str, str, bool]:
    """(base key, title, explicit) of a filed activity's trajectory series."""
    definition = payload.get("definition") or {}
    question = payload.get("question") or definition.get("question") or ""
    if definition.get("track"):
        return f"track:{definition['track']}", question, True
    return f"{payload.get('activity_kind')}:{normalise(question)}", question, False


def activity_values(payload: dict) -> list[tuple[str, str, float]]:
    """(sub key, title, value) of one shown part: a scale's mean per
    statement, a choice's share (%) per option, a points activity's mean per
    option, a ranking's mean rank per option; or what a kind filed itself
    under "trajectory" ([{"key", "title", "value"}], e.g. a mapping)."""
    if payload.get("suppressed") or payload.get("result") is None:
        return []
    result, kind = payload["result"], payload.get("activity_kind")
    definition = payload.get("definition") or {}
    explicit = bool(definition.get("track"))
    found: list[tuple[str, str, float]] = []

    def sub(index: int, label: str) -> str:
        return f"#{index}" if explicit else normalise(label)

    if isinstance(payload.get("trajectory"), list):
        for point in payload["trajectory"]:
            if isinstance(point.get("value"), int | float):
                found.append((str(point["key"]), str(point.get("title", "")),
                              float(point["value"])))
    elif kind == "scale":
        for index, statement in enumerate(result.get("statements", [])):
            if statement.get("mean") is not None:
                found.append((sub(index, statement["text"]), statement["text"],
                              float(statement["mean"])))
    elif kind == "choice" and result.get("respondents"):
        for index, (label, count) in enumerate(zip(definition.get("options", []),
                                                   result.get("counts", []), strict=False)):
            found.append((sub(index, label), label,
                          round(100 * count / result["respondents"], 1)))
    elif kind == "points":
        for option in result.get("options", []):
            if option.get("mean") is not None:
                found.append((sub(option["index"], option["label"]), option["label"],
                              float(option["mean"])))
    elif kind == "ranking":
        for option in result.get("options", []):
            if option.get("mean_rank") is not None:
                found.append((sub(option["index"], option["label"]), option["label"],
                              float(option["mean_rank"])))
    return found


def trajectory_points(entries: list[dict], prework_forms: dict) -> dict[str, dict]:
    """One municipality's values: {key: {"title", "values": {module: value}}}.
    Two values of one key in one module (two gatherings) are averaged."""
    collected: dict[str, dict] = {}

    def add(key: str, title: str, module: int, value: float) -> None:
        point = collected.setdefault(key, {"title": title, "values": {}})
        point["values"].setdefault(module, []).append(value)

    for entry in entries:
        payload = entry["payload"]
        if entry["stage"] == "samling" and entry["municipality_id"] is not None:
            base, question, _ = _series(payload)
            for sub_key, label, value in activity_values(payload):
                add(f"{base}|{sub_key}", f"{question} – {label}" if label else question,
                    entry["module"], value)
        elif entry["source"] == "prework":
            form = prework_forms.get(entry["module"]) or {}
            for question in form.get("questions", []):
                ratings = [a["value"] for a in payload.get("answers", {}).get(question["key"], [])
                           if isinstance(a.get("value"), int | float)]
                if question.get("track") and question["type"] == "rating" and ratings:
                    add(f"prework:{question['track']}", question["text"], entry["module"],
                        statistics.fmean(ratings))
    return {key: {"title": point["title"],
                  "values": {module: round(statistics.fmean(values), 2)
                             for module, values in point["values"].items()}}
            for key, point in collected.items()}


def peers_for(points_by_municipality: dict[int, dict[str, dict]],
              municipality_id: int) -> dict:
    """The other municipalities' values, anonymised: {key: {module: [values]}}
    (sorted, no ids)."""
    values: dict[str, dict[int, list[float]]] = {}
    for other, points in points_by_municipality.items():
        if other == municipality_id:
            continue
        for key, point in points.items():
            for module, value in point["values"].items():
                values.setdefault(key, {}).setdefault(module, []).append(value)
    return {"values": {key: {module: sorted(found) for module, found in by_module.items()}
                       for key, by_module in values.items()}}


def peer_median(values: list[float], min_group: int) -> float | None:
    """The median of the peers' values; None (suppressed) when fewer than
    min_group municipalities have one."""
    if len(values) < max(1, min_group):
        return None
    return round(statistics.median(values), 2)


def trajectory(points: dict[str, dict], peers: dict, min_group: int) -> list[dict]:
    """Items asked in at least two modules (by the municipality or its
    peers), each with the municipality's value per module and the peers'
    median per module (null when suppressed or missing)."""
    peer_values = peers.get("values", {})
    lines = []
    for key in sorted(set(points) | set(peer_values)):
        own = points.get(key, {"title": "", "values": {}})
        theirs = peer_values.get(key, {})
        modules = sorted({int(m) for m in own["values"]} | {int(m) for m in theirs})
        if len(modules) < 2 or not own["values"]:
            continue
        medians = {str(m): peer_median(theirs.get(m, theirs.get(str(m), [])), min_group)
                   for m in modules}
        lines.append({"key": key, "title": own["title"],
                      "per_module": {str(m): own["values"].get(m, own["values"].get(str(m)))
                                     for m in modules},
                      "programme_median": medians})
    return lines
