"""Folding word-cloud entries, so that variants of one word count together.

An entry is folded by: Unicode NFKC (full-width letters, ligatures), casefold,
punctuation (hyphens included) read as a space, whitespace collapsed, and
stop words (bokmål, nynorsk, English) trimmed from both ends. "Og samarbeid!"
and "samarbeid" fold to the same key; "og" alone folds to "" and is not counted.

Apostrophes inside a word are kept (as ') rather than dropped: dropping them
would fold "we'll" into "well" and "i'll" into "ill". Initialisms written with
periods are one word: "A.I." folds to "ai", not to the stop words "a" and "i".

Facilitators merge keys (ActivityState.merges, variant -> canonical);
`merge_key` normalises what they type and `resolve_merges` follows chains.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from . import stopwords

_APOSTROPHES = frozenset("'\u2019\u2018\u02bc`\u00b4")


@dataclass(frozen=True)
class Folded:
    key: str  # what is counted and merged; "" when nothing is left
    display: str  # the participant's own spelling of the words kept


@dataclass(frozen=True)
class _Token:
    key: str
    start: int
    end: int


def _is_word_char(char: str) -> bool:
    # Letters (æøå and Sámi letters included), digits and combining marks.
    return unicodedata.category(char)[0] in "LNM"


def _fold_token(token: str) -> str:
    unified = "".join("'" if char in _APOSTROPHES else char for char in token)
    return unicodedata.normalize("NFKC", unified.casefold())


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    start: int | None = None
    for position, char in enumerate(text):
        if char in _APOSTROPHES:
            inside_word = (start is not None and position + 1 < len(text)
                           and _is_word_char(text[position + 1]))
            if inside_word:
                continue
        elif _is_word_char(char):
            if start is None:
                start = position
            continue
        if start is not None:
            tokens.append(_Token(_fold_token(text[start:position]), start, position))
            start = None
    if start is not None:
        tokens.append(_Token(_fold_token(text[start:]), start, len(text)))
    return _join_initialisms(text, tokens)


def _join_initialisms(text: str, tokens: list[_Token]) -> list[_Token]:
    """Read "A.I." as "ai", not as the stop words "a" and "i": single letters
    joined by single periods are one word."""
    joined: list[_Token] = []
    for token in tokens:
        previous = joined[-1] if joined else None
        if (previous is not None and len(token.key) == 1 and token.key.isalpha()
                and text[previous.end:token.start] == "."
                and _is_initialism(text[previous.start:previous.end])):
            joined[-1] = _Token(previous.key + token.key, previous.start, token.end)
        else:
            joined.append(token)
    # Show the initialism with its closing period ("A.I." rather than "A.I").
    return [_Token(t.key, t.start, t.end + 1)
            if "." in text[t.start:t.end] and text[t.end:t.end + 1] == "." else t
            for t in joined]


def _is_initialism(span: str) -> bool:
    letters = span.split(".")
    return all(len(letter) == 1 and letter.isalpha() for letter in letters)


def _fold_stop_words(words: frozenset[str]) -> frozenset[str]:
    return frozenset(token.key for word in words for token in _tokens(word))


STOP_WORDS: frozenset[str] = _fold_stop_words(stopwords.ALL)


def fold(entry: str) -> Folded:
    text = unicodedata.normalize("NFKC", entry)
    tokens = _tokens(text)
    first, last = 0, len(tokens)
    while first < last and tokens[first].key in STOP_WORDS:
        first += 1
    while last > first and tokens[last - 1].key in STOP_WORDS:
        last -= 1
    if first == last:
        return Folded("", "")
    kept = tokens[first:last]
    # Keep the participant's hyphens and capitals in what is shown ("e-helse").
    display = " ".join(text[kept[0].start:kept[-1].end].split())
    return Folded(" ".join(token.key for token in kept), display)


def normalise(entry: str) -> str:
    """The key an entry is counted under; "" for stop words or punctuation only."""
    return fold(entry).key


def merge_key(text: str) -> str:
    """Normalise what a facilitator types when merging words, exactly like entries."""
    return normalise(text)


def resolve_merges(merges: Mapping[str, str]) -> dict[str, str]:
    """Map every merged key to its final canonical key, following chains
    (a -> b -> c gives a -> c). A cycle (a -> b -> a) resolves to its
    alphabetically first member, so every start point agrees."""
    graph: dict[str, str] = {}
    for variant, canonical in merges.items():
        if isinstance(variant, str) and isinstance(canonical, str):
            variant_key, canonical_key = merge_key(variant), merge_key(canonical)
            if variant_key and canonical_key and variant_key != canonical_key:
                graph[variant_key] = canonical_key
    resolved: dict[str, str] = {}
    for start in graph:
        path = [start]
        node = start
        while node in graph:
            node = graph[node]
            if node in path:
                node = min(path[path.index(node):])
                break
            path.append(node)
        if node != start:
            resolved[start] = node
    return resolved


_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})


def sort_key(text: str) -> str:
    """Alphabetical order as Norwegians expect it: æ, ø, å come after z."""
    return text.casefold().translate(_NORWEGIAN_ORDER)
