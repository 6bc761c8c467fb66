"""Functions every template can call."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, request, url_for
from flask_babel import format_decimal, get_locale

from ..activities import KINDS
from ..vocabulary import ITEM_TYPE_LABELS, LANGUAGES, STATUS_LABELS, VIEW_MODE_LABELS, vocabulary
from . import assets
from .js_strings import js_strings


def asset(path: str) -> str:
    """A static URL that changes when the file (or a module it imports) does,
    so browsers never run yesterday's script against today's server, and may
    keep it for a year (see web/assets.py)."""
    return url_for("static", filename=path, v=assets.version(path))


def module_preloads(path: str) -> list[str]:
    """Versioned URLs of every module the page module imports, for
    <link rel="modulepreload">: fetched at once, not one level at a time."""
    return [asset(dep) for dep in assets.assets().graph(path)]


def number(value, digits: int = 2) -> str:
    """A number as the page's language writes it: 2,83 in Norwegian, 2.83 in English."""
    if value is None:
        return "–"
    # Digits grouped from five on (12 345, but 2040), as the scripts do.
    pattern = ("#,##0" if abs(value) >= 10000 else "0") + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern)


# Short enough for a phone's top bar; each in its own language.
SHORT_LANGUAGE_NAMES = {"nb": "Bokmål", "nn": "Nynorsk", "en": "English"}


def language_links() -> list[dict]:
    """The other languages a page can switch to, each named in itself."""
    here = str(get_locale() or "nb")
    allowed = current_app.config["LANGUAGES"]
    args = {name: value for name, value in request.args.items() if name != "lang"}
    return [{"code": code, "name": SHORT_LANGUAGE_NAMES[code], "title": LANGUAGES[code],
             "href": "?" + urlencode({**args, "lang": code})}
            for code in LANGUAGES if code in allowed and code != here]


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
            "module_preloads": module_preloads,
            "number": number,
            "language_links": language_links,
            "item_type_label": lambda name: str(ITEM_TYPE_LABELS.get(name, name)),
            "current_locale": lambda: str(get_locale() or "nb"),
            "js_strings": js_strings,
            "live_config": live_config,
            "vocabulary": lambda: vocabulary(str(get_locale() or "nb")),
            "view_mode_labels": VIEW_MODE_LABELS,
            "status_label": lambda status: str(STATUS_LABELS.get(status, status)),
        }
