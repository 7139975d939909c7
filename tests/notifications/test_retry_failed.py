"""Replaying failed emails (`tasktracker outbox retry-failed`) and the outbox's counts for /metrics."""

import json
import os
import subprocess
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications import outbox
from tests.ports import free_port

from .conftest import TASKTRACKER, add_user, outbox_row

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def add_email(db: Database, user_id: int, status: str, created_at: datetime) -> int:
    async with db.transaction() as conn:
        outbox_id: int = await conn.fetchval(
            "INSERT INTO email_outbox"
            " (kind, user_id, recipient, payload, status, attempts, publish_count, available_at,"
            "  created_at, last_error)"
            " VALUES ('welcome', :user_id, 'ada@example.com', '{}', :status, 9, 3, :created_at,"
            "  :created_at, '550 5.1.1 No such user here')"
            " RETURNING id",
            user_id=user_id,
            status=status,
            created_at=created_at,
        )
    return outbox_id


class Broker:
    """Records what would be published; `down` makes every publish fail like an unreachable broker."""

    def __init__(self, *, down: bool = False) -> None:
        self.down = down
        self.published: list[list[int]] = []

    def __call__(self, ids: Sequence[int]) -> None:
        if self.down:
            raise ConnectionRefusedError("the broker is down")
        self.published.append(list(ids))


async def test_failed_emails_since_a_time_become_pending_as_if_new(db: Database) -> None:
    user_id = await add_user(db, "ada@example.com")
    old_failure = await add_email(db, user_id, "failed", NOW - timedelta(days=3))
    recent = [await add_email(db, user_id, "failed", NOW - timedelta(hours=hours)) for hours in (5, 1)]
    sent = await add_email(db, user_id, "sent", NOW - timedelta(hours=2))
    broker = Broker()

    report = await outbox.retry_failed(db, since=NOW - timedelta(days=1), now=NOW, publish=broker)

    assert (report.reset, report.published) == (2, 2)
    assert sorted(id for batch in broker.published for id in batch) == sorted(recent)
    for outbox_id in recent:
        row = await outbox_row(db, outbox_id)
        assert (row["status"], row["attempts"], row["publish_count"]) == ("pending", 0, 0)
        assert row["available_at"] == NOW
        assert row["last_error"] == "550 5.1.1 No such user here"  # until the next attempt says otherwise
    assert (await outbox_row(db, old_failure))["status"] == "failed"
    assert (await outbox_row(db, sent))["status"] == "sent"


async def test_without_since_every_failed_email_is_retried_in_bounded_batches(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox, "RETRY_FAILED_BATCH", 2)
    user_id = await add_user(db, "ada@example.com")
    failed = [await add_email(db, user_id, "failed", NOW - timedelta(days=days)) for days in range(5)]
    broker = Broker()

    report = await outbox.retry_failed(db, since=None, now=NOW, publish=broker)

    assert (report.reset, report.published) == (5, 5)
    assert [len(batch) for batch in broker.published] == [2, 2, 1]
    assert sorted(id for batch in broker.published for id in batch) == sorted(failed)
    assert (await outbox.outbox_stats(db)).failed == 0


async def test_with_the_broker_down_the_rows_wait_for_the_sweep(db: Database, settings: Settings) -> None:
    user_id = await add_user(db, "ada@example.com")
    failed = await add_email(db, user_id, "failed", NOW - timedelta(hours=1))

    report = await outbox.retry_failed(db, since=None, now=NOW, publish=Broker(down=True))

    assert (report.reset, report.published) == (1, 0)
    assert (await outbox_row(db, failed))["status"] == "pending"
    sweep = Broker()
    later = NOW + timedelta(seconds=settings.outbox_sweep_seconds + 1)
    assert await outbox.republish_due(db, now=later, settings=settings, publish=sweep) == 1
    assert sweep.published == [[failed]]


async def test_the_outbox_counts_by_status_and_the_oldest_unsent(db: Database) -> None:
    empty = await outbox.outbox_stats(db)
    assert (empty.pending, empty.sending, empty.failed, empty.oldest_unsent_created_at) == (0, 0, 0, None)
    user_id = await add_user(db, "ada@example.com")
    await add_email(db, user_id, "pending", NOW - timedelta(minutes=5))
    await add_email(db, user_id, "sending", NOW - timedelta(minutes=30))
    for _ in range(2):
        await add_email(db, user_id, "failed", NOW - timedelta(days=2))
    await add_email(db, user_id, "sent", NOW - timedelta(days=9))

    stats = await outbox.outbox_stats(db)

    assert (stats.pending, stats.sending, stats.failed) == (1, 1, 2)
    assert stats.oldest_unsent_created_at == NOW - timedelta(minutes=30)


def run_command(settings: Settings, *arguments: str, **environment: str) -> subprocess.CompletedProcess[str]:
    variables = {
        name: value for name, value in os.environ.items() if name.lower() not in Settings.model_fields
    }
    variables.update(
        DATABASE_URL=settings.resolved_database_url,
        DATA_DIR=str(settings.data_dir),
        ENVIRONMENT="test",
        **environment,
    )
    return subprocess.run(
        [TASKTRACKER, "outbox", "retry-failed", *arguments],
        env=variables,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_command_replays_onto_the_broker(db: Database, settings: Settings) -> None:
    user_id = await add_user(db, "ada@example.com")
    await add_email(db, user_id, "failed", datetime(2026, 11, 1, tzinfo=UTC))
    recent = [
        await add_email(db, user_id, "failed", datetime(2026, 11, 30, hour, tzinfo=UTC)) for hour in (8, 9)
    ]

    result = run_command(settings, "--since", "2026-11-30")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "Failed emails made pending again: 2, handed to the broker: 2.\n"
    (message,) = [
        json.loads(path.read_text()) for path in (settings.data_dir / "broker" / "queue").glob("*.msg")
    ]
    assert message["headers"]["task"] == "notifications.send_emails"
    assert message["headers"]["argsrepr"] == repr((recent,))
    assert [(await outbox_row(db, outbox_id))["status"] for outbox_id in recent] == ["pending", "pending"]


async def test_the_command_leaves_to_the_sweep_what_an_unreachable_broker_did_not_take(
    db: Database, settings: Settings
) -> None:
    user_id = await add_user(db, "ada@example.com")
    failed = await add_email(db, user_id, "failed", NOW)

    result = run_command(settings, CELERY_BROKER_URL=f"amqp://guest:guest@127.0.0.1:{free_port()}//")

    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "Failed emails made pending again: 1, handed to the broker: 0"
        " (the outbox sweep publishes the rest).\n"
    )
    assert "broker unreachable" in result.stderr
    assert (await outbox_row(db, failed))["status"] == "pending"


def test_a_since_that_is_no_time_is_refused(settings: Settings) -> None:
    result = run_command(settings, "--since", "last tuesday")
    assert result.returncode == 2
    assert "not a date or time: 'last tuesday'" in result.stderr
