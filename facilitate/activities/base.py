"""The contract every activity kind fulfils.

An activity kind is pure: it checks a definition (from a session plan), checks
and normalises one participant's response, and folds the current responses into
a JSON-ready tally. No Flask, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


class InvalidDefinition(ValueError):
    """A session plan's activity definition is wrong; `field` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidResponse(ValueError):
    """A participant's response is refused. `code` is stable; the live layer
    turns it into a translated message (see facilitate/live/errors.py)."""

    def __init__(self, code: str, detail: str = "", **params: Any):
        super().__init__(detail or code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Response:
    """One device's current answer under one key (see ActivityKind.response_key)."""

    id: int
    device_id: int
    municipality_id: int
    key: str
    value: Any
    hidden: bool = False


@dataclass
class ActivityState:
    """Facilitator-made state that changes how responses are tallied."""

    merges: dict[str, str] = field(default_factory=dict)  # word cloud: variant -> canonical


class ActivityKind:
    """Base class: one subclass per kind, registered in activities/__init__.py."""

    name: ClassVar[str]
    # True when responses carry free text a facilitator may need to hide.
    has_text: ClassVar[bool] = False
    # True when phones need the live results to answer (Q&A: they vote on
    # what others asked), whether or not results are revealed.
    phones_follow_results: ClassVar[bool] = False

    def validate_definition(self, definition: dict) -> dict:
        """Return the definition with defaults filled in, or raise InvalidDefinition."""
        raise NotImplementedError

    def validate_response(self, definition: dict, value: Any) -> Any:
        """Return the normalised value to store, or raise InvalidResponse."""
        raise NotImplementedError

    def response_key(self, value: Any, submission_id: str) -> str:
        """Which slot a response fills; a newer response to the same slot replaces it.

        Most kinds have one slot per device, so a phone can change its answer."""
        return ""

    def required_key(self, value: Any) -> str | None:
        """A slot that must already hold a visible response for this value to
        make sense (a Q&A upvote needs its question), or None."""
        return None

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        """Fold current, visible responses into a JSON-ready result."""
        raise NotImplementedError

    def texts(self, value: Any) -> list[str]:
        """The free text inside a stored value, for moderation lists."""
        return []
