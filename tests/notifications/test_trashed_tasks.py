"""Tasks in the trash (deleted_at set) are in no digest and get no reminder, on both databases;
restored, a task is reminded again. The reminder tick still reads the partial index."""

from datetime import UTC, date, datetime, timedelta

from tasktracker.db import Database
from tasktracker.notifications import queries
from tasktracker.notifications.messages import build_message
from tasktracker.sql import query

from .conftest import add_task, add_user
from .test_digest import UTC_MIDNIGHT, digest_settings, digests_by_recipient
from .test_digest import tick_at as digest_tick_at
from .test_reminders import DUE, add_reminder, payloads
from .test_reminders import tick_at as reminder_tick_at


async def set_trashed(db: Database, title: str, deleted_at: datetime | None) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE tasks SET deleted_at = :deleted_at WHERE title = :title",
            deleted_at=deleted_at,
            title=title,
        )


async def test_a_trashed_task_gets_no_reminder_until_it_is_restored(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    trashed = await add_reminder(db, user, "Trashed", DUE)
    kept = await add_reminder(db, user, "Kept", DUE)
    await set_trashed(db, "Trashed", DUE - timedelta(hours=1))

    emails = await payloads(db, await reminder_tick_at(db, DUE + timedelta(minutes=1)))

    assert [email.payload["task_id"] for email in emails] == [kept]
    assert await reminder_tick_at(db, DUE + timedelta(minutes=2)) == []
    # Restored, it is as it was: its reminder, overdue now, goes at the next tick.
    await set_trashed(db, "Trashed", None)
    (email,) = await payloads(db, await reminder_tick_at(db, DUE + timedelta(minutes=3)))
    assert email.payload["task_id"] == trashed


async def test_the_reminder_claim_still_reads_the_partial_index(db: Database) -> None:
    statement = queries._CLAIM_REMINDERS.format(lock="")
    async with db.transaction() as conn:
        if conn.dialect == "postgresql":
            # On a nearly empty table a scan is cheaper: forbid it, to see whether the index serves.
            await conn.execute("SET LOCAL enable_seqscan = off")
            explain = query(f"EXPLAIN {statement}")
        else:
            explain = query(f"EXPLAIN QUERY PLAN {statement}")
        rows = await conn.fetch(explain, now=DUE, limit=200)
    plan = "\n".join(" ".join(str(value) for value in row.values()) for row in rows)
    assert "ix_tasks_remind_at_unsent" in plan, plan


async def test_trashed_tasks_are_in_no_digest(db: Database) -> None:
    ada = await add_user(db, "ada@example.com")
    await add_task(db, ada, "Open and kept")
    await add_task(db, ada, "Open but trashed")
    await add_task(db, ada, "Done and kept", done_at=datetime(2026, 3, 8, 10, tzinfo=UTC))
    await add_task(db, ada, "Done but trashed", done_at=datetime(2026, 3, 8, 11, tzinfo=UTC))
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE tasks SET due_date = :day WHERE title = 'Open but trashed'", day=date(2026, 3, 8)
        )
        # A recurring task's occurrence done that day, the task then trashed.
        recurring: int = await conn.fetchval(
            "INSERT INTO tasks (owner_id, title, done, created_at, updated_at, due_date, recurrence)"
            " VALUES (:owner, 'Weekly but trashed', FALSE, :at, :at, :due, 'FREQ=WEEKLY') RETURNING id",
            owner=ada,
            at=datetime(2026, 3, 1, tzinfo=UTC),
            due=date(2026, 3, 15),
        )
        await conn.execute(
            "INSERT INTO task_occurrences (task_id, owner_id, due_date, done_at)"
            " VALUES (:task, :owner, :due, :at)",
            task=recurring,
            owner=ada,
            due=date(2026, 3, 8),
            at=datetime(2026, 3, 8, 12, tzinfo=UTC),
        )
    # Everything of this user's is in the trash: nothing to say, no email.
    eve = await add_user(db, "eve@example.com")
    await add_task(db, eve, "Eve's only task")
    for title in ("Open but trashed", "Done but trashed", "Weekly but trashed", "Eve's only task"):
        await set_trashed(db, title, datetime(2026, 3, 8, 20, tzinfo=UTC))

    emails = await digests_by_recipient(db, await digest_tick_at(db, UTC_MIDNIGHT + timedelta(minutes=5)))

    assert set(emails) == {"ada@example.com"}
    message = build_message(emails["ada@example.com"], digest_settings(), now=UTC_MIDNIGHT)
    assert message["Subject"] == "Today you completed 1 task · You have 1 unfinished task"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "Open and kept" in text and "Done and kept" in text
    assert "trashed" not in text
