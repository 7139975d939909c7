"""CPU per request of the API's hot routes, in process, against the floor's: a steadier guide than
`wrk` on a busy two-core machine, because it counts the process's own CPU time, not the rate.

    uv run python bench/asgi_cost.py [--requests 4000] [--cycles 5] [--routes patch post get]

Each application (the project's, as `tasktracker api` serves it, and ../shared/bench/floor.py) is
called as an ASGI app from 32 concurrent clients in this process, with PostgreSQL at
BENCH_POSTGRES (default postgresql://postgres@127.0.0.1:5432): the project on the database
tasktracker_asgi_cost (recreated and migrated), the floor on bench_floor (seeded as
../shared/bench/compare-write.sh seeds it). `patch` edits 50 tasks' descriptions with `If-Match`,
one task per client; `post` creates tasks; `get` lists the 50 tasks (run before `post`, which adds
more; the floor has no POST). Cycles alternate the applications and each keeps its fastest; printed: CPU µs
per request (Python and asyncpg; the HTTP parsing of uvicorn is not in it) and their ratio
floor/project, which is what the throughput ratio tends to when the API process is the bottleneck.
With PostgreSQL on this machine, also its CPU per request in the same cycle (every postgres
process's time, from /proc): the API and the database share the cores, so `wrk` sees both.
"""

import argparse
import asyncio
import contextlib
import importlib.util
import os
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import jwt
import orjson

from tasktracker.server import BODY_COMPLETE

SERVER = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
SHARED = Path(__file__).resolve().parents[2] / "shared" / "bench"
CLIENTS = 32
DESCRIPTION = "lorem ipsum " * 9

App = Callable[..., Awaitable[None]]


