"""Pre-work forms: data files next to the session plans, checked with file/line errors."""

from pathlib import Path

import pytest

from facilitate.model.prework import PreworkError, check_answer, load_form, load_forms

SHIPPED = Path(__file__).resolve().parents[2] / "sessions" / "prework"

GOOD = '''module = 2
title = "Forarbeid modul 2"

[[questions]]
key = "q1"
text = "Hva kjennetegner god ledelse?"

[[questions]]
key = "rustet"
type = "rating"
text = "Hvor rustet?"
min = 1
max = 6
track = "rustet"
'''


def write(tmp_path, text, name="modul-2.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_forms_load_one_per_module_with_a_tracked_rating():
    forms = load_forms(SHIPPED)
    assert sorted(forms) == [1, 2, 3, 4]
    for form in forms.values():
        kinds = {q.key: (q.type, q.who, q.track) for q in form.questions}
        assert kinds["rustet"] == ("rating", "everyone", "ledergruppen-rustet")
        assert kinds["gruppeoppgave"][:2] == ("text", "group")


def test_a_good_form(tmp_path):
    form = load_form(write(tmp_path, GOOD))
    assert form.module == 2 and form.title == "Forarbeid modul 2"
    assert [q.to_dict() for q in form.questions] == [
        {"key": "q1", "type": "text", "text": "Hva kjennetegner god ledelse?", "help": "",
         "who": "everyone", "scale": None, "track": None, "max_length": 1000},
        {"key": "rustet", "type": "rating", "text": "Hvor rustet?", "help": "",
         "who": "everyone", "scale": {"min": 1, "max": 6, "min_label": "", "max_label": ""},
         "track": "rustet", "max_length": 1000}]


@pytest.mark.parametrize(("change", "expected"), [
    (("max = 6", "max = 1"),
     "line 13, question 2 'rustet', field 'max': must be greater than min, and at most 10"
     " above it"),
    (('key = "rustet"', 'key = "q1"'),
     "line 9, question 2 'q1', field 'key': 'q1' is used by another question"),
    (('type = "rating"', 'type = "slider"'),
     "line 10, question 2 'rustet', field 'type': must be one of text, rating,"
     " not 'slider'"),
    (("module = 2", "module = 7"),
     "line 1, field 'module': must be a whole number from 1 to 4, not 7"),
    (('text = "Hvor rustet?"', 'txt = "Hvor rustet?"'),
     "line 11, question 2 'rustet', field 'txt': unknown key 'txt' (allowed: key, type, text,"
     " help, who, min, max, min_label, max_label, track, max_length)"),
])
def test_errors_name_the_file_line_question_and_field(tmp_path, change, expected):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(PreworkError) as refused:
        load_form(path)
    assert str(refused.value) == f"{path}, {expected}"


def test_toml_syntax_errors_have_a_line(tmp_path):
    with pytest.raises(PreworkError) as refused:
        load_form(write(tmp_path, GOOD + "\n[[questions]\n"))
    assert refused.value.line == 16


def test_two_forms_for_one_module_are_refused(tmp_path):
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(PreworkError, match="module 2 already has a form"):
        load_forms(tmp_path)


def test_answers_are_checked_against_their_question(tmp_path):
    text, rating = load_form(write(tmp_path, GOOD)).questions
    assert check_answer(text, "  Tillit \n") == "Tillit"
    assert check_answer(text, "   ") is None
    assert check_answer(rating, "4") == 4
    assert check_answer(rating, "") is None
    for question, value, reason in [(rating, "7", "out_of_range"), (rating, "x", "not_a_number"),
                                    (text, "a" * 1001, "too_long"), (text, 5, "not_text"),
                                    (text, "a\x00b", "control_characters")]:
        with pytest.raises(ValueError, match=reason):
            check_answer(question, value)
