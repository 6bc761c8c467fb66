"""The programme record: what each municipality produced, by module and stage.

One row per filed part in `record_entries` (see docs/RECORD.md): filing the
same part again (same programme, municipality, module, stage, source,
gathering and item) replaces it, keeping the newest revision. Activities file
here when they close; the coordinator's pre-work answers, ambition level and
initiatives are record entries too (sources 'prework', 'ambition',
'initiatives'), edited in place.

The audit log says who filed, downloaded or erased what, and when."""

from __future__ import annotations

import calendar
import json
import secrets
from datetime import UTC, date, datetime

from ..activities import get_kind
from . import gatherings, programmes, responses
from .clock import now
from .unit_of_work import transaction

STAGES = ("forarbeid", "samling", "etterarbeid")
TERMS = ("short", "long")
STATUSES = ("planned", "started", "done", "dropped")
AMBITION_LEVELS = (1, 2, 3, 4, 5)
MAX_INITIATIVES = 50

# --- filing ------------------------------------------------------------------------


def file_entry(db, *, programme_id: int, municipality_id: int | None, module: int, stage: str,
               source: str, title: str, payload: dict, gathering_id: int | None = None,
               item_id: int | None = None, revision: int = 0) -> int:
    """File one part of the record; filing the same part again replaces it
    unless the stored one has a newer revision. Returns the row's id."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    if not 1 <= module <= 4:
        raise ValueError(f"module must be 1..4, not {module!r}")
    with transaction(db):
        db.execute(
            """INSERT INTO record_entries (programme_id, municipality_id, module, stage, source,
                   gathering_id, item_id, title, payload, revision, filed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (programme_id, IFNULL(municipality_id, 0), module, stage, source,
                            IFNULL(gathering_id, 0), IFNULL(item_id, 0))
               DO UPDATE SET title = excluded.title, payload = excluded.payload,
                   revision = excluded.revision, filed_at = excluded.filed_at
               WHERE excluded.revision >= record_entries.revision""",
            [programme_id, municipality_id, module, stage, source, gathering_id, item_id, title,
             json.dumps(payload, ensure_ascii=False), revision, now()])
        return db.execute(
            """SELECT id FROM record_entries WHERE programme_id = ?
               AND IFNULL(municipality_id, 0) = ? AND module = ? AND stage = ? AND source = ?
               AND IFNULL(gathering_id, 0) = ? AND IFNULL(item_id, 0) = ?""",
            [programme_id, municipality_id or 0, module, stage, source, gathering_id or 0,
             item_id or 0]).fetchone()[0]


def safe_part(part: dict | None) -> dict | None:
    """A filed part that holds no numbers when it is suppressed."""
    if part is None:
        return None
    if part.get("suppressed"):
        return {"n": None, "suppressed": True, "result": None}
    return {name: value for name, value in part.items() if name != "room"}


def file_item(db, gathering: dict, item: dict, *, user_id: int | None = None) -> list[int]:
    """File what an activity's kind says it leaves in the record (each
    municipality's part and the whole gathering's), from the same current,
    visible answers and kind state the live results use."""
    kind = get_kind(item["activity_kind"])
    with transaction(db):
        answers = responses.current_responses(db, item["id"])
        municipalities = {m["id"]: m["name"]
                          for m in programmes.gathering_municipalities(db, gathering["id"])}
        parts = kind.record_entries(item["definition"], answers, item["state"], municipalities,
                                    gathering["min_group_size"])
        source = getattr(kind, "record_source", "activity")
        about = {"activity_kind": item["activity_kind"],
                 "question": (item["definition"] or {}).get("question", ""),
                 "definition": item["definition"]}
        filed = []
        for municipality_id, part in parts.items():
            filed.append(file_entry(
                db, programme_id=gathering["programme_id"], municipality_id=municipality_id,
                module=gathering["module"], stage="samling", source=source, title=item["title"],
                payload={**about, **safe_part(part)}, gathering_id=gathering["id"],
                item_id=item["id"], revision=item["revision"]))
        audit(db, user_id=user_id, action="filed", detail={
            "programme_id": gathering["programme_id"], "gathering_id": gathering["id"],
            "item_id": item["id"], "title": item["title"], "module": gathering["module"],
            "revision": item["revision"],
            "municipalities": sorted(mid for mid in parts if mid is not None)})
    return filed


def unfile_item(db, item_id: int) -> int:
    """Remove an activity's filed parts (it was reset: its answers are gone)."""
    with transaction(db):
        return db.execute("DELETE FROM record_entries WHERE item_id = ?", [item_id]).rowcount


