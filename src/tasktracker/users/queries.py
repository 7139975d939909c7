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

# An account made by an external provider's sign-in: no password until one is set (reset).
INSERT_PASSWORDLESS_USER = Query("""
INSERT INTO users (email, password_hash, timezone, created_at)
VALUES (:email, NULL, :timezone, :now)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, timezone
""")

FIND_CREDENTIALS = Query("SELECT id, email, timezone, password_hash FROM users WHERE email = :email")

SET_PASSWORD_HASH = Query("UPDATE users SET password_hash = :password_hash WHERE id = :user_id")


async def insert_user(
    conn: Connection, email: str, password_hash: str, timezone: str | None, now: datetime
) -> Row | None:
    return await conn.fetchrow(
        INSERT_USER, email=email, password_hash=password_hash, timezone=timezone, now=now
    )


async def insert_passwordless_user(
    conn: Connection, email: str, timezone: str | None, now: datetime
) -> Row | None:
    return await conn.fetchrow(INSERT_PASSWORDLESS_USER, email=email, timezone=timezone, now=now)


async def find_credentials(conn: Connection, email: str) -> Row | None:
    return await conn.fetchrow(FIND_CREDENTIALS, email=email)


async def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    await conn.execute(SET_PASSWORD_HASH, user_id=user_id, password_hash=password_hash)
