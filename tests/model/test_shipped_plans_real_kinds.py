from facilitate.activities import get_kind
from facilitate.model.session_plan import list_plans


def real_validate(kind: str, definition: dict) -> dict:
    return get_kind(kind).validate_definition(definition)


def test_every_shipped_plan_passes_the_real_activity_kinds(sessions_dir):
    plans = list_plans(sessions_dir, real_validate)
    assert len(plans) == 4
    cloud = next(i for i in plans[0].items if i.activity == "wordcloud")
    assert cloud.definition["max_entries"] == 3
