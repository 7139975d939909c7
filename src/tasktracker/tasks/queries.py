"""SQL for tasks. Rows come back as mappings (or JSON) and go out as they are: no objects in between."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import orjson

from tasktracker.auth.queries import LIVE_SESSION
from tasktracker.db import Connection, Row
from tasktracker.lists.queries import USABLE_LIST
from tasktracker.sql import Query

COLUMNS = (
    "id, title, description, done, done_at, created_at, updated_at, version, due_date, due_time, checklist, "
    "recurrence, remind_at, list_id, position, deleted_at"
)
# The checklist is stored as JSON text: PostgreSQL's lists embed it as JSON, not as a string.
_PG_COLUMNS = COLUMNS.replace("checklist", "checklist::json AS checklist")
# Open tasks in the user's order (tasks.positions), then done ones, most recently done first.
# Open tasks have no done_at, so one ORDER BY serves both groups on PostgreSQL and SQLite alike.
ORDER = "ORDER BY t.done, t.done_at DESC, t.position, t.id"
_T_COLUMNS = ", ".join(f"t.{column}" for column in COLUMNS.split(", "))
# What the trash holds is no task anywhere else (lists, views, lookups, changes).
NOT_TRASHED = "deleted_at IS NULL"

# Search (tasks.search): on PostgreSQL the stored vector tasks.search against the words' operands
# (text[]), each stemmed in every configuration the vector holds, ORed, and the words ANDed; a
# word no configuration keeps ("²", or a stop word in all) drops out, and with no word left
# nothing matches. An uncorrelated subquery: built once per statement. On SQLite the FTS5 table
# tasks_search (its rowid is the task's id).
_PG_QUERY = """(
    SELECT string_agg('(' || NULLIF(concat_ws(' | ',
        NULLIF(to_tsquery('english', w.term)::text, ''),
        NULLIF(to_tsquery('russian', w.term)::text, ''),
        NULLIF(to_tsquery('simple', w.term)::text, '')), '') || ')', ' & ')::tsquery
    FROM unnest(CAST(:{name} AS text[])) AS w(term))"""
_SQLITE_SEARCH = "t.id IN (SELECT rowid FROM tasks_search WHERE tasks_search MATCH :{name})"


def _search(name: str, indexed: bool) -> dict[str, str]:
    """`q` finds the rows through the GIN index ix_tasks_search. `q_scan` matches the owner's rows
    one by one instead (ts_match_vq is @@ as a function, which no index serves): for a prefix of
    one or two letters, which matches words of nearly every task of every user (tasks.search)."""
    match = "t.search @@ {query}" if indexed else "ts_match_vq(t.search, {query})"
    return {
        "postgresql": match.format(query=_PG_QUERY.format(name=name)),
        "sqlite": _SQLITE_SEARCH.format(name=name),
    }


# The filters of GET /tasks: each a condition on the task `t`, with the parameter of its name;
# a mapping when it is written for each dialect.
LIST_FILTERS: dict[str, str | Mapping[str, str]] = {
    "done": "t.done = :done",
    "list_id": "t.list_id = :list_id",
    "inbox": "t.list_id IS NULL",
    "q": _search("q", indexed=True),
    "q_scan": _search("q_scan", indexed=False),
}


def _list_filter(dialect: str, name: str) -> str:
    condition = LIST_FILTERS[name]
    return condition if isinstance(condition, str) else condition[dialect]


def _filter_values(statement: Query, filters: Mapping[str, Any]) -> dict[str, Any]:
    """The parameters of the filters that take one (`inbox` is a condition alone)."""
    return {name: value for name, value in filters.items() if name in statement.names}


# Lists are rendered to JSON by the database where it can (PostgreSQL's json_agg), so the hot
# path hands the client bytes it never parses; SQLite rows are rendered with orjson instead.
# Both fold the caller's session check into the same statement: one round trip per list.
_PG_LIST = """
SELECT convert_to(COALESCE(json_agg(t {order}), '[]')::text, 'UTF8')
FROM (SELECT {columns} FROM tasks t WHERE t.owner_id = :user_id AND t.{not_trashed} {where}) t
"""
# SQLite: no row at all means the session is dead; one all-NULL row means no tasks.
_LIST_FOR_LIVE_SESSION = """
SELECT {columns}
FROM sessions s LEFT JOIN tasks t ON t.owner_id = s.user_id AND t.{not_trashed} {where}
WHERE {live}
{order}
"""


@lru_cache(maxsize=64)
def list_statement(dialect: str, filters: frozenset[str], check_session: bool) -> Query:
    """The owner's tasks passing `filters` (names in LIST_FILTERS); with `check_session`, no row
    at all when the caller's session is not alive. One statement per combination, built once."""
    where = "".join(f" AND {_list_filter(dialect, name)}" for name in sorted(filters))
    if dialect == "postgresql":
        rendered = _PG_LIST.format(order=ORDER, columns=_PG_COLUMNS, not_trashed=NOT_TRASHED, where=where)
        if check_session:
            return Query(f"SELECT ({rendered}) FROM sessions s WHERE {LIVE_SESSION}")
        return Query(rendered)
    if check_session:
        return Query(
            _LIST_FOR_LIVE_SESSION.format(
                columns=_T_COLUMNS, not_trashed=NOT_TRASHED, where=where, live=LIVE_SESSION, order=ORDER
            )
        )
    return Query(
        f"SELECT {_T_COLUMNS} FROM tasks t WHERE t.owner_id = :user_id AND t.{NOT_TRASHED}{where} {ORDER}"
    )


