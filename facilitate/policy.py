"""Who may do what: the one place that decides. Pure: no Flask, no database.

A user holds grants; each grant is a role with a scope:

    admin,       programme None              site admin: every programme, may create programmes
    admin,       programme P                 programme admin: everything in P
    facilitator, programme P                 the gatherings of P (console, its socket events)
    coordinator, programme P, municipality M the programme record of M

Callers describe what they touch with a small target (ProgrammeRef,
GatheringRef, MunicipalityRef) and ask `may(grants, action, target)`. Asking
with a target of the wrong kind for the action is a programming error and
raises TypeError, so a typo never quietly grants or refuses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

ADMIN = "admin"
FACILITATOR = "facilitator"
COORDINATOR = "coordinator"
ROLES = (ADMIN, FACILITATOR, COORDINATOR)


@dataclass(frozen=True)
class Grant:
    role: str
    programme_id: int | None = None
    municipality_id: int | None = None


@dataclass(frozen=True)
class ProgrammeRef:
    id: int


@dataclass(frozen=True)
class GatheringRef:
    id: int
    programme_id: int


@dataclass(frozen=True)
class MunicipalityRef:
    id: int
    programme_id: int


# Actions, and the kind of target each one is asked about.
PROGRAMME_CREATE = "programme.create"  # target: None
PROGRAMME_VIEW = "programme.view"      # see that the programme exists, its name
PROGRAMME_MANAGE = "programme.manage"  # municipalities, gatherings, grants within it
GATHERING_DRIVE = "gathering.drive"    # the console and its socket events
GATHERING_VIEW = "gathering.view"      # read a gathering's agenda and results
RECORD_READ = "record.read"            # a municipality's programme record
RECORD_EDIT = "record.edit"

TARGET_OF = {
    PROGRAMME_CREATE: type(None),
    PROGRAMME_VIEW: ProgrammeRef,
    PROGRAMME_MANAGE: ProgrammeRef,
    GATHERING_DRIVE: GatheringRef,
    GATHERING_VIEW: GatheringRef,
    RECORD_READ: MunicipalityRef,
    RECORD_EDIT: MunicipalityRef,
}
ACTIONS = tuple(TARGET_OF)

# What each role may do inside its own scope (site admin: everything).
_PROGRAMME_ADMIN = frozenset(ACTIONS) - {PROGRAMME_CREATE}
_FACILITATOR = frozenset({PROGRAMME_VIEW, GATHERING_DRIVE, GATHERING_VIEW})
_COORDINATOR = frozenset({PROGRAMME_VIEW, RECORD_READ, RECORD_EDIT})


def _programme_of(target) -> int | None:
    if isinstance(target, ProgrammeRef):
        return target.id
    return getattr(target, "programme_id", None)


def _allows(grant: Grant, action: str, target) -> bool:
    if grant.role == ADMIN:
        if grant.programme_id is None:
            return True
        return action in _PROGRAMME_ADMIN and _programme_of(target) == grant.programme_id
    if grant.role == FACILITATOR:
        return action in _FACILITATOR and _programme_of(target) == grant.programme_id
    if grant.role == COORDINATOR:
        if action not in _COORDINATOR or _programme_of(target) != grant.programme_id:
            return False
        if isinstance(target, MunicipalityRef):
            return target.id == grant.municipality_id
        return True  # PROGRAMME_VIEW of their own programme
    return False


def may(grants: Iterable[Grant], action: str, target=None) -> bool:
    """Whether any of `grants` allows `action` on `target`."""
    expected = TARGET_OF.get(action)
    if expected is None:
        raise ValueError(f"unknown action {action!r}")
    if not isinstance(target, expected):
        raise TypeError(f"{action} is asked about a {expected.__name__}, "
                        f"not {type(target).__name__}")
    return any(_allows(grant, action, target) for grant in grants)


def is_site_admin(grants: Iterable[Grant]) -> bool:
    return any(g.role == ADMIN and g.programme_id is None for g in grants)


@dataclass(frozen=True)
class Scope:
    """The programmes where an action may be done on something: every
    programme, or the ones listed. `programme_id in scope` reads well."""

    everything: bool
    ids: frozenset[int] = frozenset()

    def __contains__(self, programme_id: int) -> bool:
        return self.everything or programme_id in self.ids


def programmes_for(grants: Iterable[Grant], action: str = PROGRAMME_VIEW) -> Scope:
    """Where `action` may be done on at least something (for GATHERING_DRIVE:
    every gathering of those programmes; for RECORD_READ, a coordinator's
    programme appears though only one municipality of it is theirs)."""
    grants = list(grants)
    if action not in TARGET_OF:
        raise ValueError(f"unknown action {action!r}")
    if action == PROGRAMME_CREATE:
        return Scope(everything=is_site_admin(grants))
    if is_site_admin(grants):
        return Scope(everything=True)
    ids = set()
    for grant in grants:
        if grant.programme_id is None:
            continue
        allowed = {ADMIN: _PROGRAMME_ADMIN, FACILITATOR: _FACILITATOR,
                   COORDINATOR: _COORDINATOR}.get(grant.role, frozenset())
        if action in allowed:
            ids.add(grant.programme_id)
    return Scope(everything=False, ids=frozenset(ids))


def visible_programmes(grants: Iterable[Grant]) -> Scope:
    """The programmes whose name a user may see."""
    return programmes_for(grants, PROGRAMME_VIEW)
