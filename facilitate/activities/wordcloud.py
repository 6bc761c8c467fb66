"""Word cloud: each phone sends a few words or short phrases.

Entries are stored as typed (stripped). Folding (words.py) and the
facilitator's merges are applied when tallying, so a merge made late in the
activity also moves the answers already given.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from . import shared
from .base import N_, ActivityKind, ActivityState, InvalidResponse, Response, action
from .words import fold, merge_key, resolve_merges, sort_key

__all__ = ["WordCloudKind", "merge_key"]

TOP_WORDS = 100


class WordCloudKind(ActivityKind):
    name = "wordcloud"
    label = N_("Word cloud")
    example = {"question": "Hvilke lederegenskaper tar du med deg?", "max_entries": 3}
    has_text = True

    def validate_definition(self, definition: dict) -> dict:
        shared.check_fields(definition, ("question", "max_entries", "max_length"))
        return {
            "question": shared.question_field(definition),
            "max_entries": shared.int_field(definition, "max_entries", 3, 1, 10),
            "max_length": shared.int_field(definition, "max_length", 40, 1, 200),
        }

    def validate_response(self, definition: dict, value: Any) -> list[str]:
        if not isinstance(value, list):
            raise InvalidResponse("bad_type", "expected a list of words")
        if len(value) > definition["max_entries"]:
            raise InvalidResponse("too_many", max=definition["max_entries"])
        # A phone shows max_entries boxes; the ones left blank are skipped.
        entries = [shared.strip_text(shared.require_text(item)) for item in value]
        entries = [entry for entry in entries if entry]
        if not entries:
            raise InvalidResponse("empty")
        if any(len(entry) > definition["max_length"] for entry in entries):
            raise InvalidResponse("too_long", max=definition["max_length"])
        return entries

    def texts(self, value: Any) -> list[str]:
        return _entries(value)

    def word_hidden(self, text: str, state: ActivityState) -> bool:
        return _is_hidden(fold(text).key, resolve_merges(state.get("merges", {})),
                          set(state.get("hidden_words", [])))

    def tally(self, definition: dict, responses: list[Response], state: ActivityState) -> dict:
        canonical = resolve_merges(state.get("merges", {}))
        hidden = set(state.get("hidden_words", []))
        counts: Counter[str] = Counter()
        spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
        for response in responses:
            spelled: set[str] = set()
            counted: set[str] = set()  # one phone naming a word twice counts once
            for entry in _entries(response.value):
                folded = fold(entry)
                if not folded.key or _is_hidden(folded.key, canonical, hidden):
                    continue
                if folded.key not in spelled:
                    spelled.add(folded.key)
                    spellings[folded.key][folded.display] += 1
                key = canonical.get(folded.key, folded.key)
                if key not in counted:
                    counted.add(key)
                    counts[key] += 1
        words = [{"word": _display(key, spellings.get(key)), "key": key, "count": count}
                 for key, count in counts.items()]
        words.sort(key=lambda w: (-w["count"], sort_key(w["word"]), w["word"], w["key"]))
        return {"respondents": shared.count_devices(responses), "words": words[:TOP_WORDS]}


    @action("merge", "{variant: str, into: str}")
    def merge(self, definition: dict, state: ActivityState, params: dict,
              responses: list[Response]) -> ActivityState:
        """Count a word (and its spellings) as another word; refused for a word nobody entered."""
        variant = merge_key(_param_text(params, "variant"))
        into = merge_key(_param_text(params, "into"))
        if not variant or not into or variant == into:
            raise InvalidResponse("no_words")
        entered = {fold(entry).key for response in responses
                   for entry in _entries(response.value)}
        if variant not in entered and variant not in state.get("merges", {}).values():
            raise InvalidResponse("word_not_entered")
        return {**state, "merges": {**state.get("merges", {}), variant: into}}

    @action("unmerge", "{variant: str}")
    def unmerge(self, definition: dict, state: ActivityState, params: dict,
                responses: list[Response]) -> ActivityState:
        """Undo a merge: the word counts on its own again."""
        variant = merge_key(_param_text(params, "variant"))
        merges = dict(state.get("merges", {}))
        if merges.pop(variant, None) is None:
            raise InvalidResponse("no_such_merge")
        return {**state, "merges": merges}


    @action("hide_word", "{word: str, hidden: bool}")
    def hide_word(self, definition: dict, state: ActivityState, params: dict,
                  responses: list[Response]) -> ActivityState:
        """Hide one word (and words merged into it), keeping the rest of each answer; or show it."""
        word = merge_key(_param_text(params, "word"))
        hide = params.get("hidden")
        if not word or not isinstance(hide, bool):
            raise InvalidResponse("bad_type")
        hidden = set(state.get("hidden_words", []))
        if hide:
            entered = {fold(entry).key for response in responses
                       for entry in _entries(response.value)}
            if word not in entered and word not in state.get("merges", {}).values():
                raise InvalidResponse("word_not_entered")
            hidden.add(word)
        else:
            canonical = resolve_merges(state.get("merges", {}))
            found = {word, canonical.get(word, word)} & hidden
            if not found:
                raise InvalidResponse("word_not_hidden")
            hidden -= found
        return {**state, "hidden_words": sorted(hidden)}


def _is_hidden(key: str, canonical: dict[str, str], hidden: set[str]) -> bool:
    return bool(hidden) and (key in hidden or canonical.get(key, key) in hidden)


def _param_text(params: dict, name: str, max_length: int = 100) -> str:
    value = params.get(name)
    if not isinstance(value, str) or len(value) > max_length:
        raise InvalidResponse("bad_type")
    return value


def _display(key: str, spellings: Counter[str] | None) -> str:
    """The most common spelling of the key itself (ties: alphabetical); a key
    only reached through merges shows as the key."""
    if not spellings:
        return key
    return min(spellings, key=lambda spelling: (-spellings[spelling], sort_key(spelling),
                                                 spelling))


def _entries(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [entry for entry in value if isinstance(entry, str)]
