"""The CI-sized benchmark: `facilitate bench` with 50 phones against gevent
and the Node baseline, burst and changed answers. Needs node and npm (the
load generator is socket.io-client); a missing node fails, never skips."""

import json
import subprocess
import sys
import time

PHONES = 50
FIGURES = [("connect", "ms", "p50"), ("connect", "ms", "p95"), ("connect", "ms", "p99"),
           ("connect", "ms", "max"), ("connect", "all_connected_s"),
           ("answers", "ack_ms", "p50"), ("answers", "ack_ms", "p95"),
           ("answers", "ack_ms", "p99"), ("answers", "ack_ms", "max"),
           ("answers", "acked_pct"), ("answers", "committed_per_s"),
           ("projector", "delay_ms"), ("rss_kb", "per_phone"), ("errors", "total")]


def figure(run: dict, path: tuple):
    for key in path:
        run = run[key]
    return run


def test_a_small_benchmark_acks_everything_and_tallies_exactly(tmp_path):
    out = tmp_path / "bench.json"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "facilitate", "bench", "--phones", str(PHONES),
         "--modes", "gevent", "--scenarios", "burst,change", "--json", str(out)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert time.monotonic() - started < 60

    report = json.loads(out.read_text())
    assert report["machine"]["cores"] and report["date"]
    runs = {(run["target"], run["scenario"]): run for run in report["runs"]}
    assert set(runs) == {(t, s) for t in ("gevent", "baseline") for s in ("burst", "change")}
    for (target, scenario), run in runs.items():
        assert "fatal" not in run, run
        assert run["errors"]["total"] == 0, run["errors"]
        assert run["connect"]["connected"] == PHONES
        answers = PHONES * (1 if scenario == "burst" else 3)
        assert run["answers"]["acked_pct"] == 100
        assert run["answers"]["committed"] == answers
        assert run["projector"]["exact"] and run["projector"]["shown"] == \
            run["projector"]["expected"]
        assert sum(run["projector"]["expected"]) == PHONES  # one current answer per phone
        for path in FIGURES:
            assert isinstance(figure(run, path), int | float), (target, scenario, path)
        if target == "gevent":
            assert run["stored_tally_exact"] is True  # the database agrees
            assert run["vs_baseline"]["ack p99 ms"] > 0
            assert run["vs_baseline"]["answers/s"] > 0
    assert "| gevent | 50 | burst |" in done.stdout


def test_eventlet_serves_the_same_flow(tmp_path):
    """`facilitate serve --async-mode eventlet` runs its own listener (a
    larger backlog, no 1,000-connection cap): it must serve the whole flow."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, "-m", "facilitate", "bench", "--phones", "20", "--modes", "eventlet",
         "--scenarios", "burst", "--no-baseline", "--json", str(out)],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    [run] = json.loads(out.read_text())["runs"]
    assert run["target"] == "eventlet" and run["errors"]["total"] == 0, run
    assert run["answers"]["acked_pct"] == 100 and run["stored_tally_exact"] is True
