"""The job tasks.refresh_search, as the worker runs it: it stores the words of the tasks whose
text changed (PostgreSQL; on SQLite nothing is stale), and again finds nothing more. Beat
schedules it every SEARCH_REFRESH_SECONDS."""

import asyncio
from datetime import timedelta

import pytest

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.errors import DatabaseUnavailable
from tasktracker.tasks import jobs
from tasktracker.tasks.job_names import REFRESH_SEARCH
from tasktracker.worker.app import celery_app
from tasktracker.worker.schedule import beat_schedule
from tests.notifications.conftest import add_task, add_user
from tests.worker_jobs import give_the_worker, run_as_worker


@pytest.fixture
def refresh_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The worker's settings are the test's, with batches of 2."""
    return give_the_worker(settings, monkeypatch, jobs, search_refresh_batch_size=2)


def run_job() -> None:
    run_as_worker(jobs.refresh_search)


async def stale_titles(db: Database) -> set[str]:
    if db.dialect != "postgresql":
        return set()
    async with db.connection() as conn:
        rows = await conn.fetch("SELECT title FROM tasks WHERE search IS NULL")
    return {row["title"] for row in rows}


async def test_the_job_stores_the_words_of_every_changed_task(
    db: Database, refresh_settings: Settings
) -> None:
    ada = await add_user(db, "ada@example.com")
    for number in range(5):
        await add_task(db, ada, f"Task {number}")
    expected_stale = {f"Task {number}" for number in range(5)} if db.dialect == "postgresql" else set()
    assert await stale_titles(db) == expected_stale

    await asyncio.to_thread(run_job)

    assert await stale_titles(db) == set()
    if db.dialect == "postgresql":
        async with db.connection() as conn:
            words = await conn.fetchval("SELECT search::text FROM tasks WHERE title = 'Task 3'")
        assert words == "'3':2,4 'task':1,3"  # stemmed (russian), then as written (simple)
    # Nothing more to do: a second run (a redelivery, the next scheduled run) changes nothing.
    await asyncio.to_thread(run_job)
    assert await stale_titles(db) == set()


def test_beat_runs_the_refresh_every_minute_and_the_worker_knows_it() -> None:
    settings = Settings(_env_file=None)
    entry = beat_schedule(settings)["search-refresh"]
    assert entry["task"] == REFRESH_SEARCH == "tasks.refresh_search"
    assert entry["schedule"] == timedelta(seconds=settings.search_refresh_seconds) == timedelta(minutes=1)
    assert entry["options"]["expires"] == settings.search_refresh_seconds
    assert celery_app.conf.beat_schedule["search-refresh"]["task"] == REFRESH_SEARCH
    celery_app.loader.import_default_modules()  # what a worker imports at start
    job = celery_app.tasks[REFRESH_SEARCH]
    assert job.acks_late is True
    assert job.max_retries == jobs.REFRESH_MAX_RETRIES
    assert DatabaseUnavailable in getattr(job, "autoretry_for", ())
