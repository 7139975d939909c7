"""The payloads of the email kinds: what an outbox row carries beside its recipient, as JSON."""

from datetime import date
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field

Language = Literal["en", "ru"]
DEFAULT_LANGUAGE: Final = "en"


def as_language(value: str | None) -> Language:
    """A stored locale as an email language; anything else is the default."""
    return "ru" if value == "ru" else DEFAULT_LANGUAGE


RU_WEEKDAYS = ("понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье")
# Genitive, as a date says it: "8 марта".
RU_MONTHS = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
EN_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def format_day(day: date, language: str) -> str:
    """The date as the email says it ("Sunday, 8 March 2026", "воскресенье, 8 марта 2026 г."):
    spelled out here, not by strftime, whose names follow the process's C locale."""
    if language == "ru":
        return f"{RU_WEEKDAYS[day.weekday()]}, {day.day} {RU_MONTHS[day.month - 1]} {day.year} г."
    return f"{EN_WEEKDAYS[day.weekday()]}, {day.day} {EN_MONTHS[day.month - 1]} {day.year}"


class EmailPayload(BaseModel):
    """Read back from the outbox row's JSON; what its templates get beside the common context."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def template_context(self) -> dict[str, Any]:
        return {}

    def language(self) -> str:
        """The language of the subject and templates (kinds.py, messages.py)."""
        return DEFAULT_LANGUAGE


class WelcomePayload(EmailPayload):
    # users.locale when the account was made.
    locale: Language = DEFAULT_LANGUAGE

    def language(self) -> str:
        return self.locale


class DigestSection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int
    titles: tuple[str, ...]

    @property
    def more(self) -> int:
        return self.count - len(self.titles)


class DueItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str
    due_date: date
    due_time: str | None = None


class DueSection(BaseModel):
    """Open tasks by due date and time; `items` are the first few of `count`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int = 0
    items: tuple[DueItem, ...] = ()

    @property
    def more(self) -> int:
        return self.count - len(self.items)


class DigestPayload(EmailPayload):
    """The window starting at `hour` local time on `local_date` (digest.DigestWindow), and
    users.locale when the digest was decided. `overdue` and `due_today` look at the day that
    starts at the window's end; rows written before they existed have them empty."""

    local_date: date
    open: DigestSection
    completed: DigestSection
    overdue: DueSection = DueSection()
    due_today: DueSection = DueSection()
    hour: int = Field(default=0, ge=0, le=23)
    locale: Language = DEFAULT_LANGUAGE

    def template_context(self) -> dict[str, Any]:
        return {
            "day": format_day(self.local_date, self.locale),
            "open": self.open,
            "completed": self.completed,
            "overdue": [
                (item.title, format_due(item.due_date, item.due_time, self.locale))
                for item in self.overdue.items
            ],
            "overdue_count": self.overdue.count,
            "overdue_more": self.overdue.more,
            "due_today": [(item.title, item.due_time) for item in self.due_today.items],
            "due_today_count": self.due_today.count,
            "due_today_more": self.due_today.more,
            "hour": self.hour,
        }

    def language(self) -> str:
        return self.locale


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


def format_due(day: date | None, due_time: str | None, language: str) -> str | None:
    """A task's due date and time as an email says it, or None when it has no due date."""
    if day is None:
        return None
    spelled = format_day(day, language)
    if due_time is None:
        return spelled
    return f"{spelled}, {due_time}" if language == "ru" else f"{spelled} at {due_time}"


class ReminderPayload(EmailPayload):
    """A task's reminder as the tick claimed it: its title and due date and time (local to the
    owner, as stored), and users.locale then."""

    task_id: int
    title: str
    due_date: date | None = None
    due_time: str | None = None
    locale: Language = DEFAULT_LANGUAGE

    def template_context(self) -> dict[str, Any]:
        return {"title": self.title, "due": format_due(self.due_date, self.due_time, self.locale)}

    def language(self) -> str:
        return self.locale
