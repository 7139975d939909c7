"""SQL for lists. A list's open_count is counted by the statement that returns it."""

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from tasktracker.auth.queries import LIVE_SESSION, caller_params, rows_for_caller
from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# The condition, on a list id parameter, that a task statement ANDs in to put a task in a list:
# the list is the user's and not in the trash (null: the Inbox, always usable). Typed: PostgreSQL
# cannot tell a parameter's type from IS NULL.
USABLE_LIST = (
    "(CAST(:list_id AS BIGINT) IS NULL OR EXISTS (SELECT 1 FROM lists l "
    "WHERE l.id = :list_id AND l.owner_id = :user_id AND l.deleted_at IS NULL))"
)

_OPEN_COUNT = (
    "(SELECT count(*) FROM tasks t WHERE t.list_id = {list}.id AND NOT t.done AND t.deleted_at IS NULL)"
)
COLUMNS = "id, name, color, position, " + _OPEN_COUNT.format(list="lists") + " AS open_count"
_L_COLUMNS = "l.id, l.name, l.color, l.position, " + _OPEN_COUNT.format(list="l") + " AS open_count"
ORDER = "ORDER BY l.position, l.id"

_SESSION_IS_ALIVE = f"EXISTS (SELECT 1 FROM sessions s WHERE {LIVE_SESSION})"


def _for_callers(render: Callable[[str], str]) -> tuple[Query, Query]:
    """(password caller, token caller): `render` gets the condition to AND in (as tasks.queries)."""
    return Query(render("TRUE")), Query(render(_SESSION_IS_ALIVE))


# A token caller's list: no row at all when the session is dead, one all-NULL row for no lists.
LIST = (
    Query(f"SELECT {_L_COLUMNS} FROM lists l WHERE l.owner_id = :user_id AND l.deleted_at IS NULL {ORDER}"),
    Query(f"""
SELECT {_L_COLUMNS}
FROM sessions s LEFT JOIN lists l ON l.owner_id = s.user_id AND l.deleted_at IS NULL
WHERE {LIVE_SESSION}
{ORDER}
"""),
)

INSERT = _for_callers(
    lambda alive: (
        f"""
INSERT INTO lists (owner_id, name, color, position, created_at, updated_at)
SELECT :user_id, :name, :color, :position, :now, :now
WHERE {alive}
RETURNING {COLUMNS}
"""
    )
)

UPDATABLE = ("name", "color", "position")


@lru_cache(maxsize=16)
def update_statement(fields: frozenset[str], check_session: bool) -> Query:
    assignments = [f"{field} = :{field}" for field in UPDATABLE if field in fields]
    session_check = f"AND {_SESSION_IS_ALIVE}" if check_session else ""
    return Query(f"""
UPDATE lists SET {", ".join(assignments)}, updated_at = :now
WHERE id = :list_id AND owner_id = :user_id AND deleted_at IS NULL {session_check}
RETURNING {COLUMNS}
""")


# Why a statement found no list: is the session alive, does the user have the list (not trashed)?
WHY_NOT_FOUND = _for_callers(
    lambda alive: (
        f"""
SELECT CASE WHEN {alive} THEN 1 ELSE 0 END AS session_alive, l.id
FROM (SELECT 1 AS one) one
LEFT JOIN lists l ON l.id = :list_id AND l.owner_id = :user_id AND l.deleted_at IS NULL
"""
    )
)

# The user's other lists around a place (a reorder): the neighbour's key and the one next to it.
_OTHERS = "owner_id = :user_id AND deleted_at IS NULL AND id <> :list_id"
KEY_OF = Query(f"SELECT position FROM lists WHERE id = :neighbour_id AND {_OTHERS}")
KEY_BELOW = Query(f"SELECT max(position) AS position FROM lists WHERE {_OTHERS} AND position < :key")
KEY_ABOVE = Query(f"SELECT min(position) AS position FROM lists WHERE {_OTHERS} AND position > :key")

# Deleting: the list and its tasks go to the trash at the same instant, so a restore finds the
# tasks that went with the list (and not those trashed before it, one by one).
TRASH = _for_callers(
    lambda alive: (
        f"""
UPDATE lists SET deleted_at = :now, updated_at = :now
WHERE id = :list_id AND owner_id = :user_id AND deleted_at IS NULL AND {alive}
"""
    )
)
TRASH_TASKS = Query("""
UPDATE tasks SET deleted_at = :now, updated_at = :now, version = version + 1
WHERE list_id = :list_id AND owner_id = :user_id AND deleted_at IS NULL
""")

