import pytest

from facilitate.activities import KINDS, get_kind
from facilitate.activities.base import ActivityKind, InvalidDefinition


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


# Shaped like the definitions in sessions/modul-1-organisasjon.toml.
PLAN_DEFINITIONS = {
    "choice": {"question": "Hvilken rolle har du?", "options": ["Kommunedirektør", "Annen"]},
    "wordcloud": {"question": "Hvilke lederegenskaper?", "max_entries": 3},
    "qa": {"question": "Hva vil du spørre innlederen om?"},
    "scale": {"question": "Hvor godt passer utsagnene?", "statements": ["Selvbetjening"],
              "min": 1, "max": 6, "min_label": "Passer ikke", "max_label": "Passer helt"},
    "ranking": {"question": "Ranger barrierene", "options": ["Siloer", "Kultur"]},
    "points": {"question": "Fordel 100 poeng", "options": ["Ledelse", "Kultur"], "total": 100},
    "open_text": {"question": "Hva tar du med deg hjem?", "max_length": 300},
}


@pytest.mark.parametrize("name", sorted(PLAN_DEFINITIONS))
def test_validated_definitions_validate_again_unchanged(name):
    kind = get_kind(name)
    checked = kind.validate_definition(PLAN_DEFINITIONS[name])
    assert kind.validate_definition(checked) == checked
    assert checked["question"] == PLAN_DEFINITIONS[name]["question"]


@pytest.mark.parametrize("name", sorted(PLAN_DEFINITIONS))
def test_definitions_must_be_tables_with_known_fields(name):
    kind = get_kind(name)
    with pytest.raises(InvalidDefinition) as refused:
        kind.validate_definition(["not", "a", "table"])
    assert refused.value.field == "definition"
    with pytest.raises(InvalidDefinition) as refused:
        kind.validate_definition({**PLAN_DEFINITIONS[name], "qestion": "typo"})
    assert refused.value.field == "qestion"
