"""SQL for tasks. Rows come back as mappings (or JSON) and go out as they are: no objects in between."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from typing import Any

import orjson

from tasktracker.auth.queries import LIVE_SESSION, caller_params
from tasktracker.db import Connection, Row
from tasktracker.lists.queries import USABLE_LIST
from tasktracker.sql import Query
from tasktracker.tasks.paging import Page, Start

COLUMNS = (
    "id, title, description, done, done_at, created_at, updated_at, version, due_date, due_time, checklist, "
    "recurrence, remind_at, list_id, position, deleted_at"
)
# The checklist is stored as JSON text: PostgreSQL's lists embed it as JSON, not as a string.
_PG_COLUMNS = COLUMNS.replace("checklist", "checklist::json AS checklist")
# Open tasks in the user's order (tasks.positions), then done ones, most recently done first
# (ties by id, newest first): the order pages follow, and their cursors' keys (tasks.paging).
OPEN_ORDER = "t.position, t.id"
DONE_ORDER = "t.done_at DESC, t.id DESC"
# Both in one ORDER BY, for rows of either kind (open tasks have no done_at).
ORDER = (
    "ORDER BY t.done, t.done_at DESC, CASE WHEN t.done THEN NULL ELSE t.position END, "
    "CASE WHEN t.done THEN -t.id ELSE t.id END"
)
_T_COLUMNS = ", ".join(f"t.{column}" for column in COLUMNS.split(", "))
# What the trash holds is no task anywhere else (lists, views, lookups, changes).
NOT_TRASHED = "deleted_at IS NULL"

# Search (tasks.search): on PostgreSQL the stored vector tasks.search against the words' operands
# (text[]), each stemmed in every configuration the vector holds, ORed, and the words ANDed; a
# word no configuration keeps ("²", or a stop word in all) drops out, and with no word left
# nothing matches. An uncorrelated subquery: built once per statement. A stale vector (NULL, the
# task's text changed since the last refresh_search) is read from the text itself. On SQLite the
# FTS5 table tasks_search (its rowid is the task's id).
_PG_QUERY = """(
    SELECT string_agg('(' || NULLIF(concat_ws(' | ',
        NULLIF(to_tsquery('russian', w.term)::text, ''),
        NULLIF(to_tsquery('simple', w.term)::text, '')), '') || ')', ' & ')::tsquery
    FROM unnest(CAST(:{name} AS text[])) AS w(term))"""
_PG_TEXT_VECTOR = "tasktracker_search_vector(t.title, t.description, t.checklist)"
_SQLITE_SEARCH = "t.id IN (SELECT rowid FROM tasks_search WHERE tasks_search MATCH :{name})"


def _search(name: str, indexed: bool) -> dict[str, str]:
    """`q` finds the rows through the GIN index ix_tasks_search, and the stale ones through
    ix_tasks_search_stale. `q_scan` matches the owner's rows one by one instead (ts_match_vq is
    @@ as a function, which no index serves): for a prefix of one or two letters, which matches
    words of nearly every task of every user (tasks.search)."""
    query = _PG_QUERY.format(name=name)
    if indexed:
        match = f"(t.search @@ {query} OR (t.search IS NULL AND {_PG_TEXT_VECTOR} @@ {query}))"
    else:
        match = f"ts_match_vq(COALESCE(t.search, {_PG_TEXT_VECTOR}), {query})"
    return {"postgresql": match, "sqlite": _SQLITE_SEARCH.format(name=name)}


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
#
# A page (tasks.paging) is read in two parts, each in its order: the open tasks (whole, without
# an explicit limit) and the done ones, from where the page starts (the cursor's task). The same
# statement finds the task after the page, where the next one starts (none: the last page).
_PART = """SELECT {columns} FROM tasks t
WHERE t.owner_id = :user_id AND t.{not_trashed} AND {kind} {where} {start}
ORDER BY {order} {limit}"""
# Keyset conditions: from an open task, the open ones from it on (then every done one); from a
# done one, the done ones from it on. Written so that the done_at index bounds the scan.
_FROM_OPEN = "AND (t.position, t.id) >= (:start_position, :start_id)"
_FROM_DONE = "AND t.done_at <= :start_done_at AND (t.done_at < :start_done_at OR t.id <= :start_id)"
# The open part of a page that starts among the done tasks.
_NO_ROWS = "AND 1 = 0"
_START_COLUMNS = "t.done, t.position, t.done_at, t.id"

# PostgreSQL renders the page's JSON and finds the next page's first task, all in one statement.
# Without an explicit limit: every open task and the first :limit done ones, and the next done
# one; with one: the first :limit tasks of both parts, and the one after them.
_PG_PAGE = """
SELECT page.body, next.done AS next_done, next.position AS next_position,
    next.done_at AS next_done_at, next.id AS next_id
