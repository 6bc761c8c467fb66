import pytest

from facilitate.activities import KINDS, get_kind
from facilitate.activities.base import ActivityKind


def test_every_kind_is_registered_under_its_name():
    assert set(KINDS) == {"choice", "wordcloud", "open_text", "scale", "ranking", "qa", "points"}
    for name, kind in KINDS.items():
        assert isinstance(kind, ActivityKind)
        assert kind.name == name


def test_text_kinds_are_flagged_for_moderation():
    assert {name for name, kind in KINDS.items() if kind.has_text} == {
        "wordcloud", "open_text", "qa"}


def test_get_kind():
    assert get_kind("choice") is KINDS["choice"]
    with pytest.raises(KeyError):
        get_kind("quiz")
    with pytest.raises(KeyError):
        get_kind(None)
