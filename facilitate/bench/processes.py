"""Starting and stopping what is measured: Facilitate as a user starts it
(`python -m facilitate serve`) and the bare Node baseline. Servers run on
core 0 and the load generator on core 1 where the OS allows, so the two never
compete for a core."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..demo import seed_demo
from ..resources import resource_dir
from ..store.db import connect, init_db

SERVER_CORE = 0
LOAD_CORE = 1
REPO = Path(__file__).resolve().parents[2]
BENCH_DIR = REPO / "bench"


class BenchError(Exception):
    """Something the benchmark needs is missing or did not start."""


def pinned(core: int, command: list[str]) -> list[str]:
    if shutil.which("taskset") and (os.cpu_count() or 1) >= 2:
        return ["taskset", "-c", str(core), *command]
    return command


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid  # taskset execs the server, so this is its pid

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


def became_healthy(url: str, process: subprocess.Popen, seconds: float) -> bool:
    """Poll /healthz until it says ok (True), or the process dies or time
    runs out (False). The tests start their servers with this too."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as reply:
                if json.load(reply)["status"] == "ok":
                    return True
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(0.1)


def _wait_healthy(server: Server, seconds: float = 30) -> Server:
    if became_healthy(server.url, server.process, seconds):
        return server
    server.stop()
    raise BenchError(f"server did not start; see {server.log}:\n"
                     + server.log.read_text()[-2000:])


def seed_instance(instance: Path) -> dict:
    """A fresh database with the demo programme; returns its first gathering
    and the facilitator's login."""
    path = instance / "facilitate.sqlite3"
    init_db(path)
    db = connect(path)
    try:
        seeded = seed_demo(db, resource_dir("sessions"))
        # The bench's phones outnumber any real leadership group: without
        # expected numbers no phone is held (docs/SECURITY.md, "Fake phones").
        with db.conn:
            db.execute("UPDATE municipalities SET expected_participants = NULL")
    finally:
        db.conn.close()
    return {"database": path, "gathering": seeded["gatherings"][0],
            "gatherings": seeded["gatherings"],
            "username": seeded["username"], "password": seeded["password"]}


def start_facilitate(mode: str, instance: Path, attempts: int = 3) -> Server:
    log = instance / "server.log"
    # Only this instance's settings: none inherited from the caller's FACILITATE_*.
    env = {name: value for name, value in os.environ.items()
           if not name.startswith("FACILITATE_")}
    # Thousands of phones join from this one address: lift the join throttle.
    env.update(FACILITATE_INSTANCE_PATH=str(instance), FACILITATE_ASYNC_MODE=mode,
               FACILITATE_JOIN_LIMIT="1000000")
    for attempt in range(attempts):
        port = free_port()
        with open(log, "w") as out:
            process = subprocess.Popen(
                pinned(SERVER_CORE, [sys.executable, "-m", "facilitate", "serve",
                                     "--port", str(port), "--async-mode", mode]),
                env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            return _wait_healthy(Server(process, f"http://127.0.0.1:{port}", log))
        except BenchError:
            # Another program may take the free port before the server binds it.
            if "in use" not in log.read_text() or attempt == attempts - 1:
                raise
    raise BenchError("no free port")


def start_baseline(code: str, key: str, folder: Path) -> Server:
    log = folder / "baseline.log"
    with open(log, "w") as err:
        process = subprocess.Popen(
            pinned(SERVER_CORE, ["node", str(BENCH_DIR / "baseline-server.mjs"), "--port", "0",
                                 "--code", code, "--key", key]),
            stdout=subprocess.PIPE, stderr=err, text=True)
    line = process.stdout.readline()  # {"port": P} once listening
    try:
        port = json.loads(line)["port"]
    except (ValueError, KeyError):
        process.kill()
        raise BenchError(f"baseline server did not start: {log.read_text()[-2000:]}") from None
    return _wait_healthy(Server(process, f"http://127.0.0.1:{port}", log))


def reset_baseline(server: Server) -> None:
    """The baseline's stand-in for resetting and opening the poll."""
    request = urllib.request.Request(server.url + "/bench/reset", method="POST")
    urllib.request.urlopen(request, timeout=10).close()
