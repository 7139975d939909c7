"""Search as you type through the real API: GET /tasks?q= for a user with 10,000 tasks.

    uv run python bench/search.py [--tasks 10000] [--others 5] [--rounds 20]

(Re)creates the PostgreSQL database tasktracker_search_bench on BENCH_POSTGRES (default
postgresql://postgres@127.0.0.1:5432), migrates it, starts one `tasktracker api` process (one
worker, on BENCH_PORT, default 8093), registers the user through the API and seeds, server-side
in one statement each, `--tasks` tasks for them and as many for each of `--others` other users:
titles, descriptions and checklists drawn from English and Russian (about a quarter Russian) task
phrases, four in five of them done (10,000 tasks, 2,000 open, as in issue 13). Then one client,
one request at a time over a kept-alive connection, sends each query of QUERIES `--rounds` times
(after a warm-up round) and reports the latency p50/p95/p99 over all of them, and per query its
median, matches and response bytes; and the plan of one search (EXPLAIN ANALYZE of the list
statement). The API is stopped and the database dropped at the end (kept with --keep).
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx

from tasktracker.migrate import upgrade_to_head
from tasktracker.tasks import paging, queries, search

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
DATABASE = "tasktracker_search_bench"
PORT = int(os.environ.get("BENCH_PORT", "8093"))
ROOT = Path(__file__).resolve().parent.parent

VERBS = [
    "Call", "Email", "Review", "Fix", "Write", "Prepare", "Buy", "Schedule", "Update", "Clean",
    "Pay", "Book", "Plan", "Send", "Check", "Renew", "Order", "Draft", "Finish", "Organise",
]  # fmt: skip
OBJECTS = [
    "the quarterly report", "dentist appointment", "invoice for Acme", "flight to Berlin",
    "car insurance", "birthday present", "team retrospective", "pull request #482",
    "kitchen sink", "groceries for the weekend", "tax return", "running shoes", "project budget",
    "slides for the conference", "landlord about the heating", "passport", "garden fence",
    "meeting notes", "database backups", "the onboarding checklist", "hotel in Lisbon",
    "contract renewal", "gym membership", "the bike", "parents' anniversary dinner",
    "library books", "photos from the trip", "school trip form", "new laptop", "bank statement",
    "vet appointment for Luna", "office plants", "release notes for 2.3", "job interview",
    "winter tyres", "electricity meter reading", "wedding gift", "newsletter draft",
    "coffee machine descaling", "security audit",
]  # fmt: skip
QUALIFIERS = [
    "", "", "", "before Friday", "with Anna", "for Mark", "tomorrow", "this week", "again",
    "for the Q3 review", "at 10:00", "after lunch", "(urgent)", "for mum", "online",
]  # fmt: skip
RUSSIAN = [
    "Позвонить маме", "Подготовить отчёт за квартал", "Купить продукты на неделю",
    "Записаться к врачу", "Оплатить счета за квартиру", "Забрать посылку на почте",
    "Написать задачи для команды", "Починить велосипед", "Собрать документы для визы",
    "Отправить договор юристу", "Проверить домашнее задание", "Заказать билеты в театр",
]  # fmt: skip
SENTENCES = [
    "Ask about the new pricing before Friday.", "Bring the signed copies and the receipts.",
    "Remember to compare at least three offers.", "Anna said the second option was cheaper.",
    "Blocked until the design review is done.", "Needs the numbers from accounting first.",
    "Keep it short: ten minutes at most.", "Running late on this one, talk to Mark.",
    "Не забыть взять паспорт и копии.", "Уточнить сроки у менеджера проекта.",
    "Сначала согласовать бюджет с бухгалтерией.", "Задача перенесена с прошлой недели.",
]  # fmt: skip
ITEMS = [
    "call back", "print the form", "sign", "scan and upload", "pay the fee", "confirm by email",
    "купить батарейки", "проверить адрес", "взять зонт", "отправить фото",
]  # fmt: skip

# What people type: whole words, the prefixes of one being typed, two words, Russian.
QUERIES = [
    "report", "rep", "re", "invoice", "inv", "passport", "pass", "dentist", "den", "budget",
    "running", "runn", "shoes", "berlin flight", "flight ber", "quarterly report", "acme",
    "heating", "onboarding check", "pricing", "receipts", "mark",
    "отчёт", "отч", "задачи", "зад", "маме", "документы визы", "почте", "бюджет",
    "паспорт", "nothing-matches-this",
]  # fmt: skip


# A query finding more tasks than this is reported apart (its response is large).
BROAD = 500


def url_of(database: str) -> str:
    return urlunsplit(urlsplit(SERVER)._replace(path=f"/{database}"))


# As in issue 13: 10,000 tasks of which 2,000 open.
DONE_SHARE = 0.8


def task_rows(owner_id: int, count: int, rng: random.Random) -> list[tuple[object, ...]]:
    rows = []
    for n in range(count):
        if rng.random() < 0.25:
            title = rng.choice(RUSSIAN)
        else:
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}".strip()
        description = " ".join(rng.sample(SENTENCES, rng.choice((0, 0, 1, 2, 3, 5))))
        checklist = []
        if rng.random() < 0.2:
            checklist = [
                {"id": f"i{k}", "text": text, "done": rng.random() < 0.5}
                for k, text in enumerate(rng.sample(ITEMS, rng.randint(2, 5)))
            ]
        done = rng.random() < DONE_SHARE
        rows.append((owner_id, title[:200], description, done, json.dumps(checklist), n))
    return rows


SEED = """
INSERT INTO tasks (owner_id, title, description, done, done_at, created_at, updated_at, version, checklist,
                   position)
