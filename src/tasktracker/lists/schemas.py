import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from tasktracker.access_tokens.schemas import whole_number
from tasktracker.json_schema import trimmed_text_pattern, without_null
from tasktracker.tasks import positions
from tasktracker.text import refuse_non_text

MAX_NAME_LENGTH = 100

# A list's colour: one of these names (the web app's palette, rendered in its own shades for
# light and dark themes), or any `#rrggbb`, stored in lower case.
PALETTE = ("red", "orange", "yellow", "green", "teal", "blue", "purple", "pink", "gray")
COLOR_PATTERN = rf"^(?:{'|'.join(PALETTE)}|#[0-9a-fA-F]{{6}})$"
_COLOR = re.compile(COLOR_PATTERN)


def clean_name(value: str) -> str:
    # As a task title: the character rule first, so trimming cannot drop a control character.
    value = refuse_non_text(value, "name").strip()
    if not value:
        raise PydanticCustomError("name", "The name cannot be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise PydanticCustomError("name", f"The name must be at most {MAX_NAME_LENGTH} characters")
    return value


def clean_color(value: str) -> str:
    if not _COLOR.fullmatch(value):
        raise PydanticCustomError("color", f"Use a colour name ({', '.join(PALETTE)}) or #rrggbb")
    return value.lower()


def clean_position(value: str) -> str:
    if not positions.is_key(value):
        raise PydanticCustomError("position", "Not a position: use one the API returned")
    return value


def _name_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = trimmed_text_pattern(MAX_NAME_LENGTH)


Name = Annotated[str, AfterValidator(clean_name), Field(json_schema_extra=_name_schema, examples=["Errands"])]
Color = Annotated[
    str,
    AfterValidator(clean_color),
    Field(
        examples=["teal", "#3366cc"],
        description="A palette name or #rrggbb",
        json_schema_extra={"pattern": COLOR_PATTERN},
    ),
]
POSITION_PATTERN = rf"^[{positions.DIGITS}]{{0,{positions.MAX_KEY_LENGTH - 1}}}[{positions.DIGITS[1:]}]$"
Position = Annotated[
    str,
    AfterValidator(clean_position),
    Field(
        description="A key as the API returns them: the list sorts by it",
        json_schema_extra={"pattern": POSITION_PATTERN},
    ),
]
# JSON Schema counts 7.0 as an integer, so the API does too (as for other integers of its bodies).
ListId = Annotated[int, Field(ge=1, le=2**63 - 1), BeforeValidator(whole_number)]

# Fields a change may set to null, which clears them.
CLEARABLE = frozenset({"color"})
# At most one way of saying where the list goes.
PLACEMENTS = ("position", "before_id", "after_id")


class ListCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name
    color: Color | None = None


def _update_schema(schema: dict[str, Any]) -> None:
    """Only the colour may be null; one field must be sent; one placement at most."""
    for name, field in schema["properties"].items():
        if name not in CLEARABLE:
            without_null(field)
    schema["minProperties"] = 1
    schema["not"] = {
        "anyOf": [
            {"required": [first, second]}
            for index, first in enumerate(PLACEMENTS)
            for second in PLACEMENTS[index + 1 :]
        ]
    }


class ListUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_update_schema)

    name: Name | None = None
    color: Color | None = Field(default=None, description="null: no colour")
    position: Position | None = None
    before_id: ListId | None = Field(default=None, description="Put the list just before this one of yours")
    after_id: ListId | None = Field(default=None, description="Put the list just after this one of yours")

    @model_validator(mode="after")
    def something_to_change(self) -> "ListUpdate":
        sent = self.model_fields_set
        if not sent:
            raise PydanticCustomError(
                "empty", "Send at least one of name, color, position, before_id, after_id"
            )
        for field in ("name", *PLACEMENTS):
            if field in sent and getattr(self, field) is None:
                raise PydanticCustomError("null", f"{field} cannot be null")
        if len(sent & set(PLACEMENTS)) > 1:
            raise PydanticCustomError(
                "placement", "Send one of position, before_id and after_id, not several"
            )
        return self


class ListOut(BaseModel):
    """A list as the API returns it (documentation: responses are rendered from rows)."""

    id: int
    name: str
    color: str | None = Field(description="A palette name or #rrggbb; null: none")
    position: str = Field(description="Sorts the lists (opaque; compare as bytes)")
    open_count: int = Field(description="Its open tasks, the trash left out")
