from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tasktracker.json_schema import text_pattern, trimmed_text_pattern, without_null
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


# The JSON Schema states the rules (for the OpenAPI description); the validators enforce them.
Title = Annotated[str, AfterValidator(clean_title), Field(json_schema_extra=_title_schema)]
Description = Annotated[
    str, AfterValidator(bounded_description), Field(json_schema_extra=_description_schema)
]


def _update_schema(schema: dict[str, Any]) -> None:
    """None stands for "not sent": a field may be left out, never null, and one must be sent."""
    for field in schema["properties"].values():
        without_null(field)
    schema["minProperties"] = 1


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    title: Title
    description: Description = ""


class TaskUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_update_schema)

    title: Title | None = None
    description: Description | None = None
    done: bool | None = None

    @model_validator(mode="after")
    def something_to_change(self) -> "TaskUpdate":
        if not self.model_fields_set:
            raise PydanticCustomError("empty", "Send at least one of title, description, done")
        for field in ("title", "description", "done"):
            if field in self.model_fields_set and getattr(self, field) is None:
                raise PydanticCustomError("null", f"{field} cannot be null")
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
