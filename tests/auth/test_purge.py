"""Ended sessions are purged after their retention, live ones never."""

from datetime import UTC, datetime, timedelta

import httpx
from fastapi import FastAPI

from tasktracker.auth import service
from tasktracker.auth.job_names import PURGE_SESSIONS
from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.worker.app import celery_app
from tests.conftest import ClientFactory, register


async def purge(database: Database, *, settings: Settings, now: datetime) -> tuple[int, int]:
    async with database.transaction() as conn:
        return await service.purge_sessions(conn, settings=settings, now=now)


async def session_count(app: FastAPI) -> int:
    async with app.state.database.connection() as conn:
        count: int = await conn.fetchval("SELECT count(*) FROM sessions")
        return count


async def test_only_sessions_ended_before_the_retention_are_purged(
    app: FastAPI, client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    logged_out = make_client()
    await register(logged_out, "bob@example.com")
    assert (await logged_out.delete("/session")).status_code == 204
    database = app.state.database
    now = datetime.now(UTC)

    settings = app.state.settings

    assert await purge(database, settings=settings, now=now) == (0, 0)
    assert await session_count(app) == 2
    # Eight days on: the revoked session is past its retention, the live one is not ended.
    assert await purge(database, settings=settings, now=now + timedelta(days=8)) == (1, 0)
    assert await session_count(app) == 1
    assert (await client.get("/user")).status_code == 200
    # Past the live session's own expiry (30 days) plus the retention, it goes too.
    assert await purge(database, settings=settings, now=now + timedelta(days=38)) == (1, 0)
    assert await session_count(app) == 0


async def test_old_rotated_refresh_tokens_of_a_live_session_are_purged(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await register(client)
    first = client.cookies["refresh_token"]
    assert (await client.post("/session/refresh")).status_code == 200
    settings = app.state.settings
    now = datetime.now(UTC)
    assert await purge(app.state.database, settings=settings, now=now) == (0, 0)
    later = now + timedelta(days=settings.refresh_token_ttl_days, minutes=1)
    assert await purge(app.state.database, settings=settings, now=later) == (0, 1)
    # The current token still works; the purged one is simply unknown now.
    assert (await client.post("/session/refresh")).status_code == 200
    stale = await client.post("/session/refresh", headers={"Cookie": f"refresh_token={first}"})
    assert stale.status_code == 401


def test_the_purge_is_scheduled_and_known_to_the_worker() -> None:
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert PURGE_SESSIONS in scheduled
    celery_app.loader.import_default_modules()  # what a worker imports at start
    assert PURGE_SESSIONS in celery_app.tasks
