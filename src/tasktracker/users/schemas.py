from typing import Annotated, Any, Protocol

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from tasktracker.timezones import known_zone_names, zone_or_none
from tasktracker.users.emails import normalize_email

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MAX_EMAIL_LENGTH = 254  # RFC 5321's limit on a path, which email-validator applies


def normalized_email(value: str) -> str:
    normalized = normalize_email(value)
    if normalized is None:
        raise PydanticCustomError("email", "Enter a valid email address")
    return normalized


def acceptable_password(value: str) -> str:
    if len(value) < MIN_PASSWORD_LENGTH:
        raise PydanticCustomError(
            "password", f"The password must be at least {MIN_PASSWORD_LENGTH} characters long"
        )
    if len(value) > MAX_PASSWORD_LENGTH:
        raise PydanticCustomError(
            "password", f"The password must be at most {MAX_PASSWORD_LENGTH} characters long"
        )
    return value


def known_timezone(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    if zone_or_none(value.strip()) is None:
        raise PydanticCustomError("timezone", "Unknown timezone: use an IANA name such as Europe/Paris")
    return value.strip()


def _timezone_schema(schema: dict[str, Any]) -> None:
    schema["anyOf"] = [
        {"enum": sorted(known_zone_names()), "description": "An IANA time zone"},
        {"type": "string", "pattern": r"^\s*$", "description": "Blank: none"},
        {"type": "null"},
    ]


# The JSON Schema states the rules (for the OpenAPI description); the validators enforce them.
Email = Annotated[
    str,
    AfterValidator(normalized_email),
    Field(json_schema_extra={"format": "email", "maxLength": MAX_EMAIL_LENGTH}),
]
Password = Annotated[
    str,
    AfterValidator(acceptable_password),
    Field(json_schema_extra={"minLength": MIN_PASSWORD_LENGTH, "maxLength": MAX_PASSWORD_LENGTH}),
]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: Email
    password: Password
    password_confirm: str | None = Field(default=None, description="When sent, must equal `password`")
    timezone: Annotated[
        str | None, AfterValidator(known_timezone), Field(json_schema_extra=_timezone_schema)
    ] = None

    @field_validator("password_confirm")
    @classmethod
    def passwords_match(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value != info.data.get("password", value):
            raise PydanticCustomError("password_confirm", "The passwords do not match")
        return value


class UserOut(BaseModel):
    id: int
    email: str
    timezone: str | None = None

    @classmethod
    def of(cls, user: "AuthenticatedUserLike") -> "UserOut":
        return cls(id=user.id, email=user.email, timezone=user.timezone)


class AuthenticatedUserLike(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def email(self) -> str: ...
    @property
    def timezone(self) -> str | None: ...
