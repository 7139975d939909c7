"""The nightly digest at scale: one tick selecting, claiming and enqueueing every user's digest.

    uv run python bench/digest_bench.py [--users 100000] [--tasks-per-user 20] [--batch-size 1000]

(Re)creates the PostgreSQL database tasktracker_digest_bench on BENCH_POSTGRES (default
postgresql://postgres@127.0.0.1:5432), migrates it and seeds it server-side with generate_series:
users spread over eleven timezones that all reach midnight at the same instant (plus users
without a timezone, on the default), so the measured tick is the worst case: every user is due at
once. Tasks: a third done (over the three days around the digest day), the rest open.

Then it runs the digest tick exactly as the worker does (run_digest_tick), publishing every
digest to RabbitMQ (BENCH_RABBITMQ_URL, default the local server) as `notifications.send_emails`
jobs of 100 ids, on a queue of its own that it deletes afterwards; with --no-broker the jobs are
only counted. Printed: seed time, tick time, users and emails, publish share, a second (no-op)
tick, and the process's peak RSS before and after the tick.
"""

import argparse
import asyncio
import os
import resource
import sys
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from kombu import Connection

from tasktracker.config import Settings
from tasktracker.db import create_database
from tasktracker.migrate import upgrade_to_head
from tasktracker.notifications import digest
from tasktracker.notifications.publisher import EMAILS_PER_JOB, celery_app_for, publish_emails

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
RABBITMQ_URL = os.environ.get("BENCH_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
DATABASE = "tasktracker_digest_bench"
# All at UTC+1 on 2026-03-10, so all reach midnight at 23:00Z; the default covers NULL timezones.
ZONES = [
    "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome", "Europe/Amsterdam",
    "Europe/Vienna", "Europe/Warsaw", "Europe/Prague", "Europe/Stockholm", "Africa/Lagos",
    "Africa/Algiers",
]  # fmt: skip
DEFAULT_ZONE = "Europe/Berlin"
DIGEST_DAY_START = datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
MIDNIGHT = DIGEST_DAY_START + timedelta(days=1)
TICK_AT = MIDNIGHT + timedelta(seconds=2)

SEED_USERS = """
INSERT INTO users (email, password_hash, timezone, created_at)
SELECT 'user' || g || '@bench.example', 'not-a-real-hash',
       CASE WHEN g % 12 = 0 THEN NULL ELSE ($1::text[])[1 + g % 11] END,
       $2::timestamptz - interval '90 days'
FROM generate_series(1, $3::int) AS g
"""

# A third of the tasks are done, at times spread over the day before, the digest day and the day
# after (done after midnight = still open at it); creation times spread over the previous 60 days.
SEED_TASKS = """
INSERT INTO tasks (owner_id, title, description, done, done_at, created_at, updated_at, version)
SELECT u, 'Task ' || g || ' of user ' || u, '', g % 3 = 0,
       CASE WHEN g % 3 = 0
            THEN $1::timestamptz - interval '1 day' + (g * 7919 % 259200) * interval '1 second' END,
       $1::timestamptz - interval '60 days' + (g % 5000000) * interval '1 second',
       $1::timestamptz, 1
FROM generate_series(1, $2::bigint) AS g, LATERAL (SELECT 1 + (g - 1) % $3::bigint AS u) AS owner
"""


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def url_of(database: str) -> str:
    parts = urlsplit(SERVER)
    return urlunsplit(parts._replace(path=f"/{database}"))


async def recreate_database() -> None:
    admin = await asyncpg.connect(url_of("postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    finally:
        await admin.close()


async def seed(users: int, tasks_per_user: int) -> float:
    started = time.perf_counter()
    conn = await asyncpg.connect(url_of(DATABASE))
    try:
        await conn.execute(SEED_USERS, ZONES, DIGEST_DAY_START, users)
        await conn.execute(SEED_TASKS, DIGEST_DAY_START, users * tasks_per_user, users)
        await conn.execute("VACUUM ANALYZE users")
        await conn.execute("VACUUM ANALYZE tasks")
    finally:
        await conn.close()
    return time.perf_counter() - started


class TimedPublisher:
    def __init__(self, settings: Settings | None) -> None:
        self.app = celery_app_for(settings) if settings else None
        self.emails = 0
        self.messages = 0
        self.seconds = 0.0

    def __call__(self, outbox_ids: Sequence[int]) -> None:
        started = time.perf_counter()
        if self.app is not None:
            publish_emails(self.app, outbox_ids)
        self.emails += len(outbox_ids)
        self.messages += 1 if len(outbox_ids) == 1 else -(-len(outbox_ids) // EMAILS_PER_JOB)
        self.seconds += time.perf_counter() - started


async def run(args: argparse.Namespace) -> None:
    users = args.users
    total_tasks = users * args.tasks_per_user
    print(f"PostgreSQL {DATABASE}: {users:,} users, {total_tasks:,} tasks, batch {args.batch_size}")
    await recreate_database()
    await asyncio.to_thread(upgrade_to_head, url_of(DATABASE))
    print(f"seeded in {await seed(users, args.tasks_per_user):.1f} s")

    queue = f"tasktracker-digest-bench-{uuid.uuid4().hex[:8]}"
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        database_url=url_of(DATABASE),
        digest_default_timezone=DEFAULT_ZONE,
        digest_batch_size=args.batch_size,
        celery_broker_url="" if args.no_broker else RABBITMQ_URL,
        celery_queue=queue,
    )
    publisher = TimedPublisher(None if args.no_broker else settings)
    db = create_database(settings.resolved_database_url, pool_size=2)
    await db.connect()
    try:
        rss_before = peak_rss_mib()
        started = time.perf_counter()
        report = await digest.run_digest_tick(db, now=TICK_AT, settings=settings, publish=publisher)
        elapsed = time.perf_counter() - started
        rss_after = peak_rss_mib()
        started = time.perf_counter()
        again = await digest.run_digest_tick(
            db, now=TICK_AT + timedelta(minutes=15), settings=settings, publish=publisher
        )
        second = time.perf_counter() - started
        async with db.connection() as conn:
            outbox_rows = await conn.fetchval("SELECT COUNT(*) FROM email_outbox")
    finally:
        await db.close()
        if not args.no_broker:
            with Connection(RABBITMQ_URL) as conn:
                conn.default_channel.queue_delete(queue)

    broker = "RabbitMQ" if not args.no_broker else "no broker (jobs counted only)"
    print(
        f"tick: {elapsed:.1f} s for {report.users_claimed:,} users claimed,"
        f" {report.emails_enqueued:,} digests enqueued"
    )
    print(
        f"  of which publishing {publisher.emails:,} emails as {publisher.messages:,} jobs"
        f" to {broker}: {publisher.seconds:.1f} s"
    )
    print(f"  outbox rows: {outbox_rows:,}; publish failed: {report.publish_failed}")
    print(f"second tick (everything claimed): {second:.2f} s, {again.emails_enqueued} enqueued")
    print(f"peak RSS: {rss_before:.0f} MiB before the tick, {rss_after:.0f} MiB after")
    if report.users_claimed != users or again.emails_enqueued != 0:
        sys.exit("unexpected counts: every user should be claimed once")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--tasks-per-user", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--no-broker", action="store_true", help="count the jobs instead of publishing them")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
