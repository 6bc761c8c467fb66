"""Results of one activity for the whole room or split by municipality.

Answers are shown per municipality, never per person, so a group with fewer
than `min_group` devices is suppressed: neither its count nor a result
computed from its answers leaves this module.

Suppressing the small groups alone is not enough. The whole-room result is
always available (mode "all"), so if every group but one small one were shown,
the small one could be worked out by subtraction. Unless the caller turns
`protect_complement` off, shown groups are therefore suppressed too (smallest
first) until the devices left out of all shown groups number 0 or at least
`min_group`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import ActivityKind, ActivityState, Response
from .shared import count_devices

MODES = ("all", "by_municipality", "versus")


@dataclass
class _Group:
    key: str
    municipality_id: int | None
    label: str
    responses: list[Response] = field(default_factory=list)


def describe(kind: ActivityKind, definition: dict, responses: list[Response],
             state: ActivityState, mode: str, municipalities: dict[int, str], min_group: int,
             focus: int | None = None, *, protect_complement: bool = True) -> dict:
    """The tally of each group in the view `mode`; ValueError for an unknown
    mode, or a versus view whose focus is not one of `municipalities`."""
    groups, owners = _split(mode, responses, municipalities, focus)
    sizes = [count_devices(group.responses) for group in groups]
    if mode == "all":
        shown = {0}  # the room sees its own total
    else:
        shown = {index for index, size in enumerate(sizes) if size >= min_group}
        if protect_complement:
            _protect_complement(shown, sizes, responses, owners, min_group)
    return {
        "mode": mode,
        "min_group": min_group,
        "respondents": count_devices(responses),
        "groups": [
            {
                "key": group.key,
                "municipality_id": group.municipality_id,
                "label": group.label,
                "n": sizes[index] if index in shown else None,
                "suppressed": index not in shown,
                # Only computed for shown groups: suppressed answers never reach a tally.
                "result": kind.tally(definition, group.responses, state)
                if index in shown else None,
            }
            for index, group in enumerate(groups)
        ],
    }


def _split(mode: str, responses: list[Response], municipalities: dict[int, str],
           focus: int | None) -> tuple[list[_Group], list[int | None]]:
    """The groups of a view, and for each response the index of its group
    (None for a municipality outside the view)."""
    if mode == "all":
        groups = [_Group("all", None, "all")]
        owner_of = {}
        default: int | None = 0
    elif mode == "by_municipality":
        groups = [_Group(f"m:{mid}", mid, name) for mid, name in municipalities.items()]
        owner_of = {mid: index for index, mid in enumerate(municipalities)}
        default = None
    elif mode == "versus":
        if focus is None or focus not in municipalities:
            raise ValueError(f"versus needs a focus among the municipalities, not {focus!r}")
        groups = [_Group(f"m:{focus}", focus, municipalities[focus]),
                  _Group("rest", None, "rest")]
        owner_of = {focus: 0}
        default = 1
    else:
        raise ValueError(f"unknown view mode {mode!r}; expected one of {', '.join(MODES)}")
    owners = [owner_of.get(response.municipality_id, default) for response in responses]
    for response, owner in zip(responses, owners, strict=True):
        if owner is not None:
            groups[owner].responses.append(response)
    return groups, owners


def _protect_complement(shown: set[int], sizes: list[int], responses: list[Response],
                        owners: list[int | None], min_group: int) -> None:
    """Suppress shown groups until the devices outside them are 0 or >= min_group."""
    while shown:
        left_out = {response.device_id
                    for response, owner in zip(responses, owners, strict=True)
                    if owner not in shown}
        if not left_out or len(left_out) >= min_group:
            return
        shown.remove(min(shown, key=lambda index: (sizes[index], -index)))