FROM (
    SELECT convert_to(COALESCE(json_agg(t {order}), '[]')::text, 'UTF8') AS body FROM ({rows}) t
) page
LEFT JOIN ({next}) next ON TRUE
"""
_PG_ROWS = {
    False: "({open_part}) UNION ALL ({done_part} LIMIT :limit)",
    True: (
        "SELECT * FROM (({open_part} LIMIT :limit) UNION ALL ({done_part} LIMIT :limit)) t "
        "{order} LIMIT :limit"
    ),
}
_PG_NEXT = {
    False: "SELECT {start_columns} FROM ({done_part} OFFSET :limit LIMIT 1) t",
    True: (
        "SELECT {start_columns} "
        "FROM (({open_part} LIMIT :limit + 1) UNION ALL ({done_part} LIMIT :limit + 1)) t "
        "{order} OFFSET :limit LIMIT 1"
    ),
}
_PG_PAGE_FOR_LIVE_SESSION = "SELECT page.* FROM sessions s, ({page}) page WHERE {live}"
# SQLite: the rows of both parts, one more than the page of each, cut in Python (queries.page).
# With the session check, no row at all means the session is dead; one all-NULL row, no tasks.
_SQLITE_ROWS = "SELECT * FROM ({open_part}) UNION ALL SELECT * FROM ({done_part})"
_SQLITE_PAGE = "SELECT t.* FROM ({rows}) t {order}"
_SQLITE_PAGE_FOR_LIVE_SESSION = """
SELECT t.* FROM sessions s LEFT JOIN ({rows}) t ON 1 = 1
WHERE {live}
{order}
"""


@lru_cache(maxsize=256)
def list_statement(
    dialect: str,
    filters: frozenset[str],
    check_session: bool,
    *,
    limited: bool = False,
    start: str | None = None,
) -> Query:
    """A page of the owner's tasks passing `filters` (names in LIST_FILTERS); with
    `check_session`, no row at all when the caller's session is not alive. `limited`: the page
    holds at most :limit tasks, open ones included; `start`: the page starts at an "open" or a
    "done" task (tasks.paging.Start). One statement per combination, built once."""
    where = "".join(f" AND {_list_filter(dialect, name)}" for name in sorted(filters))
    pg = dialect == "postgresql"
    columns = _PG_COLUMNS if pg else _T_COLUMNS
    # SQLite's parts read one row more than the page; PostgreSQL's say their limits themselves.
    part_limit = "" if pg else "LIMIT :limit + 1"
    open_part = _PART.format(
        columns=columns,
        not_trashed=NOT_TRASHED,
        kind="NOT t.done",
        where=where,
        start={None: "", "open": _FROM_OPEN, "done": _NO_ROWS}[start],
        order=OPEN_ORDER,
        limit=part_limit if limited else "",
    )
    done_part = _PART.format(
        columns=columns,
        not_trashed=NOT_TRASHED,
        kind="t.done",
        where=where,
        start=_FROM_DONE if start == "done" else "",
        order=DONE_ORDER,
        limit=part_limit,
    )
    parts = {"open_part": open_part, "done_part": done_part, "order": ORDER}
    if pg:
        page = _PG_PAGE.format(
            order=ORDER,
            rows=_PG_ROWS[limited].format(**parts),
            next=_PG_NEXT[limited].format(start_columns=_START_COLUMNS, **parts),
        )
        if check_session:
            return Query(_PG_PAGE_FOR_LIVE_SESSION.format(page=page, live=LIVE_SESSION))
        return Query(page)
    rows = _SQLITE_ROWS.format(**parts)
    if check_session:
        return Query(_SQLITE_PAGE_FOR_LIVE_SESSION.format(rows=rows, live=LIVE_SESSION, order=ORDER))
    return Query(_SQLITE_PAGE.format(rows=rows, order=ORDER))


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
    "position",
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


def _page_params(limit: int, start: Start | None) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit}
    if start is not None:
        params["start_id"] = start.id
        if start.done:
            params["start_done_at"] = start.done_at
        else:
            params["start_position"] = start.position
    return params


def _statement(
    dialect: str, filters: Mapping[str, Any], check_session: bool, limited: bool, start: Start | None
) -> Query:
    kind = None if start is None else "done" if start.done else "open"
    return list_statement(dialect, frozenset(filters), check_session, limited=limited, start=kind)


def _start(task: Row) -> Start:
    return Start(done=bool(task["done"]), id=task["id"], position=task["position"], done_at=task["done_at"])


def _pg_page(row: Row) -> Page:
    if row["next_id"] is None:
        return Page(row["body"], None)
    return Page(row["body"], _start({name.removeprefix("next_"): value for name, value in row.items()}))


def _sqlite_page(rows: Sequence[Row], limit: int, limited: bool) -> Page:
    """The page among the rows of both parts (open ones first, each part in its order)."""
    open_count = next((i for i, row in enumerate(rows) if row["done"]), len(rows))
    end = limit if limited else open_count + limit
    return Page(_rows_json(rows[:end]), _start(rows[end]) if len(rows) > end else None)


async def list_page_for_live_session(
    conn: Connection,
    session_id: str,
    owner_id: int,
    now: datetime,
    filters: Mapping[str, Any],
    *,
    limit: int,
    limited: bool,
    start: Start | None,
) -> Page | None:
    """A page of the owner's tasks passing `filters` (LIST_FILTERS: their values), or None when
    the session is not alive."""
    statement = _statement(conn.dialect, filters, True, limited, start)
    params = {
        "session_id": session_id,
        "user_id": owner_id,
        "now": now,
        **_filter_values(statement, filters),
        **_page_params(limit, start),
    }
    if conn.dialect == "postgresql":
        row = await conn.fetchrow(statement, **params)
        return None if row is None else _pg_page(row)
    rows = await conn.fetch(statement, **params)
    if not rows:
        return None
    return Page(b"[]", None) if rows[0]["id"] is None else _sqlite_page(rows, limit, limited)


async def list_page_for_owner(
    conn: Connection,
    owner_id: int,
    filters: Mapping[str, Any],
    *,
    limit: int,
    limited: bool,
    start: Start | None,
) -> Page:
    statement = _statement(conn.dialect, filters, False, limited, start)
    params = {"user_id": owner_id, **_filter_values(statement, filters), **_page_params(limit, start)}
    if conn.dialect == "postgresql":
        row = await conn.fetchrow(statement, **params)
        assert row is not None  # an aggregate's one row
        return _pg_page(row)
    return _sqlite_page(await conn.fetch(statement, **params), limit, limited)


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
    variant, caller = caller_params(user_id, session_id, now)
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


async def get(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Row | None:
    variant, caller = caller_params(user_id, session_id, now)
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
    variant, caller = caller_params(user_id, session_id, now)
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
    _, caller = caller_params(user_id, session_id, now)
    version = {} if expected_version is None else {"expected_version": expected_version}
    row = await conn.fetchrow(
        statement, task_id=task_id, **{"now": now, **caller}, **_stored(changes), **version
    )
    return _task(row)


async def delete(conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime) -> bool:
    """Move the task to the trash; False when no such task (or live session)."""
    variant, caller = caller_params(user_id, session_id, now)
    return await conn.execute(DELETE[variant], task_id=task_id, **{"now": now, **caller}) == 1


async def why_not_found(
    conn: Connection, task_id: int, user_id: int, session_id: str | None, now: datetime
) -> Miss:
    variant, caller = caller_params(user_id, session_id, now)
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
    variant, caller = caller_params(user_id, session_id, now)
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


# Manual order (POST /tasks/{id}/move): the open tasks of one list in (position, id) order, the
# moved task left out. Each statement comes for the Inbox (list_id NULL) and for a list (`inbox`
# indexes them), as `list_id = NULL` would match nothing.
_IN_LIST = {True: "list_id IS NULL", False: "list_id = :list_id"}
_ORDERED = f"owner_id = :user_id AND NOT done AND {NOT_TRASHED} AND id <> :task_id"
_AFTER = "(position > :position OR (position = :position AND id > :anchor_id))"
_BEFORE = "(position < :position OR (position = :position AND id < :anchor_id))"


def _in_order(condition: str, order: str) -> dict[bool, Query]:
    return {
        inbox: Query(
            f"SELECT id, position FROM tasks WHERE {_IN_LIST[inbox]} AND {_ORDERED} {condition} "
            f"ORDER BY {order} LIMIT :limit"
        )
        for inbox in (True, False)
    }


ROWS_AFTER = _in_order(f"AND {_AFTER}", "position, id")
ROWS_BEFORE = _in_order(f"AND {_BEFORE}", "position DESC, id DESC")
LAST_ROWS = _in_order("", "position DESC, id DESC")
TIED = {
    inbox: Query(
        f"SELECT id FROM tasks WHERE {_IN_LIST[inbox]} AND {_ORDERED} AND position = :position ORDER BY id"
    )
    for inbox in (True, False)
}
# The nearest keys that differ from a tied one, below and above it.
KEY_BELOW = {
    inbox: Query(
        f"SELECT MAX(position) FROM tasks WHERE {_IN_LIST[inbox]} AND {_ORDERED} AND position < :position"
    )
    for inbox in (True, False)
}
KEY_ABOVE = {
    inbox: Query(
        f"SELECT MIN(position) FROM tasks WHERE {_IN_LIST[inbox]} AND {_ORDERED} AND position > :position"
    )
    for inbox in (True, False)
}
# Moves of one user are serialised: two at once could otherwise pick the same key between the
# same neighbours. NO KEY UPDATE does not block the user's task INSERTs (their foreign key takes
# KEY SHARE). SQLite's BEGIN IMMEDIATE already holds the database.
LOCK_OWNER = Query("SELECT id FROM users WHERE id = :user_id FOR NO KEY UPDATE")
LIVE_LIST = Query(f"SELECT id FROM lists WHERE id = :list_id AND owner_id = :user_id AND {NOT_TRASHED}")
MOVE = Query(f"""
UPDATE tasks SET list_id = :list_id, position = :position, updated_at = :now, version = version + 1
WHERE id = :task_id
RETURNING {COLUMNS}
""")
# Respacing neighbours changes their keys, not their order: not a change of theirs (no version).
RESPACE = Query("UPDATE tasks SET position = :position WHERE id = :task_id")


@dataclass(frozen=True, slots=True)
class Place:
    """Where an open task is in its list's order."""

    id: int
    position: str


