"""SQL for the calendar feed: the secret's hash on the user, and the tasks it shows."""

from collections.abc import Sequence

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

SET_TOKEN = Query("UPDATE users SET calendar_token_hash = :token_hash WHERE id = :user_id")

HAS_TOKEN = Query("SELECT calendar_token_hash IS NOT NULL AS enabled FROM users WHERE id = :user_id")

OWNER = Query("SELECT id, timezone FROM users WHERE calendar_token_hash = :token_hash")

# Open tasks with a due date, the trash excepted: a done task has left the user's plans.
TASKS = Query("""
SELECT id, title, description, due_date, due_time, recurrence, checklist, created_at, updated_at, version
FROM tasks
WHERE owner_id = :user_id AND deleted_at IS NULL AND NOT done AND due_date IS NOT NULL
ORDER BY due_date, id
""")


async def set_token(conn: Connection, user_id: int, token_hash: str | None) -> None:
    await conn.execute(SET_TOKEN, user_id=user_id, token_hash=token_hash)


async def has_token(conn: Connection, user_id: int) -> bool:
    return bool(await conn.fetchval(HAS_TOKEN, user_id=user_id))


async def owner(conn: Connection, token_hash: str) -> Row | None:
    return await conn.fetchrow(OWNER, token_hash=token_hash)


async def tasks(conn: Connection, user_id: int) -> Sequence[Row]:
    return await conn.fetch(TASKS, user_id=user_id)
