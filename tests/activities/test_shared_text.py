import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import InvalidResponse
from facilitate.activities.open_text import OpenTextKind
from facilitate.activities.qa import QAKind
from facilitate.activities.shared import clean_text, require_text
from facilitate.activities.wordcloud import WordCloudKind

CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n"] + ["\x7f", "\x85", "\x9f"]


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_control_characters_are_refused(control):
    for text in (control, f"ja{control}", f"{control}nei", f"to{control}ord"):
        with pytest.raises(InvalidResponse) as refused:
            require_text(text)
        assert refused.value.code == "bad_type"
        with pytest.raises(InvalidResponse) as refused:
            clean_text(text, 100)
        assert refused.value.code == "bad_type"


def test_tab_newline_and_ordinary_text_are_kept():
    assert require_text("første linje\nandre\tlinje") == "første linje\nandre\tlinje"
    assert clean_text("  Ærlig og åpen \n", 100) == "Ærlig og åpen"
    assert clean_text("emoji 👍 og non-breaking\u00a0space", 100) == (
        "emoji 👍 og non-breaking\u00a0space")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_whatever_is_accepted_has_no_control_character_but_tab_and_newline(text):
    try:
        accepted = require_text(text)
    except InvalidResponse as refused:
        assert refused.code == "bad_type"
        return
    assert all(c in "\t\n" or not (ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f) for c in accepted)


def test_every_kind_that_takes_free_text_refuses_nul():
    open_text = OpenTextKind()
    wordcloud = WordCloudKind()
    qa = QAKind()
    cases = [
        (open_text, open_text.validate_definition({"question": "Hva?"}), "ja\x00nei"),
        (wordcloud, wordcloud.validate_definition({"question": "Ord?"}), ["tillit", "mo\x00t"]),
        (qa, qa.validate_definition({"question": "Spørsmål?"}), {"ask": "Hvorfor\x00?"}),
    ]
    for kind, definition, value in cases:
        with pytest.raises(InvalidResponse) as refused:
            kind.validate_response(definition, value)
        assert refused.value.code == "bad_type", kind.name