SELECT owner_id, title, description, done,
       CASE WHEN done THEN now() - n * interval '1 minute' END, now() - n * interval '1 hour', now(), 1,
       checklist, 'b' || lpad(n::text, 8, '0')
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bool[], $5::text[], $6::int[])
    AS s(owner_id, title, description, done, checklist, n)
"""


async def seed(conn: asyncpg.Connection, owner_ids: list[int], count: int) -> None:
    rng = random.Random(13)
    for owner_id in owner_ids:
        rows = task_rows(owner_id, count, rng)
        await conn.execute(SEED, *(list(column) for column in zip(*rows, strict=True)))
    await conn.execute("VACUUM ANALYZE tasks")


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, round(fraction * (len(sorted_values) - 1)))
    return sorted_values[index]


def start_api(data_dir: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "DATABASE_URL": url_of(DATABASE),
        "API_PORT": str(PORT),
        "API_HOST": "127.0.0.1",
        "API_WORKERS": "1",
        "ENVIRONMENT": "development",
        # The embedded broker (files in DATA_DIR): registration queues its welcome email there.
        "CELERY_BROKER_URL": "",
        "DATA_DIR": data_dir,
    }
    log = open(Path(data_dir) / "api.log", "wb")  # noqa: SIM115 - the API's output until it stops
    return subprocess.Popen(
        ["uv", "run", "tasktracker", "api"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )


async def wait_ready(http: httpx.AsyncClient) -> None:
    for _ in range(150):
        try:
            if (await http.get("/health")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("the API did not start")


# The first page, as GET /tasks serves it: every open task and this many done ones.
DEFAULT_DONE_LIMIT = paging.DEFAULT_DONE_LIMIT


async def explain(conn: asyncpg.Connection, owner_id: int, q: str) -> str:
    statement = queries.list_statement("postgresql", frozenset({"q"}), False)
    rows = await conn.fetch(
        f"EXPLAIN (ANALYZE, BUFFERS) {statement.postgres}", *statement.args({
            "user_id": owner_id, "q": search.parameter("postgresql", q), "limit": DEFAULT_DONE_LIMIT
        })
    )  # fmt: skip
    return "\n".join(row[0] for row in rows)


async def measure(http: httpx.AsyncClient, rounds: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    for round_number in range(rounds + 1):
        for q in QUERIES:
            started = time.perf_counter()
            response = await http.get("/tasks", params={"q": q})
            elapsed = time.perf_counter() - started
            assert response.status_code == 200, response.text
            if round_number:  # the first round warms up (prepared statements, caches)
                timings[q].append(elapsed * 1000)
    return timings


async def run(args: argparse.Namespace) -> None:
    admin = await asyncpg.connect(url_of("postgres"))
    await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    await admin.execute(f'CREATE DATABASE "{DATABASE}"')
    await asyncio.to_thread(upgrade_to_head, url_of(DATABASE))
    data_dir = tempfile.mkdtemp(prefix="search-bench-")
    api = start_api(data_dir)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}", timeout=30) as http:
            await wait_ready(http)
            password = "correct horse battery"
            for n in range(args.others + 1):
                other = httpx.AsyncClient(base_url=f"http://127.0.0.1:{PORT}") if n else http
                account = {"email": f"user{n}@bench.example", "password": password}
                response = await other.post("/user", json=account)
                assert response.status_code == 200, response.text
                if n:
                    await other.aclose()
            conn = await asyncpg.connect(url_of(DATABASE))
            try:
                ids = [row["id"] for row in await conn.fetch("SELECT id FROM users ORDER BY id")]
                started = time.perf_counter()
                await seed(conn, ids, args.tasks)
                seconds = time.perf_counter() - started
                print(f"seeded {len(ids)} users x {args.tasks} tasks in {seconds:.1f} s")
                timings = await measure(http, args.rounds)
                plan = await explain(conn, ids[0], "report")
            finally:
                await conn.close()
            all_ms = sorted(ms for values in timings.values() for ms in values)
            print(
                f"GET /tasks?q= ({len(QUERIES)} queries x {args.rounds} rounds, one client): "
                f"p50 {percentile(all_ms, 0.5):.1f} ms, p95 {percentile(all_ms, 0.95):.1f} ms, "
                f"p99 {percentile(all_ms, 0.99):.1f} ms, max {all_ms[-1]:.1f} ms"
            )
            print(f"{'query':<22} {'median ms':>9} {'matches':>8} {'bytes':>9}")
            matched = {}
            for q in QUERIES:
                response = await http.get("/tasks", params={"q": q})
                matched[q] = len(response.json())
                median = statistics.median(timings[q])
                print(f"{q:<22} {median:>9.1f} {matched[q]:>8} {len(response.content):>9}")
            # The response's size weighs more than the search: the two kinds of query apart.
            for label, kind in (("<= 500 matches", True), ("> 500 matches", False)):
                group = sorted(ms for q in QUERIES if (matched[q] <= BROAD) == kind for ms in timings[q])
                print(
                    f"{label}: p50 {percentile(group, 0.5):.1f} ms, p95 {percentile(group, 0.95):.1f} ms, "
                    f"p99 {percentile(group, 0.99):.1f} ms"
                )
            print("\nEXPLAIN ANALYZE, q=report:\n" + plan)
    finally:
        os.killpg(api.pid, signal.SIGTERM)
        api.wait(timeout=30)
        if not args.keep:
            await admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        await admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks of each user")
    parser.add_argument("--others", type=int, default=5, help="other users, as many tasks each")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database (to explore it)")
    asyncio.run(run(parser.parse_args()))
    sys.exit(0)


if __name__ == "__main__":
    main()
