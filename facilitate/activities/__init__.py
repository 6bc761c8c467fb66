"""Activity kinds by name. Each kind lives in its own module."""

from __future__ import annotations

from .base import ActivityKind
from .board import BoardKind
from .choice import ChoiceKind
from .open_text import OpenTextKind
from .points import PointsKind
from .qa import QAKind
from .ranking import RankingKind
from .scale import ScaleKind
from .wordcloud import WordCloudKind

KINDS: dict[str, ActivityKind] = {
    kind.name: kind
    for kind in (ChoiceKind(), WordCloudKind(), OpenTextKind(), ScaleKind(), RankingKind(),
                 QAKind(), PointsKind(), BoardKind())
}


def get_kind(name: str) -> ActivityKind:
    """The kind registered under name; KeyError for any other name."""
    if not isinstance(name, str) or name not in KINDS:
        raise KeyError(name)
    return KINDS[name]
