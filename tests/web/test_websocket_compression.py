"""WebSocket per-message deflate is declined: the server never sees the
browser's offer, so it keeps no compressor per phone."""

from facilitate.wsgi import WithoutWebSocketCompression


def test_the_offer_of_compression_is_hidden_from_the_websocket_server():
    seen = {}

    def inner(environ, start_response):
        seen.update(environ)
        return [b""]

    WithoutWebSocketCompression(inner)({
        "PATH_INFO": "/socket.io/", "HTTP_UPGRADE": "websocket",
        "HTTP_SEC_WEBSOCKET_EXTENSIONS": "permessage-deflate; client_max_window_bits"}, None)
    assert "HTTP_SEC_WEBSOCKET_EXTENSIONS" not in seen
    assert seen["HTTP_UPGRADE"] == "websocket"


def test_the_app_declines_compression_before_socketio_sees_the_request(app):
    assert isinstance(app.wsgi_app, WithoutWebSocketCompression)
    assert type(app.wsgi_app.app).__name__ == "_SocketIOMiddleware"
