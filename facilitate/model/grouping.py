"""How breakout groups form: pure rules over plain data, no I/O.

Three ways, named in a board's definition (`grouping`):

- ``municipality`` (the default): each municipality's leadership group is a
  group of its own, one group per municipality in the gathering;
- ``mixed``: municipalities spread across groups of about ``group_size``.
  The devices are dealt round-robin, the largest municipality first, so the
  members of one municipality land in different groups and no two groups
  differ by more than one member. The same devices always give the same
  groups;
- ``chosen``: the groups are a list of names; each participant picks one.

A phone that joins after the groups formed lands by the same rule
(`place`). The facilitator can move anyone; that is not a rule, it is the
facilitator's call (live/breakouts.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

GROUPINGS = ("municipality", "mixed", "chosen")
# A late joiner in a mixed breakout goes to the smallest group unless that
# would make it more than this many times group_size: then a group of its own.
MIXED_OVERFLOW = 1.5


@dataclass(frozen=True)
class Seat:
    """A device to seat, and the municipality it answers for."""

    device_id: int
    municipality_id: int


@dataclass(frozen=True)
class Group:
    """A group as formed: a position (its order on screens), a name, the
    municipality it stands for (municipality groups only) and its members."""

    position: int
    name: str
    municipality_id: int | None = None
    members: tuple[int, ...] = field(default=())


def mixed_name(number: int) -> str:
    """Mixed groups are numbered; the name is data shown to everyone (bokmål)."""
    return f"Gruppe {number}"


def form(grouping: str, seats: Iterable[Seat], municipalities: dict[int, str],
         group_size: int = 4, names: Sequence[str] = ()) -> list[Group]:
    """The groups for the devices present when the breakout starts.

    `municipalities` is the gathering's, in its order (id -> name). A device
    of a municipality not in it (should not happen: the join form offers
    only the gathering's) still gets a group of its own."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}; expected one of {', '.join(GROUPINGS)}")
    seats = sorted(set(seats), key=lambda seat: seat.device_id)
    if grouping == "chosen":
        return [Group(position, name) for position, name in enumerate(names)]
    if grouping == "municipality":
        by_municipality: dict[int, list[int]] = defaultdict(list)
        for seat in seats:
            by_municipality[seat.municipality_id].append(seat.device_id)
        order = list(municipalities) + sorted(set(by_municipality) - set(municipalities))
        return [Group(position, municipalities.get(mid, str(mid)), mid,
                      tuple(by_municipality.get(mid, ())))
                for position, mid in enumerate(order)]
    if group_size < 1:
        raise ValueError("group_size must be at least 1")
    if not seats:
        return []
    count = max(1, round(len(seats) / group_size))
    # Largest municipality first, each municipality's devices together: dealt
    # round-robin, they fall into consecutive, hence different, groups.
    sizes = Counter(seat.municipality_id for seat in seats)
    dealt = sorted(seats, key=lambda seat: (-sizes[seat.municipality_id], seat.municipality_id,
                                            seat.device_id))
    members: list[list[int]] = [[] for _ in range(count)]
    for index, seat in enumerate(dealt):
        members[index % count].append(seat.device_id)
    return [Group(position, mixed_name(position + 1), None, tuple(sorted(group)))
            for position, group in enumerate(members)]


@dataclass(frozen=True)
class Placed:
    """Where a late joiner goes: an existing group's position, or a new group."""

    position: int | None = None
    new_group: Group | None = None


def place(grouping: str, seat: Seat, groups: Sequence[Group], municipalities: dict[int, str],
          group_size: int = 4, home: dict[int, int] | None = None) -> Placed | None:
    """Where a device that has no group yet lands, by the breakout's rule;
    None when the participant must choose (``chosen``). `home` says which
    municipality each present member answers for (mixed groups only).

    - municipality: its municipality's group (a new one if there is none);
    - mixed: the smallest group, then the one with the fewest members of
      its municipality, then the first; a new group when even the smallest
      would grow past MIXED_OVERFLOW x group_size (or when there is none)."""
    if grouping not in GROUPINGS:
        raise ValueError(f"unknown grouping {grouping!r}")
    next_position = max((group.position for group in groups), default=-1) + 1
    if grouping == "chosen":
        return None
    if grouping == "municipality":
        found = next((g for g in groups if g.municipality_id == seat.municipality_id), None)
        if found is not None:
            return Placed(position=found.position)
        name = municipalities.get(seat.municipality_id, str(seat.municipality_id))
        return Placed(new_group=Group(next_position, name, seat.municipality_id, (seat.device_id,)))
    home = home or {}

    def same_municipality(group: Group) -> int:
        return sum(1 for member in group.members if home.get(member) == seat.municipality_id)

    if groups:
        best = min(groups, key=lambda g: (len(g.members), same_municipality(g), g.position))
        if len(best.members) + 1 <= MIXED_OVERFLOW * group_size:
            return Placed(position=best.position)
    return Placed(new_group=Group(next_position, mixed_name(len(groups) + 1), None,
                                  (seat.device_id,)))


__all__ = ["GROUPINGS", "Group", "Placed", "Seat", "form", "mixed_name", "place"]