def _list_params(list_id: int | None) -> dict[str, Any]:
    return {} if list_id is None else {"list_id": list_id}


async def lock_owner(conn: Connection, user_id: int) -> None:
    if conn.dialect == "postgresql":
        await conn.fetchval(LOCK_OWNER, user_id=user_id)


async def list_is_live(conn: Connection, list_id: int, user_id: int) -> bool:
    return await conn.fetchval(LIVE_LIST, list_id=list_id, user_id=user_id) is not None


async def places(
    conn: Connection,
    user_id: int,
    list_id: int | None,
    anchor: Place,
    *,
    without: int,
    forward: bool,
    limit: int = 1,
) -> list[Place]:
    """Up to `limit` open tasks of the list (`without` the task being moved) next to `anchor`:
    the first ones after it (`forward`), or the nearest ones before it, nearest first."""
    statement = (ROWS_AFTER if forward else ROWS_BEFORE)[list_id is None]
    rows = await conn.fetch(
        statement,
        user_id=user_id,
        task_id=without,
        limit=limit,
        position=anchor.position,
        anchor_id=anchor.id,
        **_list_params(list_id),
    )
    return [Place(row["id"], row["position"]) for row in rows]


async def last_places(
    conn: Connection, user_id: int, list_id: int | None, *, without: int, limit: int
) -> list[Place]:
    """The last `limit` open tasks of the list, the last one first."""
    params = {"user_id": user_id, "task_id": without, "limit": limit, **_list_params(list_id)}
    rows = await conn.fetch(LAST_ROWS[list_id is None], **params)
    return [Place(row["id"], row["position"]) for row in rows]


