"""The reminder tick's claim at scale: 1,000,000 tasks with reminders, a batch of them due.

    uv run python bench/reminder_tick.py [--tasks 1000000] [--due 200] [--users 10000] [--runs 20]

(Re)creates the PostgreSQL database tasktracker_reminder_bench on BENCH_POSTGRES (default
postgresql://postgres@127.0.0.1:5432), migrates it and seeds it server-side with generate_series:
`--tasks` tasks with a reminder, of which `--due` fell due in the minute before the tick and the
rest are spread over the next 90 days (a tenth of all tasks done), plus as many tasks again
without a reminder, which the partial index leaves out.

Measured: the tick's claim statement (notifications.queries.CLAIM_REMINDERS, prepared as the
worker runs it, so the generic plan counts) `--runs` times, each in a transaction rolled back so
every run claims the same due batch; then its EXPLAIN (ANALYZE, BUFFERS), and one whole tick
(claim, outbox rows, commit; jobs counted, not published) and a second, no-op one. The database
is dropped at the end.
"""

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from tasktracker.config import Settings
from tasktracker.db import create_database
from tasktracker.migrate import upgrade_to_head
from tasktracker.notifications import queries, reminders

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "tasktracker_reminder_bench"
TICK_AT = datetime(2026, 3, 9, 8, 30, tzinfo=UTC)

SEED_USERS = """
INSERT INTO users (email, password_hash, created_at)
SELECT 'user' || g || '@bench.example', 'not-a-real-hash', $1::timestamptz - interval '90 days'
FROM generate_series(1, $2::int) AS g
"""

# Task g < $3 (the due batch) is due within the minute before the tick; the others over the 90
# days after it. Every tenth task is done; the same number again carry no reminder.
SEED_TASKS = """
INSERT INTO tasks (owner_id, title, description, done, done_at, created_at, updated_at, version, remind_at)
SELECT 1 + g % $4::int, 'Task ' || g, '', g % 10 = 0,
       CASE WHEN g % 10 = 0 THEN $1::timestamptz - interval '1 day' END,
       $1::timestamptz - interval '30 days', $1::timestamptz, 1,
       CASE WHEN g > $2::bigint THEN NULL
            WHEN g <= $3::bigint THEN $1::timestamptz - (g % 60) * interval '1 second'
            ELSE $1::timestamptz + (g * 7919 % 7776000) * interval '1 second' + interval '1 minute' END
FROM generate_series(1, 2 * $2::bigint) AS g
"""


def url_of(database: str) -> str:
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{database}"))


async def admin(statement: str) -> None:
    conn = await asyncpg.connect(url_of("postgres"))
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


async def seed(args: argparse.Namespace) -> float:
    started = time.perf_counter()
    conn = await asyncpg.connect(url_of(DATABASE))
    try:
        await conn.execute(SEED_USERS, TICK_AT, args.users)
        await conn.execute(SEED_TASKS, TICK_AT, args.tasks, args.due, args.users)
        await conn.execute("VACUUM ANALYZE users")
        await conn.execute("VACUUM ANALYZE tasks")
    finally:
        await conn.close()
    return time.perf_counter() - started


async def time_claim(args: argparse.Namespace) -> tuple[list[float], str, int]:
    """Milliseconds per claim, the plan of one, and how many rows a claim takes."""
    statement = queries.CLAIM_REMINDERS["postgresql"]
    conn = await asyncpg.connect(url_of(DATABASE))
    try:
        prepared = await conn.prepare(statement.postgres)
        timings = []
        claimed = 0
        for _ in range(args.runs):
            transaction = conn.transaction()
            await transaction.start()
            started = time.perf_counter()
            claimed = len(await prepared.fetch(*statement.args({"now": TICK_AT, "limit": args.due})))
            timings.append((time.perf_counter() - started) * 1000)
            await transaction.rollback()
        async with conn.transaction():
            await conn.execute("SET LOCAL plan_cache_mode = force_generic_plan")
            rows = await conn.fetch(
                f"EXPLAIN (ANALYZE, BUFFERS) {statement.postgres}",
                *statement.args({"now": TICK_AT, "limit": args.due}),
            )
            plan = "\n".join(row[0] for row in rows)
            await conn.execute("ROLLBACK")
    finally:
        await conn.close()
    return timings, plan, claimed


class CountingPublisher:
    def __init__(self) -> None:
        self.emails = 0

    def __call__(self, outbox_ids: Sequence[int]) -> None:
        self.emails += len(outbox_ids)


async def run(args: argparse.Namespace) -> None:
    print(
        f"PostgreSQL {DATABASE}: {args.tasks:,} tasks with reminders ({args.due} due), {args.users:,} users"
    )
    await admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin(f'CREATE DATABASE "{DATABASE}"')
    try:
        await asyncio.to_thread(upgrade_to_head, url_of(DATABASE))
        print(f"seeded in {await seed(args):.1f} s")
        timings, plan, claimed = await time_claim(args)
        print(
            f"claim of {claimed} due reminders, {args.runs} runs: median {statistics.median(timings):.1f} ms,"
            f" max {max(timings):.1f} ms (first {timings[0]:.1f} ms)"
        )
        print("EXPLAIN (ANALYZE, BUFFERS), generic plan:")
        print(plan)

        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            database_url=url_of(DATABASE),
            reminder_batch_size=args.due,
        )
        db = create_database(settings.resolved_database_url, pool_size=2)
        await db.connect()
        try:
            publisher = CountingPublisher()
            started = time.perf_counter()
            report = await reminders.run_reminder_tick(db, now=TICK_AT, settings=settings, publish=publisher)
            tick = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            again = await reminders.run_reminder_tick(
                db, now=TICK_AT + timedelta(seconds=1), settings=settings, publish=publisher
            )
            noop = (time.perf_counter() - started) * 1000
        finally:
            await db.close()
        print(
            f"whole tick: {tick:.1f} ms, {report.claimed} claimed, {report.emails_enqueued} emails enqueued;"
            f" second tick: {noop:.1f} ms, {again.claimed} claimed"
        )
        if claimed != args.due or report.claimed != args.due or again.claimed != 0:
            sys.exit("unexpected counts: the due batch should be claimed once")
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        print(f"dropped {DATABASE}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=200, help="reminders due at the tick: one batch")
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=20)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
