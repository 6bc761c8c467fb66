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
from ..store import groups, responses
from ..store.db import connect
from .console import Console
from .loadgen import ensure_node_modules, run_loadgen
from .processes import reset_baseline, seed_instance, start_baseline, start_facilitate

SCENARIOS = ("join", "burst", "sustained", "change")
# A breakout (not run by default): phones in groups post notes and spend dots.
BOARD = "board"
BOARD_GROUPS = 25
BOARD_NOTES = 5
BOARD_DOTS = 5
# How the phones pace themselves: each starts within BOARD_SPREAD ms and
# waits up to BOARD_NOTE_GAP ms between notes (people type), so 300 phones
# post their 1,500 notes within about 8 s.
BOARD_SPREAD = 3000
BOARD_NOTE_GAP = 1000
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

    def board(self, phones: int) -> dict:
        """The demo's first breakout as mixed groups of phones / BOARD_GROUPS;
        the load generator connects its phones, then starts it from the
        console (groups form from the phones present)."""
        item_id = self.console.board_item()
        db = connect(self.database)
        try:
            groups.use_mixed_groups(db, item_id)
        finally:
            db.conn.close()
        return {"console_cookie": self.console.cookie, "board_item": item_id,
                "group_size": max(2, round(phones / BOARD_GROUPS)),
                "notes": BOARD_NOTES, "dots": BOARD_DOTS, "spread": BOARD_SPREAD,
                "note_gap": BOARD_NOTE_GAP}

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
            # A breakout forms its groups from every phone registered, so it
            # runs on a fresh instance of its own; the baseline has no boards.
            polls = tuple(s for s in scenarios if s != BOARD)
            if polls:
                runs += _run_target(target, phones, polls, options.duration, echo)
            if BOARD in scenarios and target != "baseline":
                runs += _run_target(target, phones, (BOARD,), options.duration, echo)
    return runs


def _run_target(target: str, phones: int, scenarios: tuple[str, ...], duration: float,
                echo: Callable[[str], None]) -> list[dict]:
    runs = []
    with tempfile.TemporaryDirectory(prefix=f"facilitate-bench-{target}-") as folder:
        served = (BaselineTarget(Path(folder)) if target == "baseline"
                  else FacilitateTarget(target, Path(folder)))
        try:
            for scenario in scenarios:
                extra = served.board(phones) if scenario == BOARD else served.fresh_poll()
                run = run_loadgen(served.server.url, served.code, served.key, phones, scenario,
                                  served.server.pid, duration, extra)
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
    if "board" in run:
        board = run["board"]
        parts.append(f"{board['groups']} groups, note to group p50/p99 "
                     f"{board['delivery_ms']['p50']}/{board['delivery_ms']['p99']} ms, "
                     f"leaks {board['leaks']}")
    parts.append(f"errors {run['errors']['total']}")
    return f"{head} " + "; ".join(parts)
