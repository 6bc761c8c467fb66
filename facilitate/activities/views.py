"""Results of one activity for the whole room or split by municipality.

Answers are shown per municipality, never per person. Suppressing each view's
small groups on its own is not enough: the room sees several views of one
item ("all", "by_municipality", "versus" for each focus), and subtracting one
from another could isolate a small group (all - versus Sola - versus Randaberg
= Stavanger's lone answer). So every view is cut from ONE partition of the
devices that answered, a pure function of how many devices answered from each
municipality (see `partition`, and docs/SUPPRESSION.md):

- a municipality with at least `min_group` devices is a block of its own
  ("shown"), unless it is one of `never_alone`: a municipality expected to
  bring fewer than `min_group` participants is always pooled, however many
  phones claim it (extra phones could be fakes, see docs/SECURITY.md);
- every other device (small municipalities, devices of a municipality outside
  the gathering) goes into one pooled block, "others";
- if the pool holds 1..min_group-1 devices (not counting never-alone
  municipalities' devices), the smallest shown municipality is pooled too
  (one is enough: it alone has min_group devices);
- the whole room is shown only with 0 or at least `min_group` devices.

Every number a view shows is a tally over a union of whole blocks, and every
block has at least `min_group` devices, so no combination of views, in any
order and with answers changed in between, narrows a result down to fewer
than `min_group` devices.
"""

from __future__ import annotations

from dataclasses import dataclass

from .base import ActivityKind, ActivityState, Response

MODES = ("all", "by_municipality", "versus")
OTHERS = "others"


@dataclass(frozen=True)
class Partition:
    """Which devices form which block. `home` maps each device that answered to
    the municipality it answers for; `shown` are the municipalities that are
    blocks of their own, `pool` the devices of the "others" block."""

    home: dict[int, int]
    members: dict[int, frozenset[int]]  # the devices of each municipality in the gathering
    shown: frozenset[int]
    pool: frozenset[int]

    def devices_of(self, municipality_id: int) -> frozenset[int]:
        return self.members.get(municipality_id, frozenset())


def partition(responses: list[Response], municipalities: dict[int, str],
              min_group: int, never_alone: frozenset[int] = frozenset()) -> Partition:
    """The blocks every view is cut from. Depends only on which devices answered
    for which municipality (and on `never_alone`, the municipalities that are
    always pooled), never on the answers or on which view came first."""
    home: dict[int, int] = {}
    # A device answers for one municipality; should its responses disagree
    # (it changed municipality), its latest response decides, for all of them.
    for response in sorted(responses, key=lambda r: r.id):
        home[response.device_id] = response.municipality_id
    found: dict[int, set[int]] = {mid: set() for mid in municipalities}
    for device, mid in home.items():
        if mid in found:
            found[mid].add(device)
    members = {mid: frozenset(devices) for mid, devices in found.items()}
    shown = {mid for mid, devices in members.items()
             if len(devices) >= min_group and mid not in never_alone}
    pooled = {device for device, mid in home.items() if mid not in shown}
    # A never-alone municipality's phones beyond its expected number may be
    # fakes whose answers the attacker knows: they do not make the pool big
    # enough on their own. Without the set, `credible` is the whole pool.
    credible = {device for device in pooled if home[device] not in never_alone}
    if pooled and len(credible) < min_group and shown:
        smallest = min(shown, key=lambda mid: (len(members[mid]), mid))
        shown.remove(smallest)
        pooled |= members[smallest]
    return Partition(home, members, frozenset(shown), frozenset(pooled))


def versus_choices(responses: list[Response], municipalities: dict[int, str],
                   min_group: int, never_alone: frozenset[int] = frozenset()) -> list[int]:
    """The municipalities a versus view may focus on: those shown on their own,
    in the order of `municipalities`. Any other focus gives a suppressed view."""
    shown = partition(responses, municipalities, min_group, never_alone).shown
    return [mid for mid in municipalities if mid in shown]


def describe(kind: ActivityKind, definition: dict, responses: list[Response],
             state: ActivityState, mode: str, municipalities: dict[int, str], min_group: int,
             focus: int | None = None, never_alone: frozenset[int] = frozenset()) -> dict:
    """The tally of each group in the view `mode`; ValueError for an unknown
    mode, or a versus view whose focus is not one of `municipalities`.

    A versus view whose focus is a municipality that is not shown on its own
    (see `versus_choices`) has both sides suppressed rather than an error:
    which municipalities are shown changes as answers arrive, and a view the
    facilitator chose earlier must not break the live results."""
    if mode not in MODES:
        raise ValueError(f"unknown view mode {mode!r}; expected one of {', '.join(MODES)}")
    if mode == "versus" and (focus is None or focus not in municipalities):
        raise ValueError(f"versus needs a focus among the municipalities, not {focus!r}")
    blocks = partition(responses, municipalities, min_group, never_alone)
    everyone = frozenset(blocks.home)

    def group(key: str, municipality_id: int | None, label: str,
              devices: frozenset[int] | None) -> dict:
        # devices None: suppressed whatever its size. Only shown groups are
        # tallied: suppressed answers never reach a result.
        shown = devices is not None
        return {
            "key": key,
            "municipality_id": municipality_id,
            "label": label,
            "n": len(devices) if shown else None,
            "suppressed": not shown,
            "result": kind.tally(definition, [r for r in responses if r.device_id in devices],
                                 state) if shown else None,
        }

    if mode == "all":
        # A room of 1..min_group-1 devices is suppressed too: each of them knows
        # their own answer, so the total would tell them the others'. Answers
        # meant for the room (Q&A questions) are the exception.
        room_shown = len(everyone) == 0 or len(everyone) >= min_group or kind.public_answers
        groups = [group("all", None, "all", everyone if room_shown else None)]
    elif mode == "by_municipality":
        # Only municipalities someone answered for: one with nobody present
        # gets no card (a card held back says "some, but too few").
        groups = [group(f"m:{mid}", mid, name,
                        blocks.devices_of(mid) if mid in blocks.shown else None)
                  for mid, name in municipalities.items() if blocks.devices_of(mid)]
        if blocks.pool:
            groups.append(group(OTHERS, None, OTHERS,
                                blocks.pool if len(blocks.pool) >= min_group else None))
    else:
        assert focus is not None
        allowed = focus in blocks.shown
        rest = everyone - blocks.devices_of(focus)
        # rest is whole blocks: 0 or at least min_group devices.
        groups = [group(f"m:{focus}", focus, municipalities[focus],
                        blocks.devices_of(focus) if allowed else None),
                  group("rest", None, "rest", rest if allowed and rest else None)]
    return {
        "mode": mode,
        "min_group": min_group,
        "respondents": len(everyone),
        "groups": groups,
    }


__all__ = ["MODES", "OTHERS", "Partition", "describe", "partition", "versus_choices"]