# --- reading -----------------------------------------------------------------------


def _decode(row: dict) -> dict:
    row["payload"] = json.loads(row["payload"])
    return row


_ENTRY_COLUMNS = """e.*, g.title AS gathering_title, g.date AS gathering_date"""


def entries_for(db, programme_id: int, municipality_id: int) -> list[dict]:
    """A municipality's own entries and the whole-gathering entries of the
    gatherings it took part in, oldest gathering first, in agenda order."""
    rows = db.query(
        f"""SELECT {_ENTRY_COLUMNS} FROM record_entries e
            LEFT JOIN gatherings g ON g.id = e.gathering_id
            WHERE e.programme_id = ? AND (e.municipality_id = ? OR (e.municipality_id IS NULL
                AND e.gathering_id IN (SELECT gathering_id FROM gathering_municipalities
                                       WHERE municipality_id = ?)))
            ORDER BY e.module, g.date, e.gathering_id, e.item_id, e.id""",
        [programme_id, municipality_id, municipality_id])
    return [_decode(row) for row in rows]


def programme_entries(db, programme_id: int, sources: tuple[str, ...]) -> dict[int, list[dict]]:
    """Every municipality's own entries of these sources, by municipality:
    what the programme medians of the trajectory are made from."""
    marks = ", ".join("?" for _ in sources)
    found: dict[int, list[dict]] = {}
    for row in db.query(
            f"""SELECT {_ENTRY_COLUMNS} FROM record_entries e
                LEFT JOIN gatherings g ON g.id = e.gathering_id
                WHERE e.programme_id = ? AND e.municipality_id IS NOT NULL
                AND e.source IN ({marks}) ORDER BY e.id""", [programme_id, *sources]):
        found.setdefault(row["municipality_id"], []).append(_decode(row))
    return found


def municipalities(db, programme_id: int) -> list[dict]:
    """A programme's municipalities by name."""
    return list(db.query("SELECT * FROM municipalities WHERE programme_id = ? ORDER BY name",
                         [programme_id]))


def filed_for_gathering(db, gathering_id: int) -> list[dict]:
    """What a gathering has filed, newest first (for the portal's 'filed' list)."""
    return list(db.query(
        """SELECT item_id, title, MAX(revision) AS revision, MAX(filed_at) AS filed_at,
               COUNT(municipality_id) AS municipalities
           FROM record_entries WHERE gathering_id = ? GROUP BY item_id, title
           ORDER BY filed_at DESC""", [gathering_id]))


def _one_entry(db, municipality_id: int, module: int, stage: str, source: str) -> dict | None:
    rows = list(db.query(
        """SELECT * FROM record_entries WHERE municipality_id = ? AND module = ? AND stage = ?
           AND source = ? AND gathering_id IS NULL AND item_id IS NULL""",
        [municipality_id, module, stage, source]))
    return _decode(rows[0]) if rows else None


# --- forarbeid, etterarbeid: edited by the coordinator (and leaders) -----------------


def prework_answers(db, municipality_id: int, module: int) -> dict:
    """{question key: [{"value", "by", "respondent", "updated_at"}]}."""
    found = _one_entry(db, municipality_id, module, "forarbeid", "prework")
    return found["payload"]["answers"] if found else {}