# Every other statement comes in two variants: a token caller's carries the session check
# (one round trip: a logout is effective on the very next request), a password caller's does
# not (the password was checked just before). Index them with `session_id is not None`.
_SESSION_IS_ALIVE = f"EXISTS (SELECT 1 FROM sessions s WHERE {LIVE_SESSION})"


def _for_callers(render: Callable[[str], str]) -> tuple[Query, Query]:
    """(password caller, token caller): `render` gets the condition to AND in."""
    return Query(render("TRUE")), Query(render(_SESSION_IS_ALIVE))


def _get(alive: str) -> str:
    where = f"id = :task_id AND owner_id = :user_id AND {NOT_TRASHED} AND {alive}"
    return f"SELECT {COLUMNS} FROM tasks WHERE {where}"


GET = _for_callers(_get)

INSERT = _for_callers(
    lambda alive: (
        f"""
INSERT INTO tasks (
    owner_id, title, description, done, created_at, updated_at, version, due_date, due_time, checklist,
    recurrence, remind_at, position, list_id
)
SELECT :user_id, :title, :description, false, :now, :now, 1, :due_date, :due_time, :checklist, :recurrence,
    :remind_at, :position, CAST(:list_id AS BIGINT)
WHERE {alive} AND {USABLE_LIST}
RETURNING {COLUMNS}
"""
    )
)

# done_at follows done: set when a task becomes done (kept when it already was), cleared when
# it is reopened.
_SET_DONE = "done = :done, done_at = CASE WHEN :done THEN COALESCE(done_at, :now) ELSE NULL END"
# Columns a change may set to the value given, NULL included.
UPDATABLE = (
    "title",
    "description",
    "due_date",
    "due_time",
    "checklist",
    "recurrence",
    "remind_at",
    "list_id",
)
# A reminder set anew, or moved to a recurring task's next occurrence, is to be sent again.
_REMINDER_UNSENT = "reminder_sent_at = NULL"

# Conditions an UPDATE may carry, so that a rule on the stored task holds in the one statement.
# NOT_RECURRING: completing (or undating) only a task that does not repeat; a recurring one
# misses, and tasks.service takes its completion path (or refuses to drop its date). DATED:
# a rule sent alone applies only to a task that has a due date.
NOT_RECURRING = "not_recurring"
DATED = "dated"
_GUARDS = {NOT_RECURRING: "AND recurrence IS NULL", DATED: "AND due_date IS NOT NULL"}


def guards(changes: Mapping[str, Any]) -> frozenset[str]:
    """The conditions an UPDATE of these changes needs (see NOT_RECURRING, DATED)."""
    found = set()
    if "recurrence" not in changes and (changes.get("done") is True or changes.get("due_date", 0) is None):
        found.add(NOT_RECURRING)
    if changes.get("recurrence") is not None and "due_date" not in changes:
        found.add(DATED)
    return frozenset(found)


