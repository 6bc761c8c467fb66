import pytest

from facilitate.model.session_plan import PlanError, list_plans, load_plan

SHIPPED = {
    "modul-1-organisasjon": 1,
    "modul-2-ledelse": 2,
    "modul-3-strategi": 3,
    "modul-4-teknologi": 4,
}
ALL_KINDS = {"choice", "wordcloud", "open_text", "scale", "ranking", "qa", "points", "board"}
LEDEREGENSKAPER = (
    "Hvilke lederegenskaper tar du med deg inn i organisasjonen din"
    " i arbeidet med digital transformasjon?"
)

HEAD = 'title = "Testdag"\nmodule = 1\n'
TALK = '[[items]]\ntype = "talk"\ntitle = "Innlegg"\nstart = "09:00"\nduration = 30\n'


def load_error(path, validate) -> PlanError:
    with pytest.raises(PlanError) as error:
        load_plan(path, validate)
    return error.value


# --- the shipped plans ------------------------------------------------------


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_plan_loads(sessions_dir, validate, name):
    plan = load_plan(sessions_dir / f"{name}.toml", validate)
    assert plan.name == name
    assert plan.module == SHIPPED[name]
    assert (plan.start, plan.end) == ("09:00", "15:00")
    kinds = [item.type for item in plan.items]
    assert kinds[0] == "welcome"
    assert kinds[-1] == "summary"
    assert {"talk", "break", "breakout", "mapping"} <= set(kinds)
    assert any(i.title == "Lunsj" and i.start == "11:30" for i in plan.items)
    assert any(i.title.startswith("Gruppearbeid i ledergruppen") for i in plan.items)
    assert all(item.notes for item in plan.items)


def test_list_plans_sorted_by_name(sessions_dir, validate):
    plans = list_plans(sessions_dir, validate)
    assert [p.name for p in plans] == list(SHIPPED)
    assert {i.activity for p in plans for i in p.items if i.activity} == ALL_KINDS


def test_module_1_runs_every_kind_and_the_word_cloud(sessions_dir, validate):
    plan = load_plan(sessions_dir / "modul-1-organisasjon.toml", validate)
    assert {i.activity for i in plan.items if i.activity} == ALL_KINDS
    cloud = next(i for i in plan.items if i.activity == "wordcloud")
    assert (cloud.title, cloud.start, cloud.end) == ("Lederegenskaper", "09:40", "09:55")
    assert cloud.definition == {"question": LEDEREGENSKAPER, "max_entries": 3, "max_length": 40}


def test_minimal_plan(write_plan, validate):
    path = write_plan(
        HEAD + TALK + '[[items]]\ntype = "break"\ntitle = "Pause"\nstart = "09:45"\nduration = 15\n'
    )
    plan = load_plan(path, validate)
    assert plan.description == ""
    assert [(i.title, i.start, i.end, i.notes, i.activity) for i in plan.items] == [
        ("Innlegg", "09:00", "09:30", "", None),
        ("Pause", "09:45", "10:00", "", None),
    ]


# --- errors -----------------------------------------------------------------


def test_toml_syntax_error(write_plan, validate):
    path = write_plan(HEAD + '[[items]]\ntype = "talk"\ntitle = Innlegg\n')
    error = load_error(path, validate)
    assert (error.file, error.line, error.field) == (path, 5, "")
    assert str(error) == f"{path}, line 5: TOML syntax error: Invalid value"


def test_unterminated_string_points_at_its_start(write_plan, validate):
    path = write_plan(HEAD + '[[items]]\nnotes = """\nnever closed\n\n')
    error = load_error(path, validate)
    assert error.line == 4
    assert "Unterminated string" in str(error)


def test_missing_plan_field(write_plan, validate):
    path = write_plan('module = 1\n[[items]]\ntype = "talk"\n')
    assert str(load_error(path, validate)) == f"{path}, field 'title': is required"


def test_missing_item_field(write_plan, validate):
    path = write_plan(HEAD + '\n[[items]]\ntype = "talk"\ntitle = "Innlegg"\nduration = 30\n')
    error = load_error(path, validate)
    assert (error.line, error.item, error.field) == (4, 1, "start")
    assert str(error) == f"{path}, line 4, item 1 'Innlegg', field 'start': is required"


@pytest.mark.parametrize("start", ['"9:40"', '"24:00"', '"09:60"', '"kl 10"', "09:40:00"])
def test_bad_time(write_plan, validate, start):
    path = write_plan(
        HEAD + f'[[items]]\ntype = "talk"\ntitle = "Innlegg"\nstart = {start}\nduration = 30\n'
    )
    error = load_error(path, validate)
    assert (error.line, error.field) == (6, "start")
    assert str(error).startswith(
        f"{path}, line 6, item 1 'Innlegg', field 'start': must be a time \"HH:MM\""
    )