def save_prework(db, municipality: dict, module: int, title: str, answers: dict, *, by: str,
                 respondent: str, user_id: int | None = None) -> None:
    """Set one respondent's answers (question key -> value; None clears one).
    The coordinator answers for the leadership group (respondent
    'coordinator'); each leader who uses the link has a respondent id of
    their own, so a leader can change their answer but never another's."""
    with transaction(db):
        stored = _one_entry(db, municipality["id"], module, "forarbeid", "prework")
        current = stored["payload"]["answers"] if stored else {}
        stamp = now()
        for key, value in answers.items():
            kept = [a for a in current.get(key, []) if a["respondent"] != respondent]
            if value is not None:
                kept.append({"value": value, "by": by, "respondent": respondent,
                             "updated_at": stamp})
            if kept:
                current[key] = kept
            else:
                current.pop(key, None)
        file_entry(db, programme_id=municipality["programme_id"],
                   municipality_id=municipality["id"], module=module, stage="forarbeid",
                   source="prework", title=title, payload={"answers": current},
                   revision=(stored["revision"] + 1) if stored else 1)
        audit(db, user_id=user_id, action="prework_saved", detail={
            "programme_id": municipality["programme_id"], "municipality_id": municipality["id"],
            "module": module, "by": by, "questions": sorted(answers)})


def ambition(db, municipality_id: int, module: int) -> dict:
    found = _one_entry(db, municipality_id, module, "etterarbeid", "ambition")
    return found["payload"] if found else {"level": None, "text": ""}


def save_ambition(db, municipality: dict, module: int, level: int | None, text: str, *,
                  user_id: int | None) -> None:
    if level is not None and level not in AMBITION_LEVELS:
        raise ValueError("level must be 1..5")
    with transaction(db):
        stored = _one_entry(db, municipality["id"], module, "etterarbeid", "ambition")
        file_entry(db, programme_id=municipality["programme_id"],
                   municipality_id=municipality["id"], module=module, stage="etterarbeid",
                   source="ambition", title="Ambisjonsnivå",
                   payload={"level": level, "text": text, "updated_at": now()},
                   revision=(stored["revision"] + 1) if stored else 1)
        audit(db, user_id=user_id, action="ambition_saved", detail={
            "programme_id": municipality["programme_id"], "municipality_id": municipality["id"],
            "module": module, "level": level})


def initiatives(db, municipality_id: int, module: int) -> list[dict]:
    found = _one_entry(db, municipality_id, module, "etterarbeid", "initiatives")
    return found["payload"]["items"] if found else []


def save_initiative(db, municipality: dict, module: int, fields: dict, *,
                    initiative_id: int | None, user_id: int | None) -> int:
    """Add an initiative (initiative_id None) or change one; returns its id.
    KeyError for an id that is not there; ValueError past MAX_INITIATIVES."""
    with transaction(db):
        stored = _one_entry(db, municipality["id"], module, "etterarbeid", "initiatives")
        items = stored["payload"]["items"] if stored else []
        clean = {name: fields[name] for name in ("what", "owner", "due", "term", "status")}
        if initiative_id is None:
            if len(items) >= MAX_INITIATIVES:
                raise ValueError(f"at most {MAX_INITIATIVES} initiatives per module")
            initiative_id = max((item["id"] for item in items), default=0) + 1
            items.append({"id": initiative_id, **clean})
        else:
            found = next((item for item in items if item["id"] == initiative_id), None)
            if found is None:
                raise KeyError(initiative_id)
            found.update(clean)
        _store_initiatives(db, municipality, module, items, stored)
        audit(db, user_id=user_id, action="initiative_saved", detail={
            "programme_id": municipality["programme_id"], "municipality_id": municipality["id"],
            "module": module, "initiative_id": initiative_id})
    return initiative_id


def delete_initiative(db, municipality: dict, module: int, initiative_id: int, *,
                      user_id: int | None) -> None:
    """KeyError for an id that is not there."""
    with transaction(db):
        stored = _one_entry(db, municipality["id"], module, "etterarbeid", "initiatives")
        items = stored["payload"]["items"] if stored else []
        if not any(item["id"] == initiative_id for item in items):
            raise KeyError(initiative_id)
        _store_initiatives(db, municipality, module,
                           [item for item in items if item["id"] != initiative_id], stored)
        audit(db, user_id=user_id, action="initiative_deleted", detail={
            "programme_id": municipality["programme_id"], "municipality_id": municipality["id"],
            "module": module, "initiative_id": initiative_id})


