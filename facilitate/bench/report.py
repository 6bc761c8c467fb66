"""What a benchmark run says: ratios against the baseline, the targets from
docs/PERFORMANCE.md met or not, the machine, and a Markdown table."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from .processes import REPO

# (column, where the figure sits in a run)
FIGURES = [
    ("connect p50 ms", ("connect", "ms", "p50")),
    ("connect p99 ms", ("connect", "ms", "p99")),
    ("all connected s", ("connect", "all_connected_s")),
    ("ack p50 ms", ("answers", "ack_ms", "p50")),
    ("ack p95 ms", ("answers", "ack_ms", "p95")),
    ("ack p99 ms", ("answers", "ack_ms", "p99")),
    ("ack max ms", ("answers", "ack_ms", "max")),
    ("acked %", ("answers", "acked_pct")),
    ("answers/s", ("answers", "committed_per_s")),
    ("projector ms", ("projector", "delay_ms")),
    ("note to group p99 ms", ("board", "delivery_ms", "p99")),
    ("outside group", ("board", "leaks")),
    ("KB/phone", ("rss_kb", "per_phone")),
    ("errors", ("errors", "total")),
]
NO_RATIO = {"acked %", "errors", "note to group p99 ms", "outside group"}


def figure(run: dict, path: tuple[str, ...]):
    for key in path:
        if not isinstance(run, dict):
            return None
        run = run.get(key)
    return run


def find(runs: list[dict], target: str, phones: int, scenario: str) -> dict | None:
    return next((run for run in runs if run["target"] == target and run["phones"] == phones
                 and run["scenario"] == scenario and "fatal" not in run), None)


def add_ratios(runs: list[dict]) -> None:
    """Each Facilitate run gets `vs_baseline`: its figure over the baseline's
    in the same scenario with as many phones."""
    for run in runs:
        base = find(runs, "baseline", run["phones"], run["scenario"])
        if run["target"] == "baseline" or base is None:
            continue
        run["vs_baseline"] = {}
        for name, path in FIGURES:
            ours, theirs = figure(run, path), figure(base, path)
            if name not in NO_RATIO and _positive(ours) and _positive(theirs):
                run["vs_baseline"][name] = round(ours / theirs, 2)


def _positive(value) -> bool:
    return isinstance(value, int | float) and value > 0


def targets(runs: list[dict]) -> list[dict]:
    """The targets of docs/PERFORMANCE.md, per async mode: met (True/False), or
    None when this run did not measure it."""
    verdicts: list[dict] = []
    for mode in dict.fromkeys(run["target"] for run in runs if run["target"] != "baseline"):
        verdict = _recorder(verdicts, mode)
        storm = find(runs, mode, 1000, "join") or find(runs, mode, 1000, "burst")
        verdict("1,000 phones all connected within 3 s", storm,
                lambda r: r["connect"]["connected"] == 1000
                and r["connect"]["all_connected_s"] <= 3,
                lambda r: f"{r['connect']['connected']} in {r['connect']['all_connected_s']} s")
        burst = find(runs, mode, 1000, "burst")
        verdict("1,000 phones burst: 100% acked, p99 ack <= 1.0 s", burst,
                lambda r: r["answers"]["acked_pct"] == 100
                and r["answers"]["ack_ms"]["p99"] <= 1000,
                lambda r: f"{r['answers']['acked_pct']}%, p99 {r['answers']['ack_ms']['p99']} ms")
        verdict("projector shows the exact tally <= 250 ms after the last ack", burst,
                lambda r: r["projector"]["exact"] and r["projector"]["delay_ms"] <= 250,
                lambda r: f"{r['projector']['delay_ms']} ms")
        big = find(runs, mode, 3000, "burst")
        verdict("3,000 phones: all connect, 100% acked, p99 ack <= 2.5 s", big,
                lambda r: r["connect"]["connected"] == 3000 and r["answers"]["acked_pct"] == 100
                and r["answers"]["ack_ms"]["p99"] <= 2500,
                lambda r: f"{r['connect']['connected']} connected, "
                          f"{r['answers']['acked_pct']}%, p99 {r['answers']['ack_ms']['p99']} ms")
        sustained = next((run for run in runs if run["target"] == mode
                          and run["scenario"] == "sustained" and "fatal" not in run
                          and find(runs, "baseline", run["phones"], "sustained")), None)
        verdict("committed answers/s >= 0.5 x the baseline's acked answers/s", sustained,
                lambda r: r["answers"]["committed_per_s"] >= 0.5 * _baseline_rate(runs, r),
                lambda r: f"{r['answers']['committed_per_s']}/s vs "
                          f"{_baseline_rate(runs, r)}/s "
                          f"(x{r['answers']['committed_per_s'] / _baseline_rate(runs, r):.2f})")
        breakout = next((run for run in runs if run["target"] == mode
                         and run["scenario"] == "board" and "fatal" not in run), None)
        verdict("breakout: a note reaches the rest of its group, p99 <= 300 ms; "
                "no update outside its group", breakout,
                lambda r: r["board"]["delivery_ms"]["p99"] <= 300 and r["board"]["leaks"] == 0
                and r["board"]["deliveries"] == r["board"]["expected_deliveries"],
                lambda r: f"p99 {r['board']['delivery_ms']['p99']} ms over "
                          f"{r['board']['deliveries']} deliveries in {r['board']['groups']} "
                          f"groups of {r['phones']} phones, {r['board']['leaks']} outside")
        measured = [run for run in runs if run["target"] == mode and figure(
            run, ("rss_kb", "per_phone")) is not None]
        largest = max(measured, key=lambda run: run["phones"], default=None)
        verdict("<= 100 KB server memory per connected phone", largest,
                lambda r: r["rss_kb"]["per_phone"] <= 100,
                lambda r: f"{r['rss_kb']['per_phone']} KB with {r['phones']} phones")
    return verdicts


def _recorder(verdicts: list[dict], mode: str):
    def verdict(text, run, check, measured):
        verdicts.append({"mode": mode, "target": text,
                         "met": None if run is None else bool(check(run)),
                         "measured": None if run is None else measured(run)})
    return verdict


def _baseline_rate(runs: list[dict], run: dict) -> float:
    return find(runs, "baseline", run["phones"], "sustained")["answers"]["acked_per_s"]


def sweep(runs: list[dict]) -> dict[str, list[dict]]:
    """Burst ack latency by phone count, per target: the plot's data."""
    points: dict[str, list[dict]] = {}
    for run in sorted(runs, key=lambda run: run["phones"]):
        ack = figure(run, ("answers", "ack_ms"))
        if run["scenario"] == "burst" and ack:
            points.setdefault(run["target"], []).append(
                {"phones": run["phones"], **{p: ack[p] for p in ("p50", "p95", "p99")}})
    return points


