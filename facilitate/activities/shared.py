"""Checks and counting helpers shared by the activity kinds.

Definitions come from session plans written by people, so their errors name
the field. Responses come from phones as untrusted JSON, so every check here
refuses with InvalidResponse and never lets another exception through.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .base import InvalidDefinition, InvalidResponse, Response

QUESTION_MAX = 300
MAX_OPTIONS = 12
OPTION_MAX = 120

# str.strip() keeps zero-width characters; a phone can paste them and they
# look like nothing, so an answer made only of them counts as empty.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGES = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + _INVISIBLE
# Control characters no keyboard types: NUL and the other C0 controls but tab
# and newline (a phone's text field gives "\n" for a line break, never "\r"),
# DEL and the C1 controls. They would reach the database, exports and other
# screens, so a text carrying one is refused.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_int(value: Any) -> bool:
    """True for a JSON integer. bool is an int subclass: true/false are not 1/0."""
    return isinstance(value, int) and not isinstance(value, bool)


def strip_text(text: str) -> str:
    return text.strip(_EDGES)


def count_devices(responses: Iterable[Response]) -> int:
    return len({response.device_id for response in responses})


# --- definitions -------------------------------------------------------------


def check_fields(definition: Any, fields: Iterable[str]) -> dict:
    """The definition, checked to be a table with no unknown fields: a typo in a
    plan must fail when the plan is loaded, not silently fall back to a default."""
    if not isinstance(definition, dict):
        raise InvalidDefinition("definition", "must be a table of fields")
    allowed = tuple(fields)
    for name in definition:
        if name not in allowed:
            raise InvalidDefinition(
                str(name), f"unknown field; expected one of {', '.join(allowed)}")
    return definition


def text_field(definition: dict, name: str, max_length: int, *, required: bool) -> str:
    value = definition.get(name, None if required else "")
    if value is None:
        raise InvalidDefinition(name, "is required")
    if not isinstance(value, str):
        raise InvalidDefinition(name, "must be text")
    text = strip_text(value)
    if required and not text:
        raise InvalidDefinition(name, "must not be empty")
    if len(text) > max_length:
        raise InvalidDefinition(name, f"must be at most {max_length} characters")
    return text


def question_field(definition: dict) -> str:
    return text_field(definition, "question", QUESTION_MAX, required=True)


def int_field(definition: dict, name: str, default: int, low: int, high: int) -> int:
    value = definition.get(name, default)
    if not is_int(value):
        raise InvalidDefinition(name, "must be a whole number")
    if not low <= value <= high:
        raise InvalidDefinition(name, f"must be between {low} and {high}")
    return value


def bool_field(definition: dict, name: str, default: bool) -> bool:
    value = definition.get(name, default)
    if not isinstance(value, bool):
        raise InvalidDefinition(name, "must be true or false")
    return value


def text_list_field(definition: dict, name: str, min_items: int, max_items: int,
                    max_length: int, *, unique: bool) -> list[str]:
    items = definition.get(name)
    if not isinstance(items, list):
        raise InvalidDefinition(name, "must be a list of texts")
    if not min_items <= len(items) <= max_items:
        raise InvalidDefinition(name, f"must have {min_items} to {max_items} entries")
    texts: list[str] = []
    seen: set[str] = set()
    for position, item in enumerate(items):
        where = f"{name}[{position}]"
        if not isinstance(item, str):
            raise InvalidDefinition(where, "must be text")
        text = strip_text(item)
        if not text:
            raise InvalidDefinition(where, "must not be empty")
        if len(text) > max_length:
            raise InvalidDefinition(where, f"must be at most {max_length} characters")
        if unique and text.casefold() in seen:
            raise InvalidDefinition(where, f"repeats an earlier entry: {text!r}")
        seen.add(text.casefold())
        texts.append(text)
    return texts


def options_field(definition: dict) -> list[str]:
    return text_list_field(definition, "options", 2, MAX_OPTIONS, OPTION_MAX, unique=True)


# --- responses ---------------------------------------------------------------


def require_text(value: Any) -> str:
    """A string that can be stored and shown: lone surrogates (valid in JSON
    escapes, invalid UTF-8) would break the database write later, and control
    characters other than tab and newline have no place in typed text, so both
    are refused here."""
    if not isinstance(value, str):
        raise InvalidResponse("bad_type", "expected text")
    if _CONTROL.search(value):
        raise InvalidResponse("bad_type", "text contains control characters")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidResponse("bad_type", "text is not valid Unicode") from None
    return value


def clean_text(value: Any, max_length: int) -> str:
    """Stripped, non-empty text of at most max_length characters."""
    text = strip_text(require_text(value))
    if not text:
        raise InvalidResponse("empty")
    if len(text) > max_length:
        raise InvalidResponse("too_long", max=max_length)
    return text


def index_list(value: Any, option_count: int, max_items: int) -> list[int]:
    """Distinct option indices, 1..max_items of them, in the order given."""
    if not isinstance(value, list):
        raise InvalidResponse("bad_type", "expected a list of option numbers")
    if not value:
        raise InvalidResponse("empty")
    if len(value) > max_items:
        raise InvalidResponse("too_many", max=max_items)
    if not all(is_int(item) for item in value):
        raise InvalidResponse("bad_type", "expected a list of option numbers")
    if not all(0 <= item < option_count for item in value):
        raise InvalidResponse("unknown_option")
    if len(set(value)) != len(value):
        raise InvalidResponse("duplicate")
    return list(value)


def int_list(value: Any, length: int, *, allow_none: bool) -> list[int | None]:
    """A list with exactly one whole number (or None, when allowed) per slot."""
    if not isinstance(value, list) or len(value) != length:
        raise InvalidResponse("bad_type", f"expected a list of {length} numbers")
    for item in value:
        if not (is_int(item) or (allow_none and item is None)):
            raise InvalidResponse("bad_type", f"expected a list of {length} numbers")
    return list(value)
