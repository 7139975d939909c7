"""The daily purge of the trash, on both databases: the job itself (as the worker runs it) deletes
the tasks and lists trashed more than TRASH_RETENTION_DAYS ago, in batches, and nothing else;
again, it finds nothing more. Beat schedules it daily."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from celery.schedules import crontab

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.errors import DatabaseUnavailable
from tasktracker.trash import jobs, service
from tasktracker.trash.job_names import PURGE_TRASH
from tasktracker.worker.app import celery_app
from tasktracker.worker.schedule import beat_schedule
from tests.notifications.conftest import add_user
from tests.worker_jobs import give_the_worker, run_as_worker

NOW = datetime.now(UTC)
OLD = NOW - timedelta(days=31)
RECENT = NOW - timedelta(days=29)


@pytest.fixture
def purge_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The worker's settings are the test's, with batches of 2."""
    return give_the_worker(settings, monkeypatch, jobs, trash_purge_batch_size=2)


async def add_list(db: Database, owner_id: int, name: str, deleted_at: datetime | None) -> int:
    async with db.transaction() as conn:
        list_id: int = await conn.fetchval(
            "INSERT INTO lists (owner_id, name, position, created_at, updated_at, deleted_at)"
            " VALUES (:owner_id, :name, 'm', :created, :created, :deleted_at) RETURNING id",
            owner_id=owner_id,
            name=name,
            created=NOW - timedelta(days=60),
            deleted_at=deleted_at,
        )
    return list_id


async def add_task(
    db: Database, owner_id: int, title: str, deleted_at: datetime | None, list_id: int | None = None
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO tasks (owner_id, title, done, created_at, updated_at, deleted_at, list_id)"
            " VALUES (:owner_id, :title, FALSE, :created, :created, :deleted_at, :list_id)",
            owner_id=owner_id,
            title=title,
            created=NOW - timedelta(days=60),
            deleted_at=deleted_at,
            list_id=list_id,
        )


async def names(db: Database, table: str) -> set[str]:
    column = "title" if table == "tasks" else "name"
    async with db.connection() as conn:
        rows = await conn.fetch(f"SELECT {column} AS name FROM {table}")
    return {row["name"] for row in rows}


def run_job() -> None:
    run_as_worker(jobs.purge_trash)


async def test_the_job_purges_what_was_trashed_before_the_retention(
    db: Database, purge_settings: Settings
) -> None:
    ada = await add_user(db, "ada@example.com")
    eve = await add_user(db, "eve@example.com")
    old_list = await add_list(db, ada, "Old project", OLD)
    recent_list = await add_list(db, ada, "Recent project", RECENT)
    await add_list(db, ada, "Live list", None)
    for number in range(3):
        await add_task(db, ada, f"Old {number}", OLD)
        await add_task(db, ada, f"In the old list {number}", OLD, old_list)
    await add_task(db, eve, "Eve's old", OLD - timedelta(days=300))
    await add_task(db, ada, "Recent", RECENT)
    await add_task(db, ada, "In the recent list", RECENT, recent_list)
    await add_task(db, ada, "Open", None)
    await add_task(db, eve, "Eve's open", None)

    await asyncio.to_thread(run_job)

    assert await names(db, "tasks") == {"Recent", "In the recent list", "Open", "Eve's open"}
    assert await names(db, "lists") == {"Recent project", "Live list"}
    # Nothing more to do: a second run (a redelivery, the next day's run) changes nothing.
    await asyncio.to_thread(run_job)
    assert await names(db, "tasks") == {"Recent", "In the recent list", "Open", "Eve's open"}


async def test_the_purge_goes_in_batches_and_reports_what_it_did(db: Database) -> None:
    ada = await add_user(db, "ada@example.com")
    for number in range(5):
        await add_task(db, ada, f"Old {number}", OLD)
    for number in range(2):
        await add_list(db, ada, f"Old list {number}", OLD)
    await add_task(db, ada, "Just inside", NOW - timedelta(days=30) + timedelta(minutes=1))

    report = await service.purge(db, now=NOW, retention_days=30, batch_size=2)

    assert (report.tasks, report.lists) == (5, 2)
    assert await names(db, "tasks") == {"Just inside"}
    later = await service.purge(db, now=NOW + timedelta(minutes=2), retention_days=30, batch_size=2)
    assert (later.tasks, later.lists) == (1, 0)
    again = await service.purge(db, now=NOW + timedelta(minutes=2), retention_days=30, batch_size=2)
    assert (again.tasks, again.lists) == (0, 0)


def test_beat_runs_the_purge_daily_and_the_worker_knows_it() -> None:
    entry = beat_schedule(Settings(_env_file=None))["trash-purge"]
    assert entry["task"] == PURGE_TRASH == "trash.purge"
    assert entry["schedule"] == crontab(hour=4, minute=7)  # daily, after the other purges
    assert entry["options"]["expires"] <= 24 * 3600
    assert celery_app.conf.beat_schedule["trash-purge"]["task"] == PURGE_TRASH
    celery_app.loader.import_default_modules()  # what a worker imports at start
    job = celery_app.tasks[PURGE_TRASH]
    assert job.acks_late is True
    assert job.max_retries == jobs.PURGE_MAX_RETRIES
    assert DatabaseUnavailable in getattr(job, "autoretry_for", ())
