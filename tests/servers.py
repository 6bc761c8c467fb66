"""Real servers for the tests: `facilitate serve` in a subprocess (its
default async mode unless told), Redis, and a seeded demo instance."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from facilitate import create_app
from facilitate.bench.processes import became_healthy, free_port
from facilitate.demo import seed_demo
from facilitate.store import gatherings, programmes
from facilitate.store.db import connect


def seed_instance(instance: Path, monkeypatch, min_group_size: int | None = None,
                  expected_participants: bool = False) -> dict:
    """A demo programme in a fresh instance folder; returns its first gathering.
    `min_group_size` overrides the gatherings' minimum group (a test about
    something else may answer with one phone and want to see it counted).
    The demo's expected numbers of participants are cleared unless asked
    for: a load test's phones outnumber any real leadership group, and held
    phones' answers would count nowhere."""
    monkeypatch.setenv("FACILITATE_INSTANCE_PATH", str(instance))
    app = create_app()
    db = connect(app.config["DATABASE"])
    try:
        seeded = seed_demo(db, app.config["SESSIONS_DIR"])
        if min_group_size is not None:
            with db.conn:
                db.execute("UPDATE gatherings SET min_group_size = ?", [min_group_size])
        if not expected_participants:
            with db.conn:
                db.execute("UPDATE municipalities SET expected_participants = NULL")
        gathering = gatherings.get_gathering(db, seeded["gatherings"][0]["id"])
        return {
            "instance": instance,
            "gathering": gathering,
            "items": gatherings.list_items(db, gathering["id"]),
            "municipalities": programmes.gathering_municipalities(db, gathering["id"]),
            "username": seeded["username"], "password": seeded["password"],
            "database": app.config["DATABASE"],
        }
    finally:
        db.conn.close()


class Server:
    """One `facilitate serve` process; start() waits for /healthz, kill()
    is kill -9, stop() a polite stop."""

    def __init__(self, instance: Path, port: int | None = None, env: dict | None = None,
                 name: str = "server") -> None:
        self.instance = instance
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "FACILITATE_INSTANCE_PATH": str(instance),
                    "FACILITATE_PUBLIC_URL": self.base, **(env or {})}
        self.log_path = instance / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> Server:
        log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "facilitate", "serve", "--port", str(self.port)],
            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        if not became_healthy(self.base, self.process, timeout):
            raise RuntimeError("server did not start:\n" + self.log_path.read_text())
        return self

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Redis:
    """A throwaway redis-server on a free loopback port, nothing saved."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed: run scripts/test, which installs it"
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF.search(html) or re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def logged_in_cookie(base: str, seeded: dict) -> str:
    """A facilitator's Cookie header after the login form, CSRF token and all."""
    with requests.Session() as session:
        page = session.get(f"{base}/login")
        reply = session.post(f"{base}/login", allow_redirects=False, data={
            "csrf_token": csrf_token(page.text), "username": seeded["username"],
            "password": seeded["password"]})
        assert reply.status_code == 302, reply.text
        return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def join_device(base: str, seeded: dict, municipality_id: int) -> str:
    """Join as a phone does (form, CSRF, consent); returns the device cookie."""
    code = seeded["gathering"]["code"]
    with requests.Session() as session:
        page = session.get(f"{base}/j/{code}")
        reply = session.post(f"{base}/j/{code}", allow_redirects=False, data={
            "csrf_token": csrf_token(page.text), "municipality": municipality_id,
            "consent": "y"})
        assert reply.status_code == 302, reply.text
        return session.cookies[f"device_{code}"]
