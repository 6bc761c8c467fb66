"""Small builders and the property check every kind's tests share."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from facilitate.activities.base import ActivityKind, ActivityState, InvalidResponse, Response

# Anything json.loads can produce, with the awkward corners made likely:
# bools where ints go, huge ints, NaN and infinities, nesting.
json_scalars = (st.none() | st.booleans() | st.integers(-20, 20) | st.integers()
                | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=60))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=14) | st.dictionaries(st.text(max_size=8), inner,
                                                                   max_size=4),
    max_leaves=30,
)


def answers(*values: Any, municipality_id: int = 1) -> list[Response]:
    """One response per device, ids and devices numbered from 1."""
    return [Response(id=n, device_id=n, municipality_id=municipality_id, key="", value=value)
            for n, value in enumerate(values, start=1)]


def check_untrusted_value(kind: ActivityKind, definition: dict, value: Any) -> None:
    """The property: refuse with InvalidResponse or accept, and whatever is
    accepted is stable under re-validation and tallies into plain JSON."""
    try:
        stored = kind.validate_response(definition, value)
    except InvalidResponse as refusal:
        assert refusal.code in {"bad_type", "empty", "too_long", "too_many", "out_of_range",
                                "duplicate", "bad_total", "unknown_option", "unknown_question"}
        return
    assert kind.validate_response(definition, stored) == stored
    # The store keeps values as JSON; tally what comes back from it.
    stored = json.loads(json.dumps(stored))
    key = kind.response_key(stored, "submission-1")
    result = kind.tally(definition, [Response(1, 1, 1, key, stored)], ActivityState())
    assert result["respondents"] == 1
    json.dumps(result, allow_nan=False)
    assert all(isinstance(text, str) for text in kind.texts(stored))
