"""Task rules: ownership (another user's task does not exist), done_at, optimistic versions.

Every operation is one statement that also checks the caller's session (a token caller's: see
tasks.queries), so it needs no transaction and costs one round trip. Only when a statement finds
no row does a second, read-only one tell why: the session ended (401), the task is at another
version (412), or there is no such task of this user (404).

Completing a recurring task is the exception: the UPDATE that completes a task only matches a
task that does not repeat, and when it misses because the task does, the completion takes a
transaction (read the rule, record the occurrence, move the task to its next date). Skipping
an occurrence is a transaction too.
"""

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import datetime, time, timedelta
from typing import Any

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.service import Caller
from tasktracker.db import Connection, Row
from tasktracker.lists.service import check_usable
from tasktracker.tasks import paging, positions, queries, recurrence, search
from tasktracker.tasks.errors import (
    NoNextOccurrence,
    NotRecurring,
    RecurringNeedsDate,
    TaskNotFound,
    VersionMismatch,
)
from tasktracker.tasks.schemas import DueView, TaskCreate, TaskUpdate
from tasktracker.timezones import zone_or_none

# The upcoming view: today and the days after it, a week in all.
UPCOMING_DAYS = 7


async def list_tasks_page(
    conn: Connection,
    caller: Caller,
    *,
    done: bool | None,
    limit: int | None,
    start: paging.Start | None,
    now: datetime,
    list_id: int | str | None = None,
    q: str | None = None,
) -> paging.Page:
    """A page of the caller's tasks (tasks.paging): every open task and the first
    DEFAULT_DONE_LIMIT done ones, or with `limit` the first `limit` tasks; from `start` on.
    `list_id`: of that list only, "inbox": of none; with `q` (not blank), those matching it
    (tasks.search)."""
    filters: dict[str, Any] = {} if done is None else {"done": done}
    if list_id == "inbox":
        filters["inbox"] = True
    elif list_id is not None:
        filters["list_id"] = list_id
    if q is not None and q.strip():
        filters[search.filter_name(q)] = search.parameter(conn.dialect, q)
    size, limited = (paging.DEFAULT_DONE_LIMIT, False) if limit is None else (limit, True)
    if caller.session_id is None:
        return await queries.list_page_for_owner(
            conn, caller.user_id, filters, limit=size, limited=limited, start=start
        )
    page = await queries.list_page_for_live_session(
        conn, caller.session_id, caller.user_id, now, filters, limit=size, limited=limited, start=start
    )
    if page is None:
        raise SessionExpired
    return page


async def list_due_tasks_json(
    conn: Connection,
    caller: Caller,
    view: DueView,
    *,
    default_timezone: str,
    now: datetime,
    q: str | None = None,
) -> bytes:
    """The caller's open tasks of a due view, in the order of their due dates and times; with `q`
    (not blank), those matching it. "Today" is the owner's: their timezone (or the default)
    turns `now` into a local date and time."""
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
        q=search.parameter(conn.dialect, q) if q is not None and q.strip() else None,
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
    fields = {**data.model_dump(), "position": positions.end_key(now)}
    row = await queries.insert(conn, caller.user_id, caller.session_id, fields, now)
    if row is None:
        if data.list_id is not None:  # the session's end, or the list's miss?
            alive, _ = await queries.owner_timezone(conn, caller.user_id, caller.session_id, now)
            if alive:
                await check_usable(conn, caller, data.list_id)
        raise SessionExpired
    return row


