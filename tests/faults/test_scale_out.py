"""Two server processes share one gathering through Redis: phones on both,
the projector on one sees every answer."""

from __future__ import annotations

import socketio
from clients import console_client, make_phones, open_item
from phones import close_all, wait_until
from servers import Redis, Server


def presenter_client(base: str, seeded: dict, results: list, states: list) -> socketio.Client:
    client = socketio.Client()
    client.on("results", results.append)
    client.on("state", states.append)
    client.connect(base, transports=["websocket"], wait_timeout=10, auth={
        "role": "presenter", "code": seeded["gathering"]["code"],
        "key": seeded["gathering"]["presenter_key"]})
    return client


def test_projector_on_one_process_sees_answers_from_both(seeded, tmp_path, phone_count):
    redis = Redis(tmp_path)
    queue = {"FACILITATE_MESSAGE_QUEUE": redis.url}
    first = Server(seeded["instance"], env=queue, name="first").start()
    second = Server(seeded["instance"], env=queue, name="second").start()
    phones, results, states = [], [], []
    try:
        choice = next(i for i in seeded["items"] if i["activity_kind"] == "choice")
        presenter = presenter_client(first.base, seeded, results, states)
        console = console_client(second.base, seeded)
        open_item(console, choice["id"])  # driven from the other process
        half = phone_count // 2
        on_first = make_phones(first.base, seeded, half)
        on_second = make_phones(second.base, seeded, phone_count - half)
        phones = on_first + on_second
        # The phones on the projector's own process answer first; the last
        # answers land on the other process, so only Redis can bring the
        # final tally to this projector.
        def shown():
            latest = max(results, key=lambda r: r["revision"]) if results else None
            return latest["groups"][0]["result"]["counts"][0] if latest else 0

        for group, total in ((on_first, half), (on_second, phone_count)):
            for phone in group:
                phone.answer(choice["id"], [0])
            wait_until(lambda group=group: all(p.drained() for p in group), 30, "acks")
            wait_until(lambda total=total: shown() == total, 5, f"the projector to show {total}")
        assert states and states[-1]["current"]["id"] == choice["id"]
        presenter.disconnect()
        console.disconnect()
    finally:
        close_all(phones)
        first.stop()
        second.stop()
        redis.stop()
    assert all(phone.refused == [] for phone in phones)
