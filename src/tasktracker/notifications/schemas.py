"""The payloads of the email kinds: what an outbox row carries beside its recipient, as JSON."""

from datetime import date
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict

Language = Literal["en", "ru"]
DEFAULT_LANGUAGE: Final = "en"


class EmailPayload(BaseModel):
    """Read back from the outbox row's JSON; what its templates get beside the common context."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def template_context(self) -> dict[str, Any]:
        return {}

    def language(self) -> str:
        """The language of the subject and templates (kinds.py, messages.py)."""
        return DEFAULT_LANGUAGE


class WelcomePayload(EmailPayload):
    pass


class DigestSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int
    titles: tuple[str, ...]

    @property
    def more(self) -> int:
        return self.count - len(self.titles)


class DigestPayload(EmailPayload):
    local_date: date
    open: DigestSection
    completed: DigestSection

    def template_context(self) -> dict[str, Any]:
        return {
            "day": self.local_date.strftime("%A, %-d %B %Y"),
            "open": self.open,
            "completed": self.completed,
        }


class PasswordResetPayload(EmailPayload):
    """The token itself, not its hash: the email must carry it. It is useless once used or after
    30 minutes, long before the row is purged (password_reset.service)."""

    token: str
    locale: Language = DEFAULT_LANGUAGE

    def template_context(self) -> dict[str, Any]:
        return {"token": self.token}

    def language(self) -> str:
        return self.locale


class PasswordChangedPayload(EmailPayload):
    """Where the change came from, so that the user can tell whether it was them."""

    locale: Language = DEFAULT_LANGUAGE
    device: str | None = None
    ip: str | None = None

    def template_context(self) -> dict[str, Any]:
        return {"device": self.device, "ip": self.ip}

    def language(self) -> str:
        return self.locale