@lru_cache(maxsize=128)
def update_statement(
    fields: frozenset[str], check_version: bool, check_session: bool, conditions: frozenset[str] = frozenset()
) -> Query:
    """The UPDATE of exactly the given fields, each set to its value (NULL included), with the
    version check, when asked for, the session check and the `conditions` (guards) in the same
    statement: two writers cannot both win, and no write outlives its session. One statement
    per combination, built once."""
    unknown = fields - {*UPDATABLE, "done"}
    if unknown:
        raise ValueError(f"not updatable: {sorted(unknown)}")
    assignments = [f"{field} = :{field}" for field in UPDATABLE if field in fields]
    if "remind_at" in fields:
        assignments.append(_REMINDER_UNSENT)
    if "done" in fields:
        assignments.append(_SET_DONE)
    version_check = "AND version = :expected_version" if check_version else ""
    session_check = f"AND {_SESSION_IS_ALIVE}" if check_session else ""
    guarded = " ".join(_GUARDS[name] for name in sorted(conditions))
    if "list_id" in fields:  # the list is checked in the same statement (USABLE_LIST)
        guarded += f" AND {USABLE_LIST}"
    return Query(f"""
UPDATE tasks SET {", ".join(assignments)}, updated_at = :now, version = version + 1
WHERE id = :task_id AND owner_id = :user_id AND {NOT_TRASHED} {version_check} {session_check} {guarded}
RETURNING {COLUMNS}
""")


# Deleting a task moves it to the trash (tasktracker.trash restores it or deletes it for good).
DELETE = _for_callers(
    lambda alive: (
        "UPDATE tasks SET deleted_at = :now, updated_at = :now, version = version + 1 "
        f"WHERE id = :task_id AND owner_id = :user_id AND {NOT_TRASHED} AND {alive}"
    )
)

# Why a statement above found no row, asked only then: is the session alive, and which version
# of the task (if any) does the user have? Does it repeat, has it a due date (the guards)?
WHY_NOT_FOUND = _for_callers(
    lambda alive: (
        f"""
SELECT CASE WHEN {alive} THEN 1 ELSE 0 END AS session_alive, t.version, t.recurrence, t.due_date
FROM (SELECT 1 AS one) one LEFT JOIN tasks t ON t.id = :task_id AND t.owner_id = :user_id AND t.{NOT_TRASHED}
"""
    )
)


@dataclass(frozen=True, slots=True)
class Miss:
    session_alive: bool
    version: int | None
    recurs: bool = False
    dated: bool = False


def _task(row: Row | None) -> Row | None:
    """A task row as it goes out: its checklist text embedded as the JSON it is."""
    if row is None:
        return None
    return {**row, "checklist": orjson.Fragment(row["checklist"])}


def _rows_json(rows: Sequence[Row]) -> bytes:
    return orjson.dumps([_task(row) for row in rows])


def _stored(fields: Mapping[str, Any]) -> Mapping[str, Any]:
    """Fields as the columns hold them: the checklist as JSON text."""
    if "checklist" not in fields:
        return fields
    return {**fields, "checklist": orjson.dumps(fields["checklist"]).decode()}


async def list_json_for_live_session(
    conn: Connection, session_id: str, owner_id: int, now: datetime, filters: Mapping[str, Any]
) -> bytes | None:
    """The owner's tasks passing `filters` (LIST_FILTERS: their values) as a JSON array, or None
    when the session is not alive."""
    statement = list_statement(conn.dialect, frozenset(filters), True)
    params = {"session_id": session_id, "user_id": owner_id, "now": now, **_filter_values(statement, filters)}
    if conn.dialect == "postgresql":
        rendered: bytes | None = await conn.fetchval(statement, **params)
        return rendered
    rows = await conn.fetch(statement, **params)
    if not rows:
        return None
    return b"[]" if rows[0]["id"] is None else _rows_json(rows)


async def list_json_for_owner(conn: Connection, owner_id: int, filters: Mapping[str, Any]) -> bytes:
    statement = list_statement(conn.dialect, frozenset(filters), False)
    if conn.dialect == "postgresql":
        rendered: bytes = await conn.fetchval(
            statement, user_id=owner_id, **_filter_values(statement, filters)
        )
        return rendered
    return _rows_json(await conn.fetch(statement, user_id=owner_id, **_filter_values(statement, filters)))