def _store_initiatives(db, municipality: dict, module: int, items: list[dict],
                       stored: dict | None) -> None:
    file_entry(db, programme_id=municipality["programme_id"],
               municipality_id=municipality["id"], module=module, stage="etterarbeid",
               source="initiatives", title="Tiltak", payload={"items": items},
               revision=(stored["revision"] + 1) if stored else 1)


def checkin(db, gathering: dict) -> list[dict]:
    """For a gathering of module n: each of its municipalities' module n-1
    ambition and initiatives (empty for module 1)."""
    if gathering["module"] <= 1:
        return []
    found = []
    for municipality in programmes.gathering_municipalities(db, gathering["id"]):
        found.append({"municipality_id": municipality["id"], "name": municipality["name"],
                      "ambition": ambition(db, municipality["id"], gathering["module"] - 1),
                      "initiatives": initiatives(db, municipality["id"],
                                                 gathering["module"] - 1)})
    return found


def shown_checkin(db, gathering_id: int) -> int | None:
    row = db.execute("SELECT municipality_id FROM checkin_shown WHERE gathering_id = ?",
                     [gathering_id]).fetchone()
    return row[0] if row else None


def show_checkin(db, gathering_id: int, municipality_id: int | None) -> None:
    """Which municipality's check-in the projector shows (None: none)."""
    with transaction(db):
        db.execute("DELETE FROM checkin_shown WHERE gathering_id = ?", [gathering_id])
        if municipality_id is not None:
            db.execute("INSERT INTO checkin_shown VALUES (?, ?, ?)",
                       [gathering_id, municipality_id, now()])


# --- the leaders' pre-work link ---------------------------------------------------------


def prework_link(db, municipality_id: int) -> str | None:
    row = db.execute("SELECT token FROM prework_links WHERE municipality_id = ?",
                     [municipality_id]).fetchone()
    return row[0] if row else None


def new_prework_link(db, municipality: dict, *, user_id: int | None) -> str:
    """A new token for the municipality's leaders; the old link stops working."""
    token = secrets.token_urlsafe(18)
    with transaction(db):
        db.execute("DELETE FROM prework_links WHERE municipality_id = ?", [municipality["id"]])
        db.execute("INSERT INTO prework_links VALUES (?, ?, ?, ?)",
                   [municipality["id"], token, user_id, now()])
        audit(db, user_id=user_id, action="prework_link_made", detail={
            "programme_id": municipality["programme_id"],
            "municipality_id": municipality["id"]})
    return token


def municipality_by_prework_token(db, token: str) -> dict | None:
    if not isinstance(token, str) or not 10 <= len(token) <= 64:
        return None
    row = db.execute("SELECT municipality_id FROM prework_links WHERE token = ?",
                     [token]).fetchone()
    return programmes.get_municipality(db, row[0]) if row else None


# --- the audit log -----------------------------------------------------------------------


def audit(db, *, user_id: int | None, action: str, detail: dict) -> None:
    """One line in the audit log. `detail` names what it was about; its
    programme_id and municipality_id are kept in columns of their own, so a
    programme's log can be read without parsing every line."""
    with transaction(db):
        db.execute(
            "INSERT INTO audit_log (at, user_id, action, programme_id, municipality_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [now(), user_id, action, detail.get("programme_id"), detail.get("municipality_id"),
             json.dumps(detail, ensure_ascii=False)])


def audit_log(db, programme_id: int | None = None, limit: int = 500) -> list[dict]:
    where, params = ("WHERE a.programme_id = ?", [programme_id]) if programme_id else ("", [])
    rows = db.query(
        f"""SELECT a.*, u.username FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
            {where} ORDER BY a.id DESC LIMIT ?""", [*params, limit])
    return [dict(row, detail=json.loads(row["detail"])) for row in rows]


