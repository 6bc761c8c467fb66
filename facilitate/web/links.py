"""Absolute links printed on screens and in QR codes."""

from flask import current_app, request, url_for


def absolute(endpoint: str, **values) -> str:
    base = current_app.config["PUBLIC_URL"] or request.host_url
    return base.rstrip("/") + url_for(endpoint, **values)
