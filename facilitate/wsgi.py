"""WSGI middleware around the whole app."""

from __future__ import annotations


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
