import re
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tasktracker.json_schema import text_pattern, trimmed_text_pattern, without_null
from tasktracker.lists.schemas import ListId
from tasktracker.tasks import positions
from tasktracker.tasks.recurrence import RRULE_PATTERN, clean_recurrence
from tasktracker.text import refuse_non_text

MAX_TITLE_LENGTH = 200
MAX_DESCRIPTION_LENGTH = 10_000


def clean_title(value: str) -> str:
    # The character rule first: trimming must not quietly drop a control character at either end.
    value = refuse_non_text(value, "title").strip()
    if not value:
        raise PydanticCustomError("title", "The title cannot be empty")
    if len(value) > MAX_TITLE_LENGTH:
        raise PydanticCustomError("title", f"The title must be at most {MAX_TITLE_LENGTH} characters")
    return value


def bounded_description(value: str) -> str:
    refuse_non_text(value, "description", multiline=True)
    if len(value) > MAX_DESCRIPTION_LENGTH:
        raise PydanticCustomError(
            "description", f"The description must be at most {MAX_DESCRIPTION_LENGTH} characters"
        )
    return value


def _title_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = trimmed_text_pattern(MAX_TITLE_LENGTH)


def _description_schema(schema: dict[str, Any]) -> None:
    schema.update(pattern=text_pattern(multiline=True), maxLength=MAX_DESCRIPTION_LENGTH)


def iso_date(value: Any) -> Any:
    """JSON has no dates: a due date is `YYYY-MM-DD` text, and nothing else (the models are strict)."""
    if isinstance(value, str):
        if not ISO_DATE.fullmatch(value):
            raise PydanticCustomError("date", "Use a date as YYYY-MM-DD")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("date", "No such date") from None
    return value


ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
DueDate = Annotated[date, BeforeValidator(iso_date)]

MAX_CHECKLIST_ITEMS = 100
MAX_CHECKLIST_TEXT_LENGTH = 500
CHECKLIST_ITEM_ID_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"


def clean_item_text(value: str) -> str:
    value = refuse_non_text(value, "text").strip()
    if not value:
        raise PydanticCustomError("text", "A checklist item cannot be empty")
    if len(value) > MAX_CHECKLIST_TEXT_LENGTH:
        raise PydanticCustomError(
            "text", f"A checklist item must be at most {MAX_CHECKLIST_TEXT_LENGTH} characters"
        )
    return value


def _item_text_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = trimmed_text_pattern(MAX_CHECKLIST_TEXT_LENGTH)


class ChecklistItem(BaseModel):
    """An item inside a task. Its id is the client's (so an item keeps it across autosaves and
    reordering before any response arrives), unique within the task."""

    model_config = ConfigDict(extra="forbid", strict=True)

    id: Annotated[str, Field(pattern=CHECKLIST_ITEM_ID_PATTERN, examples=["k3x9"])]
    text: Annotated[str, AfterValidator(clean_item_text), Field(json_schema_extra=_item_text_schema)]
    done: bool = False


def unique_item_ids(items: list[ChecklistItem]) -> list[ChecklistItem]:
    if len({item.id for item in items}) != len(items):
        raise PydanticCustomError("checklist", "Checklist item ids must be unique within the task")
    return items


# The whole list, in its order: a change sends it all (reordering is a new order).
Checklist = Annotated[
    list[ChecklistItem],
    Field(max_length=MAX_CHECKLIST_ITEMS, json_schema_extra={"uniqueItems": True}),
    AfterValidator(unique_item_ids),
]

# A local time of day; stored and returned as written, so it sorts as text.
DUE_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
DueTime = Annotated[str, Field(pattern=DUE_TIME_PATTERN, examples=["18:30"])]


# How far ahead a reminder may be set. A reminder already due (in the past) is accepted and sent
# by the next reminder tick: "30 minutes before" a task due in ten minutes still reminds.
MAX_REMINDER_AHEAD = timedelta(days=5 * 366)
EARLIEST_REMINDER = datetime(2000, 1, 1, tzinfo=UTC)


