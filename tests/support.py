"""Helpers the tests share: logging in, joining as a phone, reading socket events."""

def log_in(client, demo):
    """Log in as the demo facilitator (admin and facilitator of the demo programme)."""
    return log_in_as(client, demo["username"], demo["password"])


def log_in_as(client, username: str, password: str):
    response = client.post("/login", data={"username": username, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def join(client, demo, municipality_name: str, display_name: str = ""):
    """Register a phone the way the join form does; the client keeps the cookie."""
    municipality = next(m for m in demo["municipalities"] if m["name"] == municipality_name)
    response = client.post(f"/j/{demo['gathering']['code']}", data={
        "municipality": municipality["id"], "display_name": display_name, "consent": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def received(client, name: str) -> list:
    return [event["args"][0] for event in client.get_received() if event["name"] == name]


def flush(app):
    """Run the coalescing broadcaster once, as its background loop would."""
    app.extensions["facilitate_live"].broadcaster.flush()


def item_of(demo, kind: str) -> dict:
    """The demo gathering's first item of an activity kind."""
    return next(item for item in demo["items"] if item["activity_kind"] == kind)


def latest_results(client) -> dict | None:
    """The newest tally a client holds: from a `results` update or from the
    results a `state` message carries (an agenda change sends them there)."""
    latest = None
    for event in client.get_received():
        if event["name"] == "results":
            latest = event["args"][0]
        elif event["name"] == "state" and "results" in event["args"][0]:
            latest = event["args"][0]["results"]
    return latest


def latest_moderation(client) -> list | None:
    latest = None
    for event in client.get_received():
        if event["name"] == "moderation":
            latest = event["args"][0]["texts"]
        elif event["name"] == "state" and "moderation" in event["args"][0]:
            latest = event["args"][0]["moderation"]
    return latest
