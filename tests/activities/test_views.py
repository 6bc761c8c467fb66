import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, Response
from facilitate.activities.choice import ChoiceKind
from facilitate.activities.views import describe, versus_choices

kind = ChoiceKind()
POLL = kind.validate_definition({"question": "Ja eller nei?", "options": ["Ja", "Nei"]})
MUNICIPALITIES = {1: "Bergen", 2: "Voss", 3: "Askøy", 4: "Os"}


def room(*counts_per_municipality):
    """Responses: (municipality id, number of devices) pairs, all answering "Ja"."""
    responses = []
    for municipality_id, devices in counts_per_municipality:
        for _ in range(devices):
            n = len(responses) + 1
            responses.append(Response(n, n, municipality_id, "", [0]))
    return responses


def view(responses, mode, min_group=3, focus=None, municipalities=MUNICIPALITIES):
    return describe(kind, POLL, responses, ActivityState(), mode, municipalities, min_group,
                    focus)


def summary(described):
    return [(g["key"], g["label"], g["n"], g["suppressed"],
             g["result"]["counts"] if g["result"] else None) for g in described["groups"]]


def test_all_shows_the_room_from_min_group_devices():
    described = view(room((1, 3)), "all")
    assert described == {"mode": "all", "min_group": 3, "respondents": 3, "groups": [
        {"key": "all", "municipality_id": None, "label": "all", "n": 3, "suppressed": False,
         "result": {"respondents": 3, "counts": [3, 0]}}]}


def test_all_is_suppressed_for_a_room_below_min_group():
    # Two phones: each knows its own answer, so the total would give the other's.
    described = view(room((1, 2)), "all")
    assert described["respondents"] == 2
    assert summary(described) == [("all", "all", None, True, None)]


def test_an_empty_room_shows_an_empty_total():
    assert summary(view([], "all")) == [("all", "all", 0, False, [0, 0])]


def test_by_municipality_pools_small_groups_into_others():
    described = view(room((1, 4), (2, 2), (3, 1), (4, 5)), "by_municipality")
    assert described["respondents"] == 12
    assert summary(described) == [
        ("m:1", "Bergen", 4, False, [4, 0]),
        ("m:2", "Voss", None, True, None),  # 2 answers: neither count nor result shown
        ("m:3", "Askøy", None, True, None),
        ("m:4", "Os", 5, False, [5, 0]),
        ("others", "others", 3, False, [3, 0]),  # Voss and Askøy together
    ]
    assert described["groups"][-1]["municipality_id"] is None


def test_no_others_group_when_nothing_is_pooled():
    described = view(room((1, 4), (4, 5)), "by_municipality")
    assert [g["key"] for g in described["groups"]] == ["m:1", "m:4"]


def test_a_small_pool_takes_in_the_smallest_shown_municipality():
    # Voss's 2 answers alone would be "all minus the three shown": Askøy (the
    # smallest shown) joins them in "others".
    described = view(room((1, 4), (2, 2), (3, 3), (4, 5)), "by_municipality")
    assert summary(described) == [
        ("m:1", "Bergen", 4, False, [4, 0]),
        ("m:2", "Voss", None, True, None),
        ("m:3", "Askøy", None, True, None),
        ("m:4", "Os", 5, False, [5, 0]),
        ("others", "others", 5, False, [5, 0]),
    ]


def test_a_small_group_is_only_ever_tallied_inside_a_pool_of_min_group():
    tallied = []

    class Spy(ChoiceKind):
        def tally(self, definition, responses, state):
            tallied.append([r.municipality_id for r in responses])
            return super().tally(definition, responses, state)

    for mode, focus in [("all", None), ("by_municipality", None), ("versus", 1),
                        ("versus", 2), ("versus", 3)]:
        describe(Spy(), POLL, room((1, 4), (2, 2), (3, 5)), ActivityState(), mode,
                 MUNICIPALITIES, 3, focus)
    assert [2, 2] not in tallied
    assert all(len(ids) >= 3 for ids in tallied)


def test_a_lone_small_group_cannot_be_worked_out_by_subtraction():
    # Bergen shown alone would give Voss's 2 answers as "all minus Bergen".
    described = view(room((1, 4), (2, 2)), "by_municipality")
    assert summary(described) == [
        ("m:1", "Bergen", None, True, None),
        ("m:2", "Voss", None, True, None),
        ("others", "others", 6, False, [6, 0]),
    ]


