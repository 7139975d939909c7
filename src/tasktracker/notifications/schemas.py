"""The payloads of the email kinds: what an outbox row carries beside its recipient, as JSON."""

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict


class EmailPayload(BaseModel):
    """Read back from the outbox row's JSON; what its templates get beside the common context."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def template_context(self) -> dict[str, Any]:
        return {}


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
