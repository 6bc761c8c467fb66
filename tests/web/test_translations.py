"""The message catalogs are complete and current.

Norwegian bokmål is what users see by default, so every message in the code
and templates must have a reviewed nb translation. When one of these tests
fails after you added or changed a text: run scripts/i18n, translate the new
or fuzzy entries in translations/nb/LC_MESSAGES/messages.po by hand, and run
scripts/i18n again to compile the .mo files.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
NB_PO = TRANSLATIONS / "nb" / "LC_MESSAGES" / "messages.po"
LOCALES = ("nb", "nn", "en")
# Translated by hand, every message: bokmål, and nynorsk (which many
# municipalities write); English falls back to the msgid.
REVIEWED = ("nb", "nn")

# %(name)s / %(name)d ... (Python, used by gettext in code and templates) and
# {name} (the page scripts' placeholders, see static/js/i18n.js).
PERCENT = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {f"%({name})" for name in PERCENT.findall(text)} | {
        f"{{{name}}}" for name in BRACES.findall(text)
    }


def read_catalog(path: Path):
    with path.open("rb") as f:
        return read_po(f)


def messages(catalog):
    return [message for message in catalog if message.id]


def forms(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


def key(message) -> str:
    return forms(message.id)[0]


@pytest.fixture(scope="module")
def nb():
    return read_catalog(NB_PO)


def reviewed(locale: str):
    return read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po")


@pytest.mark.parametrize("locale", REVIEWED)
def test_norwegian_catalogs_have_two_plural_forms(locale):
    catalog = reviewed(locale)
    assert str(catalog.locale) == locale
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "") == "(n!=1)"


@pytest.mark.parametrize("locale", REVIEWED)
def test_every_norwegian_message_is_translated_and_not_fuzzy(locale):
    catalog = reviewed(locale)
    # A fuzzy header would make pybabel compile skip the whole catalog.
    assert not catalog.fuzzy, f"the header of the {locale} catalog is marked fuzzy"
    untranslated = [key(m) for m in messages(catalog)
                    if not all(s.strip() for s in forms(m.string))]
    fuzzy = [key(m) for m in messages(catalog) if m.fuzzy]
    assert not untranslated, f"untranslated in the {locale} catalog: {untranslated}"
    assert not fuzzy, f"fuzzy in the {locale} catalog, check and drop the flag: {fuzzy}"


def test_nynorsk_is_not_a_copy_of_bokmal(nb):
    nynorsk = {key(m): forms(m.string)[0] for m in messages(reviewed("nn"))}
    same = [key(m) for m in messages(nb) if nynorsk.get(key(m)) == forms(m.string)[0]]
    # Short words are often the same in both forms (Pause, Skala); most are not.
    assert len(same) < len(messages(nb)) / 2, same


@pytest.mark.parametrize("locale", REVIEWED)
def test_norwegian_translations_keep_the_placeholders(locale):
    wrong = []
    for message in messages(reviewed(locale)):
        ids = forms(message.id)
        known = set().union(*map(placeholders, ids))
        for index, string in enumerate(forms(message.string)):
            # Form 0 goes with the singular msgid, every other form with the plural.
            expected = placeholders(ids[min(index, len(ids) - 1)])
            got = placeholders(string)
            if not expected <= got <= known:
                wrong.append((ids[0], string, sorted(expected), sorted(got)))
    assert not wrong, f"placeholders lost or invented in {locale}: " + "; ".join(map(repr, wrong))


@pytest.mark.parametrize("locale", REVIEWED)
def test_norwegian_catalogs_pass_babels_checks(locale):
    # python-format consistency (e.g. a stray "%" in a translation) and plural counts.
    problems = [(key(m), [str(e) for e in errors]) for m, errors in reviewed(locale).check()]
    assert not problems


def extract_msgids(tmp_path: Path) -> set:
    """Run the real extraction (scripts/i18n --extract-only) into a temp .pot."""
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    if not pybabel.exists():
        pybabel = shutil.which("pybabel")
        # Babel is a dependency of flask-babel, so pybabel is always installed
        # with the app: its absence is a broken install, not a reason to skip.
        assert pybabel is not None, "pybabel is not installed"
    run = subprocess.run(
        ["bash", str(ROOT / "scripts" / "i18n"), "--extract-only", str(pot)],
        env={**os.environ, "PYBABEL": str(pybabel)},
        timeout=60,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, f"extraction failed:\n{run.stdout}{run.stderr}"
    return {m.id for m in messages(read_catalog(pot))}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    return extract_msgids(tmp_path_factory.mktemp("i18n"))


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogs_match_the_messages_in_code_and_templates(extracted, locale):
    path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    assert path.exists(), f"{path} is missing: run scripts/i18n"
    in_catalog = {m.id for m in messages(read_catalog(path))}
    new = sorted(map(repr, extracted - in_catalog))
    gone = sorted(map(repr, in_catalog - extracted))
    assert not new, f"not in the {locale} catalog yet (run scripts/i18n and translate): {new}"
    assert not gone, (
        f"no longer in the code but still in the {locale} catalog (run scripts/i18n): {gone}"
    )


def test_extraction_reads_only_app_code_and_templates(extracted, nb):
    files = {path for m in messages(nb) for path, _line in m.locations}
    assert files, "the nb catalog has no source locations"
    assert all(f.startswith(("facilitate/", "templates/")) for f in files), sorted(files)
    assert len(extracted) >= 50  # sanity: extraction found the app's messages


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogs_match_the_po_files(locale):
    """The shipped .mo files (the app reads them at run time) are compiled from
    the current .po files. Checked the way the app reads them, through gettext:
    a translated entry gives its msgstr, an untranslated or fuzzy one (never
    compiled) falls back to the msgid."""
    po_path = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/i18n"
    with mo_path.open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    stale = []
    for message in messages(read_catalog(po_path)):
        usable = not message.fuzzy
        if isinstance(message.id, tuple):
            singular, plural = message.id
            for n, index in ((1, 0), (2, 1)):
                translated = usable and message.string[index]
                want = message.string[index] if translated else message.id[index]
                if compiled.ngettext(singular, plural, n) != want:
                    stale.append(singular)
        else:
            want = message.string if usable and message.string else message.id
            if compiled.gettext(message.id) != want:
                stale.append(message.id)
    assert not stale, f"{mo_path} is stale (run scripts/i18n): {stale}"
