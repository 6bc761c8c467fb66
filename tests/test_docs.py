"""Docs kept true: every socket event and CLI command is documented."""

from pathlib import Path

from facilitate import create_app, reference
from facilitate.cli import cli
from facilitate.live.events import load_events

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_handler_comes_from_the_event_table(tmp_path):
    app = create_app({"TESTING": True, "DATABASE": str(tmp_path / "db.sqlite3"),
                      "ASYNC_MODE": "threading"})
    server = app.extensions["socketio"].server
    handlers = set(server.handlers["/"]) - {"connect", "disconnect", "*"}
    assert handlers == set(load_events())
    assert len(handlers) >= 15


def test_the_generated_protocol_tables_are_current():
    """scripts/docs writes the event and kind tables from the registries."""
    text = reference.PROTOCOL.read_text()
    assert reference.render(text) == text, "run scripts/docs"
    for name in load_events():
        assert f"| `{name}` |" in text


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
