"""Fan-out by audience. An audience is (gathering, role, group): everyone in
a role (console, presenter, phone), or the phones of one group inside the
gathering. A group is a municipality ("m:<id>") or, later, a breakout group
("b:<id>"). Each audience is one Socket.IO room, so a message for one group
never reaches another group's phones, whichever process holds the socket."""

from __future__ import annotations

from dataclasses import dataclass

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


def audiences_of(caller: Caller) -> list[Audience]:
    """Every audience a connection belongs to: its role's, and for a phone its
    municipality's (breakout groups join here when they exist)."""
    joined = [Audience(caller.gathering_id, caller.role)]
    if caller.role == "phone" and caller.municipality_id is not None:
        joined.append(Audience(caller.gathering_id, "phone",
                               municipality_group(caller.municipality_id)))
    return joined