# The owner's timezone, for the due views; no row when the session is not alive.
OWNER_TIMEZONE = _for_callers(lambda alive: f"SELECT timezone FROM users WHERE id = :user_id AND {alive}")

# Open tasks by due date, all-day ones first on each day, then by time. The bounds are local
# dates and a local time of the owner's, computed by the caller: "HH:MM" text compares in time order.
_DUE_ORDER = "ORDER BY t.due_date, t.due_time IS NOT NULL, t.due_time, t.id"
_DUE_CONDITIONS = {
    "overdue": "(t.due_date < :today OR (t.due_date = :today AND t.due_time <= :time_now))",
    "today": "t.due_date <= :today",
    "upcoming": "t.due_date >= :today AND t.due_date < :horizon",
}


def _due_statement(view: str, dialect: str, searched: bool) -> Query:
    where = (
        f"t.owner_id = :user_id AND t.{NOT_TRASHED} AND NOT t.done AND t.due_date IS NOT NULL "
        f"AND {_DUE_CONDITIONS[view]}"
    )
    if searched:
        # A due view is a few of the owner's open tasks: matched one by one.
        where += f" AND {_list_filter(dialect, 'q_scan')}"
    if dialect == "postgresql":
        return Query(f"""
SELECT convert_to(COALESCE(json_agg(t {_DUE_ORDER}), '[]')::text, 'UTF8')
FROM (SELECT {_PG_COLUMNS} FROM tasks t WHERE {where}) t
""")
    return Query(f"SELECT {_T_COLUMNS} FROM tasks t WHERE {where} {_DUE_ORDER}")


# By view, dialect and whether a search (q) narrows it.
DUE_LISTS = {
    (view, dialect, searched): _due_statement(view, dialect, searched)
    for view in _DUE_CONDITIONS
    for dialect in ("postgresql", "sqlite")
    for searched in (False, True)
}


async def owner_timezone(
    conn: Connection, user_id: int, session_id: str | None, now: datetime
) -> tuple[bool, str | None]:
    """(whether the caller's session is alive, the owner's timezone)."""
    variant, caller = _caller(user_id, session_id, now)
    row = await conn.fetchrow(OWNER_TIMEZONE[variant], **caller)
    return (False, None) if row is None else (True, row["timezone"])


async def due_list_json(
    conn: Connection,
    owner_id: int,
    view: str,
    *,
    today: date,
    time_now: str,
    horizon: date,
    q: list[str] | str | None = None,
) -> bytes:
    """The open tasks of a due view; with `q` (the search filter's value), those matching it."""
    statement = DUE_LISTS[view, conn.dialect, q is not None]
    bounds: dict[str, Any] = {"today": today} if q is None else {"today": today, "q_scan": q}
    if view == "overdue":
        bounds["time_now"] = time_now
    if view == "upcoming":
        bounds["horizon"] = horizon
    if conn.dialect == "postgresql":
        rendered: bytes = await conn.fetchval(statement, user_id=owner_id, **bounds)
        return rendered
    return _rows_json(await conn.fetch(statement, user_id=owner_id, **bounds))


TIMED_TASKS = Query(
    "SELECT id, due_date, due_time FROM tasks WHERE owner_id = :user_id AND due_time IS NOT NULL"
)

MOVE_DUE = Query("""
UPDATE tasks SET due_date = :due_date, due_time = :due_time, updated_at = :now, version = version + 1
WHERE id = :task_id
""")


async def timed_tasks(conn: Connection, owner_id: int) -> Sequence[Row]:
    return await conn.fetch(TIMED_TASKS, user_id=owner_id)


async def move_due(conn: Connection, task_id: int, due_date: date, due_time: str, *, now: datetime) -> None:
    await conn.execute(MOVE_DUE, task_id=task_id, due_date=due_date, due_time=due_time, now=now)


def _caller(user_id: int, session_id: str | None, now: datetime) -> tuple[int, dict[str, Any]]:
    """Which variant of a statement pair, and the caller's parameters."""
    if session_id is None:
        return 0, {"user_id": user_id}
    return 1, {"user_id": user_id, "session_id": session_id, "now": now}


