"""Where live changes come from: PostgreSQL's NOTIFY (migration 0011's triggers) or, on SQLite,
what changed since the last look. Each source runs as one task per process, started by the
first stream and stopped when the app stops."""

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import orjson

from tasktracker.db import Database
from tasktracker.events.service import Broadcaster, Change
from tasktracker.sql import Query

log = logging.getLogger(__name__)

CHANNEL = "tasktracker_changes"
# How long a lost LISTEN connection waits before trying again, at most.
MAX_RECONNECT_SECONDS = 10.0
# How long the first stream waits for the LISTEN to be in place before it starts anyway (it is
# told to resync once the source connects).
FIRST_CONNECT_SECONDS = 5.0
# How often the LISTEN connection is asked whether it is still there.
LIVENESS_SECONDS = 30.0
SQLITE_POLL_SECONDS = 0.5
# Looks overlap by this much: a change stamped just before a look, committed just after it, is
# still seen by the next one (and told once: (kind, id, version) already told are skipped).
SQLITE_OVERLAP = timedelta(seconds=2)

Stop = Callable[[], Awaitable[None]]


def change_from_payload(payload: str) -> Change | None:
    try:
        data: dict[str, Any] = orjson.loads(payload)
        return Change(owner_id=int(data["owner_id"]), kind=str(data["kind"]), items=data["items"])
    except (ValueError, KeyError, TypeError):
        log.warning("ignored a malformed change notification: %.200s", payload)
        return None


async def start_postgres_source(dsn: str, broadcaster: Broadcaster) -> Stop:
    """LISTEN on its own connection (not the pool's: it stays open), reconnecting with backoff;
    every stream resyncs after a reconnection, as changes may have been missed meanwhile."""
    connected = asyncio.Event()

    def on_notification(
        _conn: "asyncpg.Connection[Any] | asyncpg.pool.PoolConnectionProxy[Any]",
        _pid: int,
        _channel: str,
        payload: object,
    ) -> None:
        change = change_from_payload(str(payload))
        if change is not None:
            broadcaster.publish(change)

    async def listen() -> None:
        delay = 0.5
        first = True
        while True:
            try:
                conn = await asyncpg.connect(dsn, timeout=FIRST_CONNECT_SECONDS)
            except (OSError, asyncpg.PostgresError, TimeoutError) as error:
                log.warning("live changes: cannot LISTEN (%s); retrying in %.1f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(delay * 2, MAX_RECONNECT_SECONDS)
                continue
            lost = asyncio.Event()
            try:
                conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await conn.add_listener(CHANNEL, on_notification)
                if not first:
                    log.warning("live changes: listening again; open streams resync")
                    broadcaster.resync_all()
                first, delay = False, 0.5
                connected.set()
                while not lost.is_set():
                    # A connection that died without a word (a dropped network) is found by a
                    # query that gets no answer.
                    try:
                        await asyncio.wait_for(lost.wait(), LIVENESS_SECONDS)
                    except TimeoutError:
                        await conn.fetchval("SELECT 1", timeout=FIRST_CONNECT_SECONDS)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
                log.warning("live changes: LISTEN connection lost (%s)", error)
            finally:
                if not conn.is_closed():
                    conn.terminate()

    task = asyncio.create_task(listen(), name="live-changes-listen")
    try:
        await asyncio.wait_for(connected.wait(), FIRST_CONNECT_SECONDS)
    except TimeoutError:
        log.warning("live changes: LISTEN not ready; streams start and resync when it is")

    async def stop() -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    return stop


# SQLite (the dev mode, one process): what changed since a moment, by updated_at.
CHANGED_SINCE = Query("""
SELECT 'task' AS kind, owner_id, id, version, updated_at FROM tasks WHERE updated_at >= :since
UNION ALL
SELECT 'list' AS kind, owner_id, id, NULL AS version, updated_at FROM lists WHERE updated_at >= :since
""")


async def start_sqlite_source(database: Database, broadcaster: Broadcaster) -> Stop:
    started = datetime.now(UTC)
    # What was told of each row: its version (tasks) or when it changed (lists, which have none).
    told: dict[tuple[str, int], object] = {}

    async def look(since: datetime) -> None:
        async with database.connection() as conn:
            rows = await conn.fetch(CHANGED_SINCE, since=since)
        by_owner: dict[tuple[int, str], list[dict[str, Any]]] = {}
        for row in rows:
            key = (row["kind"], row["id"])
            stamp = row["version"] if row["kind"] == "task" else row["updated_at"]
            if told.get(key) == stamp:
                continue
            told[key] = stamp
            by_owner.setdefault((row["owner_id"], row["kind"]), []).append(
                {"id": row["id"], "version": row["version"]}
            )
        for (owner_id, kind), items in by_owner.items():
            broadcaster.publish(Change(owner_id=owner_id, kind=kind, items=items))

    async def poll() -> None:
        last = started
        while True:
            await asyncio.sleep(SQLITE_POLL_SECONDS)
            now = datetime.now(UTC)
            try:
                await look(last - SQLITE_OVERLAP)
            except Exception:
                log.exception("live changes: the look at what changed failed")
            last = now
            if len(told) > 10_000:
                told.clear()

    task = asyncio.create_task(poll(), name="live-changes-poll")

    async def stop() -> None:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)

    return stop
