"""Task reminders on both databases with a fake clock: the tick enqueues each due reminder once,
skips done and deleted tasks, never double-sends under concurrent ticks, and the email reaches
the SMTP server in the user's language."""

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import time_machine

from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tasktracker.notifications import outbox, reminders
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.publisher import celery_app_for, publish_emails
from tasktracker.tasks import queries as task_queries

from .conftest import SmtpServer, StartService, add_user

DUE = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)


class Broker:
    def __init__(self) -> None:
        self.published: list[int] = []
        self.batches: list[list[int]] = []

    def __call__(self, outbox_ids: Sequence[int]) -> None:
        self.published.extend(outbox_ids)
        self.batches.append(list(outbox_ids))


def tick_settings(**changes: object) -> Settings:
    return Settings(_env_file=None, reminder_batch_size=2, **changes)  # type: ignore[call-arg, arg-type]


async def tick_at(
    db: Database, moment: datetime, settings: Settings | None = None, broker: Broker | None = None
) -> list[int]:
    broker = broker or Broker()
    with time_machine.travel(moment, tick=False):
        report = await reminders.run_reminder_tick(
            db, now=datetime.now(UTC), settings=settings or tick_settings(), publish=broker
        )
    assert report.emails_enqueued == len(broker.published)
    return broker.published


async def add_reminder(
    db: Database,
    owner_id: int,
    title: str,
    remind_at: datetime | None,
    *,
    done: bool = False,
    due_date: date | None = None,
    due_time: str | None = None,
) -> int:
    async with db.transaction() as conn:
        task_id: int = await conn.fetchval(
            "INSERT INTO tasks (owner_id, title, done, done_at, created_at, updated_at, remind_at, due_date,"
            " due_time) VALUES (:owner_id, :title, :done, :done_at, :now, :now, :remind_at, :due_date,"
            " :due_time) RETURNING id",
            owner_id=owner_id,
            title=title,
            done=done,
            done_at=DUE - timedelta(hours=1) if done else None,
            now=DUE - timedelta(days=1),
            remind_at=remind_at,
            due_date=due_date,
            due_time=due_time,
        )
    return task_id


async def payloads(db: Database, outbox_ids: Sequence[int]) -> list[outbox.ClaimedEmail]:
    emails = []
    for outbox_id in outbox_ids:
        email = await outbox.claim_email(db, outbox_id, now=DUE, claim_for=timedelta(minutes=1))
        assert email is not None and email.kind is MailKind.REMINDER
        emails.append(email)
    return emails


async def remind_at(db: Database, task_id: int) -> object:
    async with db.connection() as conn:
        return await conn.fetchval("SELECT remind_at FROM tasks WHERE id = :id", id=task_id)


