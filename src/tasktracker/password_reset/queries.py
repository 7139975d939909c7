"""SQL for password reset tokens."""

from datetime import datetime

from tasktracker.db import Connection
from tasktracker.sql import Query

# By address, so an unknown one runs the same statement and writes no row (no account enumeration
# by timing).
INSERT_TOKEN = Query("""
INSERT INTO password_reset_tokens (token_hash, user_id, created_at, expires_at)
SELECT :token_hash, id, :now, :expires_at FROM users WHERE email = :email
""")

USABLE = "token_hash = :token_hash AND used_at IS NULL AND expires_at > :now"

FIND_USABLE = Query(f"SELECT user_id FROM password_reset_tokens WHERE {USABLE}")

# Only one request can use a token: a concurrent one finds it used and changes no row.
CONSUME = Query(f"UPDATE password_reset_tokens SET used_at = :now WHERE {USABLE} RETURNING user_id")

# The other links still in the user's mailbox die with this one.
RETIRE_USER_TOKENS = Query(
    "UPDATE password_reset_tokens SET used_at = :now WHERE user_id = :user_id AND used_at IS NULL"
)

# Past its expiry a token, used or not, opens nothing: nothing is kept for it.
DELETE_EXPIRED = Query("DELETE FROM password_reset_tokens WHERE expires_at <= :now")


async def insert_token(
    conn: Connection, token_hash: str, email: str, now: datetime, expires_at: datetime
) -> None:
    await conn.execute(INSERT_TOKEN, token_hash=token_hash, email=email, now=now, expires_at=expires_at)


async def find_usable(conn: Connection, token_hash: str, now: datetime) -> int | None:
    user_id: int | None = await conn.fetchval(FIND_USABLE, token_hash=token_hash, now=now)
    return user_id


async def consume(conn: Connection, token_hash: str, now: datetime) -> int | None:
    user_id: int | None = await conn.fetchval(CONSUME, token_hash=token_hash, now=now)
    return user_id


async def retire_user_tokens(conn: Connection, user_id: int, now: datetime) -> None:
    await conn.execute(RETIRE_USER_TOKENS, user_id=user_id, now=now)


async def delete_expired(conn: Connection, now: datetime) -> int:
    return await conn.execute(DELETE_EXPIRED, now=now)
