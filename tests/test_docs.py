"""Docs kept true: every socket event and CLI command is documented."""

from pathlib import Path

from facilitate import create_app
from facilitate.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_every_socket_event_is_in_the_protocol(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3"),
                      "ASYNC_MODE": "threading"})
    server = app.extensions["socketio"].server
    events = {event for event in server.handlers["/"] if event not in ("connect", "disconnect")}
    protocol = (ROOT / "docs" / "PROTOCOL.md").read_text()
    assert len(events) >= 15
    missing = [event for event in events if f"`{event}`" not in protocol]
    assert missing == []


def test_every_cli_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    names = []
    for name, command in cli.commands.items():
        subcommands = getattr(command, "commands", None)
        names += [f"facilitate {name} {sub}" for sub in subcommands] if subcommands \
            else [f"facilitate {name}"]
    missing = [name for name in names if f"`{name}" not in readme]
    assert missing == []


def test_every_activity_kind_is_in_the_protocol():
    from facilitate.activities import KINDS

    protocol = (ROOT / "docs" / "PROTOCOL.md").read_text()
    assert [kind for kind in KINDS if f"| `{kind}` |" not in protocol] == []
