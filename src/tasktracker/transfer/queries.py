"""SQL for export and import: the owner's lists and tasks, read whole and written in batches."""

from collections.abc import Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# Trashed lists and tasks are not exported: the trash is not what a user keeps.
LISTS = Query("""
SELECT id, name, color, position FROM lists
WHERE owner_id = :user_id AND deleted_at IS NULL
ORDER BY position, id
""")

# In the user's order: by position, which is what an import's new keys follow.
TASKS = Query("""
SELECT id, list_id, title, description, done, done_at, created_at, due_date, due_time, recurrence,
    remind_at, checklist, position
FROM tasks
WHERE owner_id = :user_id AND deleted_at IS NULL
ORDER BY position, id
""")

LIST_NAMES = Query("SELECT id, name FROM lists WHERE owner_id = :user_id AND deleted_at IS NULL")

INSERT_LIST = Query("""
INSERT INTO lists (owner_id, name, color, position, created_at, updated_at)
VALUES (:user_id, :name, :color, :position, :now, :now)
RETURNING id
""")

# The columns of a task an import writes, each a parameter per row (`title_0`, `title_1`, ...).
TASK_FIELDS = (
    "title",
    "description",
    "done",
    "done_at",
    "created_at",
    "due_date",
    "due_time",
    "checklist",
    "recurrence",
    "remind_at",
    "reminder_sent_at",
    "list_id",
    "position",
)
# Rows per INSERT: a few hundred parameters, far below either driver's limit.
BATCH_SIZE = 100


@lru_cache(maxsize=4)
def insert_tasks_statement(rows: int) -> Query:
    values = ", ".join(
        "(:user_id, " + ", ".join(f":{field}_{row}" for field in TASK_FIELDS) + ", :now, 1)"
        for row in range(rows)
    )
    return Query(
        f"INSERT INTO tasks (owner_id, {', '.join(TASK_FIELDS)}, updated_at, version) VALUES {values}"
    )


async def lists(conn: Connection, owner_id: int) -> Sequence[Row]:
    return await conn.fetch(LISTS, user_id=owner_id)


async def tasks(conn: Connection, owner_id: int) -> Sequence[Row]:
    return await conn.fetch(TASKS, user_id=owner_id)


async def list_ids_by_name(conn: Connection, owner_id: int) -> dict[str, int]:
    rows = await conn.fetch(LIST_NAMES, user_id=owner_id)
    return {row["name"]: row["id"] for row in sorted(rows, key=lambda row: row["id"], reverse=True)}


async def insert_list(
    conn: Connection, owner_id: int, *, name: str, color: str | None, position: str, now: datetime
) -> int:
    list_id: int = await conn.fetchval(
        INSERT_LIST, user_id=owner_id, name=name, color=color, position=position, now=now
    )
    return list_id


async def insert_tasks(
    conn: Connection, owner_id: int, rows: Sequence[Mapping[str, Any]], *, now: datetime
) -> None:
    """Insert the tasks (each a mapping of TASK_FIELDS), BATCH_SIZE rows per statement."""
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        params = {f"{field}_{index}": row[field] for index, row in enumerate(batch) for field in TASK_FIELDS}
        await conn.execute(insert_tasks_statement(len(batch)), user_id=owner_id, now=now, **params)