async def tied(
    conn: Connection, user_id: int, list_id: int | None, position: str, *, without: int
) -> list[int]:
    """The ids of the list's open tasks at exactly this key, in id order (their order)."""
    params = {"user_id": user_id, "task_id": without, "position": position, **_list_params(list_id)}
    return [row["id"] for row in await conn.fetch(TIED[list_id is None], **params)]


async def keys_around(
    conn: Connection, user_id: int, list_id: int | None, position: str, *, without: int
) -> tuple[str | None, str | None]:
    """The nearest keys below and above `position` in the list (None: there is none)."""
    params = {"user_id": user_id, "task_id": without, "position": position, **_list_params(list_id)}
    inbox = list_id is None
    return await conn.fetchval(KEY_BELOW[inbox], **params), await conn.fetchval(KEY_ABOVE[inbox], **params)


async def move(conn: Connection, task_id: int, list_id: int | None, position: str, now: datetime) -> Row:
    row = _task(await conn.fetchrow(MOVE, task_id=task_id, list_id=list_id, position=position, now=now))
    assert row is not None  # locked by the caller's transaction
    return row


async def respace(conn: Connection, keys: Mapping[int, str]) -> None:
    for task_id, position in keys.items():
        await conn.execute(RESPACE, task_id=task_id, position=position)


# A batch of stale vectors (tasks.search NULL: the text changed), filled from the text. Rows
# another transaction holds are left to the next batch. The version stays: no change announced.
REFRESH_SEARCH = Query(f"""
UPDATE tasks t SET search = {_PG_TEXT_VECTOR}
WHERE t.id IN (SELECT id FROM tasks WHERE search IS NULL LIMIT :limit FOR UPDATE SKIP LOCKED)
""")


async def refresh_search(conn: Connection, limit: int) -> int:
    """Fill at most `limit` stale search vectors; how many. SQLite's FTS5 table is kept in step
    by its triggers: nothing is ever stale there."""
    if conn.dialect != "postgresql":
        return 0
    return await conn.execute(REFRESH_SEARCH, limit=limit)
