"""The programme's fixed structure: four modules, three stages per module.

Names in code are English; the titles and labels are what a person reads
(Norwegian bokmål first, English beside it).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Module:
    number: int  # 1..4, the order the programme runs them in
    key: str
    title: str  # nb
    title_en: str


MODULES: tuple[Module, ...] = (
    Module(1, "organisasjon", "Modul 1: Organisasjon", "Module 1: Organisation"),
    Module(2, "ledelse", "Modul 2: Ledelse", "Module 2: Leadership"),
    Module(3, "strategi", "Modul 3: Strategi", "Module 3: Strategy"),
    Module(4, "teknologi", "Modul 4: Teknologi", "Module 4: Technology"),
)

STAGES: tuple[str, ...] = ("forarbeid", "samling", "etterarbeid")

STAGE_LABELS: dict[str, str] = {
    "forarbeid": "Forarbeid",
    "samling": "Samling",
    "etterarbeid": "Etterarbeid",
}

STAGE_LABELS_EN: dict[str, str] = {
    "forarbeid": "Pre-work",
    "samling": "Gathering",
    "etterarbeid": "After-work",
}

# What each stage is for, in the programme's own words.
STAGE_PURPOSES: dict[str, str] = {
    "forarbeid": "Felles forståelse",
    "samling": "Nåværende utgangspunkt",
    "etterarbeid": "Videre innsats",
}


def module_by_number(number: int) -> Module:
    """The module with this number; KeyError for anything but 1..4."""
    for module in MODULES:
        if module.number == number:
            return module
    raise KeyError(number)


def module_by_key(key: str) -> Module:
    """The module with this key ("organisasjon", ...); KeyError otherwise."""
    for module in MODULES:
        if module.key == key:
            return module
    raise KeyError(key)


def stage_label(stage: str, lang: str = "nb") -> str:
    """The label of a stage key; KeyError for an unknown stage."""
    labels = STAGE_LABELS_EN if lang == "en" else STAGE_LABELS
    return labels[stage]