async def call(
    app: App, method: str, path: str, headers: dict[str, str], body: bytes = b""
) -> tuple[int, bytes, list[tuple[bytes, bytes]]]:
    """One request to `app`: its status, body and response headers."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()]
        + [(b"host", b"127.0.0.1:8089"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8089),
        "state": {},
        # As the server marks a request whose body came with its head.
        BODY_COMPLETE: True,
    }
    sent = False
    status = 0
    response_headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
            response_headers.extend(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, send)
    return status, b"".join(chunks), response_headers


@contextlib.asynccontextmanager
async def lifespan(app: App) -> AsyncIterator[None]:
    started, stopping, stopped = asyncio.Event(), asyncio.Event(), asyncio.Event()
    messages = iter([{"type": "lifespan.startup"}])

    async def receive() -> dict[str, Any]:
        message = next(messages, None)
        if message is not None:
            return message
        await stopping.wait()
        return {"type": "lifespan.shutdown"}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "lifespan.startup.complete":
            started.set()
        elif message["type"].startswith("lifespan.startup.failed"):
            raise RuntimeError(message)
        elif message["type"] == "lifespan.shutdown.complete":
            stopped.set()

    runner = asyncio.ensure_future(
        app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send)
    )
    await started.wait()
    try:
        yield
    finally:
        stopping.set()
        await stopped.wait()
        await runner


class Side:
    """One application with its caller's headers and the 50 tasks' ids and versions."""

    def __init__(self, name: str, app: App, headers: dict[str, str]) -> None:
        self.name, self.app, self.headers = name, app, headers
        self.versions: dict[int, int] = {}
        self.edits = 0

    async def load_versions(self) -> None:
        status, body, _ = await call(self.app, "GET", "/tasks", self.headers)
        assert status == 200, (self.name, status, body)
        self.versions = {task["id"]: task["version"] for task in orjson.loads(body)[:50]}

    async def request(self, route: str, client: int, n: int) -> None:
        if route == "get":
            status, body, _ = await call(self.app, "GET", "/tasks", self.headers)
        elif route == "post":
            self.edits += 1
            payload = orjson.dumps({"title": f"Task {self.edits}", "description": DESCRIPTION})
            status, body, _ = await call(
                self.app, "POST", "/tasks", {**self.headers, "content-type": "application/json"}, payload
            )
        else:
            ids = list(self.versions)
            task_id = ids[client]  # one task per client: never two edits of one task at once
            self.edits += 1
            payload = orjson.dumps({"description": "lorem ipsum " * 8 + f"{self.edits:012d}"})
            headers = {
                **self.headers,
                "content-type": "application/json",
                "if-match": f'"{self.versions[task_id]}"',
            }
            status, body, _ = await call(self.app, "PATCH", f"/tasks/{task_id}", headers, payload)
            if status == 200:
                self.versions[task_id] = orjson.loads(body)["version"]
        assert status in (200, 201), (self.name, route, status, body[:200])

    async def measure(self, route: str, requests: int) -> tuple[float, float | None]:
        """CPU µs per request, 32 clients at once (in patch, never two on one task): this
        process's, and the local PostgreSQL's (None when its processes cannot be read)."""
        per_client = requests // CLIENTS

        async def client(index: int) -> None:
            for n in range(per_client):
                await self.request(route, index, n)

        cpu, database = time.process_time(), postgres_cpu_seconds()
        await asyncio.gather(*(client(i) for i in range(CLIENTS)))
        done = per_client * CLIENTS
        database_after = postgres_cpu_seconds()
        database_cost = None if database is None or database_after is None else database_after - database
        return (
            (time.process_time() - cpu) * 1e6 / done,
            None if database_cost is None else database_cost * 1e6 / done,
        )


def postgres_cpu_seconds() -> float | None:
    """The CPU time of every process named postgres on this machine (its backends live as long
    as the pools' connections, so a measure's difference is the database's work for it), from
    /proc; None where there is none (another OS, a remote server)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    found = False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, _, fields = stat.read_text().partition(") ")
        except OSError:
            continue  # ended meanwhile
        if name.endswith("(postgres"):
            found = True
            values = fields.split()
            total += int(values[11]) + int(values[12])  # utime, stime
    return total / ticks if found else None


async def project_side(stack: contextlib.AsyncExitStack) -> Side:
    admin = await asyncpg.connect(f"{SERVER}/postgres")
    await admin.execute("DROP DATABASE IF EXISTS tasktracker_asgi_cost WITH (FORCE)")
    await admin.execute("CREATE DATABASE tasktracker_asgi_cost")
    await admin.close()
    os.environ.update(
        DATABASE_URL=f"{SERVER}/tasktracker_asgi_cost", ENVIRONMENT="development", CELERY_BROKER_URL=""
    )
    os.environ.setdefault("DATA_DIR", "/tmp/tasktracker-asgi-cost")
    from tasktracker.config import get_settings
    from tasktracker.migrate import upgrade_to_head
    from tasktracker.server import served_app

    settings = get_settings()
    await asyncio.to_thread(upgrade_to_head, settings.resolved_database_url)
    app = served_app(settings)
    await stack.enter_async_context(lifespan(app))
    registration = orjson.dumps(
        {"email": f"cost-{time.time_ns()}@example.com", "password": "bench-password-1"}
    )
    status, _, _ = await call(app, "POST", "/user", {"content-type": "application/json"}, registration)
    assert status in (200, 201), status
    session = orjson.dumps({"email": orjson.loads(registration)["email"], "password": "bench-password-1"})
    token = await _login(app, session)
    side = Side("project", app, {"cookie": f"access_token={token}"})
    for i in range(1, 51):
        task = orjson.dumps({"title": f"Task number {i}", "description": DESCRIPTION})
        await call(app, "POST", "/tasks", {**side.headers, "content-type": "application/json"}, task)
    return side


async def _login(app: App, credentials: bytes) -> str:
    _, _, headers = await call(app, "POST", "/session", {"content-type": "application/json"}, credentials)
    for name, value in headers:
        if name == b"set-cookie" and value.startswith(b"access_token="):
            return value.split(b";", 1)[0].split(b"=", 1)[1].decode()
    raise RuntimeError("no access token from POST /session")


async def floor_side(stack: contextlib.AsyncExitStack) -> Side:
    os.environ.setdefault("FLOOR_DATABASE_URL", f"{SERVER}/bench_floor")
    spec = importlib.util.spec_from_file_location("floor", SHARED / "floor.py")
    assert spec is not None and spec.loader is not None
    floor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(floor)
    await stack.enter_async_context(lifespan(floor.app))
    token = jwt.encode({"sub": "4242"}, floor.KEY, algorithm="HS256")
    return Side("floor", floor.app, {"cookie": f"access_token={token}"})


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument(
        "--routes", nargs="+", default=["patch", "get", "post"], choices=["patch", "post", "get"]
    )
    parser.add_argument("--project-only", action="store_true", help="no floor (e.g. bench_floor not seeded)")
    args = parser.parse_args()
    async with contextlib.AsyncExitStack() as stack:
        sides = [await project_side(stack)]
        if not args.project_only:
            sides.append(await floor_side(stack))
        best: dict[tuple[str, str], tuple[float, float | None]] = {}
        for route in args.routes:
            for side in sides:
                if route == "post" and side.name == "floor":
                    continue
                await side.load_versions()
                await side.measure(route, CLIENTS * 10)  # warm: prepared statements, caches
            for _ in range(args.cycles):
                for side in sides:
                    if route == "post" and side.name == "floor":
                        continue
                    await side.load_versions()
                    cost = await side.measure(route, args.requests)
                    key = (route, side.name)
                    best[key] = min(best.get(key, cost), cost, key=lambda pair: pair[0])
        for route in args.routes:
            project, project_database = best[(route, "project")]
            floor, floor_database = best.get((route, "floor"), (None, None))
            ratio = f"  ratio floor/project {floor / project:.2f}  floor {floor:.0f} µs" if floor else ""
            print(f"{route}: project {project:.0f} µs CPU per request{ratio}")
            if project_database is not None:
                also = f", the floor's {floor_database:.0f} µs" if floor_database is not None else ""
                print(f"{route}: PostgreSQL {project_database:.0f} µs CPU per request (in its cycle){also}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
