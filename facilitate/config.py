"""Default settings. Overridden, in order, by instance/config.py, by
FACILITATE_* environment variables, and by the test dict given to create_app."""

import os

from .resources import resource_dir

ASYNC_MODES = ("gevent", "eventlet", "threading")


class Defaults:
    SECRET_KEY = "dev-only-change-me"
    DATABASE = None  # filled in by create_app: <instance>/facilitate.sqlite3
    SESSIONS_DIR = str(resource_dir("sessions"))
    ASYNC_MODE = "gevent"
    MESSAGE_QUEUE = None  # e.g. redis://127.0.0.1:6379/0 when several processes run
    # What the pages try, in order. Several processes behind a proxy without
    # sticky sessions need "websocket" alone (see docs/DEPLOY.md).
    SOCKET_TRANSPORTS = "polling,websocket"
    MIN_GROUP_SIZE = 3  # splits with fewer answers are suppressed
    MAX_CONNECTIONS = 10_000  # sockets one server process accepts (eventlet needs telling)
    BROADCAST_INTERVAL = 0.1  # seconds: results fan out at most ~10 times a second
    ANSWER_RATE = 5.0  # answers per second a device may send on average...
    ANSWER_BURST = 20  # ...with bursts up to this many
    PUBLIC_URL = None  # e.g. https://facilitate.example.no; else taken from the request
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_TRANSLATION_DIRECTORIES = str(resource_dir("translations"))
    LANGUAGES = ("nb", "nn", "en")
    # The written form pages use until a person picks one (the ?lang= switch on
    # every page, kept in the session): "nb" (bokmål) or "nn" (nynorsk), as the
    # programme writes; "en" for an English-speaking room.
    DEFAULT_LANGUAGE = "nb"
    # Responses are compressed (brotli, else gzip) for browsers that accept it;
    # static files are cached (see facilitate/web/assets.py).
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_ALGORITHM_STREAMING = ["br", "deflate"]
    COMPRESS_MIN_SIZE = 500
    WTF_CSRF_TIME_LIMIT = None  # a facilitator's console stays open all day
    # Proxy hops in front of the server (e.g. 1 for nginx) whose X-Forwarded-For,
    # -Proto and -Host are believed; 0 ignores those headers (see docs/DEPLOY.md).
    TRUSTED_PROXIES = 0
    # Mark the session and device cookies Secure on every response, not only
    # on requests that arrived over HTTPS (directly or through a trusted proxy).
    SECURE_COOKIES = False
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    TEMPLATES_AUTO_RELOAD = False
    # werkzeug's generate_password_hash method; tests use "pbkdf2:sha256:1".
    PASSWORD_HASH_METHOD = "scrypt"
    # Failed log-ins: after this many for one username (or from one client
    # address) within the window, tries are refused for LOGIN_LOCK_SECONDS after
    # the last failure, doubling with each further failure, at most the window.
    LOGIN_FAILURES_PER_USER = 5
    LOGIN_FAILURES_PER_ADDRESS = 20
    LOGIN_FAILURE_WINDOW = 900  # seconds
    LOGIN_LOCK_SECONDS = 30


def from_environment(environ=os.environ) -> dict:
    """FACILITATE_SECRET_KEY=... -> {"SECRET_KEY": "..."}; numbers stay strings
    unless the default is a number."""
    settings = {}
    for name, raw in environ.items():
        if not name.startswith("FACILITATE_"):
            continue
        key = name.removeprefix("FACILITATE_")
        default = getattr(Defaults, key, None)
        if isinstance(default, bool):
            settings[key] = raw.lower() in ("1", "true", "yes")
        elif isinstance(default, int):
            settings[key] = int(raw)
        elif isinstance(default, float):
            settings[key] = float(raw)
        else:
            settings[key] = raw
    return settings
