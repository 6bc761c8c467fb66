"""The app factory: defaults, then instance/config.py, then FACILITATE_*
environment variables, then the test dict."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask, request, session

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

    from flask_socketio import SocketIO

    from .extensions import babel, csrf
    from .store import db

    db.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    csrf.init_app(app)
    socketio = SocketIO(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        # A phone on a slow link may take a while to answer a ping.
        ping_timeout=30,
        max_http_buffer_size=64 * 1024,
    )
    from .wsgi import WithoutWebSocketCompression

    app.wsgi_app = WithoutWebSocketCompression(app.wsgi_app)

    from .web import register_blueprints

    register_blueprints(app)

    from .live import init_live

    init_live(app, socketio)

    return app


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
    return current_app.config["BABEL_DEFAULT_LOCALE"]
