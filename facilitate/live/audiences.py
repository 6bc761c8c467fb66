"""Fan-out by audience. An audience is (gathering, role, group): everyone in
a role (console, presenter, phone), or the phones of one group inside the
gathering. A group is a municipality ("m:<id>"), a breakout group ("b:<id>",
see live/breakouts.py) or one device ("d:<id>", to tell one phone to sync
after the facilitator moved it). Each audience is one Socket.IO room, so a
message for one group never reaches another group's phones, whichever
process holds the socket."""

from __future__ import annotations

from dataclasses import dataclass

from ..store import groups
from .callers import Caller


@dataclass(frozen=True)
class Audience:
    gathering_id: int
    role: str
    group: str | None = None

    @property
    def room(self) -> str:
        base = f"gathering:{self.gathering_id}:{self.role}"
        return f"{base}:{self.group}" if self.group else base


def municipality_group(municipality_id: int) -> str:
    return f"m:{municipality_id}"


def device_group(device_id: int) -> str:
    return f"d:{device_id}"


def breakout_group(group_id: int) -> str:
    return f"b:{group_id}"


def audiences_of(caller: Caller, db=None) -> list[Audience]:
    """Every audience a connection belongs to: its role's, and for a phone its
    municipality's, its own device's and, read from the store when `db` is
    given, each breakout group it is in. A phone is in one group per board
    item and joins all of their rooms, so its rooms need not change when the
    agenda moves; the state and results of the current board go to the
    rooms of that board's groups only."""
    joined = [Audience(caller.gathering_id, caller.role)]
    if caller.role == "phone" and caller.municipality_id is not None:
        joined.append(Audience(caller.gathering_id, "phone",
                               municipality_group(caller.municipality_id)))
    if caller.role == "phone" and caller.device_id is not None:
        joined.append(Audience(caller.gathering_id, "phone", device_group(caller.device_id)))
        if db is not None:
            joined += [Audience(caller.gathering_id, "phone", breakout_group(group_id))
                       for group_id in groups.device_groups(db, caller.device_id)]
    return joined
