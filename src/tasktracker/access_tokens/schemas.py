from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from tasktracker.json_schema import trimmed_text_pattern
from tasktracker.text import refuse_non_text

TASKS_READ = "tasks:read"
TASKS_WRITE = "tasks:write"
Scope = Literal["tasks:read", "tasks:write"]

MAX_NAME_LENGTH = 100  # the column's
MIN_EXPIRY_DAYS = 1
MAX_EXPIRY_DAYS = 366


def clean_name(value: str) -> str:
    value = refuse_non_text(value, "name").strip()
    if not value:
        raise PydanticCustomError("name", "The name cannot be empty")
    if len(value) > MAX_NAME_LENGTH:
        raise PydanticCustomError("name", f"The name must be at most {MAX_NAME_LENGTH} characters")
    return value


def _name_schema(schema: dict[str, Any]) -> None:
    schema["pattern"] = trimmed_text_pattern(MAX_NAME_LENGTH)


def distinct_scopes(value: list[str]) -> list[str]:
    if len(set(value)) != len(value):
        raise PydanticCustomError("scopes", "Name each scope once")
    return value


def whole_number(value: object) -> object:
    """JSON has one number type: 30.0 is the integer 30 (as JSON Schema's `integer` says), and
    is taken as it; anything else is left to the strict integer check."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Name = Annotated[str, AfterValidator(clean_name), Field(json_schema_extra=_name_schema)]
Scopes = Annotated[list[Scope], AfterValidator(distinct_scopes)]


class AccessTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    name: Name = Field(description="What the token is for, to tell it apart in the list")
    scopes: Scopes = Field(
        min_length=1,
        json_schema_extra={"uniqueItems": True},
        description="`tasks:read` to read tasks, `tasks:write` to create, change and delete them",
    )
    expires_in_days: Annotated[int, BeforeValidator(whole_number)] = Field(
        ge=MIN_EXPIRY_DAYS, le=MAX_EXPIRY_DAYS, description="Every token expires; 1 to 366 days"
    )


class AccessTokenOut(BaseModel):
    id: int
    name: str
    scopes: list[Scope] = Field(description="Sorted")
    prefix: str = Field(description="The start of the secret, to recognise it")
    created_at: datetime
    last_used_at: datetime | None = Field(
        description="Recorded at most once a minute: up to a minute behind the latest use"
    )
    expires_at: datetime = Field(description="Past it the token gets 401; it stays listed until revoked")


class CreatedAccessToken(AccessTokenOut):
    token: str = Field(description="The secret, shown this once: send it as `Authorization: Bearer <token>`")
