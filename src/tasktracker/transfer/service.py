"""Export (JSON, CSV) and import (our JSON, Todoist's CSV) of everything a user owns.

An export reads the owner's lists and tasks, trashed ones excepted, in one transaction. An import
is all or nothing: it runs in the request's transaction, so a file is either imported whole (its
report says what was left out and why) or refused whole (the error says why) and nothing stays.
A task from a file passes the rules `POST /tasks` applies; the new tasks get positions after the
owner's existing ones, in the file's order (tasks.positions), and lists of a name the owner
already has are reused rather than doubled.
"""

import asyncio
import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.service import Caller
from tasktracker.db import Connection, Row
from tasktracker.quick_add.queries import owner_zone_and_locale
from tasktracker.tasks import positions
from tasktracker.tasks.schemas import MAX_CHECKLIST_ITEMS, clean_item_text
from tasktracker.timezones import zone_or_none
from tasktracker.transfer import queries, todoist
from tasktracker.transfer.errors import NotAnImport, TooManyItems
from tasktracker.transfer.schemas import (
    EXPORT_FORMAT,
    EXPORT_VERSION,
    MAX_IMPORT_LISTS,
    MAX_IMPORT_TASKS,
    ExportDocument,
    ExportedTask,
    ExportFormat,
    clean_list_name,
)
from tasktracker.web import validation_error

# A refused file names at most this many of its invalid fields: enough to fix it, not a wall.
MAX_REPORTED_ERRORS = 50
CSV_COLUMNS = (
    "list",
    "title",
    "description",
    "done",
    "done_at",
    "created_at",
    "due_date",
    "due_time",
    "recurrence",
    "remind_at",
    "checklist",
)
# A spreadsheet runs a cell starting with one of these as a formula: the CSV is for reading, so
# such a cell is written with a leading apostrophe (OWASP's CSV injection advice).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Download:
    body: bytes
    media_type: str
    filename: str


async def _owner_zone(conn: Connection, caller: Caller, default_timezone: str, now: datetime) -> ZoneInfo:
    """The owner's timezone (or the default); 401 when the caller's session has ended."""
    owner = await owner_zone_and_locale(conn, caller.user_id, caller.session_id, now)
    if owner is None:
        raise SessionExpired
    zone = (owner["timezone"] and zone_or_none(owner["timezone"])) or zone_or_none(default_timezone)
    assert zone is not None  # the default is checked at start
    return zone


async def export(
    conn: Connection, caller: Caller, kind: ExportFormat, *, default_timezone: str, now: datetime
) -> Download:
    zone = await _owner_zone(conn, caller, default_timezone, now)
    lists = await queries.lists(conn, caller.user_id)
    tasks = await queries.tasks(conn, caller.user_id)
    stamp = now.astimezone(zone).date().isoformat()
    if kind is ExportFormat.CSV:
        return Download(_csv(lists, tasks, zone), "text/csv; charset=utf-8", f"tasktracker-{stamp}.csv")
    document = _document(lists, tasks, now)
    return Download(
        orjson.dumps(document, option=orjson.OPT_INDENT_2), "application/json", f"tasktracker-{stamp}.json"
    )


def _document(lists: Sequence[Row], tasks: Sequence[Row], now: datetime) -> dict[str, Any]:
    known = {row["id"] for row in lists}
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now,
        "lists": [dict(row) for row in lists],
        "tasks": [
            {
                **{name: value for name, value in row.items() if name != "id"},
                # A task left in a list that is in the trash is in no list the file holds.
                "list_id": row["list_id"] if row["list_id"] in known else None,
                # Items saved by a change may lack `done` (false): the file states it.
                "checklist": [
                    {"id": item["id"], "text": item["text"], "done": bool(item.get("done"))}
                    for item in orjson.loads(row["checklist"])
                ],
            }
            for row in tasks
        ],
    }


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _local(instant: datetime | None, zone: ZoneInfo) -> str:
    return "" if instant is None else instant.astimezone(zone).isoformat(timespec="seconds")


