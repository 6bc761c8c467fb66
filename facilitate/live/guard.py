"""One wrapper for every socket event: it finds the caller, checks the role,
checks the payload is an object, and turns a Refusal into an error ack.
A refused event changes nothing."""

from __future__ import annotations

import functools
import logging

from flask import request

from .errors import Refusal, refusal_payload

log = logging.getLogger(__name__)


def guarded(live, *roles: str):
    def decorate(handle):
        @functools.wraps(handle)
        def wrapper(payload=None, *extra):
            caller = live.callers.get(request.sid)
            locale = caller.locale if caller else "nb"
            try:
                if caller is None or caller.role not in roles:
                    raise Refusal("not_allowed")
                if payload is None:
                    payload = {}
                if not isinstance(payload, dict) or extra:
                    raise Refusal("bad_request")
                return handle(caller, payload)
            except Refusal as refusal:
                return refusal_payload(refusal.code, locale, refusal.params)
        return wrapper
    return decorate


def integer(payload: dict, name: str, optional: bool = False) -> int | None:
    value = payload.get(name)
    if value is None and optional:
        return None
    if type(value) is not int or not -(2**53) < value < 2**53:
        raise Refusal("bad_request")
    return value


def text(payload: dict, name: str, max_length: int) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or len(value) > max_length:
        raise Refusal("bad_request")
    return value


def boolean(payload: dict, name: str) -> bool:
    value = payload.get(name)
    if not isinstance(value, bool):
        raise Refusal("bad_request")
    return value
