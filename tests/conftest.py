"""Shared fixtures: a migrated database per test (SQLite always; PostgreSQL too when
TEST_DATABASE_URL is set) and an HTTP client on the app."""

import asyncio
import os
import shutil
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest
from fastapi import FastAPI

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.migrate import upgrade_to_head

# The least Argon2 allows (production refuses it): the suite signs up hundreds of users, and at
# OWASP's cost each would take tens of milliseconds of CPU. Set before any settings are read, and
# inherited by the API, worker and beat processes the tests start.
os.environ["PASSWORD_HASH_MEMORY_KIB"] = "8"
os.environ["PASSWORD_HASH_ITERATIONS"] = "1"

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# CI, and scripts/test (the README's test command), want every test run: a missing service fails.
REQUIRE_SERVICES = bool(os.environ.get("CI") or os.environ.get("TEST_REQUIRE_SERVICES"))
DIALECTS = ["sqlite", "postgresql"] if TEST_DATABASE_URL else ["sqlite"]
TEST_JWT_SECRET = "test-secret-" + "x" * 40
BASE_URL = "http://testserver"


def require_service(name: str, reason: str) -> NoReturn:
    """Skip a test whose service is missing here, but fail it in CI: CI never skips silently."""
    message = f"{name} is not available: {reason}"
    if REQUIRE_SERVICES:
        pytest.fail(message)
    pytest.skip(message)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def recreate_postgres_database(url: str) -> None:
    """Drop and create the database `url` names, through the server's `postgres` database."""
    name = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(with_database(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test: migrating once keeps tests fast."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


async def drop_postgres_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    admin = await asyncpg.connect(with_database(url, "postgres"))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A database of this run's own on the TEST_DATABASE_URL server (`<name>_<pid>`): two runs
    on one machine never truncate each other's tables. Dropped at the end of the run."""
    if not TEST_DATABASE_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    base_name = urlsplit(TEST_DATABASE_URL).path.lstrip("/") or "tasktracker_test"
    url = with_database(TEST_DATABASE_URL, f"{base_name}_{os.getpid()}")

    def prepare() -> None:
        asyncio.run(recreate_postgres_database(url))
        upgrade_to_head(url)

    # Requested from inside the event loop, so the blocking setup runs in its own thread.
    with ThreadPoolExecutor(1) as executor:
        try:
            executor.submit(prepare).result()
        except (OSError, asyncpg.PostgresError) as exc:
            pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}")
    yield url
    with ThreadPoolExecutor(1) as executor:
        executor.submit(asyncio.run, drop_postgres_database(url)).result()


async def truncate_all(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        tables = await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        names = ", ".join(f'"{row["tablename"]}"' for row in tables)
        await conn.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
    finally:
        await conn.close()


@pytest.fixture
async def required_postgres_url(request: pytest.FixtureRequest) -> str:
    """This run's PostgreSQL database, empty, for tests of PostgreSQL itself (a fault proxy in
    front of the server): they fail where it is missing in CI, and skip elsewhere."""
    if not TEST_DATABASE_URL:
        require_service("PostgreSQL", "TEST_DATABASE_URL is not set")
    url: str = request.getfixturevalue("postgres_url")
    await truncate_all(url)
    return url


@pytest.fixture(params=DIALECTS)
async def database_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty database of each dialect under test."""
    if request.param == "sqlite":
        path = tmp_path / "tasktracker.db"
        shutil.copyfile(sqlite_template, path)
        return f"sqlite:///{path}"
    url: str = request.getfixturevalue("postgres_url")
    await truncate_all(url)
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",
        jwt_secret=TEST_JWT_SECRET,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


ClientFactory = Callable[..., httpx.AsyncClient]


@pytest.fixture
async def make_client(app: FastAPI) -> AsyncIterator[ClientFactory]:
    """Another, independent browser: its own cookie jar (and, optionally, its own client IP)."""
    clients: list[httpx.AsyncClient] = []

    def factory(ip: str = "203.0.113.8") -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(ip, 50001))
        http = httpx.AsyncClient(transport=transport, base_url=BASE_URL)
        clients.append(http)
        return http

    yield factory
    for http in clients:
        await http.aclose()


async def register(
    http: httpx.AsyncClient, email: str = "ada@example.com", password: str = "correct horse battery"
) -> dict[str, object]:
    response = await http.post("/user", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body
