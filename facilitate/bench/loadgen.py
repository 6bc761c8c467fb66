"""Running the Node load generator (bench/loadgen.mjs) on the load core."""

from __future__ import annotations

import json
import shutil
import subprocess

from .processes import BENCH_DIR, LOAD_CORE, BenchError, pinned


def ensure_node_modules() -> None:
    """`npm ci` when bench/node_modules is missing or older than the lockfile."""
    if not (BENCH_DIR / "package.json").is_file():
        raise BenchError(f"{BENCH_DIR} not found: `facilitate bench` runs from a checkout")
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise BenchError("node and npm are needed for the load generator")
    installed = BENCH_DIR / "node_modules" / ".package-lock.json"
    lock = BENCH_DIR / "package-lock.json"
    if not installed.is_file() or lock.stat().st_mtime > installed.stat().st_mtime:
        subprocess.run(["npm", "ci", "--prefix", str(BENCH_DIR), "--no-audit", "--no-fund"],
                       check=True, stdout=subprocess.DEVNULL)


def run_loadgen(url: str, code: str, key: str, phones: int, scenario: str, server_pid: int,
                duration: float, extra: dict | None = None) -> dict:
    """One run: N phones join, connect and play the scenario. Returns the
    generator's JSON; a run that could not finish has a "fatal" entry."""
    limit = 60 + phones / 20 + (duration * 1.5 if scenario == "sustained" else 30)
    command = pinned(LOAD_CORE, [
        "node", str(BENCH_DIR / "loadgen.mjs"), "--url", url, "--code", code, "--key", key,
        "--phones", str(phones), "--scenario", scenario, "--duration", str(duration),
        "--rss-pid", str(server_pid), "--max-seconds", str(int(limit)),
        *(arg for name, value in (extra or {}).items()
          for arg in (f"--{name.replace('_', '-')}", str(value)))])
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit + 30)
    except subprocess.TimeoutExpired:
        return {"scenario": scenario, "fatal": f"load generator ran over {limit + 30:.0f} s"}
    lines = done.stdout.strip().splitlines()
    try:
        return json.loads(lines[-1])
    except (IndexError, ValueError):
        return {"scenario": scenario, "fatal": f"no result: {done.stderr.strip()[-1000:]}"}
