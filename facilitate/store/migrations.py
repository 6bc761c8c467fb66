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

# The programme record (see facilitate/store/records.py and docs/RECORD.md):
# one row per filed part, replaced when filed again (the unique index is over
# IFNULL(..., 0) because NULLs are distinct); the audit log of what was filed
# where, who downloaded what and what was erased; the leaders' pre-work links
# (one token per municipality); and which check-in the projector shows. The
# programme's consent text is added only when the admin screens' own step has
# not added it already.
_RECORDS_SQL = """
CREATE TABLE record_entries (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    municipality_id INTEGER REFERENCES municipalities(id),
    module INTEGER NOT NULL CHECK (module BETWEEN 1 AND 4),
    stage TEXT NOT NULL CHECK (stage IN ('forarbeid', 'samling', 'etterarbeid')),
    source TEXT NOT NULL,
    gathering_id INTEGER REFERENCES gatherings(id),
    item_id INTEGER REFERENCES items(id),
    title TEXT NOT NULL,
    payload TEXT NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0,
    filed_at TEXT NOT NULL
);
CREATE UNIQUE INDEX record_entries_unique ON record_entries (
    programme_id, IFNULL(municipality_id, 0), module, stage, source,
    IFNULL(gathering_id, 0), IFNULL(item_id, 0));
CREATE INDEX record_entries_by_municipality ON record_entries (municipality_id, module);
CREATE INDEX record_entries_by_gathering ON record_entries (gathering_id);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    action TEXT NOT NULL,
    programme_id INTEGER,
    municipality_id INTEGER,
    detail TEXT NOT NULL
);
CREATE INDEX audit_log_by_programme ON audit_log (programme_id, id);
CREATE TABLE prework_links (
    municipality_id INTEGER PRIMARY KEY REFERENCES municipalities(id),
    token TEXT NOT NULL UNIQUE,
    created_by INTEGER,
    created_at TEXT NOT NULL
);
CREATE TABLE checkin_shown (
    gathering_id INTEGER PRIMARY KEY REFERENCES gatherings(id),
    municipality_id INTEGER NOT NULL REFERENCES municipalities(id),
    shown_at TEXT NOT NULL
);
"""


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def _RECORDS(db: sqlite_utils.Database) -> None:  # noqa: N802 (named after the feature)
    run_step(db, _RECORDS_SQL)
    present = _columns(db, "programmes")
    if "consent_text" not in present:
        db.conn.execute("ALTER TABLE programmes ADD COLUMN consent_text TEXT")


# The room's screens: results reach the projector only when revealed, with a
# per-item default from the session plan (`reveal`); the console may preview
# another view of the results before the room sees it; a countdown per item
# (JSON: see facilitate/live/timer.py).
_SCREENS_ROOM = """
ALTER TABLE items ADD COLUMN reveal_default INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN preview_mode TEXT;
ALTER TABLE items ADD COLUMN preview_focus INTEGER;
ALTER TABLE items ADD COLUMN timer TEXT;
"""

# Programme set-up in the browser (admin): a programme's settings, its
# module titles, municipalities' numbers and retirement, invite links and
# session plans kept in the database. A retired municipality stays in every
# record but is offered for no new gathering. Invites store only a hash of
# their token. A plan is saved only when the checker accepts it.
_ADMIN = """
ALTER TABLE programmes ADD COLUMN period_from TEXT;
ALTER TABLE programmes ADD COLUMN period_to TEXT;
ALTER TABLE programmes ADD COLUMN consent_text TEXT;
ALTER TABLE programmes ADD COLUMN retention_months INTEGER NOT NULL DEFAULT 24;
ALTER TABLE programmes ADD COLUMN min_group_size INTEGER NOT NULL DEFAULT 3;
CREATE TABLE programme_modules (
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    number INTEGER NOT NULL CHECK (number BETWEEN 1 AND 4),
    title TEXT NOT NULL,
    PRIMARY KEY (programme_id, number)
);
ALTER TABLE municipalities ADD COLUMN kommunenummer TEXT;
ALTER TABLE municipalities ADD COLUMN retired_at TEXT;
CREATE UNIQUE INDEX municipalities_kommunenummer
    ON municipalities (programme_id, kommunenummer) WHERE kommunenummer IS NOT NULL;
CREATE TABLE invites (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'facilitator', 'coordinator')),
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    municipality_id INTEGER REFERENCES municipalities(id),
    note TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    CHECK ((role = 'coordinator') = (municipality_id IS NOT NULL))
);
CREATE INDEX invites_by_programme ON invites (programme_id);
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    programme_id INTEGER NOT NULL REFERENCES programmes(id),
    name TEXT NOT NULL,
    toml TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX plans_by_programme ON plans (programme_id);
"""

# How many leaders each municipality is expected to bring (from the CSV
# import). A step of its own: the trust branch may add the same column.
_ADMIN_EXPECTED_PARTICIPANTS = """
ALTER TABLE municipalities ADD COLUMN expected_participants INTEGER NULL;
"""

# The screens (phones): how many times an item's answers were reset, so a
# phone drops what it remembers of an answer from before the reset.
_SCREENS_PHONE_RESETS = """
ALTER TABLE items ADD COLUMN resets INTEGER NOT NULL DEFAULT 0;
"""

# Trust: fake phones. With a municipality's expected number of participants
# (_ADMIN_EXPECTED_PARTICIPANTS; NULL: not known, nothing is flagged), a phone
# that joins beyond it is held: its answers are stored but count in no result
# until the facilitator accepts it. Joins per client address, shared by every
# server process, for the join throttle (see docs/SECURITY.md, "Fake phones").
_TRUST_DEVICES = """
ALTER TABLE devices ADD COLUMN held INTEGER NOT NULL DEFAULT 0;
CREATE TABLE join_attempts (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL,
    at REAL NOT NULL
);
CREATE INDEX join_attempts_by_address ON join_attempts (address, at);
CREATE INDEX responses_by_device ON responses (device_id);
"""

MIGRATIONS: list[str | Callable[[sqlite_utils.Database], None]] = [
    _001_INITIAL,
    _002_ITEM_REVISION,
    _003_GRANTS,
    _004_ITEM_TYPE,
    _ADMIN,
    _ADMIN_EXPECTED_PARTICIPANTS,
    _RECORDS,
    _SCREENS_ROOM,
    _SCREENS_PHONE_RESETS,
    _TRUST_DEVICES,
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
