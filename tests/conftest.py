"""Shared fixtures: a fresh database per test, a seeded demo gathering, HTTP
clients and Socket.IO test clients for each role."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import join, log_in

from facilitate import create_app
from facilitate.demo import seed_demo
from facilitate.store import gatherings, programmes
from facilitate.store.db import connect, init_db

# Folders whose every test starts real server or browser processes.
SERVER_FOLDERS = ("browser", "faults", "bench")


def pytest_collection_modifyitems(config, items):
    """Mark the slow tests `server`, so `pytest -m "not server"` is the fast loop."""
    here = Path(__file__).parent
    for item in items:
        path = Path(item.path)
        if path.is_relative_to(here) and path.relative_to(here).parts[0] in SERVER_FOLDERS:
            item.add_marker(pytest.mark.server)


@pytest.fixture
def app(tmp_path, request):
    """The app on a fresh database. `@pytest.mark.app_config(KEY=value)`
    adds settings that must be there when the app is made."""
    marker = request.node.get_closest_marker("app_config")
    app = create_app({
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-of-at-least-32-characters",
        "DATABASE": str(tmp_path / "test.sqlite3"),
        "ASYNC_MODE": "threading",
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",  # a real hash is slow on purpose
        **(marker.kwargs if marker else {}),
    })
    yield app


@pytest.fixture
def db(app):
    database = connect(app.config["DATABASE"])
    yield database
    database.conn.close()


@pytest.fixture
def fresh_db(tmp_path):
    """A migrated database on a temp file, no Flask app: for store tests."""
    path = tmp_path / "store.sqlite3"
    init_db(path)
    database = connect(path)
    yield database
    database.conn.close()


@pytest.fixture
def demo(app, db):
    """The demo programme; returns the first gathering with its municipalities
    and the facilitator's login."""
    seeded = seed_demo(db, app.config["SESSIONS_DIR"], method=app.config["PASSWORD_HASH_METHOD"])
    gathering = seeded["gatherings"][0]
    return {
        "gathering": gathering,
        "municipalities": programmes.gathering_municipalities(db, gathering["id"]),
        "items": gatherings.list_items(db, gathering["id"]),
        "username": seeded["username"],
        "password": seeded["password"],
        "programme_id": seeded["programme_id"],
    }


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sockets(app, demo):
    """Makes Socket.IO test clients: console(), presenter(), phone(name)."""
    socketio = app.extensions["socketio"]
    made = []

    class Factory:
        def console(self):
            http = log_in(app.test_client(), demo)
            return self._connect(http, {"role": "console", "code": demo["gathering"]["code"]})

        def presenter(self, key=None):
            return self._connect(app.test_client(), {
                "role": "presenter", "code": demo["gathering"]["code"],
                "key": key or demo["gathering"]["presenter_key"]})

        def phone(self, municipality_name: str):
            http = join(app.test_client(), demo, municipality_name)
            return self._connect(http, {"role": "phone", "code": demo["gathering"]["code"]})

        def _connect(self, http, auth):
            client = socketio.test_client(app, flask_test_client=http, auth=auth)
            made.append(client)
            return client

    yield Factory()
    for client in made:
        if client.is_connected():
            client.disconnect()
