"""What one task write costs inside PostgreSQL, schema by schema: the triggers and stored columns
a migration adds are paid by every PATCH and POST.

    uv run python bench/write_cost.py [--revisions 0012 head] [--statements 1000] [--cycles 5]

For each revision, (re)creates the database tasktracker_write_cost_<n> on BENCH_POSTGRES (default
postgresql://postgres@127.0.0.1:5432), migrates it to that revision and seeds one user with 50
tasks (a 108-character description, as ../shared/bench/compare-write.sh edits). Then, in cycles
that alternate the revisions (so a busy machine slows each alike), it runs `--statements` of each
write in one server-side loop (a DO block: no round trip, no client, only the database's own
work) and keeps each write's fastest cycle:

- `edit`: the autosave, a new description (the text is parsed again);
- `toggle`: done flipped (no text changes);
- `insert`: a new task.

The loop is one transaction, so the per-statement NOTIFY triggers run per statement but their
notifications are sent once, at its commit, which is dropped (rolled back). Prints µs per statement.
"""

import argparse
import asyncio
import os
from typing import Any

import asyncpg
from alembic import command

from tasktracker.migrate import alembic_config

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")

SEED = """
INSERT INTO users (email, password_hash, created_at) VALUES ('cost@example.com', 'x', now());
INSERT INTO tasks (owner_id, title, description, created_at, updated_at, position)
SELECT (SELECT id FROM users), 'Task number ' || g, repeat('lorem ipsum ', 9), now(), now(), 'a' || g
FROM generate_series(1, 50) g;
"""

LOOP = """
DO $$
DECLARE ids bigint[]; started timestamptz; owner bigint;
BEGIN
  SELECT array_agg(id ORDER BY id), min(owner_id) INTO ids, owner FROM tasks;
  started := clock_timestamp();
  FOR i IN 1..{statements} LOOP
    {statement};
  END LOOP;
  RAISE NOTICE '%', extract(epoch FROM clock_timestamp() - started) * 1e6 / {statements};
  RAISE EXCEPTION 'rolled back';
EXCEPTION WHEN raise_exception THEN NULL;
END $$
"""

WRITES = {
    "edit": "UPDATE tasks SET description = repeat('lorem ipsum ', 8) || lpad(i::text, 12, '0'), "
    "updated_at = now(), version = version + 1 WHERE id = ids[1 + i % 50]",
    "toggle": "UPDATE tasks SET done = NOT done, done_at = CASE WHEN done THEN NULL ELSE now() END, "
    "updated_at = now(), version = version + 1 WHERE id = ids[1 + i % 50]",
    "insert": "INSERT INTO tasks (owner_id, title, description, created_at, updated_at, position) "
    "VALUES (owner, 'New task ' || i, '', now(), now(), 'b' || i)",
}


async def prepare(index: int, revision: str) -> str:
    name = f"tasktracker_write_cost_{index}"
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    url = f"{SERVER}/{name}"
    await asyncio.to_thread(command.upgrade, alembic_config(url), revision)
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(SEED)
        await conn.execute("VACUUM ANALYZE")
    finally:
        await conn.close()
    return url


async def per_statement(url: str, statement: str, statements: int) -> float:
    conn = await asyncpg.connect(url)
    notices: list[str] = []

    def on_notice(_: Any, message: Any) -> None:
        notices.append(message.message)

    conn.add_log_listener(on_notice)
    try:
        await conn.execute(LOOP.format(statement=statement, statements=statements))
        await asyncio.sleep(0)  # the notice callback runs on the loop
    finally:
        await conn.close()
    return float(notices[-1])


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--revisions", nargs="+", default=["0012", "head"])
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--cycles", type=int, default=5)
    args = parser.parse_args()
    urls = [await prepare(index, revision) for index, revision in enumerate(args.revisions)]
    best: dict[tuple[str, str], float] = {}
    for _ in range(args.cycles):
        for revision, url in zip(args.revisions, urls, strict=True):
            for write, statement in WRITES.items():
                cost = await per_statement(url, statement, args.statements)
                key = (revision, write)
                best[key] = min(best.get(key, cost), cost)
    print(f"{'revision':<10}" + "".join(f"{write:>10}" for write in WRITES) + "   (µs per statement)")
    for revision in args.revisions:
        print(f"{revision:<10}" + "".join(f"{best[(revision, write)]:>10.0f}" for write in WRITES))


if __name__ == "__main__":
    asyncio.run(main())
