"""The health check a monitor or a load balancer polls."""

from facilitate import __version__
from facilitate.store.migrations import MIGRATIONS


def test_healthz_reports_ok_version_and_schema(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"]["ok"] is True
    assert body["database"]["schema_version"] == len(MIGRATIONS)
    assert body["database"]["expected_version"] == len(MIGRATIONS)
    assert body["async_mode"] == "threading"


def test_healthz_needs_no_login(client, demo):
    assert client.get("/healthz").status_code == 200


def test_healthz_is_degraded_when_the_schema_is_behind(client, db):
    db.execute("PRAGMA user_version = 0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "degraded"
    assert body["database"]["schema_version"] == 0
