"""Fault tests: real server processes that are killed, cut off and doubled."""

from __future__ import annotations

import gc
import os

import pytest
from servers import seed_instance


def pytest_collection_modifyitems(items):
    """When a server is killed, the websocket-client library leaves the dead
    connection's socket for the garbage collector, which then warns. That is
    the library's tidiness, not ours; everything else still fails on warnings."""
    for item in items:
        if "faults" in item.path.parts:
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture(autouse=True)
def collect_dead_sockets():
    """Collect those sockets now, while the warning filter above applies,
    rather than during some later test."""
    yield
    gc.collect()


@pytest.fixture
def seeded(tmp_path, monkeypatch):
    return seed_instance(tmp_path / "instance", monkeypatch)


@pytest.fixture
def phone_count() -> int:
    """About 50 in CI; FACILITATE_FAULT_PHONES raises it for a full run."""
    return int(os.environ.get("FACILITATE_FAULT_PHONES", "50"))