def aware_instant(value: Any) -> Any:
    """A reminder is an instant: ISO 8601 text with its UTC offset (`Z` or `+03:00`), stored in
    UTC; a local time without an offset would mean a different instant in every zone."""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("datetime", "Use an instant as YYYY-MM-DDTHH:MM:SS+HH:MM") from None
        if parsed.tzinfo is None:
            raise PydanticCustomError("datetime", "The instant needs its UTC offset, e.g. Z or +03:00")
        try:
            instant = parsed.astimezone(UTC)
        except OverflowError:  # past year 9999 in UTC
            raise PydanticCustomError("remind_at", "A reminder can be at most 5 years ahead") from None
        if instant < EARLIEST_REMINDER:
            raise PydanticCustomError("remind_at", "A reminder cannot be before the year 2000")
        return instant
    return value


def not_too_far_ahead(value: datetime) -> datetime:
    if value - datetime.now(UTC) > MAX_REMINDER_AHEAD:
        raise PydanticCustomError("remind_at", "A reminder can be at most 5 years ahead")
    return value


RemindAt = Annotated[
    datetime,
    BeforeValidator(aware_instant),
    AfterValidator(not_too_far_ahead),
    Field(examples=["2026-03-08T08:30:00+01:00"]),
]


class DueView(StrEnum):
    """`GET /tasks?due=`: open tasks by due date, in the owner's timezone."""

    OVERDUE = "overdue"  # due before today, or today at a time that has passed
    TODAY = "today"  # due today or overdue
    UPCOMING = "upcoming"  # due today or in the 6 days after it


# The JSON Schema states the rules (for the OpenAPI description); the validators enforce them.
Title = Annotated[str, AfterValidator(clean_title), Field(json_schema_extra=_title_schema)]
Description = Annotated[
    str, AfterValidator(bounded_description), Field(json_schema_extra=_description_schema)
]


# An RFC 5545 RRULE value, limited to the parts tasks.recurrence supports; stored canonical.
Recurrence = Annotated[
    str,
    AfterValidator(clean_recurrence),
    Field(max_length=255, examples=["FREQ=WEEKLY;BYDAY=MO,TH"], json_schema_extra={"pattern": RRULE_PATTERN}),
]


def valid_position(value: str) -> str:
    if not positions.is_key(value):
        raise PydanticCustomError(
            "position", f"A position is 1 to {positions.MAX_KEY_LENGTH} of 0-9 and a-z, not ending in 0"
        )
    return value


# A key of tasks.positions (its digits, bytewise order).
Position = Annotated[
    str,
    AfterValidator(valid_position),
    Field(
        max_length=positions.MAX_KEY_LENGTH,
        examples=["0hk2m9x1a3bi"],
        json_schema_extra={"pattern": "^[0-9a-z]*[1-9a-z]$"},
    ),
]

# Fields a change may set to null, which clears them.
CLEARABLE = frozenset({"due_date", "due_time", "recurrence", "remind_at", "list_id"})


def _time_needs_date_schema(schema: dict[str, Any]) -> None:
    """A body with a due time (not null) has a due date (not null) too."""
    schema["if"] = {"required": ["due_time"], "properties": {"due_time": {"type": "string"}}}
    schema["then"] = {"required": ["due_date"], "properties": {"due_date": {"type": "string"}}}


def _create_schema(schema: dict[str, Any]) -> None:
    """A time needs a date, and so does a rule."""
    _time_needs_date_schema(schema)
    schema["allOf"] = [
        {
            "if": {"required": ["recurrence"], "properties": {"recurrence": {"type": "string"}}},
            "then": {"required": ["due_date"], "properties": {"due_date": {"type": "string"}}},
        }
    ]


def _update_schema(schema: dict[str, Any]) -> None:
    """None stands for "not sent" except where null clears a field: the other fields may be left
    out, never null, and one field must be sent."""
    for name, field in schema["properties"].items():
        if name not in CLEARABLE:
            without_null(field)
    schema["minProperties"] = 1
    _time_needs_date_schema(schema)
    # A rule sent with a date: not a cleared one.
    schema["allOf"] = [
        {
            "if": {"required": ["recurrence", "due_date"], "properties": {"recurrence": {"type": "string"}}},
            "then": {"properties": {"due_date": {"type": "string"}}},
        }
    ]


def _time_needs_date(due_date: date | None, due_time: str | None) -> None:
    if due_time is not None and due_date is None:
        raise PydanticCustomError("due_time", "A due time needs a due date: send due_date with it")


RECURRENCE_NEEDS_DATE = "A recurring task needs a due date: its first occurrence"