RESTORE_TASKS = Query("""
UPDATE tasks SET deleted_at = NULL, updated_at = :now, version = version + 1
WHERE list_id = :list_id AND owner_id = :user_id
AND deleted_at = (SELECT deleted_at FROM lists WHERE id = :list_id AND owner_id = :user_id)
""")
# A list not in the trash is restored as it is: an Undo sent twice succeeds twice.
RESTORE = Query(f"""
UPDATE lists SET deleted_at = NULL, updated_at = CASE WHEN deleted_at IS NULL THEN updated_at ELSE :now END
WHERE id = :list_id AND owner_id = :user_id
RETURNING {COLUMNS}
""")

USABLE = Query(f"SELECT 1 WHERE {USABLE_LIST}")

NAMES = Query("SELECT id, name FROM lists WHERE owner_id = :user_id AND deleted_at IS NULL")


async def list_for_caller(
    conn: Connection, user_id: int, session_id: str | None, now: datetime
) -> Sequence[Row] | None:
    """The user's lists in their order; None when the caller's session is not alive."""
    return await rows_for_caller(conn, LIST, user_id, session_id, now)


async def insert(
    conn: Connection, user_id: int, session_id: str | None, fields: Mapping[str, Any], now: datetime
) -> Row | None:
    variant, caller = caller_params(user_id, session_id, now)
    return await conn.fetchrow(INSERT[variant], **fields, **{"now": now, **caller})


async def update(
    conn: Connection,
    list_id: int,
    user_id: int,
    session_id: str | None,
    changes: Mapping[str, Any],
    now: datetime,
) -> Row | None:
    _, caller = caller_params(user_id, session_id, now)
    statement = update_statement(frozenset(changes), session_id is not None)
    return await conn.fetchrow(statement, list_id=list_id, **changes, **{"now": now, **caller})


async def why_not_found(
    conn: Connection, list_id: int, user_id: int, session_id: str | None, now: datetime
) -> tuple[bool, bool]:
    """(whether the caller's session is alive, whether the user has the list)."""
    variant, caller = caller_params(user_id, session_id, now)
    row = await conn.fetchrow(WHY_NOT_FOUND[variant], list_id=list_id, **caller)
    assert row is not None  # the one row LEFT JOINed to the list, if any
    return bool(row["session_alive"]), row["id"] is not None


async def key_of(conn: Connection, list_id: int, user_id: int, neighbour_id: int) -> str | None:
    """The position of another list of the user's, or None when there is no such list."""
    row = await conn.fetchrow(KEY_OF, list_id=list_id, user_id=user_id, neighbour_id=neighbour_id)
    return None if row is None else str(row["position"])


async def key_next_to(conn: Connection, list_id: int, user_id: int, key: str, *, below: bool) -> str | None:
    """The key of the user's other list just below (or above) `key`; None when there is none."""
    row = await conn.fetchrow(KEY_BELOW if below else KEY_ABOVE, list_id=list_id, user_id=user_id, key=key)
    return None if row is None or row["position"] is None else str(row["position"])


async def trash(conn: Connection, list_id: int, user_id: int, session_id: str | None, now: datetime) -> bool:
    """The list and its tasks into the trash, in the caller's transaction; False when no list."""
    variant, caller = caller_params(user_id, session_id, now)
    if await conn.execute(TRASH[variant], list_id=list_id, **{"now": now, **caller}) != 1:
        return False
    await conn.execute(TRASH_TASKS, list_id=list_id, user_id=user_id, now=now)
    return True


async def restore(conn: Connection, list_id: int, user_id: int, now: datetime) -> Row | None:
    """The list and the tasks trashed with it out of the trash, in the caller's transaction;
    None when the user has no such list."""
    await conn.execute(RESTORE_TASKS, list_id=list_id, user_id=user_id, now=now)
    return await conn.fetchrow(RESTORE, list_id=list_id, user_id=user_id, now=now)


async def is_usable(conn: Connection, list_id: int, user_id: int) -> bool:
    """Whether a task of the user's may go into the list (USABLE_LIST)."""
    return await conn.fetchrow(USABLE, list_id=list_id, user_id=user_id) is not None


async def names(conn: Connection, user_id: int) -> Sequence[Row]:
    return await conn.fetch(NAMES, user_id=user_id)
