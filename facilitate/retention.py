"""The daily retention job: once a day the server deletes the individual
answers of gatherings past their programme's retention period (see
records.apply_retention; `facilitate retention` does the same by hand).
It runs as a Socket.IO background task, so it sleeps cooperatively under
gevent and eventlet, and in a thread under threading."""

from __future__ import annotations

import logging
import threading

from .store.db import connect
from .store.records import apply_retention

log = logging.getLogger(__name__)
DAY = 24 * 60 * 60
_lock = threading.Lock()


def run_once(app) -> list[dict]:
    db = connect(app.config["DATABASE"], busy_timeout=0)
    db.conn.sleep = app.extensions["facilitate_socketio"].sleep
    try:
        return apply_retention(db)
    finally:
        db.conn.close()


def _loop(app, interval: float) -> None:
    socketio = app.extensions["facilitate_socketio"]
    while True:
        try:
            for entry in run_once(app):
                log.info("retention: deleted %s answers of gathering %s",
                         entry.get("responses"), entry["gathering_id"])
        except Exception:  # keep the job alive; the next day tries again
            log.exception("retention job failed")
        socketio.sleep(interval)


def start_daily(app, interval: float = DAY) -> bool:
    """Start the job once per app (a lock, as Flask-SocketIO's example guards
    its background thread). Returns False when it already runs."""
    with _lock:
        if app.extensions.get("facilitate_retention"):
            return False
        app.extensions["facilitate_retention"] = app.extensions[
            "facilitate_socketio"].start_background_task(_loop, app, interval)
    return True
