from flask import Blueprint, current_app, jsonify

from .. import __version__
from ..store.db import database_state

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    database = database_state(current_app.config["DATABASE"])
    status = "ok" if database["ok"] else "degraded"
    return jsonify(status=status, version=__version__, database=database,
                   async_mode=current_app.config["ASYNC_MODE"]), (200 if database["ok"] else 503)
