"""Suppression holds across every view of an item, not view by view.

The attacker sees every number of every view the room is shown, in any
order, with single answers changed in between. For each shown group we
record which devices' answers went into it (a spy around the kind's tally).
Every number an attacker can derive is a linear combination of those groups,
so it is a sum over a union of "atoms": the classes of devices that fall in
exactly the same shown groups. If no atom has 1..min_group-1 devices, no
combination of views narrows any result down to fewer than min_group devices.
See docs/SUPPRESSION.md.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitate.activities.base import ActivityState, Response
from facilitate.activities.choice import ChoiceKind
from facilitate.activities.scale import ScaleKind
from facilitate.activities.views import describe, partition, versus_choices

CHOICE = ChoiceKind()
CHOICE_DEF = CHOICE.validate_definition(
    {"question": "Hva er viktigst?", "options": ["a", "b", "c", "d", "e", "f"]})
SCALE = ScaleKind()
SCALE_DEF = SCALE.validate_definition(
    {"question": "Hvor enig?", "statements": ["Data", "Ledelse"], "min": 1, "max": 5})


def spied(kind):
    """The kind, with each tally also naming the devices that went into it."""

    class Spy(type(kind)):
        def tally(self, definition, responses, state):
            result = super().tally(definition, responses, state)
            return dict(result, devices=frozenset(r.device_id for r in responses))

    return Spy()


def shown_sets(described) -> list[frozenset[int]]:
    sets = []
    for group in described["groups"]:
        if group["suppressed"]:
            assert group["n"] is None and group["result"] is None
            continue
        devices = group["result"]["devices"]
        assert group["n"] == len(devices)
        sets.append(devices)
    return sets


def small_atoms(sets: list[frozenset[int]], min_group: int) -> list[set[int]]:
    """The atoms of the set algebra the shown groups generate that hold
    1..min_group-1 devices. Devices in no shown group are never revealed."""
    signature: dict[int, tuple[bool, ...]] = {}
    for device in set().union(*sets):
        signature[device] = tuple(device in s for s in sets)
    atoms: dict[tuple[bool, ...], set[int]] = {}
    for device, key in signature.items():
        atoms.setdefault(key, set()).add(device)
    return [atom for atom in atoms.values() if len(atom) < min_group]


def every_view(municipalities):
    return [("all", None), ("by_municipality", None)] + [
        ("versus", mid) for mid in municipalities]


# --- the finding, literally --------------------------------------------------

ROGALAND = {1: "Stavanger", 2: "Sola", 3: "Randaberg"}


def rogaland_room():
    """Stavanger: 1 phone (option 4); Sola: 3 phones; Randaberg: 5 phones."""
    responses = [Response(1, 1, 1, "", [4])]
    responses += [Response(n, n, 2, "", [n % 3]) for n in range(2, 5)]
    responses += [Response(n, n, 3, "", [n % 4]) for n in range(5, 10)]
    return responses


def test_all_minus_two_versus_views_does_not_give_stavangers_lone_answer():
    responses = rogaland_room()
    kind = spied(CHOICE)

    def show(mode, focus=None):
        return describe(kind, CHOICE_DEF, responses, ActivityState(), mode, ROGALAND, 3, focus)

    room, sola, randaberg = show("all"), show("versus", 2), show("versus", 3)
    # The attack: all - (versus Sola's focus) - (versus Randaberg's focus).
    if not (sola["groups"][0]["suppressed"] or randaberg["groups"][0]["suppressed"]):
        left = [a - s - r for a, s, r in zip(room["groups"][0]["result"]["counts"],
                                             sola["groups"][0]["result"]["counts"],
                                             randaberg["groups"][0]["result"]["counts"],
                                             strict=True)]
        assert left != [0, 0, 0, 0, 1, 0], "Stavanger's lone answer is exposed"
    # And no other combination of any view does it either.
    sets = [s for mode, focus in every_view(ROGALAND) for s in shown_sets(show(mode, focus))]
    assert small_atoms(sets, 3) == []


def test_the_rogaland_room_pools_stavanger_with_sola():
    responses = rogaland_room()
    described = describe(CHOICE, CHOICE_DEF, responses, ActivityState(), "by_municipality",
                         ROGALAND, 3)
    assert [(g["key"], g["n"]) for g in described["groups"]] == [
        ("m:1", None), ("m:2", None), ("m:3", 5), ("others", 4)]
    assert described["groups"][-1]["result"]["counts"] == [1, 1, 1, 0, 1, 0]
    assert versus_choices(responses, ROGALAND, 3) == [3]


def test_a_municipality_expected_below_the_minimum_stays_pooled_whatever_joins():
    """Fake phones: Stavanger is expected to bring 1 leader, yet 3 phones
    (say 2 accepted by mistake) answer for it. It is never shown on its own,
    and its phones alone do not make the pooled "others" big enough (Sola
    joins it), so the fakes' known answers cannot be subtracted from a block
    to leave the real member's."""
    responses = rogaland_room() + [Response(n, n, 1, "", [0]) for n in (10, 11)]
    never = frozenset({1})
    kind = spied(CHOICE)
    by_municipality = describe(kind, CHOICE_DEF, responses, ActivityState(), "by_municipality",
                               ROGALAND, 3, never_alone=never)
    assert [(g["key"], g["n"]) for g in by_municipality["groups"]] == [
        ("m:1", None), ("m:2", None), ("m:3", 5), ("others", 6)]
    assert versus_choices(responses, ROGALAND, 3, never) == [3]
    versus = describe(kind, CHOICE_DEF, responses, ActivityState(), "versus", ROGALAND, 3, 1,
                      never_alone=never)
    assert all(group["suppressed"] for group in versus["groups"])
    # Without the rule, Stavanger's 3 phones would be a block of their own.
    assert 1 in partition(responses, ROGALAND, 3).shown


