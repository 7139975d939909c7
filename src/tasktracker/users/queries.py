"""SQL for users."""

from datetime import datetime

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# ON CONFLICT makes a taken email an empty result rather than a driver-specific exception.
INSERT_USER = Query("""
INSERT INTO users (email, password_hash, timezone, created_at)
VALUES (:email, :password_hash, :timezone, :now)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, timezone
""")

FIND_CREDENTIALS = Query("SELECT id, email, timezone, password_hash FROM users WHERE email = :email")


async def insert_user(
    conn: Connection, email: str, password_hash: str, timezone: str | None, now: datetime
) -> Row | None:
    return await conn.fetchrow(
        INSERT_USER, email=email, password_hash=password_hash, timezone=timezone, now=now
    )


async def find_credentials(conn: Connection, email: str) -> Row | None:
    return await conn.fetchrow(FIND_CREDENTIALS, email=email)