async def get_task(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> Row:
    row = await queries.get(conn, task_id, caller.user_id, caller.session_id, now)
    if row is None:
        raise await _not_found(conn, caller, task_id, now=now, version_checked=False)
    return row


# A transaction of its own, for the recurring paths of a request that is otherwise one statement.
Transaction = Callable[[], AbstractAsyncContextManager[Connection]]


async def update_task(
    conn: Connection,
    caller: Caller,
    task_id: int,
    changes: TaskUpdate,
    *,
    expected_version: int | None,
    now: datetime,
    transaction: Transaction,
    default_timezone: str,
) -> Row:
    fields = changes.model_dump(exclude_unset=True)
    completing_with_rule = fields.get("done") is True and fields.get("recurrence") is not None
    if not completing_with_rule:
        row = await queries.update(
            conn,
            task_id,
            caller.user_id,
            caller.session_id,
            fields,
            expected_version=expected_version,
            now=now,
        )
        if row is not None:
            return row
        miss = await queries.why_not_found(conn, task_id, caller.user_id, caller.session_id, now)
        error = _miss_error(miss, expected_version)
        if error is not None:
            raise error
        await check_usable(conn, caller, fields.get("list_id"))
        conditions = queries.guards(fields)
        if queries.DATED in conditions and not miss.dated:
            raise RecurringNeedsDate
        if queries.NOT_RECURRING not in conditions or not miss.recurs:
            # Changed or deleted between the two statements: as a conflict would have been.
            raise VersionMismatch() if expected_version is not None else TaskNotFound()
        if fields.get("done") is not True:  # the date was cleared on a recurring task
            raise RecurringNeedsDate(RecurringNeedsDate.clearing)
    async with transaction() as unit:
        return await _advance(
            unit,
            caller,
            task_id,
            fields,
            expected_version=expected_version,
            now=now,
            default_timezone=default_timezone,
            record=True,
        )


async def skip_occurrence(
    transaction: Transaction,
    caller: Caller,
    task_id: int,
    *,
    expected_version: int | None,
    now: datetime,
    default_timezone: str,
) -> Row:
    """Move a recurring task to its next occurrence without recording this one as done."""
    async with transaction() as unit:
        return await _advance(
            unit,
            caller,
            task_id,
            {},
            expected_version=expected_version,
            now=now,
            default_timezone=default_timezone,
            record=False,
        )


async def _advance(
    conn: Connection,
    caller: Caller,
    task_id: int,
    fields: dict[str, Any],
    *,
    expected_version: int | None,
    now: datetime,
    default_timezone: str,
    record: bool,
) -> Row:
    """In a transaction: record the occurrence completed (when `record`), apply the change's
    other fields, and move the task to its next date."""
    task = await queries.locked(conn, task_id, caller.user_id, caller.session_id, now)
    if task is None:
        miss = await queries.why_not_found(conn, task_id, caller.user_id, caller.session_id, now)
        raise _miss_error(miss, None) or TaskNotFound()
    if expected_version is not None and task["version"] != expected_version:
        raise VersionMismatch
    # The advance sets the list without USABLE_LIST: the list is checked here, in its transaction.
    await check_usable(conn, caller, fields.get("list_id"))
    rule = fields["recurrence"] if "recurrence" in fields else task["recurrence"]
    if rule is None:
        if record:  # it stopped repeating meanwhile: a plain completion
            row = await queries.update(
                conn, task_id, caller.user_id, None, fields, expected_version=expected_version, now=now
            )
            assert row is not None  # locked above
            return row
        raise NotRecurring
    occurrence = fields.get("due_date", task["due_date"])
    if occurrence is None:
        raise RecurringNeedsDate(RecurringNeedsDate.clearing)
    _, timezone = await queries.owner_timezone(conn, caller.user_id, None, now)
    zone = (timezone and zone_or_none(timezone)) or zone_or_none(default_timezone)
    assert zone is not None  # the default is checked at start
    moved = recurrence.move(rule, occurrence, task["remind_at"], zone=zone, today=now.astimezone(zone).date())
    if moved is None:  # no date left in the schedule: completing it ends it
        if not record:
            raise NoNextOccurrence
        row = await queries.update(
            conn,
            task_id,
            caller.user_id,
            None,
            {**fields, "done": True, "recurrence": None},
            expected_version=None,
            now=now,
        )
        assert row is not None  # locked above
        return row
    if record:
        await queries.record_occurrence(conn, task_id, caller.user_id, occurrence, now)
    return await queries.advance(
        conn, task_id, fields, due_date=moved.due_date, remind_at=moved.remind_at, now=now
    )


async def delete_task(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> None:
    if not await queries.delete(conn, task_id, caller.user_id, caller.session_id, now):
        raise await _not_found(conn, caller, task_id, now=now, version_checked=False)


def _miss_error(
    miss: queries.Miss, expected_version: int | None
) -> SessionExpired | VersionMismatch | TaskNotFound | None:
    """The error a missed statement means, or None when it missed on a guard (queries.guards)."""
    if not miss.session_alive:
        return SessionExpired()
    if miss.version is None:
        return TaskNotFound()
    if expected_version is not None and miss.version != expected_version:
        return VersionMismatch()
    return None


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