# --- the property ------------------------------------------------------------

sizes = st.lists(st.sampled_from([0, 0, 1, 1, 2, 2, 3, 4, 5, 7]), min_size=1, max_size=6)
kinds = st.sampled_from([(CHOICE, CHOICE_DEF), (SCALE, SCALE_DEF)])


def answer_for(kind, data):
    if kind is CHOICE:
        return [data.draw(st.integers(0, 5))]
    return data.draw(st.lists(st.integers(1, 5), min_size=2, max_size=2))


@settings(max_examples=300, deadline=None)
@given(sizes=sizes, outsiders=st.sampled_from([0, 0, 0, 1, 2]),
       min_group=st.sampled_from([1, 2, 3, 3, 3, 4, 5]), kind=kinds, data=st.data())
def test_no_sequence_of_views_and_changes_isolates_a_small_group(sizes, outsiders, min_group,
                                                                 kind, data):
    kind, definition = kind
    municipalities = {10 + index: f"K{index}" for index in range(len(sizes))}
    # Municipalities expected to bring fewer than min_group: never shown alone.
    never = frozenset(data.draw(st.sets(st.sampled_from(sorted(municipalities)))))
    homes = [mid for mid, size in zip(municipalities, sizes, strict=True) for _ in range(size)]
    homes += [99] * outsiders  # devices of a municipality outside the gathering
    answers = {device: answer_for(kind, data) for device in range(1, len(homes) + 1)}
    next_id = len(homes) + 1
    spy = spied(kind)
    views = every_view(municipalities)
    seen: list[frozenset[int]] = []

    steps = data.draw(st.lists(st.sampled_from(["view", "view", "change"]), min_size=1,
                               max_size=12))
    for step in steps:
        if step == "change" and answers:
            device = data.draw(st.sampled_from(sorted(answers)))
            answers[device] = answer_for(kind, data)
            next_id += 1
            continue
        responses = [Response(next_id + device, device, homes[device - 1], "", answer)
                     for device, answer in answers.items()]
        mode, focus = data.draw(st.sampled_from(views))
        described = describe(spy, definition, responses, ActivityState(), mode,
                             municipalities, min_group, focus, never_alone=never)
        assert described["respondents"] == len(answers)
        for group in described["groups"]:
            if group["municipality_id"] in never:
                assert group["suppressed"], (mode, focus, never)
        sets = shown_sets(described)
        # The shown numbers are the kind's own tally of those devices.
        for group, devices in zip([g for g in described["groups"] if not g["suppressed"]],
                                  sets, strict=True):
            mine = [r for r in responses if r.device_id in devices]
            expected = kind.tally(definition, mine, ActivityState())
            assert {k: v for k, v in group["result"].items() if k != "devices"} == expected
        if mode == "versus":
            allowed = versus_choices(responses, municipalities, min_group, never)
            assert not never & set(allowed)
            assert (not described["groups"][0]["suppressed"]) == (focus in allowed)
        seen += sets
        assert small_atoms(seen, min_group) == [], (mode, focus, sizes, min_group)

    # Whatever was not shown yet could be shown next: every view at once holds too.
    responses = [Response(device, device, homes[device - 1], "", answer)
                 for device, answer in answers.items()]
    for mode, focus in views:
        seen += shown_sets(describe(spy, definition, responses, ActivityState(), mode,
                                    municipalities, min_group, focus, never_alone=never))
    assert small_atoms(seen, min_group) == []
    # Phones of a never-alone municipality may be fakes whose answers the
    # attacker knows; the other devices of any atom still number 0 or at
    # least min_group, unless the whole room is one block (nothing shown alone).
    if partition(responses, municipalities, min_group, never).shown:
        home = dict(enumerate(homes, start=1))
        for atom in small_atoms(seen, 10**6):
            honest = [device for device in atom if home[device] not in never]
            assert len(honest) == 0 or len(honest) >= min_group, (atom, never, sizes)


@settings(max_examples=200, deadline=None)
@given(sizes=sizes, min_group=st.integers(1, 5), data=st.data())
def test_the_partition_depends_only_on_who_answered_for_whom(sizes, min_group, data):
    municipalities = {10 + index: f"K{index}" for index in range(len(sizes))}
    homes = [mid for mid, size in zip(municipalities, sizes, strict=True) for _ in range(size)]
    responses = [Response(device, device, home, "", [0])
                 for device, home in enumerate(homes, start=1)]
    shuffled = data.draw(st.permutations(responses))
    never = frozenset(data.draw(st.sets(st.sampled_from(sorted(municipalities)))))
    first, second = (partition(r, municipalities, min_group, never)
                     for r in (responses, shuffled))
    assert (first.shown, first.pool) == (second.shown, second.pool)
    assert not first.shown & never
    # Blocks: shown municipalities and the pool, each 0 or >= min_group devices,
    # unless the whole room is smaller than min_group.
    blocks = [first.devices_of(mid) for mid in first.shown] + [first.pool]
    assert Counter(d for block in blocks for d in block) == Counter(range(1, len(homes) + 1))
    if len(homes) >= min_group:
        assert all(len(block) == 0 or len(block) >= min_group for block in blocks)
