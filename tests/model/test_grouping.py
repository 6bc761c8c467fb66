from collections import Counter

import pytest

from facilitate.model.grouping import Group, Seat, form, mixed_name, place

TOWNS = {1: "Stavanger", 2: "Sola", 3: "Hå", 4: "Klepp"}


def seats(*counts: int) -> list[Seat]:
    """counts[i] devices from municipality i + 1, device ids counting up."""
    found, device = [], 100
    for municipality, count in enumerate(counts, start=1):
        for _ in range(count):
            found.append(Seat(device, municipality))
            device += 1
    return found


def test_by_municipality_each_leadership_group_is_its_own_group():
    groups = form("municipality", seats(3, 2, 0, 1), TOWNS)
    assert [(g.name, g.municipality_id, g.members) for g in groups] == [
        ("Stavanger", 1, (100, 101, 102)), ("Sola", 2, (103, 104)), ("Hå", 3, ()),
        ("Klepp", 4, (105,))]
    assert [g.position for g in groups] == [0, 1, 2, 3]


def test_mixed_groups_are_balanced_and_spread_each_municipality():
    present = seats(6, 5, 4, 3)  # 18 devices
    groups = form("mixed", present, TOWNS, group_size=6)
    assert [g.name for g in groups] == ["Gruppe 1", "Gruppe 2", "Gruppe 3"]
    sizes = [len(g.members) for g in groups]
    assert sizes == [6, 6, 6]
    home = {seat.device_id: seat.municipality_id for seat in present}
    for group in groups:
        spread = Counter(home[d] for d in group.members)
        assert max(spread.values()) <= 2  # Stavanger's 6 go 2 to each group
        assert len(spread) >= 3
    assert sorted(d for g in groups for d in g.members) == [s.device_id for s in present]


def test_mixed_groups_differ_by_at_most_one_and_the_count_follows_the_size():
    groups = form("mixed", seats(5, 4, 2), TOWNS, group_size=4)  # 11 / 4 -> 3 groups
    assert sorted(len(g.members) for g in groups) == [3, 4, 4]
    assert len(form("mixed", seats(2), TOWNS, group_size=6)) == 1
    assert form("mixed", [], TOWNS, group_size=4) == []


def test_mixed_groups_are_the_same_for_the_same_devices_in_any_order():
    present = seats(4, 3, 3, 2)
    assert form("mixed", present, TOWNS, 4) == form("mixed", list(reversed(present)), TOWNS, 4)


def test_chosen_groups_are_the_names_given_with_nobody_in_them():
    groups = form("chosen", seats(3), TOWNS, names=["Helse", "Oppvekst"])
    assert [(g.name, g.members) for g in groups] == [("Helse", ()), ("Oppvekst", ())]


def test_unknown_grouping_is_an_error():
    with pytest.raises(ValueError):
        form("random", [], TOWNS)
    with pytest.raises(ValueError):
        place("random", Seat(1, 1), [], TOWNS)


def test_a_late_joiner_goes_to_its_municipalitys_group_or_a_new_one():
    groups = [Group(0, "Stavanger", 1, (100,)), Group(1, "Sola", 2, ())]
    assert place("municipality", Seat(200, 2), groups, TOWNS).position == 1
    new = place("municipality", Seat(201, 4), groups, TOWNS).new_group
    assert (new.position, new.name, new.municipality_id, new.members) == (2, "Klepp", 4, (201,))


def test_a_late_joiner_in_mixed_groups_fills_the_smallest_with_fewest_of_its_own():
    groups = [Group(0, "Gruppe 1", None, (1, 2, 3)), Group(1, "Gruppe 2", None, (4, 5)),
              Group(2, "Gruppe 3", None, (6, 7))]
    home = {1: 1, 2: 2, 3: 3, 4: 1, 5: 2, 6: 3, 7: 4}
    # Groups 2 and 3 are smallest; group 2 already has a Stavanger member.
    assert place("mixed", Seat(8, 1), groups, TOWNS, 3, home).position == 2
    assert place("mixed", Seat(8, 4), groups, TOWNS, 3, home).position == 1


def test_a_late_joiner_opens_a_new_mixed_group_when_every_group_is_full():
    full = [Group(0, "Gruppe 1", None, tuple(range(6)))]
    placed = place("mixed", Seat(99, 1), full, TOWNS, group_size=4)
    assert placed.new_group == Group(1, mixed_name(2), None, (99,))
    assert place("mixed", Seat(99, 1), [], TOWNS, 4).new_group.name == "Gruppe 1"


def test_in_chosen_groups_a_late_joiner_picks_for_itself():
    assert place("chosen", Seat(1, 1), [Group(0, "Helse")], TOWNS) is None
