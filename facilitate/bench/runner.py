"""The benchmark plan: for each phone count, each target (an async mode of
Facilitate, then the bare Node baseline) serves the scenarios one after the
other, each with fresh phones and a freshly reset poll."""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..server_mode import raise_open_files_limit
from ..store import responses
from ..store.db import connect
from .console import Console
from .loadgen import ensure_node_modules, run_loadgen
from .processes import reset_baseline, seed_instance, start_baseline, start_facilitate

SCENARIOS = ("join", "burst", "sustained", "change")
# Not in the default run: every phone saves the ratings of a 30-statement
# mapping one by one (`--scenarios mapping`, see docs/PERFORMANCE.md).
MAPPING = "mapping"
ALL_SCENARIOS = (*SCENARIOS, MAPPING)
MODES = ("gevent", "eventlet")


@dataclass(frozen=True)
class Options:
    phones: int = 1000
    modes: tuple[str, ...] = MODES
    scenarios: tuple[str, ...] = SCENARIOS
    duration: float = 60.0
    baseline: bool = True
    sweep: tuple[int, ...] = ()  # extra burst runs at these phone counts, for the plot

    def plan(self) -> list[tuple[int, tuple[str, ...]]]:
        runs = [(self.phones, self.scenarios)]
        runs += [(phones, ("burst",)) for phones in self.sweep
                 if not (phones == self.phones and "burst" in self.scenarios)]
        return runs


class FacilitateTarget:
    """`facilitate serve` in one async mode on a fresh demo database, its
    gathering started from the console."""

    def __init__(self, mode: str, folder: Path) -> None:
        seeded = seed_instance(folder)
        self.seeded = seeded
        self.mapping_console: Console | None = None
        self.database = seeded["database"]
        self.code = seeded["gathering"]["code"]
        self.key = seeded["gathering"]["presenter_key"]
        self.server = start_facilitate(mode, folder)
        try:
            self.console = Console(self.server.url, self.code, seeded["username"],
                                   seeded["password"])
            self.console.send("gathering.start", {})
            self.item_id = self.console.choice_poll()
        except Exception:
            self.server.stop()
            raise

    def fresh_poll(self) -> None:
        self.console.fresh_poll(self.item_id)

    def fresh_mapping(self) -> tuple[str, str]:
        """The module 3 gathering's mapping (the 30-statement DiMiOS-style
        set), reset and opened from a second console; its code and key."""
        gathering = next(g for g in self.seeded["gatherings"] if g["module"] == 3)
        if self.mapping_console is None:
            self.mapping_console = Console(self.server.url, gathering["code"],
                                           self.seeded["username"], self.seeded["password"])
            self.mapping_console.send("gathering.start", {})
            self.mapping_id = self.mapping_console.mapping_item()
        self.mapping_console.fresh_poll(self.mapping_id)
        return gathering["code"], gathering["presenter_key"]

    def stored_mapping(self) -> dict:
        """The committed ratings, straight from the database: how many, and
        each municipality's median per item."""
        from ..activities.mapping_stats import median

        db = connect(self.database)
        try:
            stored = [r for r in responses.current_responses(db, self.mapping_id)
                      if isinstance(r.value, dict) and "item" in r.value]
        finally:
            db.conn.close()
        ratings: dict[str, dict[str, list[int]]] = {}
        for response in stored:
            by_item = ratings.setdefault(str(response.municipality_id), {})
            counts = by_item.setdefault(response.value["item"], [0] * 6)
            counts[response.value["rating"] - 1] += 1
        return {"ratings": len(stored),
                "medians": {mid: {key: median(counts) for key, counts in items.items()}
                            for mid, items in ratings.items()}}

    def stored_tally(self, options: int) -> list[int]:
        """The committed answers counted straight from the database."""
        db = connect(self.database)
        try:
            stored = responses.current_responses(db, self.item_id)
        finally:
            db.conn.close()
        counts = [0] * options
        for response in stored:
            for index in response.value:
                counts[index] += 1
        return counts

    def stop(self) -> None:
        self.console.close()
        if self.mapping_console is not None:
            self.mapping_console.close()
        self.server.stop()


class BaselineTarget:
    """The bare Node socket.io server; it stores nothing to count."""

    def __init__(self, folder: Path) -> None:
        self.code, self.key = "BENCH1", secrets.token_urlsafe(12)
        self.server = start_baseline(self.code, self.key, folder)

    def fresh_poll(self) -> None:
        reset_baseline(self.server)

    def stored_tally(self, options: int) -> None:
        return None

    def stop(self) -> None:
        self.server.stop()


def run_bench(options: Options, echo: Callable[[str], None] = print) -> list[dict]:
    """Every run's figures, in plan order."""
    raise_open_files_limit()
    ensure_node_modules()
    targets = [*options.modes, *(["baseline"] if options.baseline else [])]
    runs = []
    for phones, scenarios in options.plan():
        for target in targets:
            runs += _run_target(target, phones, scenarios, options.duration, echo)
    return runs


def _run_target(target: str, phones: int, scenarios: tuple[str, ...], duration: float,
                echo: Callable[[str], None]) -> list[dict]:
    runs = []
    with tempfile.TemporaryDirectory(prefix=f"facilitate-bench-{target}-") as folder:
        served = (BaselineTarget(Path(folder)) if target == "baseline"
                  else FacilitateTarget(target, Path(folder)))
        try:
            for scenario in scenarios:
                if scenario == MAPPING:
                    if target == "baseline":
                        continue  # the bare server has no mapping to measure against
                    runs.append(_run_mapping(served, target, phones, duration, echo))
                    continue
                served.fresh_poll()
                run = run_loadgen(served.server.url, served.code, served.key, phones, scenario,
                                  served.server.pid, duration)
                run.update(target=target, phones=phones)
                expected = run.get("projector", {}).get("expected")
                if expected is not None:
                    stored = served.stored_tally(len(expected))
                    run["stored_tally_exact"] = None if stored is None else stored == expected
                echo(_summary(run))
                runs.append(run)
        finally:
            served.stop()
    return runs


def _run_mapping(served: FacilitateTarget, target: str, phones: int, duration: float,
                 echo: Callable[[str], None]) -> dict:
    """Every phone saves its 30 ratings one by one; the projector must then
    show the exact heatmap, and the database must hold exactly those ratings."""
    code, key = served.fresh_mapping()
    run = run_loadgen(served.server.url, code, key, phones, MAPPING, served.server.pid,
                      duration)
    run.update(target=target, phones=phones)
    expected = run.get("projector", {}).get("expected")
    if expected is not None:
        stored = served.stored_mapping()
        run["stored_tally_exact"] = (stored["ratings"] == expected["ratings"]
                                     and stored["medians"] == expected["medians"])
    echo(_summary(run))
    return run


def _summary(run: dict) -> str:
    head = f"{run['target']:>8} {run['phones']:>5} phones {run['scenario']:<9}"
    if "fatal" in run:
        return f"{head} FAILED: {run['fatal']}"
    connect = run["connect"]
    parts = [f"connected {connect['connected']} in {connect['all_connected_s']} s"]
    if "answers" in run:
        answers, ack = run["answers"], run["answers"]["ack_ms"]
        parts.append(f"acked {answers['acked_pct']}%, ack p50/p99 {ack['p50']}/{ack['p99']} ms, "
                     f"{answers['committed_per_s']}/s")
    if "projector" in run:
        parts.append(f"projector {run['projector']['delay_ms']} ms")
    parts.append(f"errors {run['errors']['total']}")
    return f"{head} " + "; ".join(parts)
