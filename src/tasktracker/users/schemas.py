from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from tasktracker.json_schema import without_null
from tasktracker.notifications.schemas import DEFAULT_LANGUAGE, Language
from tasktracker.timezones import known_zone_names, zone_or_none
from tasktracker.users.emails import normalize_email

if TYPE_CHECKING:
    from tasktracker.auth.service import SessionInfo
    from tasktracker.users.service import Account

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
Timezone = Annotated[str | None, AfterValidator(known_timezone), Field(json_schema_extra=_timezone_schema)]


def _whole_number(value: Any) -> Any:
    """JSON Schema counts 7.0 as an integer, so the API does too (still strict: not "7")."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


DigestHour = Annotated[
    int,
    Field(ge=0, le=23, description="The local hour, in the user's timezone"),
    BeforeValidator(_whole_number),
]
# A password to check, not to set: any length the login form accepts.
CurrentPassword = Annotated[str, Field(min_length=1, max_length=1024)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    email: Email
    password: Password
    password_confirm: str | None = Field(default=None, description="When sent, must equal `password`")
    timezone: Timezone = None
    locale: Language = Field(default=DEFAULT_LANGUAGE, description="The language of the user's emails")

    @field_validator("password_confirm")
    @classmethod
    def passwords_match(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and value != info.data.get("password", value):
            raise PydanticCustomError("password_confirm", "The passwords do not match")
        return value


class IdentityOut(BaseModel):
    provider: str
    email: str | None


class DigestOut(BaseModel):
    enabled: bool
    hour: DigestHour


class UserOut(BaseModel):
    id: int
    email: str
    timezone: str | None
    locale: Language
    has_password: bool = Field(
        description="False for an account made by an external provider until it sets one"
    )
    identities: list[IdentityOut]
    digest: DigestOut

    @classmethod
    def of(cls, account: "Account") -> "UserOut":
        return cls(
            id=account.id,
            email=account.email,
            timezone=account.timezone,
            locale=account.locale,
            has_password=account.has_password,
            identities=[IdentityOut(provider=i.provider, email=i.email) for i in account.identities],
            digest=DigestOut(enabled=account.digest_enabled, hour=account.digest_hour),
        )


def _update_schema(*nullable: str) -> Callable[[dict[str, Any]], None]:
    """None stands for "not sent" (except in `nullable`): a field may be left out, not null, and
    one must be sent."""

    def complete(schema: dict[str, Any]) -> None:
        for name, field in schema["properties"].items():
            if name not in nullable:
                without_null(field)
        schema["minProperties"] = 1

    return complete


def _something_to_change(model: BaseModel, fields: tuple[str, ...]) -> None:
    if not model.model_fields_set:
        raise PydanticCustomError("empty", f"Send at least one of {', '.join(fields)}")


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("null", "This field cannot be null")
    return value


# May be left out, but not sent as null (a default is not validated).
NotNull = AfterValidator(_not_null)


class DigestPatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_update_schema())

    enabled: Annotated[bool | None, NotNull] = None
    hour: Annotated[DigestHour | None, NotNull] = None

    @model_validator(mode="after")
    def something_to_change(self) -> "DigestPatch":
        _something_to_change(self, ("enabled", "hour"))
        return self


class UserPatch(BaseModel):
    """Any of the fields; one left out keeps its value. `timezone` null (or blank) clears it."""

    model_config = ConfigDict(extra="forbid", strict=True, json_schema_extra=_update_schema("timezone"))

    timezone: Timezone = None
    locale: Annotated[Language | None, NotNull] = None
    digest: Annotated[DigestPatch | None, NotNull] = None

    @model_validator(mode="after")
    def something_to_change(self) -> "UserPatch":
        _something_to_change(self, ("timezone", "locale", "digest"))
        return self


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: CurrentPassword | None = Field(
        default=None, description="Required unless the account has no password (`has_password` false)"
    )
    new_password: Password


class AccountDeletion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    password: CurrentPassword | None = Field(
        default=None,
        description="Required unless the account has no password; then the session must have "
        "been started within the last 10 minutes",
    )


class SessionOut(BaseModel):
    id: str = Field(description="Names the session; not a credential")
    current: bool = Field(description="The session this request is authenticated by")
    created_at: datetime
    last_seen_at: datetime | None = Field(
        description="The last sign-in or refresh (every few minutes of use)"
    )
    user_agent: str | None = Field(description='The device as a person reads it: "Chrome 120 on Linux"')
    user_agent_raw: str | None = Field(description="The User-Agent header the session was started with")
    ip: str | None

    @classmethod
    def of(cls, session: "SessionInfo") -> "SessionOut":
        return cls(
            id=session.id,
            current=session.current,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            user_agent=session.device,
            user_agent_raw=session.user_agent,
            ip=session.ip,
        )
