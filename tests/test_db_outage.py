"""Every wait is bounded: the API between real PostgreSQL (and RabbitMQ) and a fault proxy
(tests/faults.py) that refuses or blackholes, and SQLite held by another connection.

The timeouts here are small, so that each bound below is a few times what the settings allow;
a wait that is not bounded hangs until the test's own bound fails it."""

import asyncio
import logging
import os
import re
import socket
import sqlite3
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.dependencies import DbConn
from tests.conftest import (
    BASE_URL,
    TEST_JWT_SECRET,
    register,
    require_service,
)
from tests.faults import FaultProxy, fault_proxy

RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")

# Short, so an outage shows quickly, yet long enough that a healthy database behind the proxy
# always answers in time on a machine busy with other test runs.
TIMEOUTS: dict[str, Any] = {
    "database_connect_timeout_seconds": 2.0,
    "database_acquire_timeout_seconds": 3.0,
    "database_statement_timeout_seconds": 2.0,
    "ready_timeout_seconds": 2.0,
}
# Several times the longest a request may wait with TIMEOUTS (acquire 3 s, then a statement 2 s).
BOUND = 20.0


def outage_settings(tmp_path: Path, database_url: str, **more: Any) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",
        jwt_secret=TEST_JWT_SECRET,
        **{**TIMEOUTS, **more},
    )


