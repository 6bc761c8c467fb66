from pathlib import Path

import pytest

from facilitate.activities import KINDS, get_kind
from facilitate.activities.base import ActivityKind, InvalidDefinition


def test_every_kind_is_registered_under_its_name():
    assert len(KINDS) >= 7
    for name, kind in KINDS.items():
        assert isinstance(kind, ActivityKind)
        assert kind.name == name


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_brings_its_label_example_and_js_module(name):
    """What a kind owns: a label to translate, an example definition that
    validates, and its page module."""
    kind = KINDS[name]
    assert kind.label and isinstance(kind.label, str)
    checked = kind.validate_definition(kind.example)
    assert kind.validate_definition(checked) == checked
    assert (ROOT / "static" / "js" / "kinds" / f"{name}.js").exists()
    for spec in kind.actions().values():
        assert spec.summary, f"{name}.{spec.name} needs a docstring: it is documented"


ROOT = Path(__file__).resolve().parents[2]


def test_text_kinds_are_flagged_for_moderation():
    assert {name for name, kind in KINDS.items() if kind.has_text} == {
        "wordcloud", "open_text", "qa", "board"}


def test_get_kind():
    assert get_kind("choice") is KINDS["choice"]
    with pytest.raises(KeyError):
        get_kind("quiz")
    with pytest.raises(KeyError):
        get_kind(None)


# Each kind's own example, shaped like the definitions in the shipped plans.
PLAN_DEFINITIONS = {name: kind.example for name, kind in KINDS.items()}


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


def test_the_default_record_entries_suppress_small_municipalities():
    from facilitate.activities.base import Response

    kind = get_kind("choice")
    definition = kind.validate_definition(kind.example)
    municipalities = {1: "Stavanger", 2: "Sola", 3: "Randaberg"}
    answers = [Response(n, n, 1, "", [0]) for n in range(1, 5)]  # Stavanger: 4
    answers += [Response(10, 10, 2, "", [1])]  # Sola: 1
    answers += [Response(n, n, 3, "", [2]) for n in range(20, 23)]  # Randaberg: 3
    entries = kind.record_entries(definition, answers, {}, municipalities, 3)
    assert entries[1]["result"]["counts"][0] == 4 and entries[1]["n"] == 4
    assert entries[2] == {"n": None, "suppressed": True, "result": None, "room": entries[None]}
    # Randaberg's 3 are pooled with Sola's lone answer, so Sola's cannot be subtracted.
    assert entries[3]["suppressed"] is True
    assert entries[None]["result"]["counts"] == [4, 1, 3]
