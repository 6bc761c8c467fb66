"""Numbered schema migrations. PRAGMA user_version holds how many have run.
A step is an SQL string (one or more statements) or a function `step(db)`,
for what ALTER cannot do, e.g. `db["items"].transform(...)`. Append new steps
to MIGRATIONS; never edit one that has shipped."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import sqlite_utils

from .unit_of_work import transaction

_001_INITIAL = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            username TEXT NOT NULL UNIQUE,
            password_hash TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE programmes (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            network TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE municipalities (
            id INTEGER PRIMARY KEY,
            programme_id INTEGER NOT NULL REFERENCES programmes(id),
            name TEXT NOT NULL,
            slug TEXT NOT NULL,
            UNIQUE (programme_id, slug)
        );
        CREATE TABLE gatherings (
            id INTEGER PRIMARY KEY,
            programme_id INTEGER NOT NULL REFERENCES programmes(id),
            module INTEGER NOT NULL CHECK (module BETWEEN 1 AND 4),
            date TEXT NOT NULL,
            title TEXT NOT NULL,
            plan_path TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            presenter_key TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'planned',
            current_position INTEGER,
            version INTEGER NOT NULL DEFAULT 1,
            min_group_size INTEGER NOT NULL DEFAULT 3,
            started_at TEXT,
            ended_at TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE gathering_municipalities (
            gathering_id INTEGER NOT NULL REFERENCES gatherings(id),
            municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
            PRIMARY KEY (gathering_id, municipality_id)
        );
        CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            gathering_id INTEGER NOT NULL REFERENCES gatherings(id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            title TEXT NOT NULL,
            planned_start TEXT NOT NULL,
            duration INTEGER NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            activity_kind TEXT,
            definition TEXT,
            status TEXT NOT NULL DEFAULT 'idle',
            results_visible INTEGER NOT NULL DEFAULT 0,
            view_mode TEXT NOT NULL DEFAULT 'all',
            view_focus INTEGER,
            state TEXT NOT NULL DEFAULT '{}',
            started_at TEXT,
            ended_at TEXT,
            UNIQUE (gathering_id, position)
        );
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            gathering_id INTEGER NOT NULL REFERENCES gatherings(id),
            token TEXT NOT NULL UNIQUE,
            municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
            display_name TEXT,
            consented_at TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE submissions (
            id INTEGER PRIMARY KEY,
            device_id INTEGER NOT NULL REFERENCES devices(id),
            submission_id TEXT NOT NULL,
            item_id INTEGER NOT NULL REFERENCES items(id),
            received_at TEXT NOT NULL,
            UNIQUE (device_id, submission_id)
        );
        CREATE TABLE responses (
            id INTEGER PRIMARY KEY,
            item_id INTEGER NOT NULL REFERENCES items(id),
            device_id INTEGER NOT NULL REFERENCES devices(id),
            municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
            key TEXT NOT NULL DEFAULT '',
            value TEXT NOT NULL,
            hidden INTEGER NOT NULL DEFAULT 0,
            submission_id TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (item_id, device_id, key)
        );
        CREATE INDEX responses_by_item ON responses (item_id);
        CREATE INDEX devices_by_gathering ON devices (gathering_id);
"""


# Results carry the item's revision, bumped in the same transaction as every
# change to its answers, so a client can drop a tally older than one it has
# (two server processes may send theirs out of order).
_002_ITEM_REVISION = """
ALTER TABLE items ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
"""