@asynccontextmanager
async def running_app(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield application, http


@pytest.fixture
def postgres(required_postgres_url: str) -> str:
    return required_postgres_url


@pytest.fixture
async def db_proxy(postgres: str) -> AsyncIterator[FaultProxy]:
    async with fault_proxy(postgres) as proxy:
        yield proxy


@pytest.fixture
async def proxied(
    db_proxy: FaultProxy, postgres: str, tmp_path: Path
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The API on PostgreSQL through the proxy, with a signed-in user."""
    async with running_app(outage_settings(tmp_path, db_proxy.url(postgres))) as (application, http):
        await register(http)
        assert (await http.get("/tasks")).status_code == 200
        yield application, http


@pytest.fixture
def rabbitmq() -> str:
    parts = urlsplit(RABBITMQ_URL)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 5672), timeout=2).close()
    except OSError as exc:
        require_service("RabbitMQ", f"{RABBITMQ_URL}: {exc}")
    return RABBITMQ_URL


def assert_unavailable(response: httpx.Response, message: str = "The database is unavailable") -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["message"].startswith(message)
    assert int(response.headers["retry-after"]) > 0


async def get_within_bound(http: httpx.AsyncClient, path: str) -> httpx.Response:
    async with asyncio.timeout(BOUND):
        return await http.get(path)


async def until_ok(http: httpx.AsyncClient, path: str) -> None:
    """Poll until `path` answers 200; fail if it does not within BOUND."""
    deadline = time.monotonic() + BOUND
    while (response := await get_within_bound(http, path)).status_code != 200:
        assert time.monotonic() < deadline, f"{path} still answers {response.status_code}: {response.text}"
        await asyncio.sleep(0.05)


def problems(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


async def test_a_blackholed_database_is_a_503_within_the_timeouts_then_served_again(
    proxied: tuple[FastAPI, httpx.AsyncClient], db_proxy: FaultProxy
) -> None:
    _, http = proxied
    db_proxy.blackhole()
    # The first on a pooled connection (the statement timeout), the next on a new one (connect).
    for _ in range(3):
        assert_unavailable(await get_within_bound(http, "/tasks"))
    assert_unavailable(await get_within_bound(http, "/ready"))

    await db_proxy.pass_traffic()
    await until_ok(http, "/tasks")
    await until_ok(http, "/ready")


async def test_a_refusing_database_is_a_503_logged_once_and_its_return_once(
    proxied: tuple[FastAPI, httpx.AsyncClient], db_proxy: FaultProxy, caplog: pytest.LogCaptureFixture
) -> None:
    _, http = proxied
    caplog.set_level(logging.INFO)
    caplog.clear()
    await db_proxy.refuse()
    for path in ["/tasks", "/ready"] * 10:
        assert_unavailable(await get_within_bound(http, path))
    assert (await http.post("/tasks", json={"title": "Buy milk"})).status_code == 503

    # One line for the outage (naming the cause), no traceback, however many requests failed.
    (outage,) = problems(caplog)
    assert re.match(r"database unavailable \((ConnectionRefusedError|ConnectionDoesNotExistError): ", outage)
    assert all(record.exc_info is None for record in caplog.records)

    await db_proxy.pass_traffic()
    await until_ok(http, "/tasks")
    assert (await http.post("/tasks", json={"title": "Buy milk"})).status_code == 201
    back = [message for message in problems(caplog) if message.startswith("database available again")]
    assert len(back) == 1
    assert len(problems(caplog)) == 2


async def test_the_database_dropping_open_connections_mid_request_is_a_503(
    proxied: tuple[FastAPI, httpx.AsyncClient], db_proxy: FaultProxy
) -> None:
    application, http = proxied

    @application.get("/probe/dropped-between-statements")
    async def dropped(conn: DbConn) -> None:
        await conn.execute("UPDATE users SET timezone = timezone WHERE id = 0")
        await db_proxy.refuse()  # the server goes away with the transaction open
        await conn.execute("UPDATE users SET timezone = timezone WHERE id = 0")

    assert_unavailable(await get_within_bound(http, "/probe/dropped-between-statements"))
    await db_proxy.pass_traffic()
    await until_ok(http, "/tasks")


async def test_a_query_bug_is_still_a_500_with_a_traceback(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/probe/bug")
    async def bug(conn: DbConn) -> None:
        await conn.execute("SELECT no_such_column FROM users")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        response = await http.get("/probe/bug")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}
    (logged,) = [record for record in caplog.records if record.exc_info is not None]
    assert "no_such_column" in str(logged.exc_info[1])  # type: ignore[index]
    assert not [record for record in caplog.records if "database unavailable" in record.getMessage()]


async def test_sqlite_locked_by_another_process_is_a_503(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "tasktracker.db"
    path.write_bytes(sqlite_template.read_bytes())
    async with running_app(outage_settings(tmp_path, f"sqlite:///{path}")) as (_, http):
        await register(http)
        other = sqlite3.connect(path, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # another writer (the worker, a migration) holds the lock
            async with asyncio.timeout(BOUND):
                response = await http.post("/tasks", json={"title": "Buy milk"})
            assert_unavailable(response)
        finally:
            other.close()
        response = await http.post("/tasks", json={"title": "Buy milk"})
        assert response.status_code == 201


async def test_sqlite_waits_for_its_one_connection_within_the_acquire_timeout(
    tmp_path: Path, sqlite_template: Path
) -> None:
    path = tmp_path / "tasktracker.db"
    path.write_bytes(sqlite_template.read_bytes())
    async with running_app(outage_settings(tmp_path, f"sqlite:///{path}")) as (application, http):
        await register(http)
        async with application.state.database.connection():  # a request that never gives it back
            assert_unavailable(await get_within_bound(http, "/tasks"))
        assert (await http.get("/tasks")).status_code == 200


async def test_postgres_waits_for_a_pooled_connection_within_the_acquire_timeout(
    tmp_path: Path, postgres: str
) -> None:
    """An idle connection is taken without a timer (db.py); with none idle, the wait is bounded."""
    settings = outage_settings(tmp_path, postgres, database_pool_size=2)
    async with running_app(settings) as (application, http):
        await register(http)
        database = application.state.database
        async with database.connection(), database.connection():  # requests that never give them back
            started = time.monotonic()
            assert_unavailable(await get_within_bound(http, "/tasks"))
            assert time.monotonic() - started >= TIMEOUTS["database_acquire_timeout_seconds"] * 0.9
        assert (await http.get("/tasks")).status_code == 200


@pytest.fixture
async def broker_proxy(rabbitmq: str) -> AsyncIterator[FaultProxy]:
    async with fault_proxy(rabbitmq) as proxy:
        yield proxy


def ready_settings(tmp_path: Path, postgres: str, broker_proxy: FaultProxy, **more: Any) -> Settings:
    return outage_settings(tmp_path, postgres, celery_broker_url=broker_proxy.url(RABBITMQ_URL), **more)


async def test_ready_with_a_blackholed_broker_is_a_503_within_its_budget_after_one_connection(
    postgres: str, broker_proxy: FaultProxy, tmp_path: Path
) -> None:
    broker_proxy.blackhole()
    async with running_app(ready_settings(tmp_path, postgres, broker_proxy)) as (_, http):
        async with asyncio.timeout(BOUND):
            responses = await asyncio.gather(*(http.get("/ready") for _ in range(20)))
    for response in responses:
        assert_unavailable(response, "The message broker is unavailable")
    assert broker_proxy.connections_accepted == 1


async def test_concurrent_ready_calls_share_one_broker_connection(
    postgres: str, broker_proxy: FaultProxy, tmp_path: Path
) -> None:
    async with running_app(ready_settings(tmp_path, postgres, broker_proxy)) as (_, http):
        responses = await asyncio.gather(*(http.get("/ready") for _ in range(20)))
        assert [response.status_code for response in responses] == [200] * 20
        # The answer is reused for READY_BROKER_CACHE_SECONDS: the next calls connect to nothing.
        assert (await http.get("/ready")).status_code == 200
    assert broker_proxy.connections_accepted == 1


async def test_a_stuck_broker_probe_leaves_the_default_thread_pool_free(
    postgres: str, broker_proxy: FaultProxy, tmp_path: Path
) -> None:
    """The thread pool asyncio.to_thread uses (the one that hashes passwords) is not where the
    broker probe waits: with /ready calls stuck on a silent broker, it still serves at once."""
    broker_proxy.blackhole()
    # Long enough that the /ready calls are still waiting when the pool is checked.
    settings = ready_settings(tmp_path, postgres, broker_proxy, ready_timeout_seconds=5.0)
    async with running_app(settings) as (_, http):
        readies = [asyncio.create_task(http.get("/ready")) for _ in range(20)]
        while broker_proxy.connections_accepted == 0:
            await asyncio.sleep(0.01)
        thread = await asyncio.to_thread(threading.current_thread)
        assert not any(ready.done() for ready in readies)
        assert not thread.name.startswith("broker-probe")
        for response in await asyncio.gather(*readies):
            assert_unavailable(response, "The message broker is unavailable")
