"""WSGI middleware around the whole app, and the one workaround it needs in
python-engineio."""

from __future__ import annotations

import io


class WithoutWebSocketCompression:
    """Declines per-message deflate on WebSocket connections by hiding the
    client's offer. Browsers always offer it, and the compressor and
    decompressor it keeps per connection cost about 100 KB of server memory per
    phone (measured by `facilitate bench`), for messages of a few KB at most."""

    def __init__(self, app) -> None:
        self.app = app

    def __call__(self, environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return self.app(environ, start_response)


class RefuseOversizePolling:
    """Answers 413 to an Engine.IO polling POST larger than the server accepts,
    before Engine.IO sees it, and closes the connection. The limit is Engine.IO's
    own buffer (MAX_MESSAGE_BYTES in app.py, 256 KB): an event between the
    guard's limit (64 KB) and it still reaches the guard and gets a `too_large`
    ack; only a message Engine.IO itself would refuse is stopped here.

    python-engineio (4.15.1, the newest release when this was written) refuses
    such a POST by disconnecting the session, and the disconnect waits for the
    session's queue to drain, which only a GET poll does: the POST never got an
    answer and its socket sat in CLOSE-WAIT. `disconnect_without_waiting`
    below fixes that wait for every refused POST; this guard answers the
    common case (too big) early and keeps the phone's session alive.

    It wraps the Socket.IO server's handle_request (see create_app), so it
    sees only the requests Socket.IO's middleware hands to Engine.IO.

    A POST without Content-Length (chunked) is read up to the limit here and
    handed on with its length, since Engine.IO reads only Content-Length bytes."""

    def __init__(self, app, limit: int, path: str = "/socket.io/") -> None:
        self.app = app
        self.limit = limit
        self.path = path

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and \
                environ.get("PATH_INFO", "").startswith(self.path):
            declared = environ.get("CONTENT_LENGTH") or ""
            if declared.strip():
                try:
                    length = int(declared)
                except ValueError:
                    return _refuse(start_response, "400 Bad Request", "Bad Content-Length")
                if length < 0:
                    return _refuse(start_response, "400 Bad Request", "Bad Content-Length")
                if length > self.limit:
                    return _refuse(start_response, "413 Request Entity Too Large",
                                   f"Message larger than {self.limit} bytes")
            else:
                body = environ["wsgi.input"].read(self.limit + 1)
                if len(body) > self.limit:
                    return _refuse(start_response, "413 Request Entity Too Large",
                                   f"Message larger than {self.limit} bytes")
                environ["wsgi.input"] = io.BytesIO(body)
                environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)


def _refuse(start_response, status: str, message: str) -> list[bytes]:
    body = message.encode() + b"\n"
    start_response(status, [
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Connection", "close"),  # the rest of the body is not worth reading
    ])
    return [body]


def disconnect_without_waiting(eio) -> None:
    """Makes an Engine.IO server's disconnect(sid) close the session without
    waiting for its queue to drain.

    engineio.Server.disconnect(sid) calls socket.close(wait=True), which blocks
    until a GET poll takes the CLOSE packet. Engine.IO itself calls it from a
    POST that it refuses (too large, or an unknown packet type such as the
    single byte "9"), so that POST hangs for good unless the client happens
    to be polling, and its socket is never closed. A WebSocket session's writer
    sends the queued CLOSE anyway; a polling client learns on its next request
    that the session is gone, as it would after a ping timeout."""
    def disconnect(sid=None):
        if sid is None:
            sids = list(eio.sockets)
        else:
            sids = [sid]
        for one in sids:
            try:
                socket = eio._get_socket(one)
            except KeyError:
                pass  # already closed or gone
            else:
                socket.close(wait=False, reason=eio.reason.SERVER_DISCONNECT)
            eio.sockets.pop(one, None)

    eio.disconnect = disconnect
