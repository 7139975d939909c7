"""Emails in the user's language (users.locale): the Russian digest and welcome email with their
subjects, Russian plural forms and dates, and the locale written into the payload when the email
is enqueued (by the digest tick and at registration)."""

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind, count_russian
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail
from tasktracker.unsubscribe.service import unsubscribe_links
from tests.conftest import register

from .conftest import add_task, add_user
from .test_digest import digests_by_recipient, tick_at

NOW = datetime(2026, 3, 9, 0, 5, tzinfo=UTC)
SETTINGS = Settings(_env_file=None, public_url="https://tt.example")  # type: ignore[call-arg]


def digest_email(payload: dict[str, object]) -> ClaimedEmail:
    return ClaimedEmail(7, MailKind.DIGEST, "ada@example.com", payload, 1, NOW, user_id=4)


def plain(message: object) -> str:
    body = message.get_body(preferencelist=("plain",))  # type: ignore[attr-defined]
    content: str = body.get_content()
    return content


def html(message: object) -> str:
    body = message.get_body(preferencelist=("html",))  # type: ignore[attr-defined]
    content: str = body.get_content()
    return content


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 задач"),
        (1, "1 задача"),
        (2, "2 задачи"),
        (4, "4 задачи"),
        (5, "5 задач"),
        (11, "11 задач"),
        (12, "12 задач"),
        (14, "14 задач"),
        (21, "21 задача"),
        (22, "22 задачи"),
        (25, "25 задач"),
        (101, "101 задача"),
        (111, "111 задач"),
        (112, "112 задач"),
        (1004, "1004 задачи"),
    ],
)
def test_russian_counts_take_the_plural_form_of_their_number(count: int, expected: str) -> None:
    assert count_russian(count, "задача", "задачи", "задач") == expected


@pytest.mark.parametrize(
    ("completed", "open_", "subject"),
    [
        (1, 2, "Сегодня вы выполнили 1 задачу · У вас 2 незавершённые задачи"),
        (3, 5, "Сегодня вы выполнили 3 задачи · У вас 5 незавершённых задач"),
        (11, 21, "Сегодня вы выполнили 11 задач · У вас 21 незавершённая задача"),
        (0, 1, "У вас 1 незавершённая задача"),
        (22, 0, "Сегодня вы выполнили 22 задачи"),
    ],
)
def test_the_russian_digest_subject(completed: int, open_: int, subject: str) -> None:
    payload = {
        "local_date": "2026-03-08",
        "open": {"count": open_, "titles": ["Позвонить маме"] if open_ else []},
        "completed": {"count": completed, "titles": ["Оплатить счёт"] if completed else []},
        "locale": "ru",
    }
    assert build_message(digest_email(payload), SETTINGS, now=NOW)["Subject"] == subject


def test_the_russian_digest_body_dates_plurals_hour_and_unsubscribe_link() -> None:
    payload = {
        "local_date": "2026-03-08",
        "open": {
            "count": 7,
            "titles": ["Открытая 1", "Открытая 2", "Открытая 3", "Открытая 4", "Открытая 5"],
        },
        "completed": {"count": 2, "titles": ["Готово <1>", "Готово 2"]},
        "hour": 7,
        "locale": "ru",
    }
    message = build_message(digest_email(payload), SETTINGS, now=NOW)
    page = unsubscribe_links(4, "ada@example.com", SETTINGS).page
    assert plain(message) == (
        "Ваш день: воскресенье, 8 марта 2026 г.\n"
        "\n"
        "Сегодня вы выполнили 2 задачи:\n"
        "  - Готово <1>\n"
        "  - Готово 2\n"
        "\n"
        "У вас 7 незавершённых задач:\n"
        "  - Открытая 1\n  - Открытая 2\n  - Открытая 3\n  - Открытая 4\n  - Открытая 5\n"
        "  и ещё 2\n"
        "\n"
        "Открыть мои задачи: https://tt.example\n"
        "\n"
        "-- \n"
        "Эта сводка приходит каждый день в 07:00 по вашему часовому поясу.\n"
        f"Отписаться от этих писем: {page}\n"
    )
    body = html(message)
    assert '<html lang="ru">' in body
    assert "Сегодня вы выполнили 2 задачи</h2>" in body
    assert "<li>Готово &lt;1&gt;</li>" in body
    assert f'<a href="{page}"' in body and "Отписаться от этих писем</a>" in body


def test_the_english_digest_names_its_hour_and_dates_in_english() -> None:
    payload = {
        "local_date": "2026-12-31",
        "open": {"count": 1, "titles": ["Call Bob"]},
        "completed": {"count": 0, "titles": []},
        "hour": 18,
    }
    text = plain(build_message(digest_email(payload), SETTINGS, now=NOW))
    assert text.startswith("Your day, Thursday, 31 December 2026\n")
    assert "You receive this summary every day at 18:00 in your timezone.\n" in text


def test_the_russian_welcome_email() -> None:
    email = ClaimedEmail(2, MailKind.WELCOME, "ada@example.com", {"locale": "ru"}, 1, NOW, user_id=4)
    message = build_message(email, SETTINGS, now=NOW)
    assert message["Subject"] == "Добро пожаловать в Task Tracker"
    assert "Ваша учётная запись ada@example.com готова." in plain(message)
    assert '<html lang="ru">' in html(message)
    assert "List-Unsubscribe" not in message
    english = build_message(
        ClaimedEmail(2, MailKind.WELCOME, "ada@example.com", {}, 1, NOW, user_id=4), SETTINGS, now=NOW
    )
    assert english["Subject"] == "Welcome to Task Tracker"


async def test_the_digest_tick_writes_each_users_locale_into_the_payload(db: Database) -> None:
    for email, locale in (("ru@example.com", "ru"), ("en@example.com", "en"), ("odd@example.com", "fr")):
        user = await add_user(db, email)
        await add_task(db, user, "Open")
        async with db.transaction() as conn:
            await conn.execute("UPDATE users SET locale = :locale WHERE id = :id", locale=locale, id=user)

    emails = await digests_by_recipient(db, await tick_at(db, NOW - timedelta(minutes=5)))

    assert {recipient: email.payload["locale"] for recipient, email in emails.items()} == {
        "ru@example.com": "ru",
        "en@example.com": "en",
        "odd@example.com": "en",  # a locale with no emails of its own gets the default
    }
    assert build_message(emails["ru@example.com"], SETTINGS, now=NOW)["Subject"] == (
        "У вас 1 незавершённая задача"
    )


async def test_the_welcome_payload_has_the_users_locale(client: httpx.AsyncClient, db: Database) -> None:
    await register(client, "ada@example.com")
    async with db.connection() as conn:
        payload = await conn.fetchval("SELECT payload FROM email_outbox WHERE kind = 'welcome'")
    assert json.loads(payload) == {"locale": "en"}

    russian = await add_user(db, "boris@example.com")
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET locale = 'ru' WHERE id = :id", id=russian)
        assert await outbox.user_language(conn, russian) == "ru"
