"""Task rules: ownership (another user's task does not exist), done_at, optimistic versions."""

from datetime import datetime

from tasktracker.auth.errors import SessionExpired
from tasktracker.db import Connection, Row
from tasktracker.tasks import queries
from tasktracker.tasks.errors import TaskNotFound, VersionMismatch
from tasktracker.tasks.schemas import TaskCreate, TaskUpdate


async def list_tasks_json(
    conn: Connection, owner_id: int, *, session_id: str | None, done: bool | None, now: datetime
) -> bytes:
    """The owner's tasks as a JSON array; with a session id, that session must be alive too
    (checked in the same query: a token caller has not been looked up yet)."""
    if session_id is None:
        return await queries.list_json_for_owner(conn, owner_id, done)
    rendered = await queries.list_json_for_live_session(conn, session_id, owner_id, now, done)
    if rendered is None:
        raise SessionExpired
    return rendered


async def create_task(conn: Connection, owner_id: int, data: TaskCreate, *, now: datetime) -> Row:
    return await queries.insert(conn, owner_id, data.title, data.description, now)


async def get_task(conn: Connection, owner_id: int, task_id: int) -> Row:
    row = await queries.get(conn, task_id, owner_id)
    if row is None:
        raise TaskNotFound
    return row


async def update_task(
    conn: Connection,
    owner_id: int,
    task_id: int,
    changes: TaskUpdate,
    *,
    expected_version: int | None,
    now: datetime,
) -> Row:
    row = await queries.update(
        conn,
        task_id,
        owner_id,
        changes.model_dump(exclude_unset=True),
        expected_version=expected_version,
        now=now,
    )
    if row is not None:
        return row
    if expected_version is not None and await queries.get(conn, task_id, owner_id) is not None:
        raise VersionMismatch
    raise TaskNotFound


async def delete_task(conn: Connection, owner_id: int, task_id: int) -> None:
    if not await queries.delete(conn, task_id, owner_id):
        raise TaskNotFound
