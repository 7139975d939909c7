"""SQL for tasks. Rows come back as mappings (or JSON) and go out as they are: no objects in between."""

from datetime import datetime

import orjson

from tasktracker.db import Connection, Row

COLUMNS = "id, title, description, done, done_at, created_at, updated_at, version"
# Open tasks in creation order, then done ones, most recently done first. Open tasks have no
# done_at, so one ORDER BY serves both groups on PostgreSQL and SQLite alike.
ORDER = "ORDER BY t.done, t.done_at DESC, t.id"
_T_COLUMNS = ", ".join(f"t.{column}" for column in COLUMNS.split(", "))

# Lists are rendered to JSON by the database where it can (PostgreSQL's json_agg), so the hot
# path hands the client bytes it never parses; SQLite rows are rendered with orjson instead.
# Both fold the caller's session check into the same statement: one round trip per list.
_PG_LIST = f"""
SELECT convert_to(COALESCE(json_agg(t {ORDER}), '[]')::text, 'UTF8')
FROM (SELECT {COLUMNS} FROM tasks t WHERE t.owner_id = {{owner}} {{done_filter}}) t
"""
# No row means the session is dead; otherwise the (possibly empty) list.
_PG_LIST_FOR_LIVE_SESSION = """
SELECT ({list}) FROM sessions s
WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
"""
PG_LIST_FOR_LIVE_SESSION = _PG_LIST_FOR_LIVE_SESSION.format(list=_PG_LIST.format(owner="$2", done_filter=""))
PG_LIST_FOR_LIVE_SESSION_BY_DONE = _PG_LIST_FOR_LIVE_SESSION.format(
    list=_PG_LIST.format(owner="$2", done_filter="AND t.done = $4")
)
PG_LIST_FOR_OWNER = _PG_LIST.format(owner="$1", done_filter="")
PG_LIST_FOR_OWNER_BY_DONE = _PG_LIST.format(owner="$1", done_filter="AND t.done = $2")

# SQLite: no row at all means the session is dead; one all-NULL row means no tasks.
_LIST_FOR_LIVE_SESSION = """
SELECT {columns}
FROM sessions s LEFT JOIN tasks t ON t.owner_id = s.user_id {done_filter}
WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3
{order}
"""
LIST_FOR_LIVE_SESSION = _LIST_FOR_LIVE_SESSION.format(columns=_T_COLUMNS, done_filter="", order=ORDER)
LIST_FOR_LIVE_SESSION_BY_DONE = _LIST_FOR_LIVE_SESSION.format(
    columns=_T_COLUMNS, done_filter="AND t.done = $4", order=ORDER
)
LIST_FOR_OWNER = f"SELECT {_T_COLUMNS} FROM tasks t WHERE t.owner_id = $1 {ORDER}"
LIST_FOR_OWNER_BY_DONE = f"SELECT {_T_COLUMNS} FROM tasks t WHERE t.owner_id = $1 AND t.done = $2 {ORDER}"

GET = f"SELECT {COLUMNS} FROM tasks WHERE id = $1 AND owner_id = $2"

INSERT = f"""
INSERT INTO tasks (owner_id, title, description, done, created_at, updated_at, version)
VALUES ($1, $2, $3, false, $4, $4, 1)
RETURNING {COLUMNS}
"""

# Only the given fields change (NULL means "leave as is"); done_at follows done; the version
# check, when asked for, happens in the same statement so two writers cannot both win.
UPDATE = f"""
UPDATE tasks SET
  title = COALESCE($3, title),
  description = COALESCE($4, description),
  done_at = CASE
    WHEN CAST($5 AS BOOLEAN) IS NULL THEN done_at
    WHEN CAST($5 AS BOOLEAN) THEN COALESCE(done_at, $6)
    ELSE NULL
  END,
  done = COALESCE(CAST($5 AS BOOLEAN), done),
  updated_at = $6,
  version = version + 1
WHERE id = $1 AND owner_id = $2 AND (CAST($7 AS INTEGER) IS NULL OR version = $7)
RETURNING {COLUMNS}
"""

DELETE = "DELETE FROM tasks WHERE id = $1 AND owner_id = $2"


async def list_json_for_live_session(
    conn: Connection, session_id: str, owner_id: int, now: datetime, done: bool | None
) -> bytes | None:
    """The owner's tasks as a JSON array, or None when the session is not alive."""
    by_done = () if done is None else (done,)
    if conn.dialect == "postgresql":
        sql = PG_LIST_FOR_LIVE_SESSION if done is None else PG_LIST_FOR_LIVE_SESSION_BY_DONE
        rendered: bytes | None = await conn.fetchval(sql, session_id, owner_id, now, *by_done)
        return rendered
    sql = LIST_FOR_LIVE_SESSION if done is None else LIST_FOR_LIVE_SESSION_BY_DONE
    rows = await conn.fetch(sql, session_id, owner_id, now, *by_done)
    if not rows:
        return None
    return b"[]" if rows[0]["id"] is None else orjson.dumps(rows)


async def list_json_for_owner(conn: Connection, owner_id: int, done: bool | None) -> bytes:
    by_done = () if done is None else (done,)
    if conn.dialect == "postgresql":
        sql = PG_LIST_FOR_OWNER if done is None else PG_LIST_FOR_OWNER_BY_DONE
        rendered: bytes = await conn.fetchval(sql, owner_id, *by_done)
        return rendered
    sql = LIST_FOR_OWNER if done is None else LIST_FOR_OWNER_BY_DONE
    return orjson.dumps(await conn.fetch(sql, owner_id, *by_done))


async def get(conn: Connection, task_id: int, owner_id: int) -> Row | None:
    return await conn.fetchrow(GET, task_id, owner_id)


async def insert(conn: Connection, owner_id: int, title: str, description: str, now: datetime) -> Row:
    row = await conn.fetchrow(INSERT, owner_id, title, description, now)
    assert row is not None  # INSERT … RETURNING always returns the row
    return row


async def update(
    conn: Connection,
    task_id: int,
    owner_id: int,
    *,
    title: str | None,
    description: str | None,
    done: bool | None,
    expected_version: int | None,
    now: datetime,
) -> Row | None:
    return await conn.fetchrow(UPDATE, task_id, owner_id, title, description, done, now, expected_version)


async def delete(conn: Connection, task_id: int, owner_id: int) -> bool:
    return await conn.execute(DELETE, task_id, owner_id) == 1
