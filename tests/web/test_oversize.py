"""An Engine.IO polling POST larger than the server accepts is answered 4xx
at once and its connection closed; a refused POST never hangs (python-engineio
4.15.1 left both waiting for good, each holding a socket in CLOSE-WAIT)."""

from __future__ import annotations

import io
import json
import os
import socket
import time
from pathlib import Path

import pytest
import requests
from servers import Server, seed_instance

from facilitate.app import MAX_MESSAGE_BYTES
from facilitate.live.guard import MAX_EVENT_BYTES

OVERSIZE = MAX_MESSAGE_BYTES + 6_000


def handshake(client) -> str:
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True)[1:])["sid"]


def test_an_oversized_post_is_refused_before_engineio(app):
    client = app.test_client()
    sid = handshake(client)
    response = client.post(f"/socket.io/?EIO=4&transport=polling&sid={sid}",
                           data=b"4" + b"x" * (OVERSIZE - 1))
    assert response.status_code == 413
    assert response.headers["Connection"] == "close"
    # the session is still there: the phone is refused the message, not thrown out
    assert sid in app.extensions["socketio"].server.eio.sockets


def test_a_chunked_post_is_read_no_further_than_the_limit(app):
    client = app.test_client()
    sid = handshake(client)
    url = f"/socket.io/?EIO=4&transport=polling&sid={sid}"
    big = io.BytesIO(b"4" + b"x" * (OVERSIZE - 1))
    response = client.post(url, input_stream=big, headers={"Transfer-Encoding": "chunked"})
    assert response.status_code == 413
    # a small one without a length is handed on with its length
    response = client.post(url, input_stream=io.BytesIO(b"3"),
                           headers={"Transfer-Encoding": "chunked"})
    assert (response.status_code, response.get_data()) == (200, b"OK")


def test_a_post_within_the_limit_goes_through(app):
    client = app.test_client()
    sid = handshake(client)
    response = client.post(f"/socket.io/?EIO=4&transport=polling&sid={sid}", data=b"3")
    assert response.status_code == 200
    assert response.get_data() == b"OK"
    assert MAX_MESSAGE_BYTES == 256 * 1024


def test_an_event_too_large_for_the_guard_still_fits_engineio():
    """A 64-200 KB event must reach the guard (a `too_large` ack), not be cut
    off by Engine.IO with the connection."""
    assert MAX_MESSAGE_BYTES >= MAX_EVENT_BYTES + 200 * 1024 - 64 * 1024 + 1024


def test_without_a_length_the_guard_reads_one_byte_past_the_limit():
    from facilitate.wsgi import RefuseOversizePolling

    seen = []
    guard = RefuseOversizePolling(lambda environ, start: seen.append(environ) or [b""], 10)
    big = io.BytesIO(b"x" * 100)
    statuses = []
    guard({"REQUEST_METHOD": "POST", "PATH_INFO": "/socket.io/", "wsgi.input": big},
          lambda status, headers: statuses.append(status))
    assert (statuses, big.tell(), seen) == (["413 Request Entity Too Large"], 11, [])
    guard({"REQUEST_METHOD": "POST", "PATH_INFO": "/socket.io/",
           "wsgi.input": io.BytesIO(b"3")}, None)
    assert seen[0]["CONTENT_LENGTH"] == "1"
    assert seen[0]["wsgi.input"].read() == b"3"


def test_a_bad_content_length_is_refused(app):
    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/socket.io/", "CONTENT_LENGTH": "x"}
    statuses = []
    app.wsgi_app(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["400 Bad Request"]


# --- against a real server (gevent, the default mode) -------------------------


def close_wait_sockets(pid: int) -> int:
    """How many of the process's TCP sockets are in CLOSE-WAIT."""
    inodes = set()
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "08" and fields[9] in inodes:  # 08: CLOSE_WAIT
                count += 1
    return count


def raw_post(port: int, sid: str, body: bytes) -> tuple[bytes, float]:
    """POST as an attacker would, on its own connection; returns the status
    line and the seconds it took to come."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall((f"POST /socket.io/?EIO=4&transport=polling&sid={sid} HTTP/1.1\r\n"
                      f"Host: 127.0.0.1:{port}\r\nContent-Type: text/plain\r\n"
                      f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
        try:
            status = conn.recv(4096).split(b"\r\n")[0]
        except TimeoutError:
            status = b"no answer"
    return status, time.monotonic() - started


@pytest.mark.server
def test_a_real_server_answers_oversized_posts_and_frees_their_sockets(tmp_path, monkeypatch):
    seeded = seed_instance(tmp_path / "instance", monkeypatch)
    server = Server(seeded["instance"]).start()
    try:
        before = close_wait_sockets(server.process.pid)
        oversized = b"4" + b"x" * (OVERSIZE - 1)
        for _ in range(50):  # each to a fresh polling session, no login or join
            sid = json.loads(requests.get(
                f"{server.base}/socket.io/?EIO=4&transport=polling", timeout=5).text[1:])["sid"]
            status, seconds = raw_post(server.port, sid, oversized)
            assert status.startswith(b"HTTP/1.1 413"), status
            assert seconds < 2
        # a refused packet of another kind (unknown type "9") must not hang either
        for _ in range(5):
            sid = json.loads(requests.get(
                f"{server.base}/socket.io/?EIO=4&transport=polling", timeout=5).text[1:])["sid"]
            status, seconds = raw_post(server.port, sid, b"9")
            assert status.startswith(b"HTTP/1.1 400"), status
            assert seconds < 2
            # the session is gone, promptly answered rather than a 500
            again, _ = raw_post(server.port, sid, b"3")
            assert again.startswith(b"HTTP/1.1 400"), again
        time.sleep(0.5)
        assert close_wait_sockets(server.process.pid) <= before
        assert requests.get(f"{server.base}/healthz", timeout=5).status_code == 200
    finally:
        server.stop()
