"""The export file (version 1) and the import's report.

The same models describe the export (OpenAPI) and validate an import: a file this API wrote
passes them, and a task in a file passes exactly the rules `POST /tasks` applies (title,
description, dates, recurrence, reminder, checklist), plus the fields only an import may set
(done, done_at, created_at, list).
"""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tasktracker.tasks.schemas import (
    RECURRENCE_NEEDS_DATE,
    Checklist,
    Description,
    DueDate,
    DueTime,
    Recurrence,
    RemindAt,
    Title,
)
from tasktracker.text import refuse_non_text

EXPORT_FORMAT = "tasktracker"
EXPORT_VERSION = 1
MAX_LIST_NAME_LENGTH = 100
MAX_COLOR_LENGTH = 16
MAX_POSITION_LENGTH = 64
# What one import may hold: beyond these the whole file is refused (422), before any row is read.
MAX_IMPORT_TASKS = 5_000
MAX_IMPORT_LISTS = 200


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


def _instant(value: Any) -> Any:
    """An instant as the export writes it: ISO 8601 with its UTC offset."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("datetime", "Use an instant as YYYY-MM-DDTHH:MM:SS+HH:MM") from None
        if parsed.tzinfo is None:
            raise PydanticCustomError("datetime", "The instant needs its UTC offset, e.g. Z or +03:00")
        return parsed.astimezone(UTC)
    return value


Instant = Annotated[datetime, BeforeValidator(_instant), Field(examples=["2026-03-08T08:30:00+00:00"])]


def clean_list_name(value: str) -> str:
    value = refuse_non_text(value, "name").strip()
    if not value:
        raise PydanticCustomError("name", "A list's name cannot be empty")
    if len(value) > MAX_LIST_NAME_LENGTH:
        raise PydanticCustomError("name", f"A list's name must be at most {MAX_LIST_NAME_LENGTH} characters")
    return value


ListName = Annotated[str, AfterValidator(clean_list_name)]


class ExportedList(BaseModel):
    """A list of the user's, in their order (the file's order)."""

    model_config = ConfigDict(extra="ignore", strict=True)

    id: int = Field(description="The list's id in this file: what tasks' `list_id` refer to")
    name: ListName
    color: Annotated[str, Field(max_length=MAX_COLOR_LENGTH)] | None = None
    position: Annotated[str, Field(max_length=MAX_POSITION_LENGTH)] | None = Field(
        default=None, description="Its key when exported; an import gives new keys in the file's order"
    )


class ExportedTask(BaseModel):
    """A task, with every field that recreates it. Tasks come in the user's order (by position)."""

    model_config = ConfigDict(extra="ignore", strict=True)

    list_id: int | None = Field(
        default=None, description="A list of this file (`lists[].id`); null: the Inbox"
    )
    title: Title
    description: Description = ""
    done: bool = False
    done_at: Instant | None = None
    created_at: Instant | None = Field(default=None, description="Kept by an import; now when missing")
    due_date: DueDate | None = None
    due_time: DueTime | None = None
    recurrence: Recurrence | None = None
    remind_at: RemindAt | None = None
    checklist: Checklist = []
    position: Annotated[str, Field(max_length=MAX_POSITION_LENGTH)] | None = Field(
        default=None, description="Its key when exported; an import gives new keys in the file's order"
    )

    @model_validator(mode="after")
    def dates_agree(self) -> "ExportedTask":
        if self.due_time is not None and self.due_date is None:
            raise PydanticCustomError("due_time", "A due time needs a due date")
        if self.recurrence is not None and self.due_date is None:
            raise PydanticCustomError("recurrence", RECURRENCE_NEEDS_DATE)
        return self


class ExportDocument(BaseModel):
    """Everything a user owns, trashed items excepted: `GET /export?format=json`, and what
    `POST /import` reads back."""

    model_config = ConfigDict(extra="ignore", strict=True)

    format: Literal["tasktracker"]
    version: Literal[1]
    exported_at: Instant | None = None
    lists: Annotated[list[ExportedList], Field(max_length=MAX_IMPORT_LISTS)] = []
    tasks: list[ExportedTask] = []

    @model_validator(mode="after")
    def lists_are_known(self) -> "ExportDocument":
        ids = [item.id for item in self.lists]
        if len(set(ids)) != len(ids):
            raise PydanticCustomError("lists", "Each list of the file needs an id of its own")
        known = set(ids)
        for index, task in enumerate(self.tasks):
            if task.list_id is not None and task.list_id not in known:
                raise PydanticCustomError(
                    "list_id",
                    "Task {index}: no list of the file has the id {list_id}",
                    {"index": index, "list_id": task.list_id},
                )
        return self


class ImportProblem(BaseModel):
    line: int | None = Field(
        description="The file's line (CSV) the problem is on; null for the file as a whole"
    )
    message: str


class ImportReport(BaseModel):
    created: int = Field(description="Tasks created")
    lists_created: int = Field(description="Lists created (a list of the same name is reused)")
    skipped: int = Field(description="Rows of the file that became nothing (see `errors`)")
    errors: list[ImportProblem] = Field(
        description="What was skipped or left out, and why: each skipped row, and parts of imported "
        "rows that have no place here (a Todoist priority, a sub-task's date)"
    )