# --- data protection: retention and erasure ------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expired_gatherings(db, today: str | None = None) -> list[dict]:
    """Gatherings whose programme's retention period has run out since the
    gathering was held, and that still hold individual answers or devices."""
    day = datetime.fromisoformat(today).date() if today else datetime.now(UTC).date()
    found = []
    for row in db.query(
            """SELECT g.id, g.title, g.date, g.programme_id, p.retention_months,
                   (SELECT COUNT(*) FROM devices d WHERE d.gathering_id = g.id) AS devices,
                   (SELECT COUNT(*) FROM responses r JOIN items i ON i.id = r.item_id
                    WHERE i.gathering_id = g.id) AS responses
               FROM gatherings g JOIN programmes p ON p.id = g.programme_id
               WHERE p.retention_months IS NOT NULL ORDER BY g.date, g.id"""):
        held = datetime.fromisoformat(row["date"]).date()
        if add_months(held, row["retention_months"]) < day and (row["devices"]
                                                                or row["responses"]):
            found.append(row)
    return found


def delete_individual_answers(db, gathering_id: int) -> dict:
    """Delete a gathering's answers, submissions and devices; its record
    entries (the aggregates the room saw) stay. Returns the counts."""
    with transaction(db):
        item_ids = "SELECT id FROM items WHERE gathering_id = ?"
        counts = {
            "responses": db.execute(f"DELETE FROM responses WHERE item_id IN ({item_ids})",
                                    [gathering_id]).rowcount,
            "submissions": db.execute(
                "DELETE FROM submissions WHERE device_id IN "
                "(SELECT id FROM devices WHERE gathering_id = ?)", [gathering_id]).rowcount,
        }
        counts["devices"] = db.execute("DELETE FROM devices WHERE gathering_id = ?",
                                       [gathering_id]).rowcount
        return counts


def apply_retention(db, *, dry_run: bool = False, today: str | None = None) -> list[dict]:
    """Delete the individual answers of every gathering past its programme's
    retention; with dry_run only say what would go. Each deletion is audited."""
    done = []
    for gathering in expired_gatherings(db, today):
        planned = {"gathering_id": gathering["id"], "title": gathering["title"],
                   "date": gathering["date"], "programme_id": gathering["programme_id"],
                   "responses": gathering["responses"], "devices": gathering["devices"]}
        if not dry_run:
            with transaction(db):
                counts = delete_individual_answers(db, gathering["id"])
                planned.update(counts)
                audit(db, user_id=None, action="retention_deleted", detail=planned)
        done.append(planned)
    return done


def device_for_erasure(db, device_id: int) -> dict | None:
    return next(iter(db.query(
        """SELECT d.id, d.gathering_id, d.municipality_id, g.programme_id, g.title
           FROM devices d JOIN gatherings g ON g.id = d.gathering_id WHERE d.id = ?""",
        [device_id])), None)


def erase_device(db, device: dict, *, user_id: int | None) -> int:
    """Delete one device's answers, submissions and the device. The items it
    answered get a new revision; closed ones are filed again without it."""
    with transaction(db):
        touched = [row[0] for row in db.execute(
            "SELECT DISTINCT item_id FROM responses WHERE device_id = ?", [device["id"]])]
        erased = db.execute("DELETE FROM responses WHERE device_id = ?",
                            [device["id"]]).rowcount
        db.execute("DELETE FROM submissions WHERE device_id = ?", [device["id"]])
        db.execute("DELETE FROM devices WHERE id = ?", [device["id"]])
        gathering = gatherings.get_gathering(db, device["gathering_id"])
        for item_id in touched:
            gatherings.bump_revision(db, item_id)
            item = gatherings.get_item(db, item_id)
            if item["status"] == "closed":
                file_item(db, gathering, item, user_id=user_id)
        audit(db, user_id=user_id, action="device_erased", detail={
            "programme_id": device["programme_id"], "gathering_id": device["gathering_id"],
            "municipality_id": device["municipality_id"], "device_id": device["id"],
            "responses": erased})
    return erased
