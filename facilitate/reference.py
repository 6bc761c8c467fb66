"""Reference tables generated from the registries, so docs/PROTOCOL.md can
never drift from the code: the socket event table and the activity kinds
(with their values, result shapes and console actions). `scripts/docs`
writes them between markers; tests/test_docs.py checks they are current."""

from __future__ import annotations

import re
from pathlib import Path

from .activities import KINDS
from .live.events import load_events

ROOT = Path(__file__).resolve().parents[1]
PROTOCOL = ROOT / "docs" / "PROTOCOL.md"
ROLE_ORDER = ("phone", "presenter", "console")


def event_table() -> str:
    rows = ["| event | who may send it | writes | payload |", "|---|---|---|---|"]
    for event in sorted(load_events().values(), key=lambda e: (e.roles != ROLE_ORDER, e.name)):
        roles = ", ".join(role for role in ROLE_ORDER if role in event.roles)
        rows.append(f"| `{event.name}` | {roles} | {'yes' if event.writes else 'no'} | "
                    f"`{event.payload}` |")
    return "\n".join(rows)


def kind_table() -> str:
    rows = ["| kind | label | several answers per phone | phones see results before reveal"
            " | console actions |", "|---|---|---|---|---|"]
    for name, kind in KINDS.items():
        actions = "; ".join(f"`{spec.name}` `{spec.payload}`: {spec.summary}"
                            for spec in kind.actions().values()) or "none"
        rows.append(f"| `{name}` | {kind.label} | {'yes' if kind.several_answers else 'no'} | "
                    f"{'yes' if kind.phones_follow_results else 'no'} | {actions} |")
    return "\n".join(rows)


TABLES = {"events": event_table, "kinds": kind_table}


def _block(name: str) -> re.Pattern:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(<!-- {name}:end -->)", re.S)


def render(text: str) -> str:
    for name, table in TABLES.items():
        if not _block(name).search(text):
            raise ValueError(f"docs/PROTOCOL.md has no <!-- {name}:start/end --> markers")
        text = _block(name).sub(lambda match, t=table: match[1] + t() + "\n" + match[3], text)
    return text


def update(path: Path = PROTOCOL) -> bool:
    """Rewrite the generated tables; True when anything changed."""
    old = path.read_text()
    new = render(old)
    if new != old:
        path.write_text(new)
    return new != old
