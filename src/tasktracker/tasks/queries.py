"""SQL for tasks. Rows come back as mappings (or JSON) and go out as they are: no objects in between."""

from collections.abc import Callable, Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

import orjson

from tasktracker.auth.queries import LIVE_SESSION
from tasktracker.db import Connection, Row
from tasktracker.sql import Query

COLUMNS = "id, title, description, done, done_at, created_at, updated_at, version"
# Open tasks in creation order, then done ones, most recently done first. Open tasks have no
# done_at, so one ORDER BY serves both groups on PostgreSQL and SQLite alike.
ORDER = "ORDER BY t.done, t.done_at DESC, t.id"
_T_COLUMNS = ", ".join(f"t.{column}" for column in COLUMNS.split(", "))
_BY_DONE = "AND t.done = :done"

# Lists are rendered to JSON by the database where it can (PostgreSQL's json_agg), so the hot
# path hands the client bytes it never parses; SQLite rows are rendered with orjson instead.
# Both fold the caller's session check into the same statement: one round trip per list.
_PG_LIST = """
SELECT convert_to(COALESCE(json_agg(t {order}), '[]')::text, 'UTF8')
FROM (SELECT {columns} FROM tasks t WHERE t.owner_id = :user_id {done_filter}) t
"""
# SQLite: no row at all means the session is dead; one all-NULL row means no tasks.
_LIST_FOR_LIVE_SESSION = """
SELECT {columns}
FROM sessions s LEFT JOIN tasks t ON t.owner_id = s.user_id {done_filter}
WHERE {live}
{order}
"""


def _pair(render: Callable[[str], str]) -> tuple[Query, Query]:
    """The statement for every task, and for the tasks of one `done` state."""
    return Query(render("")), Query(render(_BY_DONE))


def _pg_list(done_filter: str) -> str:
    return _PG_LIST.format(order=ORDER, columns=COLUMNS, done_filter=done_filter)


# No row means the session is dead; otherwise the (possibly empty) list.
PG_LIST_FOR_LIVE_SESSION = _pair(
    lambda done: f"SELECT ({_pg_list(done)}) FROM sessions s WHERE {LIVE_SESSION}"
)
PG_LIST_FOR_OWNER = _pair(_pg_list)
LIST_FOR_LIVE_SESSION = _pair(
    lambda done: _LIST_FOR_LIVE_SESSION.format(
        columns=_T_COLUMNS, done_filter=done, live=LIVE_SESSION, order=ORDER
    )
)
LIST_FOR_OWNER = _pair(
    lambda done: f"SELECT {_T_COLUMNS} FROM tasks t WHERE t.owner_id = :user_id {done} {ORDER}"
)

GET = Query(f"SELECT {COLUMNS} FROM tasks WHERE id = :task_id AND owner_id = :owner_id")

INSERT = Query(f"""
INSERT INTO tasks (owner_id, title, description, done, created_at, updated_at, version)
VALUES (:owner_id, :title, :description, false, :now, :now, 1)
RETURNING {COLUMNS}
""")

# done_at follows done: set when a task becomes done (kept when it already was), cleared when
# it is reopened.
_SET_DONE = "done = :done, done_at = CASE WHEN :done THEN COALESCE(done_at, :now) ELSE NULL END"
# Columns a change may set to the value given, NULL included.
UPDATABLE = ("title", "description")


@lru_cache(maxsize=64)
def update_statement(fields: frozenset[str], check_version: bool) -> Query:
    """The UPDATE of exactly the given fields, each set to its value (NULL included); the
    version check, when asked for, in the same statement so two writers cannot both win.
    One statement per combination, built once."""
    unknown = fields - {*UPDATABLE, "done"}
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    assignments = [f"{field} = :{field}" for field in UPDATABLE if field in fields]
    if "done" in fields:
        assignments.append(_SET_DONE)
    version_check = "AND version = :expected_version" if check_version else ""
    return Query(f"""
UPDATE tasks SET {", ".join(assignments)}, updated_at = :now, version = version + 1
WHERE id = :task_id AND owner_id = :owner_id {version_check}
RETURNING {COLUMNS}
""")


DELETE = Query("DELETE FROM tasks WHERE id = :task_id AND owner_id = :owner_id")


def _done_filter(done: bool | None) -> tuple[int, dict[str, bool]]:
    """Which of a statement pair, and its extra parameter."""
    return (0, {}) if done is None else (1, {"done": done})


async def list_json_for_live_session(
    conn: Connection, session_id: str, owner_id: int, now: datetime, done: bool | None
) -> bytes | None:
    """The owner's tasks as a JSON array, or None when the session is not alive."""
    variant, by_done = _done_filter(done)
    params = {"session_id": session_id, "user_id": owner_id, "now": now, **by_done}
    if conn.dialect == "postgresql":
        rendered: bytes | None = await conn.fetchval(PG_LIST_FOR_LIVE_SESSION[variant], **params)
        return rendered
    rows = await conn.fetch(LIST_FOR_LIVE_SESSION[variant], **params)
    if not rows:
        return None
    return b"[]" if rows[0]["id"] is None else orjson.dumps(rows)


async def list_json_for_owner(conn: Connection, owner_id: int, done: bool | None) -> bytes:
    variant, by_done = _done_filter(done)
    if conn.dialect == "postgresql":
        rendered: bytes = await conn.fetchval(PG_LIST_FOR_OWNER[variant], user_id=owner_id, **by_done)
        return rendered
    return orjson.dumps(await conn.fetch(LIST_FOR_OWNER[variant], user_id=owner_id, **by_done))


async def get(conn: Connection, task_id: int, owner_id: int) -> Row | None:
    return await conn.fetchrow(GET, task_id=task_id, owner_id=owner_id)


async def insert(conn: Connection, owner_id: int, title: str, description: str, now: datetime) -> Row:
    row = await conn.fetchrow(INSERT, owner_id=owner_id, title=title, description=description, now=now)
    assert row is not None  # INSERT … RETURNING always returns the row
    return row


async def update(
    conn: Connection,
    task_id: int,
    owner_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    now: datetime,
) -> Row | None:
    """Set each field of `changes` to its value; None when no such task (or version)."""
    statement = update_statement(frozenset(changes), expected_version is not None)
    version = {} if expected_version is None else {"expected_version": expected_version}
    return await conn.fetchrow(statement, task_id=task_id, owner_id=owner_id, now=now, **changes, **version)


async def delete(conn: Connection, task_id: int, owner_id: int) -> bool:
    return await conn.execute(DELETE, task_id=task_id, owner_id=owner_id) == 1
