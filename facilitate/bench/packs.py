"""`facilitate bench-packs`: how long one municipality's pack takes.

A synthetic programme (default 25 municipalities, 4 modules, ~300
participants) is built through the store as a real one fills: each module's
shipped session plan runs on gathering days of at most 9 municipalities,
every participant answers every activity on a phone, each activity is closed
and filed; every municipality has pre-work and after-work. Then every
municipality's pack is built as the download route builds it: the record
assembled from the store (programme medians included) and every export
format present (facilitate.exports; else JSON alone). Not a timed test: a
report for docs/PERFORMANCE.md."""

from __future__ import annotations

import platform
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from .. import packs
from ..model.prework import load_forms
from ..plans import load_plans
from ..resources import resource_dir
from ..samples import answer_everything, close_and_file
from ..store import devices, gatherings, programmes, records
from ..store.db import connect, init_db
from ..store.unit_of_work import transaction

DAY_SIZE = 9


def build_programme(db, sessions_dir: Path, municipalities: int, participants: int,
                    seed: int = 7) -> int:
    rng = random.Random(seed)
    programme_id = programmes.create_programme(db, "Bench programme", "Digi Bench")
    members = [programmes.get_municipality(db, programmes.add_municipality(
        db, programme_id, f"Kommune {n:02d}")) for n in range(1, municipalities + 1)]
    per_municipality = [participants // municipalities
                        + (1 if n < participants % municipalities else 0)
                        for n in range(municipalities)]
    forms = load_forms(sessions_dir / "prework")
    for plan in sorted(load_plans(sessions_dir), key=lambda p: p.module):
        days = [members[start:start + DAY_SIZE] for start in range(0, municipalities, DAY_SIZE)]
        for day, group in enumerate(days):
            held_on = (date(2026, 9, 1) + timedelta(days=35 * (plan.module - 1) + day))
            gathering_id = gatherings.create_gathering(
                db, programme_id, plan.module, held_on.isoformat(),
                f"{plan.title} (dag {day + 1})", plan, [m["id"] for m in group])
            with transaction(db):
                items = [i for i in gatherings.list_items(db, gathering_id) if i["activity_kind"]]
                for municipality in group:
                    lean = rng.random()
                    for _ in range(per_municipality[members.index(municipality)]):
                        device = devices.register_device(db, gathering_id, municipality["id"],
                                                         None)
                        answer_everything(db, device, items, rng, lean)
                close_and_file(db, gathering_id, items)
        form = forms.get(plan.module)
        with transaction(db):
            for municipality in members:
                if form:
                    records.save_prework(db, municipality, plan.module, form.title, {
                        q.key: (rng.randint(q.scale["min"], q.scale["max"])
                                if q.type == "rating" else "Et svar fra ledergruppen.")
                        for q in form.questions}, by="coordinator", respondent="coordinator")
                records.save_ambition(db, municipality, plan.module, rng.randint(1, 5),
                                      "Ambisjon", user_id=None)
                for n in range(3):
                    records.save_initiative(db, municipality, plan.module, {
                        "what": f"Tiltak {n + 1}", "owner": "Kommunedirektør", "due": None,
                        "term": "short" if n < 2 else "long", "status": "planned"},
                        initiative_id=None, user_id=None)
    return programme_id


def run_packs(*, municipalities: int = 25, participants: int = 300,
              database: str | None = None, echo=print) -> dict:
    sessions_dir = Path(resource_dir("sessions"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(database) if database else Path(folder) / "bench-packs.sqlite3"
        init_db(path)
        db = connect(path)
        try:
            started = time.perf_counter()
            programme_id = build_programme(db, sessions_dir, municipalities, participants)
            built = time.perf_counter() - started
            counts = db.execute(
                "SELECT (SELECT COUNT(*) FROM responses), (SELECT COUNT(*) FROM record_entries)"
            ).fetchone()
            echo(f"Built the programme in {built:.1f} s: {counts[0]} answers, "
                 f"{counts[1]} record entries.")
            forms = {number: form.to_dict()
                     for number, form in load_forms(sessions_dir / "prework").items()}
            times, sizes = [], {}
            for municipality in records.municipalities(db, programme_id):
                start = time.perf_counter()
                assembled = packs.record_for(db, municipality, forms)
                for fmt in packs.PACKS:
                    content, _, _ = packs.build(assembled, fmt)
                    sizes.setdefault(fmt, []).append(len(content))
                times.append(time.perf_counter() - start)
        finally:
            db.conn.close()
    result = {
        "municipalities": municipalities, "participants": participants,
        "answers": counts[0], "record_entries": counts[1], "formats": sorted(packs.PACKS),
        "seconds_per_pack": {"mean": statistics.fmean(times), "median": statistics.median(times),
                             "max": max(times)},
        "mean_bytes": {fmt: int(statistics.fmean(found)) for fmt, found in sizes.items()},
        "machine": f"{platform.machine()}, {platform.processor() or platform.system()}, "
                   f"Python {platform.python_version()}",
    }
    per = result["seconds_per_pack"]
    result["summary"] = (
        f"{len(times)} packs ({', '.join(result['formats'])}): per pack mean "
        f"{per['mean'] * 1000:.0f} ms, median {per['median'] * 1000:.0f} ms, "
        f"max {per['max'] * 1000:.0f} ms ({result['machine']})")
    return result
