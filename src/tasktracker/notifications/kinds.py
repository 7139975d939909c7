"""Every kind of email, in one registry: its payload type, its subject in each language, and
whether it is automated bulk mail. Its templates are `templates/<kind>.txt` and `.html` in
DEFAULT_LANGUAGE, and `templates/<kind>.<language>.txt` and `.html` in each other language it has
a subject in; the payload says which language an email is in (`EmailPayload.language`).

Adding a kind ("reminder") is a MailKind member, an entry here and two templates per language;
`messages` checks at import that every kind has all of them."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from tasktracker.notifications.schemas import (
    DEFAULT_LANGUAGE,
    DigestPayload,
    EmailPayload,
    PasswordChangedPayload,
    PasswordResetPayload,
    ReminderPayload,
    WelcomePayload,
)

PayloadT = TypeVar("PayloadT", bound=EmailPayload)


class MailKind(StrEnum):
    """Stored in `email_outbox.kind`: values never change."""

    WELCOME = "welcome"
    DIGEST = "digest"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    REMINDER = "reminder"


@dataclass(frozen=True, slots=True)
class EmailKind(Generic[PayloadT]):
    kind: MailKind
    payload_type: type[PayloadT]
    # By language; DEFAULT_LANGUAGE is required, the others fall back to it.
    subjects: Mapping[str, Callable[[PayloadT], str]]
    # Sent by a schedule, not in answer to the user: List-Unsubscribe and Auto-Submitted apply.
    bulk: bool = False

    def payload(self, data: Mapping[str, Any]) -> PayloadT:
        return self.payload_type.model_validate(data)

    def subject(self, payload: PayloadT, language: str = DEFAULT_LANGUAGE) -> str:
        return self.subjects.get(language, self.subjects[DEFAULT_LANGUAGE])(payload)


def count_tasks(count: int, noun: str = "task") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def count_russian(count: int, one: str, few: str, many: str) -> str:
    """The count with the Russian form it takes: 1, 21, 101 → `one`; 2–4, 22–24 → `few`; 0, 5–20,
    25–30, 111–114 → `many` ("1 задача", "2 задачи", "5 задач", "11 задач")."""
    if count % 10 == 1 and count % 100 != 11:
        form = one
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        form = few
    else:
        form = many
    return f"{count} {form}"


# "Выполнили 1 задачу" (accusative) and "у вас 1 незавершённая задача" (nominative).
RU_COMPLETED_TASKS = ("задачу", "задачи", "задач")
RU_TASKS = ("задача", "задачи", "задач")
RU_OPEN_TASKS = ("незавершённая задача", "незавершённые задачи", "незавершённых задач")


def digest_subject(content: DigestPayload) -> str:
    """What is due comes first; the open count only when nothing is due, to keep it short."""
    parts = []
    if content.due_today.count:
        parts.append(f"{count_tasks(content.due_today.count)} due today")
    if content.overdue.count:
        parts.append(f"{content.overdue.count} overdue")
    if content.completed.count:
        parts.append(f"Today you completed {count_tasks(content.completed.count)}")
    if content.open.count and not (content.due_today.count or content.overdue.count):
        parts.append(f"You have {count_tasks(content.open.count, 'unfinished task')}")
    return " · ".join(parts)


def digest_subject_ru(content: DigestPayload) -> str:
    parts = []
    if content.due_today.count:
        parts.append(f"На сегодня {count_russian(content.due_today.count, *RU_TASKS)}")
    if content.overdue.count:
        parts.append(f"Просрочено: {content.overdue.count}")
    if content.completed.count:
        parts.append(f"Сегодня вы выполнили {count_russian(content.completed.count, *RU_COMPLETED_TASKS)}")
    if content.open.count and not (content.due_today.count or content.overdue.count):
        parts.append(f"У вас {count_russian(content.open.count, *RU_OPEN_TASKS)}")
    return " · ".join(parts)


EMAIL_KINDS: Mapping[MailKind, EmailKind[Any]] = {
    spec.kind: spec
    for spec in (
        EmailKind(
            MailKind.WELCOME,
            WelcomePayload,
            {
                DEFAULT_LANGUAGE: lambda _: "Welcome to Task Tracker",
                "ru": lambda _: "Добро пожаловать в Task Tracker",
            },
        ),
        EmailKind(
            MailKind.DIGEST,
            DigestPayload,
            {DEFAULT_LANGUAGE: digest_subject, "ru": digest_subject_ru},
            bulk=True,
        ),
        EmailKind(
            MailKind.PASSWORD_RESET,
            PasswordResetPayload,
            {
                DEFAULT_LANGUAGE: lambda _: "Reset your Task Tracker password",
                "ru": lambda _: "Сброс пароля в Task Tracker",
            },
        ),
        EmailKind(
            MailKind.PASSWORD_CHANGED,
            PasswordChangedPayload,
            {
                DEFAULT_LANGUAGE: lambda _: "Your Task Tracker password was changed",
                "ru": lambda _: "Пароль в Task Tracker изменён",
            },
        ),
        EmailKind(
            MailKind.REMINDER,
            ReminderPayload,
            {
                DEFAULT_LANGUAGE: lambda reminder: f"Reminder: {reminder.title}",
                "ru": lambda reminder: f"Напоминание: {reminder.title}",
            },
        ),
    )
}
