import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities import stopwords
from facilitate.activities.words import (
    STOP_WORDS,
    fold,
    merge_key,
    normalise,
    resolve_merges,
    sort_key,
)


@pytest.mark.parametrize(("entry", "key"), [
    ("Samarbeid", "samarbeid"),
    ("  SAMARBEID  ", "samarbeid"),
    ("tillit   og\n åpenhet", "tillit og åpenhet"),
    ("Samarbeid!", "samarbeid"),
    ("«Mot»", "mot"),
    ("e-helse", "e helse"),
    ("KI-strategi", "ki strategi"),
    ("Ærlighet, ømhet, åpenhet", "ærlighet ømhet åpenhet"),
    ("ＫＩ", "ki"),  # full-width letters from a phone keyboard
    ("ﬁnne", "finne"),  # ligature
    ("5G", "5g"),
    ("A.I.", "ai"),  # not the stop words "a" and "i"
    ("K.I. og data", "ki og data"),
    ("f.eks. data", "f eks data"),
    ("Don’t panic", "don't panic"),
])
def test_normalise(entry, key):
    assert normalise(entry) == key


@pytest.mark.parametrize("entry", ["og", "Og så", "I", "the", "eg og dei", "...", "   ", ""])
def test_entries_made_only_of_stop_words_or_punctuation_fold_to_nothing(entry):
    assert normalise(entry) == ""


@pytest.mark.parametrize(("entry", "key"), [
    ("og samarbeid", "samarbeid"),  # bokmål
    ("samarbeid og", "samarbeid"),
    ("eg og samhandling", "samhandling"),  # nynorsk
    ("the trust", "trust"),  # English
    ("kultur for læring", "kultur for læring"),  # inner stop words stay
])
def test_stop_words_are_trimmed_from_both_ends(entry, key):
    assert normalise(entry) == key


@pytest.mark.parametrize(("entry", "key"), [
    ("ikke byråkrati", "ikke byråkrati"),
    ("ikkje byråkrati", "ikkje byråkrati"),
    ("no silos", "no silos"),
    ("mer samarbeid", "mer samarbeid"),
    ("mot", "mot"),
    ("IT", "it"),
    ("by og land", "by og land"),
])
def test_words_that_carry_meaning_are_not_stop_words(entry, key):
    assert normalise(entry) == key


def test_each_language_has_a_real_stop_list():
    for words in (stopwords.BOKMAL, stopwords.NYNORSK, stopwords.ENGLISH):
        assert 100 <= len(words) <= 250
    assert {"og", "ikkje", "ikke", "the", "eg", "dei", "hvilke", "we're"} & STOP_WORDS == {
        "og", "the", "eg", "dei", "hvilke", "we're"}


def test_every_stop_word_folds_to_one_token():
    for word in stopwords.ALL:
        assert " " not in normalise(word + " x")
        assert fold(word).key == ""


def test_display_keeps_the_participants_spelling_of_the_kept_words():
    assert fold("Og E-helse!").display == "E-helse"
    assert fold("  Tillit   og åpenhet ").display == "Tillit og åpenhet"


def test_merge_key_is_normalise():
    assert merge_key(" Samarbeid! ") == "samarbeid"


def test_resolve_merges_follows_chains_and_normalises():
    assert resolve_merges({"AI": "KI", "ki": "kunstig intelligens"}) == {
        "ai": "kunstig intelligens", "ki": "kunstig intelligens"}


def test_resolve_merges_survives_cycles():
    assert resolve_merges({"a1": "b1", "b1": "a1", "c1": "b1"}) == {"b1": "a1", "c1": "a1"}
    assert resolve_merges({"ki": "ki", "og": "ki", 3: "x"}) == {}


def test_norwegian_alphabetical_order():
    assert sorted(["åpenhet", "ærlighet", "zebra", "øving"], key=sort_key) == [
        "zebra", "ærlighet", "øving", "åpenhet"]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_normalise_is_idempotent(entry):
    key = normalise(entry)
    assert normalise(key) == key
    assert key == key.strip()
    assert "  " not in key
