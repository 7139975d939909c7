"""SQL for users."""

from datetime import datetime

from tasktracker.db import Connection, Row

# ON CONFLICT makes a taken email an empty result rather than a driver-specific exception.
INSERT_USER = """
INSERT INTO users (email, password_hash, timezone, created_at)
VALUES ($1, $2, $3, $4)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, timezone
"""

FIND_CREDENTIALS = "SELECT id, email, timezone, password_hash FROM users WHERE email = $1"


async def insert_user(
    conn: Connection, email: str, password_hash: str, timezone: str | None, now: datetime
) -> Row | None:
    return await conn.fetchrow(INSERT_USER, email, password_hash, timezone, now)


async def find_credentials(conn: Connection, email: str) -> Row | None:
    return await conn.fetchrow(FIND_CREDENTIALS, email)
