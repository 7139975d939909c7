"""The digest that looks ahead, on both databases: overdue and due-today sections (with times,
and the digest hour as the boundary), done occurrences of recurring tasks in "done today", no
email for a user with nothing in any section, and the Russian rendering."""

from datetime import UTC, date, datetime, timedelta

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications.kinds import EMAIL_KINDS, MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail

from .conftest import LONG_AGO, add_user
from .test_digest import digests_by_recipient, tick_at

# Midnight in Berlin (UTC+1) at the end of 2026-03-08; the day starting is 2026-03-09.
BERLIN_MIDNIGHT = datetime(2026, 3, 8, 23, 0, tzinfo=UTC)


async def add_task(
    db: Database,
    owner_id: int,
    title: str,
    due_date: date | None = None,
    due_time: str | None = None,
    *,
    done_at: datetime | None = None,
) -> int:
    async with db.transaction() as conn:
        task_id: int = await conn.fetchval(
            "INSERT INTO tasks (owner_id, title, done, done_at, created_at, updated_at, due_date, due_time)"
            " VALUES (:owner_id, :title, :done, :done_at, :created_at, :created_at, :due_date, :due_time)"
            " RETURNING id",
            owner_id=owner_id,
            title=title,
            done=done_at is not None,
            done_at=done_at,
            created_at=LONG_AGO,
            due_date=due_date,
            due_time=due_time,
        )
    return task_id


async def add_occurrence(
    db: Database, task_id: int, owner_id: int, due_date: date, done_at: datetime
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO task_occurrences (task_id, owner_id, due_date, done_at)"
            " VALUES (:task_id, :owner_id, :due_date, :done_at)",
            task_id=task_id,
            owner_id=owner_id,
            due_date=due_date,
            done_at=done_at,
        )


async def planner(db: Database, email: str, locale: str = "en") -> int:
    """A Berlin user with overdue, due-today, later, done and recurring tasks."""
    user = await add_user(db, email, timezone="Europe/Berlin")
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET locale = :locale WHERE id = :id", locale=locale, id=user)
    await add_task(db, user, "Call the bank", date(2026, 3, 8), "17:00")
    await add_task(db, user, "Pay rent", date(2026, 3, 5))
    await add_task(db, user, "Dentist", date(2026, 3, 9), "10:30")
    await add_task(db, user, "Buy milk", date(2026, 3, 9))
    await add_task(db, user, "Book the trip", date(2026, 3, 15))
    await add_task(db, user, "Done on time", date(2026, 3, 8), done_at=BERLIN_MIDNIGHT - timedelta(hours=3))
    plants = await add_task(db, user, "Water the plants", date(2026, 3, 10))
    await add_occurrence(db, plants, user, date(2026, 3, 8), BERLIN_MIDNIGHT - timedelta(hours=10))
    # Done the day before the window: not in this digest.
    await add_occurrence(db, plants, user, date(2026, 3, 7), BERLIN_MIDNIGHT - timedelta(days=1, hours=2))
    return user


async def test_overdue_due_today_and_done_occurrences(db: Database) -> None:
    await planner(db, "ada@example.com")
    quiet = await add_user(db, "quiet@example.com", timezone="Europe/Berlin")
    old = await add_task(db, quiet, "Done long ago", done_at=BERLIN_MIDNIGHT - timedelta(days=3))
    await add_occurrence(db, old, quiet, date(2026, 3, 1), BERLIN_MIDNIGHT - timedelta(days=7))

    emails = await digests_by_recipient(db, await tick_at(db, BERLIN_MIDNIGHT))
    # Nothing in any section, nothing sent.
    assert set(emails) == {"ada@example.com"}
    payload = emails["ada@example.com"].payload
    assert payload["overdue"] == {
        "count": 2,
        "items": [
            {"title": "Pay rent", "due_date": "2026-03-05", "due_time": None},
            {"title": "Call the bank", "due_date": "2026-03-08", "due_time": "17:00"},
        ],
    }
    assert payload["due_today"] == {
        "count": 2,
        "items": [
            {"title": "Buy milk", "due_date": "2026-03-09", "due_time": None},
            {"title": "Dentist", "due_date": "2026-03-09", "due_time": "10:30"},
        ],
    }
    assert payload["completed"] == {"count": 2, "titles": ["Water the plants", "Done on time"]}
    assert payload["open"]["count"] == 6

    message = build_message(emails["ada@example.com"], Settings(_env_file=None), now=BERLIN_MIDNIGHT)  # type: ignore[call-arg]
    assert message["Subject"] == "2 tasks due today · 2 overdue · Today you completed 2 tasks"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Overdue, 2 tasks:\n  - Pay rent (Thursday, 5 March 2026)\n" in text
    assert "  - Call the bank (Sunday, 8 March 2026 at 17:00)\n" in text
    assert "Due today, 2 tasks:\n  - Buy milk\n  - 10:30 Dentist\n" in text
    assert "Today you completed 2 tasks:\n  - Water the plants\n  - Done on time\n" in text


async def test_a_task_due_before_the_digest_hour_is_overdue(db: Database) -> None:
    user = await add_user(db, "early@example.com")
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET digest_hour = 9 WHERE id = :id", id=user)
    await add_task(db, user, "Standup", date(2026, 3, 9), "08:30")
    await add_task(db, user, "Review", date(2026, 3, 9), "09:00")

    emails = await digests_by_recipient(db, await tick_at(db, datetime(2026, 3, 9, 9, 0, tzinfo=UTC)))
    payload = emails["early@example.com"].payload
    assert [item["title"] for item in payload["overdue"]["items"]] == ["Standup"]
    assert [item["title"] for item in payload["due_today"]["items"]] == ["Review"]


async def test_the_russian_digest_with_its_sections(db: Database) -> None:
    await planner(db, "ivan@example.com", locale="ru")
    emails = await digests_by_recipient(db, await tick_at(db, BERLIN_MIDNIGHT))
    message = build_message(emails["ivan@example.com"], Settings(_env_file=None), now=BERLIN_MIDNIGHT)  # type: ignore[call-arg]
    assert message["Subject"] == "На сегодня 2 задачи · Просрочено: 2 · Сегодня вы выполнили 2 задачи"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Просрочено, 2 задачи:\n  - Pay rent (четверг, 5 марта 2026 г.)\n" in text
    assert "  - Call the bank (воскресенье, 8 марта 2026 г., 17:00)\n" in text
    assert "На сегодня 2 задачи:\n  - Buy milk\n  - 10:30 Dentist\n" in text
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "<strong>10:30</strong> Dentist" in html


def test_a_digest_written_before_the_sections_existed_still_renders() -> None:
    payload = {
        "local_date": "2026-03-08",
        "open": {"count": 1, "titles": ["Old"]},
        "completed": {"count": 0, "titles": []},
    }
    email = ClaimedEmail(1, MailKind.DIGEST, "ada@example.com", payload, 1, BERLIN_MIDNIGHT, user_id=1)
    message = build_message(email, Settings(_env_file=None), now=BERLIN_MIDNIGHT)  # type: ignore[call-arg]
    assert message["Subject"] == EMAIL_KINDS[MailKind.DIGEST].subject(
        EMAIL_KINDS[MailKind.DIGEST].payload(payload)
    )
    assert message["Subject"] == "You have 1 unfinished task"
