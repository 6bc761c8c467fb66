from pathlib import Path

import pytest

from facilitate.activities.base import InvalidDefinition

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"

# A stand-in for facilitate.activities: the fields each kind accepts.
FAKE_KINDS = {
    "choice": {"question", "options", "multiple", "max_choices"},
    "wordcloud": {"question", "max_entries", "max_length"},
    "open_text": {"question", "max_length"},
    "scale": {"question", "statements", "min", "max", "min_label", "max_label"},
    "ranking": {"question", "options"},
    "qa": {"question", "max_length"},
    "points": {"question", "options", "total"},
}


def fake_validate(kind: str, definition: dict) -> dict:
    allowed = FAKE_KINDS[kind]  # KeyError for an unknown kind, like get_kind
    for key in definition:
        if key not in allowed:
            raise InvalidDefinition(key, "unknown field")
    if not isinstance(definition.get("question"), str):
        raise InvalidDefinition("question", "is required")
    if "options" in allowed and not 2 <= len(definition.get("options", [])) <= 12:
        raise InvalidDefinition("options", "must have at least 2 options")
    if "statements" in allowed and not 1 <= len(definition.get("statements", [])) <= 20:
        raise InvalidDefinition("statements", "must have 1 to 20 statements")
    return {"checked": True, **definition}


@pytest.fixture
def validate():
    return fake_validate


@pytest.fixture
def sessions_dir():
    return SESSIONS


@pytest.fixture
def write_plan(tmp_path):
    """Write TOML text to a plan file and return its path as a string."""

    def write(text: str, name: str = "plan.toml") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write
