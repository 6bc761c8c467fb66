import pytest

from facilitate.model.programme import (
    MODULES,
    STAGES,
    module_by_key,
    module_by_number,
    stage_label,
)


def test_modules_in_programme_order():
    assert [(m.number, m.key) for m in MODULES] == [
        (1, "organisasjon"),
        (2, "ledelse"),
        (3, "strategi"),
        (4, "teknologi"),
    ]
    assert MODULES[0].title == "Modul 1: Organisasjon"
    assert MODULES[3].title_en == "Module 4: Technology"


def test_module_lookup():
    assert module_by_number(3).key == "strategi"
    assert module_by_key("ledelse").number == 2
    with pytest.raises(KeyError):
        module_by_number(5)


def test_stages():
    assert STAGES == ("forarbeid", "samling", "etterarbeid")
    assert [stage_label(s) for s in STAGES] == ["Forarbeid", "Samling", "Etterarbeid"]
    assert stage_label("forarbeid", "en") == "Pre-work"
