"""SQL for unsubscribing: the account a link names, and its digest turned off."""

from tasktracker.db import Connection
from tasktracker.sql import Query

USER_EMAIL = Query("SELECT email FROM users WHERE id = :user_id")

DISABLE_DIGEST = Query("UPDATE users SET digest_enabled = FALSE WHERE id = :user_id")


async def user_email(conn: Connection, user_id: int) -> str | None:
    email: str | None = await conn.fetchval(USER_EMAIL, user_id=user_id)
    return email


async def disable_digest(conn: Connection, user_id: int) -> None:
    await conn.execute(DISABLE_DIGEST, user_id=user_id)
