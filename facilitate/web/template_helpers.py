"""Functions every template can call."""

from __future__ import annotations

import os

from flask import current_app, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from .js_strings import js_strings

STATUS_LABELS = {
    "planned": _l("planned"), "running": _l("running"), "ended": _l("ended"),
    "idle": _l("not opened"), "open": _l("open"), "locked": _l("locked"), "closed": _l("closed"),
}


def asset(path: str) -> str:
    """A static URL that changes when the file does, so browsers never run
    yesterday's script against today's server."""
    full = os.path.join(current_app.static_folder, path)
    stamp = int(os.path.getmtime(full)) if os.path.exists(full) else 0
    return url_for("static", filename=path, v=stamp)


def init_app(app) -> None:
    @app.context_processor
    def helpers():
        return {
            "asset": asset,
            "current_locale": lambda: str(get_locale() or "nb"),
            "js_strings": js_strings,
            "live_config": lambda: {"transports": [
                name.strip() for name in current_app.config["SOCKET_TRANSPORTS"].split(",")
                if name.strip() in ("polling", "websocket")]},
            "status_label": lambda status: str(STATUS_LABELS.get(status, status)),
        }
