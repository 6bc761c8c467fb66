"""Facilitator accounts: hashed passwords only."""

from werkzeug.security import check_password_hash, generate_password_hash

from .clock import now
from .unit_of_work import transaction

MIN_PASSWORD_LENGTH = 8


def add_user(db, username: str, password: str) -> int:
    username = username.strip()
    if not username or len(username) > 80:
        raise ValueError("username must be 1-80 characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    # Hashed before the write lock is taken: it is slow on purpose.
    password_hash = generate_password_hash(password)
    with transaction(db):
        existing = db.execute("SELECT id FROM users WHERE username = ?",
                              [username]).fetchone()
        if existing:
            db.execute("UPDATE users SET password_hash = ? WHERE id = ?",
                       [password_hash, existing[0]])
            return existing[0]
        cursor = db.execute(
            "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?)",
            [username, password_hash, now()],
        )
        return cursor.lastrowid


def check_login(db, username: str, password: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username.strip()]))
    if rows and check_password_hash(rows[0]["password_hash"], password):
        return rows[0]
    return None


def get_user(db, user_id: int) -> dict | None:
    rows = list(db.query("SELECT id, username FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None
