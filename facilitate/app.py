"""The app factory: defaults, then instance/config.py, then FACILITATE_*
environment variables, then the test dict."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface

from .config import Defaults, from_environment
from .resources import resource_dir


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        "facilitate",
        instance_path=os.environ.get("FACILITATE_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(resource_dir("templates")),
        static_folder=str(resource_dir("static")),
    )
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(from_environment())
    if test_config:
        app.config.update(test_config)

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if not app.config["DATABASE"]:
        app.config["DATABASE"] = os.path.join(app.instance_path, "facilitate.sqlite3")
    if app.config["SECRET_KEY"] == Defaults.SECRET_KEY and not app.testing:
        app.config["SECRET_KEY"] = _instance_secret(app.instance_path)
    if not (app.testing and app.config["SECRET_KEY"] == Defaults.SECRET_KEY):
        check_secret_key(app.config["SECRET_KEY"])
    if app.config["SECURE_COOKIES"]:
        app.config["SESSION_COOKIE_SECURE"] = True
    app.session_interface = SecureWhenSecureSessionInterface()
    private_database_file(app.config["DATABASE"])

    from flask_compress import Compress
    from flask_socketio import SocketIO

    from .extensions import babel, csrf
    from .store import db
    from .web import assets

    db.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    csrf.init_app(app)
    assets.init_app(app)
    Compress(app)
    socketio = SocketIO(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        # A phone on a slow link may take a while to answer a ping.
        ping_timeout=30,
        max_http_buffer_size=MAX_MESSAGE_BYTES,
    )
    from .wsgi import (
        RefuseOversizePolling,
        WithoutWebSocketCompression,
        disconnect_without_waiting,
    )

    disconnect_without_waiting(socketio.server.eio)
    # Around the Socket.IO server itself: it sees only Engine.IO's requests.
    socketio.server.handle_request = RefuseOversizePolling(
        socketio.server.handle_request, MAX_MESSAGE_BYTES)
    app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.after_request(security_headers)

    from .web import register_blueprints

    register_blueprints(app)

    from .live import init_live

    init_live(app, socketio)

    return app


# The largest Engine.IO message (an HTTP poll body or a WebSocket frame) accepted.
# Larger than the largest event (MAX_EVENT_BYTES, 64 KB, in live/guard.py), so
# an event of 64-250 KB still arrives and is refused with a `too_large` ack
# rather than the connection being closed under the phone.
MAX_MESSAGE_BYTES = 256 * 1024

# Shorter keys can be guessed offline from one session cookie, and a cookie
# signed with the key opens a facilitator's console.
MIN_SECRET_KEY_LENGTH = 32


class InsecureSettingError(RuntimeError):
    """A setting that would leave the installation open; refused at start."""


def check_secret_key(key) -> None:
    if not isinstance(key, str | bytes) or len(key) < MIN_SECRET_KEY_LENGTH:
        raise InsecureSettingError(
            f"SECRET_KEY (FACILITATE_SECRET_KEY) must be at least {MIN_SECRET_KEY_LENGTH} "
            "characters: it signs the cookies that open a facilitator's console. Make one with "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`, or unset it to "
            "use the key kept in the instance folder.")


def private_database_file(path) -> None:
    """The database holds device tokens, password hashes and presenter keys:
    make it readable by the server's user only. SQLite gives the -wal and -shm
    files the main file's mode, so creating the main file 0600 before the
    first connection is enough; existing files are tightened too."""
    if not path or str(path) == ":memory:" or str(path).startswith("file:"):
        return
    main = Path(path)
    if not main.exists():
        main.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(main, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (main, Path(f"{main}-wal"), Path(f"{main}-shm"), Path(f"{main}-journal")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


class SecureWhenSecureSessionInterface(SecureCookieSessionInterface):
    """Marks the session cookie Secure whenever the request came over HTTPS
    (behind a proxy: once TRUSTED_PROXIES lets X-Forwarded-Proto say so), as
    well as when SESSION_COOKIE_SECURE (SECURE_COOKIES) forces it."""

    def get_cookie_secure(self, app) -> bool:
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")


def content_security_policy() -> str:
    """Only the server's own scripts, styles, images and sockets; no framing.
    Inline <script type="application/json"> data blocks are not scripts and
    need no exception; styles are set through classes or the CSSOM."""
    connect = "'self'"
    host = request.host if has_request_context() else ""
    if _HOST.match(host):  # older Safari does not count ws(s):// as 'self'
        connect += f" ws://{host} wss://{host}"
    return "; ".join([
        "default-src 'self'", "script-src 'self'", "style-src 'self'",
        "img-src 'self' data:", f"connect-src {connect}", "frame-ancestors 'none'",
        "base-uri 'none'", "form-action 'self'", "object-src 'none'",
    ])


def security_headers(response):
    """See docs/SECURITY.md, "Headers"."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Frame-Options", "DENY")
    # Not no-referrer: Flask-WTF checks that an HTTPS form post's Referer is
    # this site. same-origin still keeps the projector URL (and its presenter
    # key) from ever reaching another site.
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Pages carry what one person may see (a phone's own answers): browsers
    # ask again every time and shared caches keep nothing. Static files set
    # their own (a year when versioned, see web/assets.py).
    headers.setdefault("Cache-Control", "no-cache, private")
    return response


def _instance_secret(instance_path: str) -> str:
    """A secret made once per installation, so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _select_locale() -> str:
    from flask import current_app

    languages = current_app.config["LANGUAGES"]
    chosen = request.args.get("lang")
    if chosen in languages:
        session["lang"] = chosen
        return chosen
    if session.get("lang") in languages:
        return session["lang"]
    # The programme's written form (nb or nn) until the person picks one.
    default = current_app.config["DEFAULT_LANGUAGE"]
    return default if default in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
