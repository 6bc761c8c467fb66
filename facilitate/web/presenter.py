"""The projector: a read-only link guarded by the gathering's presenter key."""

import io

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, abort, render_template, request

from ..store import gatherings, programmes
from ..store.db import get_db
from .links import absolute

bp = Blueprint("presenter", __name__)


@bp.get("/p/<code>")
def show(code: str):
    db = get_db()
    found = gatherings.get_gathering_by_code(db, code)
    if found is None or request.args.get("key") != found["presenter_key"]:
        abort(404)  # a wrong key looks like no gathering at all
    municipalities = programmes.gathering_municipalities(db, found["id"])
    return render_template(
        "presenter/show.html", gathering=found, municipalities=municipalities,
        enter_url=absolute("phone.enter_code").split("://", 1)[-1],
        per_municipality=request.args.get("qr") == "municipalities")


@bp.get("/j/<code>/qr.svg")
def qr(code: str):
    db = get_db()
    found = gatherings.get_gathering_by_code(db, code)
    if found is None:
        abort(404)
    target = absolute("phone.join", code=found["code"])
    slug = request.args.get("m")
    if slug:
        if slug not in {m["slug"] for m in programmes.gathering_municipalities(db, found["id"])}:
            abort(404)
        target = absolute("phone.join", code=found["code"], m=slug)
    image = qrcode.make(target, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return Response(buffer.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})