def _recurrence_needs_date(due_date: date | None, recurrence: str | None) -> None:
    if recurrence is not None and due_date is None:
        raise PydanticCustomError("recurrence", f"{RECURRENCE_NEEDS_DATE}: send due_date with it")


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_create_schema)

    title: Title
    description: Description = ""
    due_date: DueDate | None = None
    due_time: DueTime | None = None
    checklist: Checklist = []
    recurrence: Recurrence | None = None
    remind_at: RemindAt | None = None
    list_id: ListId | None = Field(
        default=None, description="One of your lists (GET /lists); null: the Inbox"
    )

    @model_validator(mode="after")
    def time_needs_date(self) -> "TaskCreate":
        _time_needs_date(self.due_date, self.due_time)
        _recurrence_needs_date(self.due_date, self.recurrence)
        return self


class TaskUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_update_schema)

    title: Title | None = None
    description: Description | None = None
    done: bool | None = None
    due_date: DueDate | None = Field(default=None, description="null clears the due date and time")
    due_time: DueTime | None = Field(default=None, description="Sent with `due_date`; null clears it")
    checklist: Checklist | None = Field(default=None, description="The whole checklist, in its order")
    recurrence: Recurrence | None = Field(
        default=None, description="An RRULE value (see the API docs); null stops repeating"
    )
    remind_at: RemindAt | None = Field(
        default=None, description="When to email a reminder (an instant with its offset); null clears it"
    )
    list_id: ListId | None = Field(
        default=None, description="Move it to one of your lists; null: to the Inbox"
    )
    position: Position | None = Field(
        default=None, description="The task's key in its list's order (POST /tasks/{id}/move finds one)"
    )

    @model_validator(mode="after")
    def something_to_change(self) -> "TaskUpdate":
        sent = self.model_fields_set
        if not sent:
            raise PydanticCustomError(
                "empty",
                "Send at least one of title, description, done, due_date, due_time, checklist, recurrence, "
                "remind_at, list_id, position",
            )
        for field in ("title", "description", "done", "checklist", "position"):
            if field in sent and getattr(self, field) is None:
                raise PydanticCustomError("null", f"{field} cannot be null")
        # The stored date is not known here: a time comes with its date, so the rule holds in
        # one statement. Clearing the date clears the time (tasks.queries).
        if "due_time" in sent:
            _time_needs_date(self.due_date, self.due_time)
        # A rule sent with a cleared date is refused here; with no date in the body, the update
        # itself requires the stored one (tasks.queries).
        if "due_date" in sent:
            _recurrence_needs_date(self.due_date, self.recurrence)
        return self


class TaskOut(BaseModel):
    """The task as the API returns it (documentation: responses are rendered from rows)."""

    id: int
    title: str
    description: str
    done: bool
    done_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    due_date: date | None
    due_time: str | None
    checklist: list[ChecklistItem]
    recurrence: str | None
    remind_at: datetime | None
    list_id: int | None = Field(description="The task's list; null: the Inbox")
    position: str = Field(description="Sorts the open tasks of a list (opaque; compare as bytes)")
    deleted_at: datetime | None = Field(description="When it went to the trash; null unless there")


MAX_TASK_ID = 2**63 - 1  # BIGINT


def _whole_number(value: Any) -> Any:
    """JSON Schema counts 7.0 as an integer, so the API does too (still strict: not "7")."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


TaskId = Annotated[int, Field(ge=1, le=MAX_TASK_ID), BeforeValidator(_whole_number)]


def _move_schema(schema: dict[str, Any]) -> None:
    """One anchor at most, never null (leave it out: to the end); list_id may be null (the Inbox)."""
    for name in ("before_id", "after_id"):
        without_null(schema["properties"][name])
    schema["not"] = {"required": ["before_id", "after_id"]}


class TaskMove(BaseModel):
    """Where a task goes in its list's order (POST /tasks/{id}/move)."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_move_schema)

    before_id: TaskId | None = Field(default=None, description="Put it right before this open task")
    after_id: TaskId | None = Field(default=None, description="Put it right after this open task")
    list_id: TaskId | None = Field(
        default=None, description="Move it to this list too (null: the Inbox); left out, it stays in its list"
    )

    @model_validator(mode="after")
    def one_anchor(self) -> "TaskMove":
        sent = self.model_fields_set
        for field in ("before_id", "after_id"):
            if field in sent and getattr(self, field) is None:
                raise PydanticCustomError(
                    "null", f"{field} cannot be null: leave it out to move the task to the end"
                )
        if self.before_id is not None and self.after_id is not None:
            raise PydanticCustomError("anchor", "Send before_id or after_id, not both")
        return self
