"""Todoist's CSV export (one project per file) read into tasks and lists. No I/O.

Columns: TYPE, CONTENT, DESCRIPTION, PRIORITY, INDENT, AUTHOR, RESPONSIBLE, DATE, DATE_LANG,
TIMEZONE (and, in newer exports, DURATION, DURATION_UNIT, DEADLINE, DEADLINE_LANG); only TYPE and
CONTENT are required. The mapping:

- `section` row: a list of that name; the tasks after it, up to the next section, go in it.
  Tasks before any section go to the Inbox.
- `task` row with INDENT 1 (or none): a task. DATE is Todoist's own text ("every monday",
  "Dec 15", "2026-12-15 10:00"), read by quick add's parser in DATE_LANG (Russian or English):
  a date, a time and an "every ..." repetition. A date it does not understand leaves the task
  undated, and the report says so.
- `task` row with INDENT 2 or more: a sub-task, which becomes a checklist item of the task above
  it at INDENT 1 (its own date and description have no place there: reported).
- `note` row: a comment, appended to the description of the task above it.
- PRIORITY: tasks here have none; a priority other than Todoist's default (4, the lowest) is
  reported as not kept. AUTHOR, RESPONSIBLE, TIMEZONE, DURATION, DEADLINE are not read.
- Blank rows separate sections in Todoist's files and are ignored; any other row (a `meta` row of
  view settings, a malformed one) is skipped and reported with its line.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from tasktracker.quick_add.parser import Locale, ParsedTask, parse

REQUIRED_COLUMNS = ("TYPE", "CONTENT")
DEFAULT_PRIORITY = "4"
_ISO_DATE_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?")


def is_todoist_header(cells: list[str]) -> bool:
    names = {cell.strip().lstrip("\ufeff").upper() for cell in cells}
    return all(column in names for column in REQUIRED_COLUMNS)


@dataclass
class PlannedTask:
    line: int
    list_name: str | None
    title: str
    description: str = ""
    due_date: date | None = None
    due_time: str | None = None
    recurrence: str | None = None
    # Sub-tasks, each with its line.
    checklist: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Problem:
    line: int | None
    message: str
    skipped: bool  # the row became nothing (else only a part of it was left out)


@dataclass
class Plan:
    """What a file becomes: lists by name with their line (in the file's order), tasks, and
    what was left out."""

    lists: dict[str, int] = field(default_factory=dict)
    tasks: list[PlannedTask] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def skip(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message, skipped=True))

    def note(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message, skipped=False))


@dataclass(frozen=True, slots=True)
class Due:
    due_date: date | None
    due_time: str | None
    recurrence: str | None


DateReader = Callable[[str, Locale], Due]


def date_reader(local_now: datetime) -> DateReader:
    """Todoist's DATE text to a due date, time and rule, relative to the owner's local now;
    each distinct text is parsed once (a file repeats the same few)."""
    cache: dict[tuple[str, Locale], Due] = {}

    def read(text: str, locale: Locale) -> Due:
        key = (text, locale)
        if key not in cache:
            cache[key] = _read_date(text, locale, local_now)
        return cache[key]

    return read


def _read_date(text: str, locale: Locale, local_now: datetime) -> Due:
    exact = _ISO_DATE_TIME.fullmatch(text)
    if exact:
        try:
            day = date.fromisoformat(exact.group(1))
            clock = time(int(exact.group(2)), int(exact.group(3))) if exact.group(2) else None
        except ValueError:
            return Due(None, None, None)
        return Due(day, clock.strftime("%H:%M") if clock else None, None)
    parsed: ParsedTask = parse(text, local_now=local_now, locale=locale)
    return Due(parsed.due_date, parsed.due_time, parsed.recurrence)


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _columns(header: list[str]) -> list[str]:
    return [cell.strip().lstrip("\ufeff").upper() for cell in header]


def count_tasks(text: str) -> int:
    """How many task rows the file has (a cheap pass, before any date is parsed)."""
    rows = _rows(text)
    _, header = next(rows)
    columns = _columns(header)
    if "TYPE" not in columns:
        return 0
    at = columns.index("TYPE")
    return sum(1 for _, cells in rows if len(cells) > at and cells[at].strip().lower() == "task")


def read(text: str, read_date: DateReader) -> Plan:
    """The plan for a Todoist CSV export whose header `is_todoist_header`."""
    plan = Plan()
    rows = _rows(text)
    _, header = next(rows)
    columns = _columns(header)
    section: str | None = None
    parent: PlannedTask | None = None  # the last task at INDENT 1: sub-tasks and notes join it
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            plan.skip(
                line, f"Malformed row: {len(cells)} cells where the first row names {len(columns)} columns"
            )
            continue
        row = dict(zip(columns, (cell.strip() for cell in cells), strict=True))
        kind, content = row["TYPE"].lower(), row["CONTENT"]
        if kind == "section":
            if not content:
                plan.skip(line, "A section without a name")
                continue
            section = content
            parent = None
            plan.lists.setdefault(section, line)
        elif kind == "note":
            if parent is None:
                plan.skip(line, "A comment with no task above it")
            elif content:
                parent.description = f"{parent.description}\n\n{content}" if parent.description else content
        elif kind == "task":
            parent = _task(plan, line, row, section, parent, read_date)
        elif kind == "meta":
            plan.skip(line, "A Todoist view setting, not a task")
        else:
            plan.skip(line, f"Unknown TYPE {row['TYPE']!r}: expected task, section or note")
    return plan


def _task(
    plan: Plan,
    line: int,
    row: dict[str, str],
    section: str | None,
    parent: PlannedTask | None,
    read_date: DateReader,
) -> PlannedTask | None:
    """The new parent task (INDENT 1), or the same parent after adding a sub-task to it."""
    content = row["CONTENT"]
    indent_text = row.get("INDENT", "") or "1"
    if not indent_text.isdigit() or int(indent_text) < 1:
        plan.skip(line, f"INDENT must be a number from 1 (got {indent_text!r})")
        return parent
    if not content:
        plan.skip(line, "A task without a name")
        return parent
    priority = row.get("PRIORITY", "")
    if int(indent_text) > 1 and parent is not None:
        parent.checklist.append((line, content))
        if row.get("DATE") or row.get("DESCRIPTION"):
            plan.note(
                line, f"Sub-task {content!r} became a checklist item: its date and description are not kept"
            )
        return parent
    if int(indent_text) > 1:
        plan.note(line, f"Sub-task {content!r} has no task above it: imported as a task")
    if priority and priority != DEFAULT_PRIORITY:
        plan.note(line, f"Priority {priority} of {content!r} is not kept: tasks here have no priority")
    task = PlannedTask(line=line, list_name=section, title=content, description=row.get("DESCRIPTION", ""))
    date_text = row.get("DATE", "")
    if date_text:
        locale = Locale.RU if row.get("DATE_LANG", "").lower().startswith("ru") else Locale.EN
        due = read_date(date_text, locale)
        if due.due_date is None:
            plan.note(
                line, f"The date {date_text!r} of {content!r} was not understood: imported without a date"
            )
        else:
            task.due_date, task.due_time, task.recurrence = due.due_date, due.due_time, due.recurrence
    plan.tasks.append(task)
    return task