def test_municipalities_nobody_answered_for_get_no_card():
    described = view(room((1, 3)), "by_municipality")
    assert [(g["key"], g["n"]) for g in described["groups"]] == [("m:1", 3)]


def test_versus_compares_one_municipality_with_the_rest():
    described = view(room((1, 3), (2, 2), (3, 2)), "versus", focus=1)
    assert described["mode"] == "versus"
    assert summary(described) == [
        ("m:1", "Bergen", 3, False, [3, 0]),
        ("rest", "rest", 4, False, [4, 0]),
    ]
    assert described["groups"][1]["municipality_id"] is None


def test_versus_suppresses_both_sides_when_the_focus_is_small():
    described = view(room((1, 2), (2, 5)), "versus", focus=1)
    assert summary(described) == [("m:1", "Bergen", None, True, None),
                                  ("rest", "rest", None, True, None)]


def test_versus_with_a_silent_focus_shows_nothing():
    described = view(room((2, 5)), "versus", focus=1)
    assert summary(described) == [("m:1", "Bergen", None, True, None),
                                  ("rest", "rest", None, True, None)]


def test_versus_with_a_pooled_focus_shows_nothing():
    # Bergen has 3 answers but is pooled with Voss's 1 to make "others" 4.
    described = view(room((1, 3), (2, 1), (3, 5)), "versus", focus=1)
    assert summary(described) == [("m:1", "Bergen", None, True, None),
                                  ("rest", "rest", None, True, None)]


def test_versus_choices_are_the_municipalities_shown_on_their_own():
    assert versus_choices(room((1, 3), (2, 1), (3, 5), (4, 4)), MUNICIPALITIES, 3) == [3, 4]
    assert versus_choices(room((1, 3), (2, 3)), MUNICIPALITIES, 3) == [1, 2]
    assert versus_choices(room((1, 2)), MUNICIPALITIES, 3) == []
    assert versus_choices([], MUNICIPALITIES, 3) == []


def test_devices_are_counted_not_responses():
    same_device = [Response(n, 7, 1, f"k{n}", [0]) for n in range(5)]
    described = view(same_device, "by_municipality", min_group=2)
    assert described["respondents"] == 1
    assert described["groups"][0]["suppressed"] is True


@pytest.mark.parametrize(("mode", "focus"), [("per_person", None), ("versus", None),
                                             ("versus", 99)])
def test_bad_views_raise_value_error(mode, focus):
    with pytest.raises(ValueError):
        view(room((1, 3)), mode, focus=focus)


@settings(max_examples=200, deadline=None)
@given(sizes=st.lists(st.integers(0, 6), min_size=1, max_size=5),
       outsiders=st.integers(0, 3), min_group=st.integers(1, 5),
       mode=st.sampled_from(["by_municipality", "versus"]))
def test_no_small_group_can_be_seen_or_derived(sizes, outsiders, min_group, mode):
    municipalities = {index + 1: f"K{index + 1}" for index in range(len(sizes))}
    responses = room(*enumerate(sizes, start=1), (99, outsiders))
    described = view(responses, mode, min_group=min_group, focus=1,
                     municipalities=municipalities)
    shown = [g for g in described["groups"] if not g["suppressed"]]
    assert all(g["n"] >= min_group and g["result"] for g in shown)
    assert all(g["n"] is None and g["result"] is None
               for g in described["groups"] if g["suppressed"])
    if shown:  # else only the room total is known, as in the "all" view
        left_out = described["respondents"] - sum(g["n"] for g in shown)
        assert left_out == 0 or left_out >= min_group


def test_a_device_that_changed_municipality_counts_once_for_its_latest():
    # Device 1 answered one key for Bergen, then another for Voss: it belongs to
    # Voss only, with both its answers.
    responses = room((1, 4), (2, 2))
    responses.append(Response(100, 1, 2, "k2", [1]))
    described = view(responses, "by_municipality", min_group=3)
    assert described["respondents"] == 6
    assert summary(described) == [
        ("m:1", "Bergen", 3, False, [3, 0]),
        ("m:2", "Voss", 3, False, [3, 1]),
    ]
