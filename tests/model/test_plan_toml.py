"""A plan written back as TOML reads as the same plan."""

import tomllib

from hypothesis import given
from hypothesis import strategies as st

from facilitate.model.plan_toml import dump_plan, string, value
from facilitate.plans import load_plans, load_text


def test_every_shipped_plan_survives_the_round_trip(sessions_dir):
    for plan in load_plans(sessions_dir):
        items = [{"type": i.type, "title": i.title, "start": i.start, "duration": i.duration,
                  "notes": i.notes, "activity": i.activity, "definition": i.definition,
                  "reveal": i.reveal}
                 for i in plan.items]
        again = load_text(dump_plan(plan.title, plan.module, plan.description, items), "x")
        assert again.items == plan.items
        assert [i.definition for i in again.items] == [i.definition for i in plan.items]
        assert (again.title, again.module, again.description) == \
            (plan.title, plan.module, plan.description)


@given(st.text())
def test_any_text_is_written_as_a_toml_string_that_reads_back(text):
    assert tomllib.loads(f"a = {string(text)}\n")["a"] == text


@given(st.recursive(st.booleans() | st.integers(-10**15, 10**15) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=8))
def test_any_value_a_definition_holds_reads_back(data):
    assert tomllib.loads(f"a = {value(data)}\n")["a"] == data
