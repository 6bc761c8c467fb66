"""Functions every template can call."""

from __future__ import annotations

import os

from flask import current_app, url_for
from flask_babel import get_locale

from ..activities import KINDS
from ..vocabulary import STATUS_LABELS, VIEW_MODE_LABELS, vocabulary
from .js_strings import js_strings


def asset(path: str) -> str:
    """A static URL that changes when the file does, so browsers never run
    yesterday's script against today's server."""
    full = os.path.join(current_app.static_folder, path)
    stamp = int(os.path.getmtime(full)) if os.path.exists(full) else 0
    return url_for("static", filename=path, v=stamp)


def live_config() -> dict:
    """What every live page's scripts need from the server: the socket
    transports and each activity kind's module (versioned) and flags."""
    transports = [name.strip() for name in current_app.config["SOCKET_TRANSPORTS"].split(",")
                  if name.strip() in ("polling", "websocket")]
    kinds = {name: {"module": asset(f"js/kinds/{name}.js"),
                    "several_answers": kind.several_answers,
                    "phones_follow_results": kind.phones_follow_results,
                    "view_modes": list(kind.view_modes)}
             for name, kind in KINDS.items()}
    return {"transports": transports, "kinds": kinds}


def init_app(app) -> None:
    @app.context_processor
    def helpers():
        return {
            "asset": asset,
            "current_locale": lambda: str(get_locale() or "nb"),
            "js_strings": js_strings,
            "live_config": live_config,
            "vocabulary": lambda: vocabulary(str(get_locale() or "nb")),
            "view_mode_labels": VIEW_MODE_LABELS,
            "status_label": lambda status: str(STATUS_LABELS.get(status, status)),
        }
