from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field
from pydantic_core import PydanticCustomError

from tasktracker.json_schema import trimmed_text_pattern
from tasktracker.notifications.schemas import Language
from tasktracker.text import refuse_non_text

MAX_TEXT_LENGTH = 500


def clean_text(value: str) -> str:
    # As a title: the character rule first, so trimming cannot drop a control character.
    value = refuse_non_text(value, "text").strip()
    if not value:
        raise PydanticCustomError("text", "The text cannot be empty")
    if len(value) > MAX_TEXT_LENGTH:
        raise PydanticCustomError("text", f"The text must be at most {MAX_TEXT_LENGTH} characters")
    return value


def _text_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = trimmed_text_pattern(MAX_TEXT_LENGTH)


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    text: Annotated[
        str,
        AfterValidator(clean_text),
        Field(json_schema_extra=_text_schema, examples=["Pay rent every month on the 1st"]),
    ]
    locale: Language | None = Field(
        default=None, description="The language the text is most likely in; the account's by default"
    )
    literal: list[Literal["due", "recurrence", "list"]] = Field(
        default=[],
        description="Parts not to recognise, left in the title as written (the web app's undo)",
    )


class ParsedTaskOut(BaseModel):
    """What quick add would create: send these fields to `POST /tasks`."""

    title: str = Field(
        description="The text without the recognised parts (all of it when nothing else is left)"
    )
    due_date: date | None = Field(description="In the owner's timezone; with a repetition, its first date")
    due_time: str | None
    recurrence: str | None = Field(description="An RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO")
    list_id: int | None = Field(
        description="The list `#Name` names (one of the caller's, any case; out of the title); null: none"
    )