def _csv(lists: Sequence[Row], tasks: Sequence[Row], zone: ZoneInfo) -> bytes:
    names = {row["id"]: row["name"] for row in lists}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for task in tasks:
        checklist = "\n".join(
            f"[{'x' if item.get('done') else ' '}] {item['text']}" for item in orjson.loads(task["checklist"])
        )
        writer.writerow(
            [
                _cell(names.get(task["list_id"], "")),
                _cell(task["title"]),
                _cell(task["description"]),
                "yes" if task["done"] else "no",
                _local(task["done_at"], zone),
                _local(task["created_at"], zone),
                task["due_date"].isoformat() if task["due_date"] else "",
                task["due_time"] or "",
                task["recurrence"] or "",
                _local(task["remind_at"], zone),
                _cell(checklist),
            ]
        )
    # With a byte order mark, spreadsheets read the file as UTF-8 (Cyrillic included).
    return "\ufeff".encode() + out.getvalue().encode()


@dataclass
class _Batch:
    """What an import writes: lists by name (with a colour) and tasks naming their list."""

    lists: dict[str, str | None]
    tasks: list[tuple[str | None, ExportedTask]]


async def import_file(
    reads: Connection, unit: Connection, caller: Caller, raw: bytes, *, default_timezone: str, now: datetime
) -> dict[str, Any]:
    """Import `raw` (our JSON export or a Todoist CSV export) into the caller's account. The
    owner is read with `reads` (a statement on its own), the file is read and checked with no
    connection held, and only then are its lists and tasks written in the transaction `unit`."""
    text = _text(raw)
    zone = await _owner_zone(reads, caller, default_timezone, now)
    problems: list[todoist.Problem] = []
    if text.lstrip().startswith("{"):
        batch = _from_json(text)
    else:
        header = next(csv.reader(io.StringIO(text, newline="")), [])
        if not todoist.is_todoist_header(header):
            raise NotAnImport
        if todoist.count_tasks(text) > MAX_IMPORT_TASKS:
            raise TooManyItems(
                f"The file holds more than {MAX_IMPORT_TASKS} tasks: import at most that many at once"
            )
        reader = todoist.date_reader(now.astimezone(zone).replace(tzinfo=None))
        # Dates are parsed by dateparser, pure CPU: off the event loop.
        plan = await asyncio.to_thread(todoist.read, text, reader)
        if len(plan.lists) > MAX_IMPORT_LISTS:
            raise TooManyItems(
                f"The file holds more than {MAX_IMPORT_LISTS} sections: import at most that many at once"
            )
        batch, problems = _from_plan(plan)
    lists_created = await _write(unit, caller.user_id, batch, now=now)
    problems.sort(key=lambda problem: problem.line or 0)
    return {
        "created": len(batch.tasks),
        "lists_created": lists_created,
        "skipped": sum(1 for problem in problems if problem.skipped),
        "errors": [{"line": problem.line, "message": problem.message} for problem in problems],
    }


def _text(raw: bytes) -> str:
    if not raw.strip():
        raise NotAnImport("The file is empty")
    if b"\0" in raw:
        raise NotAnImport
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAnImport("The file is not UTF-8 text: export it again as UTF-8") from None


