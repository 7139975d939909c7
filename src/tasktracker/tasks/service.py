"""Task rules: ownership (another user's task does not exist), done_at, optimistic versions.

Every operation is one statement that also checks the caller's session (a token caller's: see
tasks.queries), so it needs no transaction and costs one round trip. Only when a statement finds
no row does a second, read-only one tell why: the session ended (401), the task is at another
version (412), or there is no such task of this user (404).
"""

from datetime import datetime, time, timedelta

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.service import Caller
from tasktracker.db import Connection, Row
from tasktracker.tasks import queries
from tasktracker.tasks.errors import TaskNotFound, VersionMismatch
from tasktracker.tasks.schemas import DueView, TaskCreate, TaskUpdate
from tasktracker.timezones import zone_or_none

# The upcoming view: today and the days after it, a week in all.
UPCOMING_DAYS = 7


async def list_tasks_json(conn: Connection, caller: Caller, *, done: bool | None, now: datetime) -> bytes:
    """The caller's tasks as a JSON array."""
    if caller.session_id is None:
        return await queries.list_json_for_owner(conn, caller.user_id, done)
    rendered = await queries.list_json_for_live_session(conn, caller.session_id, caller.user_id, now, done)
    if rendered is None:
        raise SessionExpired
    return rendered


async def list_due_tasks_json(
    conn: Connection, caller: Caller, view: DueView, *, default_timezone: str, now: datetime
) -> bytes:
    """The caller's open tasks of a due view, in the order of their due dates and times. "Today"
    is the owner's: their timezone (or the default) turns `now` into a local date and time."""
    alive, timezone = await queries.owner_timezone(conn, caller.user_id, caller.session_id, now)
    if not alive:
        raise SessionExpired
    zone = (timezone and zone_or_none(timezone)) or zone_or_none(default_timezone)
    local = now.astimezone(zone)
    today = local.date()
    return await queries.due_list_json(
        conn,
        caller.user_id,
        view,
        today=today,
        time_now=local.strftime("%H:%M"),
        horizon=today + timedelta(days=UPCOMING_DAYS),
    )


async def keep_due_instants(
    conn: Connection, owner_id: int, *, old_timezone: str, new_timezone: str, now: datetime
) -> None:
    """After the owner's timezone changed: each task due at a time is due at the same instant,
    so its local date and time move to the new zone's (a call at 09:00 in Paris is at 17:00 in
    Tokyo). A task due on a date alone stays on that date. Run in the change's transaction."""
    old_zone, new_zone = zone_or_none(old_timezone), zone_or_none(new_timezone)
    if old_zone is None or new_zone is None or old_zone == new_zone:
        return
    for task in await queries.timed_tasks(conn, owner_id):
        hour, minute = map(int, task["due_time"].split(":"))
        instant = datetime.combine(task["due_date"], time(hour, minute), tzinfo=old_zone)
        moved = instant.astimezone(new_zone)
        await queries.move_due(conn, task["id"], moved.date(), moved.strftime("%H:%M"), now=now)


async def create_task(conn: Connection, caller: Caller, data: TaskCreate, *, now: datetime) -> Row:
    row = await queries.insert(conn, caller.user_id, caller.session_id, data.model_dump(), now)
    if row is None:
        raise SessionExpired
    return row


async def get_task(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> Row:
    row = await queries.get(conn, task_id, caller.user_id, caller.session_id, now)
    if row is None:
        raise await _not_found(conn, caller, task_id, now=now, version_checked=False)
    return row


async def update_task(
    conn: Connection,
    caller: Caller,
    task_id: int,
    changes: TaskUpdate,
    *,
    expected_version: int | None,
    now: datetime,
) -> Row:
    row = await queries.update(
        conn,
        task_id,
        caller.user_id,
        caller.session_id,
        changes.model_dump(exclude_unset=True),
        expected_version=expected_version,
        now=now,
    )
    if row is None:
        raise await _not_found(conn, caller, task_id, now=now, version_checked=expected_version is not None)
    return row


async def delete_task(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> None:
    if not await queries.delete(conn, task_id, caller.user_id, caller.session_id, now):
        raise await _not_found(conn, caller, task_id, now=now, version_checked=False)


async def _not_found(
    conn: Connection, caller: Caller, task_id: int, *, now: datetime, version_checked: bool
) -> SessionExpired | VersionMismatch | TaskNotFound:
    """Why a statement on the task changed or found nothing."""
    miss = await queries.why_not_found(conn, task_id, caller.user_id, caller.session_id, now)
    if not miss.session_alive:
        return SessionExpired()
    if version_checked and miss.version is not None:
        return VersionMismatch()
    return TaskNotFound()
