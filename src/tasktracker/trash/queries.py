"""SQL for the trash: the tasks whose deleted_at is set, and the purge of those kept too long.

Like tasks.queries, each statement the API runs comes in two variants (index them with
`session_id is not None`): a session caller's folds the session check in, one round trip."""

from collections.abc import Sequence
from datetime import datetime

from tasktracker.auth.queries import LIVE_SESSION, caller_params, rows_for_caller
from tasktracker.db import Connection, Row
from tasktracker.sql import Query
from tasktracker.tasks.queries import COLUMNS

TRASHED = "deleted_at IS NOT NULL"
_SESSION_IS_ALIVE = f"EXISTS (SELECT 1 FROM sessions s WHERE {LIVE_SESSION})"
_T_COLUMNS = ", ".join(f"t.{column}" for column in COLUMNS.split(", "))
# Most recently trashed first.
_ORDER = "ORDER BY t.deleted_at DESC, t.id DESC"

# A session caller's: no row at all when the session is not alive, one all-NULL row for an
# empty trash (the LEFT JOIN), else the trashed tasks.
LIST = (
    Query(f"SELECT {_T_COLUMNS} FROM tasks t WHERE t.owner_id = :user_id AND t.{TRASHED} {_ORDER}"),
    Query(f"""
SELECT {_T_COLUMNS}
FROM sessions s LEFT JOIN tasks t ON t.owner_id = s.user_id AND t.{TRASHED}
WHERE {LIVE_SESSION}
{_ORDER}
"""),
)


def _for_callers(where: str, template: str) -> tuple[Query, Query]:
    return Query(template.format(where=f"{where} AND TRUE")), Query(
        template.format(where=f"{where} AND {_SESSION_IS_ALIVE}")
    )


_MINE_IN_TRASH = f"id = :task_id AND owner_id = :user_id AND {TRASHED}"

# Restored, a task goes back to its list and its place there (its position is kept); to the
# Inbox when that list is in the trash too, or gone.
RESTORE = _for_callers(
    _MINE_IN_TRASH,
    f"""
UPDATE tasks SET deleted_at = NULL, updated_at = :now, version = version + 1,
    list_id = CASE WHEN EXISTS (
        SELECT 1 FROM lists l
        WHERE l.id = tasks.list_id AND l.owner_id = tasks.owner_id AND l.deleted_at IS NULL
    ) THEN list_id END
WHERE {{where}}
RETURNING {COLUMNS}
""",
)

DELETE_FOREVER = _for_callers(_MINE_IN_TRASH, "DELETE FROM tasks WHERE {where}")

EMPTY_TASKS = _for_callers(f"owner_id = :user_id AND {TRASHED}", "DELETE FROM tasks WHERE {where}")
# Emptying the trash takes the trashed lists too: their tasks are gone with it.
EMPTY_LISTS = Query(f"DELETE FROM lists WHERE owner_id = :user_id AND {TRASHED}")


async def trashed(
    conn: Connection, user_id: int, session_id: str | None, now: datetime
) -> Sequence[Row] | None:
    """The owner's trashed tasks, most recently trashed first; None when the session is not alive."""
    return await rows_for_caller(conn, LIST, user_id, session_id, now)


async def restore(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Row | None:
    variant, caller = caller_params(user_id, session_id, now)
    return await conn.fetchrow(RESTORE[variant], task_id=task_id, **{"now": now, **caller})


async def delete_forever(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> bool:
    variant, caller = caller_params(user_id, session_id, now)
    return await conn.execute(DELETE_FOREVER[variant], task_id=task_id, **caller) == 1


async def empty_tasks(conn: Connection, user_id: int, session_id: str | None, now: datetime) -> int:
    """Delete the owner's trashed tasks; how many (0 too when the session is not alive)."""
    variant, caller = caller_params(user_id, session_id, now)
    return await conn.execute(EMPTY_TASKS[variant], **caller)


async def empty_lists(conn: Connection, user_id: int) -> None:
    await conn.execute(EMPTY_LISTS, user_id=user_id)


# The daily purge: what was trashed before the cutoff, a batch per statement (the partial index
# ix_tasks_deleted_at finds it). Tasks first: a trashed list's tasks carry its deleted_at.
PURGE_TASKS = Query(f"""
DELETE FROM tasks WHERE id IN (
    SELECT id FROM tasks WHERE {TRASHED} AND deleted_at < :cutoff LIMIT :limit
)
""")
PURGE_LISTS = Query(f"""
DELETE FROM lists WHERE id IN (
    SELECT id FROM lists WHERE {TRASHED} AND deleted_at < :cutoff LIMIT :limit
)
""")


async def purge_tasks(conn: Connection, cutoff: datetime, limit: int) -> int:
    return await conn.execute(PURGE_TASKS, cutoff=cutoff, limit=limit)


async def purge_lists(conn: Connection, cutoff: datetime, limit: int) -> int:
    return await conn.execute(PURGE_LISTS, cutoff=cutoff, limit=limit)
