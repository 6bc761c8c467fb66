"""Who is on the other end of each socket: role, gathering and, for a phone,
its device. Kept per process; a socket is always served by one process."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

ROLES = ("phone", "presenter", "console")


@dataclass(frozen=True)
class Caller:
    role: str
    gathering_id: int
    locale: str
    device_id: int | None = None
    municipality_id: int | None = None
    user_id: int | None = None


def room(gathering_id: int, role: str) -> str:
    return f"gathering:{gathering_id}:{role}"


class Presence:
    """Connected phones per gathering, counted per device (two tabs on one
    phone are one phone)."""

    def __init__(self) -> None:
        self._sockets: dict[int, dict[int, int]] = defaultdict(dict)
        self._municipality: dict[int, int] = {}

    def arrive(self, caller: Caller) -> None:
        sockets = self._sockets[caller.gathering_id]
        sockets[caller.device_id] = sockets.get(caller.device_id, 0) + 1
        self._municipality[caller.device_id] = caller.municipality_id

    def leave(self, caller: Caller) -> None:
        sockets = self._sockets[caller.gathering_id]
        left = sockets.get(caller.device_id, 0) - 1
        if left > 0:
            sockets[caller.device_id] = left
        else:
            sockets.pop(caller.device_id, None)

    def per_municipality(self, gathering_id: int) -> dict[int, int]:
        counts: dict[int, int] = defaultdict(int)
        for device_id in self._sockets.get(gathering_id, {}):
            counts[self._municipality[device_id]] += 1
        return dict(counts)


class RateLimiter:
    """A token bucket per device: `rate` answers a second on average, bursts
    up to `burst`. Refusals are cheap; the phone resends later."""

    def __init__(self, rate: float, burst: int, clock) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self._buckets: dict[int, tuple[float, float]] = {}

    def allow(self, device_id: int) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(device_id, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if tokens < 1:
            self._buckets[device_id] = (tokens, now)
            return False
        self._buckets[device_id] = (tokens - 1, now)
        return True
