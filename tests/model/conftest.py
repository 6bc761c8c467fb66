from pathlib import Path

import pytest

from facilitate.activities import get_kind

SESSIONS = Path(__file__).resolve().parents[2] / "sessions"

def validate_activity(kind: str, definition: dict) -> dict:
    """The registry's own check: every kind's module validates its definition."""
    return get_kind(kind).validate_definition(definition)


@pytest.fixture
def validate():
    return validate_activity


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