async def get(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Row | None:
    variant, caller = _caller(user_id, session_id, now)
    return _task(await conn.fetchrow(GET[variant], task_id=task_id, **caller))


async def insert(
    conn: Connection,
    user_id: int,
    session_id: str | None,
    fields: Mapping[str, Any],
    now: datetime,
) -> Row | None:
    """The new task (`fields`: title, description, due_date, due_time, ..., list_id); None when the
    session is not alive or the list is not one the user can use."""
    variant, caller = _caller(user_id, session_id, now)
    return _task(await conn.fetchrow(INSERT[variant], **_stored(fields), **{"now": now, **caller}))


async def update(
    conn: Connection,
    task_id: int,
    user_id: int,
    session_id: str | None,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None,
    now: datetime,
) -> Row | None:
    """Set each field of `changes` to its value; None when no such task (or version, or live
    session, or usable list)."""
    if "due_date" in changes and changes["due_date"] is None:
        # A time without a date means nothing: clearing the date clears the time too.
        changes = {**changes, "due_time": None}
    statement = update_statement(
        frozenset(changes), expected_version is not None, session_id is not None, guards(changes)
    )
    _, caller = _caller(user_id, session_id, now)
    version = {} if expected_version is None else {"expected_version": expected_version}
    row = await conn.fetchrow(
        statement, task_id=task_id, **{"now": now, **caller}, **_stored(changes), **version
    )
    return _task(row)


async def delete(conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime) -> bool:
    """Move the task to the trash; False when no such task (or live session)."""
    variant, caller = _caller(user_id, session_id, now)
    return await conn.execute(DELETE[variant], task_id=task_id, **{"now": now, **caller}) == 1


async def why_not_found(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Miss:
    variant, caller = _caller(user_id, session_id, now)
    row = await conn.fetchrow(WHY_NOT_FOUND[variant], task_id=task_id, **caller)
    assert row is not None  # the one row LEFT JOINed to the task, if any
    return Miss(
        session_alive=bool(row["session_alive"]),
        version=row["version"],
        recurs=row["recurrence"] is not None,
        dated=row["due_date"] is not None,
    )


# The recurring paths (completing, skipping) read the task in a transaction, locking its row on
# PostgreSQL (SQLite's BEGIN IMMEDIATE already holds the database), then move it.
_LOCKED = {
    "postgresql": _for_callers(lambda alive: f"{_get(alive)} FOR UPDATE"),
    "sqlite": GET,
}


@lru_cache(maxsize=32)
def advance_statement(fields: frozenset[str]) -> Query:
    """Move a recurring task to its next occurrence (open, its reminder moved), setting the
    other `fields` of the same change too: one version."""
    assignments = [f"{field} = :{field}" for field in UPDATABLE if field in fields and field != "due_date"]
    assignments += [
        "due_date = :next_due_date",
        "remind_at = :next_remind_at",
        _REMINDER_UNSENT,
        "done = false",
        "done_at = NULL",
    ]
    return Query(f"""
UPDATE tasks SET {", ".join(assignments)}, updated_at = :now, version = version + 1
WHERE id = :task_id
RETURNING {COLUMNS}
""")


INSERT_OCCURRENCE = Query("""
INSERT INTO task_occurrences (task_id, owner_id, due_date, done_at)
VALUES (:task_id, :user_id, :due_date, :now)
""")


async def locked(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Row | None:
    """The task, its row locked until the transaction ends; None when not found (or the session
    is not alive)."""
    variant, caller = _caller(user_id, session_id, now)
    return await conn.fetchrow(_LOCKED[conn.dialect][variant], task_id=task_id, **caller)


async def advance(
    conn: Connection,
    task_id: int,
    changes: Mapping[str, Any],
    *,
    due_date: date,
    remind_at: datetime | None,
    now: datetime,
) -> Row:
    others = {field: value for field, value in changes.items() if field in UPDATABLE and field != "due_date"}
    row = await conn.fetchrow(
        advance_statement(frozenset(others)),
        task_id=task_id,
        next_due_date=due_date,
        next_remind_at=remind_at,
        now=now,
        **_stored(others),
    )
    moved = _task(row)
    assert moved is not None  # the row is locked by this transaction
    return moved


async def record_occurrence(
    conn: Connection, task_id: int, user_id: int, due_date: date, now: datetime
) -> None:
    await conn.execute(INSERT_OCCURRENCE, task_id=task_id, user_id=user_id, due_date=due_date, now=now)
