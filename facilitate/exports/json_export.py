"""The record itself as JSON: pretty-printed UTF-8 (æøå as they are), keys in
the order the record gives them. Its schema, "facilitate.record/1", is
documented in docs/RECORD.md."""

from __future__ import annotations

import json


def build(record: dict) -> bytes:
    """The record's bytes; loading them gives the record back unchanged."""
    return (json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode(
        "utf-8")