async def test_a_due_reminder_is_enqueued_exactly_once(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    task = await add_reminder(db, user, "Call mum", DUE, due_date=date(2026, 3, 9), due_time="09:00")
    later = await add_reminder(db, user, "Later", DUE + timedelta(hours=1))

    assert await tick_at(db, DUE - timedelta(seconds=1)) == []
    first = await tick_at(db, DUE)
    (email,) = await payloads(db, first)
    assert email.recipient == "ada@example.com"
    assert email.payload == {
        "task_id": task,
        "title": "Call mum",
        "due_date": "2026-03-09",
        "due_time": "09:00",
        "locale": "en",
    }
    assert await remind_at(db, task) is None
    # Again at once, a minute on, an hour on: the first reminder never again; the later one once.
    assert await tick_at(db, DUE) == []
    assert await tick_at(db, DUE + timedelta(minutes=1)) == []
    (later_email,) = await payloads(db, await tick_at(db, DUE + timedelta(hours=1)))
    assert later_email.payload["task_id"] == later
    assert await tick_at(db, DUE + timedelta(hours=2)) == []


async def test_done_and_deleted_tasks_get_no_reminder(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    done = await add_reminder(db, user, "Done already", DUE, done=True)
    deleted = await add_reminder(db, user, "Deleted", DUE)
    kept = await add_reminder(db, user, "Open", DUE)
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM tasks WHERE id = :id", id=deleted)

    emails = await payloads(db, await tick_at(db, DUE + timedelta(minutes=1)))
    assert [email.payload["task_id"] for email in emails] == [kept]
    # The done task's reminder is cleared too: reopening it later sends nothing late.
    assert await remind_at(db, done) is None
    async with db.transaction() as conn:
        await conn.execute("UPDATE tasks SET done = FALSE, done_at = NULL WHERE id = :id", id=done)
    assert await tick_at(db, DUE + timedelta(minutes=2)) == []


async def test_a_backlog_is_claimed_in_batches_oldest_first(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    tasks = [await add_reminder(db, user, f"Task {n}", DUE - timedelta(minutes=n)) for n in range(5)]
    await add_reminder(db, user, "No reminder", None)
    broker = Broker()
    await tick_at(db, DUE, broker=broker)
    batches = [{email.payload["task_id"] for email in await payloads(db, batch)} for batch in broker.batches]
    # Two per transaction (REMINDER_BATCH_SIZE), the longest due first.
    assert batches == [{tasks[4], tasks[3]}, {tasks[2], tasks[1]}, {tasks[0]}]
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM tasks WHERE remind_at IS NOT NULL") == 0


async def test_concurrent_ticks_send_each_reminder_once(db: Database, settings: Settings) -> None:
    for number in range(30):
        user = await add_user(db, f"user{number:02}@example.com")
        await add_reminder(db, user, "Call", DUE - timedelta(seconds=number))
    others = [create_database(settings.resolved_database_url, pool_size=2) for _ in range(2)]
    for other in others:
        await other.connect()
    try:
        published = await asyncio.gather(*(tick_at(other, DUE) for other in [db, *others]))
    finally:
        for other in others:
            await other.close()

    all_ids = [outbox_id for ids in published for outbox_id in ids]
    assert len(all_ids) == len(set(all_ids)) == 30
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM email_outbox WHERE kind = 'reminder'") == 30


async def test_the_reminder_arrives_by_smtp_in_the_users_language(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    settings = mail_settings.model_copy(update={"public_url": "https://tasks.example"})
    russian = await add_user(db, "ivan@example.com")
    english = await add_user(db, "ada@example.com")
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET locale = 'ru' WHERE id = :id", id=russian)
    await add_reminder(db, russian, "Позвонить маме", DUE, due_date=date(2026, 3, 9), due_time="10:00")
    await add_reminder(db, english, "Pay <rent>", DUE, due_date=date(2026, 3, 9))
    await start_service("worker", settings)

    app = celery_app_for(settings)
    with time_machine.travel(DUE + timedelta(seconds=5), tick=False):
        report = await reminders.run_reminder_tick(
            db, now=datetime.now(UTC), settings=settings, publish=lambda ids: publish_emails(app, ids)
        )
    assert (report.claimed, report.emails_enqueued) == (2, 2)

    mails = {mail.recipients[0]: mail for mail in await smtp_server.handler.wait_for(2)}
    ru = mails["ivan@example.com"]
    assert ru.message["Subject"] == "Напоминание: Позвонить маме"
    assert "Срок: понедельник, 9 марта 2026 г., 10:00." in ru.part("plain")
    assert "https://tasks.example" in ru.part("plain")
    assert '<html lang="ru">' in ru.part("html")
    en = mails["ada@example.com"]
    assert en.message["Subject"] == "Reminder: Pay <rent>"
    assert "Due Monday, 9 March 2026." in en.part("plain")
    assert "Pay &lt;rent&gt;" in en.part("html")
    assert "List-Unsubscribe" not in en.message


async def test_a_recurring_tasks_reminder_follows_its_next_occurrence(db: Database) -> None:
    """Sent once for the occurrence; completing it moves the reminder to the next one, which is
    sent in its turn."""
    user = await add_user(db, "ada@example.com")
    task = await add_reminder(db, user, "Standup", DUE, due_date=date(2026, 3, 9), due_time="09:00")
    async with db.transaction() as conn:
        await conn.execute("UPDATE tasks SET recurrence = 'FREQ=DAILY' WHERE id = :id", id=task)

    assert len(await tick_at(db, DUE)) == 1
    assert await remind_at(db, task) == DUE  # kept, marked sent
    assert await tick_at(db, DUE + timedelta(minutes=5)) == []

    # Completing the occurrence moves the task and its reminder a day on.
    async with db.transaction() as conn:
        await task_queries.advance(
            conn, task, {}, due_date=date(2026, 3, 10), remind_at=DUE + timedelta(days=1), now=DUE
        )
    assert await tick_at(db, DUE + timedelta(hours=23)) == []
    (email,) = await payloads(db, await tick_at(db, DUE + timedelta(days=1)))
    assert email.payload["task_id"] == task and email.payload["due_date"] == "2026-03-10"
