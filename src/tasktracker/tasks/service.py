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
from tasktracker.db import Connection, Database, Row, in_batches
from tasktracker.lists.service import check_usable
from tasktracker.tasks import paging, positions, queries, recurrence, search
from tasktracker.tasks.errors import (
    AnchorNotFound,
    BadAnchor,
    ListNotFound,
    NoNextOccurrence,
    NotRecurring,
    RecurringNeedsDate,
    TaskNotFound,
    VersionMismatch,
)
from tasktracker.tasks.schemas import DueView, TaskCreate, TaskMove, TaskUpdate
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


# A window respaced when keys have no room left starts with this many neighbours on each side,
# and grows fourfold until its bounds leave room for short keys (the whole list at worst).
RESPACE_WINDOW = 4
SHORT_KEY = positions.MAX_KEY_LENGTH * 3 // 4


async def move_task(
    conn: Connection,
    caller: Caller,
    task_id: int,
    move: TaskMove,
    *,
    expected_version: int | None,
    now: datetime,
) -> Row:
    """Put the task right after `after_id`, right before `before_id`, or (neither) at the end of
    its list, moving it to `list_id` too when sent. In the caller's transaction: the neighbours
    read are the ones the new key sorts between. Only the task's key changes, unless its
    neighbours' keys tie (rows inserted by hand) or have no room left: then that tied run, or a
    window around the place, is respaced too (their order stays; their versions too)."""
    await queries.lock_owner(conn, caller.user_id)
    task = await queries.locked(conn, task_id, caller.user_id, caller.session_id, now)
    if task is None:
        miss = await queries.why_not_found(conn, task_id, caller.user_id, caller.session_id, now)
        raise _miss_error(miss, None) or TaskNotFound()
    if expected_version is not None and task["version"] != expected_version:
        raise VersionMismatch
    list_id: int | None = move.list_id if "list_id" in move.model_fields_set else task["list_id"]
    if (
        list_id is not None
        and list_id != task["list_id"]
        and not await queries.list_is_live(conn, list_id, caller.user_id)
    ):
        raise ListNotFound
    low, high = await _slot(conn, caller, task_id, list_id, move, now=now)
    if low is not None and high is not None and low.position == high.position:
        position = await _respace_tie(conn, caller.user_id, list_id, task_id, low)
    else:
        try:
            position = positions.between(_key_of(low), _key_of(high))
        except ValueError:  # no room left within the longest key
            position = await _respace_window(conn, caller.user_id, list_id, task_id, low, high)
    return await queries.move(conn, task_id, list_id, position, now)


def _key_of(place: queries.Place | None) -> str | None:
    return None if place is None else place.position


async def _slot(
    conn: Connection, caller: Caller, task_id: int, list_id: int | None, move: TaskMove, *, now: datetime
) -> tuple[queries.Place | None, queries.Place | None]:
    """The open tasks the moved one goes between (None: the list's start or end)."""
    user_id = caller.user_id
    if move.after_id is not None:
        anchor = await _anchor(conn, user_id, task_id, move.after_id, "after_id", list_id, now=now)
        following = await queries.places(conn, user_id, list_id, anchor, without=task_id, forward=True)
        return anchor, following[0] if following else None
    if move.before_id is not None:
        anchor = await _anchor(conn, user_id, task_id, move.before_id, "before_id", list_id, now=now)
        preceding = await queries.places(conn, user_id, list_id, anchor, without=task_id, forward=False)
        return preceding[0] if preceding else None, anchor
    last = await queries.last_places(conn, user_id, list_id, without=task_id, limit=1)
    return last[0] if last else None, None


async def _anchor(
    conn: Connection,
    user_id: int,
    task_id: int,
    anchor_id: int,
    field: str,
    list_id: int | None,
    *,
    now: datetime,
) -> queries.Place:
    if anchor_id == task_id:
        raise BadAnchor(field, BadAnchor.itself)
    anchor = await queries.get(conn, anchor_id, user_id, None, now)
    if anchor is None:
        raise AnchorNotFound
    if anchor["done"]:
        raise BadAnchor(field, BadAnchor.done)
    if anchor["list_id"] != list_id:
        raise BadAnchor(field, BadAnchor.other_list)
    return queries.Place(anchor["id"], anchor["position"])


async def _respace_tie(
    conn: Connection, user_id: int, list_id: int | None, task_id: int, low: queries.Place
) -> str:
    """The moved task goes right after `low`, whose key the next task shares: the run of tasks at
    that key (in id order) takes spread keys between the nearest different keys around it."""
    run = await queries.tied(conn, user_id, list_id, low.position, without=task_id)
    order = list(run)
    order.insert(run.index(low.id) + 1, task_id)
    below, above = await queries.keys_around(conn, user_id, list_id, low.position, without=task_id)
    try:
        keys = dict(zip(order, positions.spread(below, above, len(order)), strict=True))
    except ValueError:  # the keys around it have no room left either
        high = queries.Place(order[order.index(task_id) + 1], low.position)
        return await _respace_window(conn, user_id, list_id, task_id, low, high)
    position = keys.pop(task_id)
    await queries.respace(conn, keys)
    return position


async def _respace_window(
    conn: Connection,
    user_id: int,
    list_id: int | None,
    task_id: int,
    low: queries.Place | None,
    high: queries.Place | None,
) -> str:
    """Respace the neighbours on each side of the place between `low` and `high` with the moved
    task among them, in a window wide enough for short keys: the rare case of keys grown too long
    by many moves to one place."""
    size = RESPACE_WINDOW
    while True:
        before = await _side(conn, user_id, list_id, task_id, low, forward=False, size=size)
        after = await _side(conn, user_id, list_id, task_id, high, forward=True, size=size)
        # The farthest row fetched bounds the window, unless the list ends before it.
        lower = before.pop() if len(before) > size else None
        upper = after.pop() if len(after) > size else None
        order = [place.id for place in reversed(before)] + [task_id] + [place.id for place in after]
        try:
            keys = positions.spread(_key_of(lower), _key_of(upper), len(order))
        except ValueError:
            keys = []
        if keys and max(map(len, keys)) <= SHORT_KEY:
            spaced = dict(zip(order, keys, strict=True))
            position = spaced.pop(task_id)
            await queries.respace(conn, spaced)
            return position
        size *= 4


async def _side(
    conn: Connection,
    user_id: int,
    list_id: int | None,
    task_id: int,
    nearest: queries.Place | None,
    *,
    forward: bool,
    size: int,
) -> list[queries.Place]:
    """`nearest` and up to `size` tasks beyond it, nearest first (none past the list's end)."""
    if nearest is None:
        return []
    beyond = await queries.places(
        conn, user_id, list_id, nearest, without=task_id, forward=forward, limit=size
    )
    return [nearest, *beyond]


async def refresh_search(db: Database, *, batch_size: int) -> int:
    """Fill the stale search vectors (queries.refresh_search), a batch per transaction, until none
    is left; how many. Running it again finds nothing more: idempotent."""
    return await in_batches(db, lambda conn: queries.refresh_search(conn, batch_size), batch_size)