def test_overlap(write_plan, validate):
    path = write_plan(
        HEAD + TALK + '[[items]]\ntype = "break"\ntitle = "Pause"\nstart = "09:20"\nduration = 15\n'
    )
    assert str(load_error(path, validate)) == (
        f"{path}, line 11, item 2 'Pause', field 'start': starts at 09:20,"
        " before the previous item 'Innlegg' (09:00-09:30) ends"
    )


def test_unknown_key(write_plan, validate):
    path = write_plan(HEAD + '[[items]]\ntype = "talk"\ntitel = "Innlegg"\n')
    assert str(load_error(path, validate)) == (
        f"{path}, line 5, item 1, field 'titel': unknown key 'titel' (did you mean 'title'?)"
    )


def test_unknown_top_level_key(write_plan, validate):
    path = write_plan(HEAD + "modul = 2\n")
    assert str(load_error(path, validate)) == (
        f"{path}, line 3, field 'modul': unknown key 'modul' (did you mean 'module'?)"
    )


@pytest.mark.parametrize(
    "duration, message",
    [
        ("0", "must be a whole number of minutes from 1 to 360, not 0"),
        ("361", "must be a whole number of minutes from 1 to 360, not 361"),
        ('"30"', "must be a whole number of minutes from 1 to 360, not '30'"),
        ("120", "the item would end at 24:30, after 24:00"),
    ],
)
def test_duration(write_plan, validate, duration, message):
    path = write_plan(
        HEAD + f'[[items]]\ntype = "talk"\ntitle = "Sent"\nstart = "22:30"\nduration = {duration}\n'
    )
    assert str(load_error(path, validate)) == (
        f"{path}, line 7, item 1 'Sent', field 'duration': {message}"
    )


def test_bad_module(write_plan, validate):
    path = write_plan('title = "Testdag"\nmodule = 5\n')
    assert str(load_error(path, validate)) == (
        f"{path}, line 2, field 'module': must be a whole number from 1 to 4, not 5"
    )


ORDSKY = """\
title = "Testdag"
module = 1

[[items]]
type = "activity"
title = "Ordsky"
start = "09:00"
duration = 10
notes = \"\"\"
Notater
\"\"\"

[items.activity]
kind = "{kind}"
question = "Hva tar du med deg?"
options = ["bare én"]
"""


def test_bad_activity_definition(write_plan, validate):
    path = write_plan(ORDSKY.format(kind="choice"))
    error = load_error(path, validate)
    assert (error.file, error.line, error.field) == (path, 16, "activity.options")
    assert str(error) == (
        f"{path}, line 16, item 1 'Ordsky', field 'activity.options': must have 2 to 12 entries"
    )


def test_unknown_field_in_activity(write_plan, validate):
    path = write_plan(ORDSKY.format(kind="wordcloud"))
    assert str(load_error(path, validate)) == (
        f"{path}, line 16, item 1 'Ordsky', field 'activity.options': unknown field; "
        "expected one of question, max_entries, max_length")


def test_unknown_activity_kind(write_plan, validate):
    path = write_plan(ORDSKY.format(kind="wordclod"))
    assert str(load_error(path, validate)) == (
        f"{path}, line 14, item 1 'Ordsky', field 'activity.kind': unknown activity kind 'wordclod'"
    )


def test_activity_required_for_mapping(write_plan, validate):
    path = write_plan(
        HEAD
        + '[[items]]\ntype = "mapping"\ntitle = "Kartlegging"\nstart = "12:15"\nduration = 30\n'
    )
    assert str(load_error(path, validate)) == (
        f"{path}, line 3, item 1 'Kartlegging', field 'activity':"
        " is required for an item of type 'mapping': add an [items.activity] table"
    )


def test_break_cannot_carry_activity(write_plan, validate):
    path = write_plan(
        HEAD
        + '[[items]]\ntype = "break"\ntitle = "Pause"\nstart = "10:00"\nduration = 15\n'
        + '[items.activity]\nkind = "qa"\nquestion = "Spørsmål?"\n'
    )
    assert str(load_error(path, validate)) == (
        f"{path}, line 8, item 1 'Pause', field 'activity':"
        " an item of type 'break' cannot carry an activity"
    )


def test_list_plans_stops_at_first_malformed(tmp_path, write_plan, validate):
    write_plan(HEAD + TALK, "a.toml")
    bad = write_plan('title = "Uten modul"\n', "b.toml")
    with pytest.raises(PlanError) as error:
        list_plans(tmp_path, validate)
    assert error.value.file == bad