def machine() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kb = next((int(line.split()[1]) for line in meminfo.splitlines()
               if line.startswith("MemTotal")), 0)
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return {"cpu": model, "cores": os.cpu_count(), "ram_gb": round(kb / 1024 / 1024, 1),
            "os": platform.platform(), "python": platform.python_version(), "node": node}


def commit() -> str | None:
    """The checked-out commit, read from .git (no git command needed)."""
    git = REPO / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:7]
        ref = head[5:]
        if (git / ref).is_file():
            return (git / ref).read_text().strip()[:7]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:7]
    except OSError:
        pass
    return None


def build(runs: list[dict], options) -> dict:
    add_ratios(runs)
    return {"date": datetime.now(UTC).isoformat(timespec="seconds"),
            "commit": commit(), "machine": machine(),
            "options": {"phones": options.phones, "modes": list(options.modes),
                        "scenarios": list(options.scenarios), "duration": options.duration,
                        "baseline": options.baseline, "sweep": list(options.sweep)},
            "runs": runs, "targets": targets(runs), "sweep": sweep(runs)}


def write_json(report: dict, path: str | Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return path


def _cell(value, ratio=None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:.0f}" if abs(value) >= 100 else f"{value:.3g}"
    else:
        text = str(value)
    return f"{text} (×{ratio:g})" if ratio is not None else text


def table(report: dict) -> str:
    """One row per run, Markdown; Facilitate's figures carry (×ratio) to the baseline."""
    head = ["target", "phones", "scenario", *(name for name, _ in FIGURES)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for run in report["runs"]:
        cells = [run["target"], str(run["phones"]), run["scenario"]]
        if "fatal" in run:
            cells += [f"FAILED: {run['fatal']}"] + [""] * (len(FIGURES) - 1)
        else:
            ratios = run.get("vs_baseline", {})
            cells += [_cell(figure(run, path), ratios.get(name)) for name, path in FIGURES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdict_lines(report: dict) -> str:
    marks = {True: "met", False: "MISSED", None: "not measured"}
    return "\n".join(f"{marks[v['met']]:>12}  {v['mode']:<8} {v['target']}"
                     + (f": {v['measured']}" if v["measured"] else "")
                     for v in report["targets"])
