"""facilitate.policy: every role against every action, on a target in its
scope and one outside it. Programme A = 1, programme B = 2; municipality 11
(Sola) and 12 are in A, 21 in B."""

import pytest

from facilitate.policy import (
    ACTIONS,
    GATHERING_DRIVE,
    GATHERING_VIEW,
    PROGRAMME_CREATE,
    PROGRAMME_MANAGE,
    PROGRAMME_VIEW,
    RECORD_EDIT,
    RECORD_READ,
    GatheringRef,
    Grant,
    MunicipalityRef,
    ProgrammeRef,
    is_site_admin,
    may,
    programmes_for,
    visible_programmes,
)

SITE_ADMIN = [Grant("admin")]
ADMIN_A = [Grant("admin", 1)]
FACILITATOR_A = [Grant("facilitator", 1)]
COORDINATOR_SOLA = [Grant("coordinator", 1, 11)]
NOBODY = []

PROGRAMME_A, PROGRAMME_B = ProgrammeRef(1), ProgrammeRef(2)
GATHERING_A, GATHERING_B = GatheringRef(100, 1), GatheringRef(200, 2)
SOLA, OTHER_IN_A, IN_B = MunicipalityRef(11, 1), MunicipalityRef(12, 1), MunicipalityRef(21, 2)

# (action, target): what site admin, admin of A, facilitator of A,
# coordinator of Sola and someone without grants may do.
TABLE = [
    # action            target         site   adminA  facA   coordSola nobody
    (PROGRAMME_CREATE, None,          True,  False,  False, False,    False),
    (PROGRAMME_VIEW,   PROGRAMME_A,   True,  True,   True,  True,     False),
    (PROGRAMME_VIEW,   PROGRAMME_B,   True,  False,  False, False,    False),
    (PROGRAMME_MANAGE, PROGRAMME_A,   True,  True,   False, False,    False),
    (PROGRAMME_MANAGE, PROGRAMME_B,   True,  False,  False, False,    False),
    (GATHERING_DRIVE,  GATHERING_A,   True,  True,   True,  False,    False),
    (GATHERING_DRIVE,  GATHERING_B,   True,  False,  False, False,    False),
    (GATHERING_VIEW,   GATHERING_A,   True,  True,   True,  False,    False),
    (GATHERING_VIEW,   GATHERING_B,   True,  False,  False, False,    False),
    (RECORD_READ,      SOLA,          True,  True,   False, True,     False),
    (RECORD_READ,      OTHER_IN_A,    True,  True,   False, False,    False),
    (RECORD_READ,      IN_B,          True,  False,  False, False,    False),
    (RECORD_EDIT,      SOLA,          True,  True,   False, True,     False),
    (RECORD_EDIT,      OTHER_IN_A,    True,  True,   False, False,    False),
    (RECORD_EDIT,      IN_B,          True,  False,  False, False,    False),
]
HOLDERS = {"site admin": SITE_ADMIN, "admin of A": ADMIN_A, "facilitator of A": FACILITATOR_A,
           "coordinator of Sola": COORDINATOR_SOLA, "no grants": NOBODY}


def test_the_table_covers_every_action():
    assert {row[0] for row in TABLE} == set(ACTIONS)


@pytest.mark.parametrize(("action", "target", "expected"),
                         [(action, target, expected) for action, target, *expected in TABLE])
def test_every_role_on_every_action(action, target, expected):
    for (name, grants), allowed in zip(HOLDERS.items(), expected, strict=True):
        assert may(grants, action, target) is allowed, (name, action, target)


def test_a_coordinator_of_a_same_numbered_municipality_in_another_programme_gets_nothing():
    # municipality ids are global, but the check also matches the programme
    assert not may(COORDINATOR_SOLA, RECORD_READ, MunicipalityRef(11, 2))


def test_grants_add_up():
    both = FACILITATOR_A + [Grant("coordinator", 2, 21)]
    assert may(both, GATHERING_DRIVE, GATHERING_A)
    assert may(both, RECORD_EDIT, IN_B)
    assert not may(both, GATHERING_DRIVE, GATHERING_B)
    assert not may(both, RECORD_READ, SOLA)


def test_a_target_of_the_wrong_kind_is_a_programming_error():
    with pytest.raises(TypeError):
        may(SITE_ADMIN, GATHERING_DRIVE, PROGRAMME_A)
    with pytest.raises(TypeError):
        may(SITE_ADMIN, RECORD_READ, GATHERING_A)
    with pytest.raises(ValueError):
        may(SITE_ADMIN, "gathering.delete", GATHERING_A)


def test_scopes():
    assert is_site_admin(SITE_ADMIN) and not is_site_admin(ADMIN_A)
    assert 2 in visible_programmes(SITE_ADMIN)
    assert visible_programmes(ADMIN_A + COORDINATOR_SOLA).ids == {1}
    assert 2 not in visible_programmes(FACILITATOR_A)
    assert programmes_for(COORDINATOR_SOLA, GATHERING_DRIVE).ids == frozenset()
    assert programmes_for(FACILITATOR_A + [Grant("admin", 2)], GATHERING_DRIVE).ids == {1, 2}
    assert programmes_for(FACILITATOR_A, RECORD_READ).ids == frozenset()
    assert programmes_for(SITE_ADMIN, PROGRAMME_CREATE).everything
    assert not programmes_for(ADMIN_A, PROGRAMME_CREATE).everything
    assert not visible_programmes(NOBODY).everything and not visible_programmes(NOBODY).ids