def _from_json(text: str) -> _Batch:
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise NotAnImport("The file is not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise NotAnImport('The JSON file is not a Task Tracker export: it has no "format": "tasktracker"')
    if data.get("version") != EXPORT_VERSION:
        raise NotAnImport(
            f"This export's version is not one this server reads (it reads version {EXPORT_VERSION})"
        )
    if isinstance(data.get("tasks"), list) and len(data["tasks"]) > MAX_IMPORT_TASKS:
        raise TooManyItems(
            f"The file holds {len(data['tasks'])} tasks: import at most {MAX_IMPORT_TASKS} at once"
        )
    try:
        document = ExportDocument.model_validate(data)
    except ValidationError as exc:
        error = validation_error(list(exc.errors())[:MAX_REPORTED_ERRORS])
        error.message = f"The file cannot be imported: {error.message}"
        raise error from exc
    names = {item.id: item.name for item in document.lists}
    lists: dict[str, str | None] = {}
    for item in document.lists:
        lists.setdefault(item.name, item.color)
    return _Batch(
        lists,
        [(names.get(task.list_id) if task.list_id is not None else None, task) for task in document.tasks],
    )


def _from_plan(plan: todoist.Plan) -> tuple[_Batch, list[todoist.Problem]]:
    """The plan's tasks that pass the API's rules; each one that does not is reported, skipped."""
    problems = list(plan.problems)
    lists: dict[str, str | None] = {}
    for name, line in plan.lists.items():
        try:
            lists[clean_list_name(name)] = None
        except PydanticCustomError as error:
            problems.append(
                todoist.Problem(
                    line,
                    f"Section {name[:50]!r} is not a list ({error.message()}): its tasks go to the Inbox",
                    skipped=True,
                )
            )
    tasks: list[tuple[str | None, ExportedTask]] = []
    for planned in plan.tasks:
        items = []
        for line, text in planned.checklist:
            try:
                items.append(clean_item_text(text))
            except PydanticCustomError as error:
                problems.append(
                    todoist.Problem(
                        line, f"Sub-task of {planned.title[:50]!r}: {error.message()}", skipped=True
                    )
                )
        if len(items) > MAX_CHECKLIST_ITEMS:
            problems.append(
                todoist.Problem(
                    planned.line,
                    f"Only the first {MAX_CHECKLIST_ITEMS} sub-tasks of {planned.title[:50]!r} are kept",
                    skipped=False,
                )
            )
            items = items[:MAX_CHECKLIST_ITEMS]
        fields = {
            "title": planned.title,
            "description": planned.description,
            "due_date": planned.due_date.isoformat() if planned.due_date else None,
            "due_time": planned.due_time,
            "recurrence": planned.recurrence,
            "checklist": [
                {"id": f"t{index + 1}", "text": text, "done": False} for index, text in enumerate(items)
            ],
        }
        try:
            task = ExportedTask.model_validate(fields)
        except ValidationError as exc:
            reason = "; ".join(str(error["msg"]) for error in exc.errors())
            problems.append(
                todoist.Problem(planned.line, f"Task {planned.title[:50]!r}: {reason}", skipped=True)
            )
            continue
        tasks.append((planned.list_name if planned.list_name in lists else None, task))
    return _Batch(lists, tasks), problems


async def _write(conn: Connection, owner_id: int, batch: _Batch, *, now: datetime) -> int:
    """Create the batch's lists (those the owner has not already) and tasks; how many lists are new."""
    existing = await queries.list_ids_by_name(conn, owner_id)
    ids: dict[str, int] = {}
    created = 0
    for name, color in batch.lists.items():
        if name in existing:
            ids[name] = existing[name]
            continue
        key = positions.end_key(now + timedelta(microseconds=created))
        ids[name] = await queries.insert_list(conn, owner_id, name=name, color=color, position=key, now=now)
        created += 1
    rows = []
    for index, (list_name, task) in enumerate(batch.tasks):
        done_at = (task.done_at or task.created_at or now) if task.done else None
        rows.append(
            {
                "title": task.title,
                "description": task.description,
                "done": task.done,
                "done_at": done_at,
                "created_at": task.created_at or now,
                "due_date": task.due_date,
                "due_time": task.due_time,
                "checklist": orjson.dumps([item.model_dump() for item in task.checklist]).decode(),
                "recurrence": task.recurrence,
                "remind_at": task.remind_at,
                # A reminder already past is not sent again: the file's tasks are not new to their owner.
                "reminder_sent_at": now if task.remind_at is not None and task.remind_at <= now else None,
                "list_id": ids.get(list_name) if list_name is not None else None,
                # After every key made before now, in the file's order: keys of instants a
                # microsecond apart sort like the file and before any task made later.
                "position": positions.end_key(now + timedelta(microseconds=index)),
            }
        )
    await queries.insert_tasks(conn, owner_id, rows, now=now)
    return created