# Roles with a scope (see facilitate/policy.py). NULLs are distinct in a
# UNIQUE constraint, so the uniqueness is an index over IFNULL(..., 0). Until
# now every user could do everything: existing users become site admins, so an
# upgrade locks nobody out. session_epoch ends every session of a user when
# bumped (log-out, new password). login_failures throttles guessing, shared by
# every server process.
_003_GRANTS = """
CREATE TABLE grants (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'coordinator')),
    programme_id INTEGER REFERENCES programmes(id),
    municipality_id INTEGER REFERENCES municipalities(id),
    created_at TEXT NOT NULL,
    CHECK ((role = 'coordinator') = (municipality_id IS NOT NULL)),
    CHECK (role = 'admin' OR programme_id IS NOT NULL)
);
CREATE UNIQUE INDEX grants_unique
    ON grants (user_id, role, IFNULL(programme_id, 0), IFNULL(municipality_id, 0));
INSERT INTO grants (user_id, role, programme_id, municipality_id, created_at)
    SELECT id, 'admin', NULL, NULL, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM users;
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('user', 'address')),
    key TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (kind, key, at);
"""

# One name for each thing: an agenda item has a *type* (talk, break, ...); an
# activity has a *kind* (choice, wordcloud, ...).
_004_ITEM_TYPE = """
ALTER TABLE items RENAME COLUMN kind TO type;
"""

# Breakout groups (a board activity's groups, see store/groups.py): each
# group belongs to one agenda item; a device is in at most one group per
# item. The scribe merges notes and may edit any note of the group. A board's
# notes are responses found by their slot (`n:<ref>`), whoever wrote them.
_BREAKOUT_GROUPS = """
CREATE TABLE breakout_groups (
    id INTEGER PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    municipality_id INTEGER REFERENCES municipalities(id),
    scribe_device_id INTEGER REFERENCES devices(id),
    created_at TEXT NOT NULL,
    UNIQUE (item_id, position)
);
CREATE TABLE group_members (
    item_id INTEGER NOT NULL REFERENCES items(id),
    device_id INTEGER NOT NULL REFERENCES devices(id),
    group_id INTEGER NOT NULL REFERENCES breakout_groups(id),
    joined_at TEXT NOT NULL,
    PRIMARY KEY (item_id, device_id)
);
CREATE INDEX group_members_by_device ON group_members (device_id);
CREATE INDEX group_members_by_group ON group_members (group_id);
CREATE INDEX responses_by_item_key ON responses (item_id, key);
"""

MIGRATIONS: list[str | Callable[[sqlite_utils.Database], None]] = [
    _001_INITIAL,
    _002_ITEM_REVISION,
    _003_GRANTS,
    _004_ITEM_TYPE,
    _BREAKOUT_GROUPS,
]


def statements(sql: str) -> list[str]:
    """Split a script into statements. executescript() would commit the open
    transaction first, so each statement runs on its own inside it."""
    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    if any(line.strip() and not line.strip().startswith("--") for line in pending.splitlines()):
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:60]}")
    return found


def run_step(db: sqlite_utils.Database, step) -> None:
    if callable(step):
        step(db)
    else:
        for statement in statements(step):
            db.conn.execute(statement)


def migrate(db: sqlite_utils.Database) -> int:
    """Run the steps not yet applied, all in one transaction with the version
    bump. The version is read again under the write lock: two processes
    starting at once on a new file would otherwise both create the tables."""
    if db.execute("PRAGMA user_version").fetchone()[0] >= len(MIGRATIONS):
        return len(MIGRATIONS)  # up to date: no need to wait for the lock
    # Rebuilding a table (transform) must not fire foreign-key actions while
    # the old table is dropped; the check before commit still guards the data.
    # The pragma is a no-op inside a transaction, so it is set around it.
    enforced = db.execute("PRAGMA foreign_keys").fetchone()[0]
    db.conn.execute("PRAGMA foreign_keys=OFF")
    try:
        with transaction(db):
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for step in MIGRATIONS[version:]:
                run_step(db, step)
            if enforced and db.execute("PRAGMA foreign_key_check").fetchone():
                raise sqlite3.IntegrityError("a migration broke a foreign key")
            if version < len(MIGRATIONS):
                db.conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    finally:
        if enforced:
            db.conn.execute("PRAGMA foreign_keys=ON")
    return len(MIGRATIONS)
