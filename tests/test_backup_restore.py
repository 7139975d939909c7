"""docs/operations.md's backup and restore, step by step, with the PostgreSQL client tools: a dump
of a database in use, restored into a fresh database, migrated, and the app works on it."""

import asyncio
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.migrate import upgrade_to_head
from tests.conftest import (
    BASE_URL,
    TEST_DATABASE_URL,
    TEST_JWT_SECRET,
    drop_postgres_database,
    recreate_postgres_database,
    register,
    require_service,
    with_database,
)

PASSWORD = "correct horse battery"


def client_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        require_service(name, "install the PostgreSQL client tools (Debian: postgresql-client)")
    return path


@asynccontextmanager
async def app_on(database_url: str, data_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings(
        _env_file=None,
        environment="test",
        database_url=database_url,
        data_dir=data_dir,
        jwt_secret=TEST_JWT_SECRET,
    )
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


def run(*command: str) -> None:
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, f"{' '.join(command[:1])} failed:\n{result.stderr}"


async def test_a_dump_restored_into_a_fresh_database_serves_the_same_users_and_tasks(tmp_path: Path) -> None:
    if not TEST_DATABASE_URL:
        require_service("PostgreSQL", "TEST_DATABASE_URL is not set")
    pg_dump, pg_restore = client_tool("pg_dump"), client_tool("pg_restore")
    base_name = urlsplit(TEST_DATABASE_URL).path.lstrip("/") or "tasktracker_test"
    live = with_database(TEST_DATABASE_URL, f"{base_name}_{os.getpid()}_live")
    restored = with_database(TEST_DATABASE_URL, f"{base_name}_{os.getpid()}_restored")
    try:
        await recreate_postgres_database(live)
        await asyncio.to_thread(upgrade_to_head, live)
        async with app_on(live, tmp_path / "live") as http:
            await register(http, "ada@example.com", PASSWORD)
            created = await http.post("/tasks", json={"title": "Water the plants", "description": "Both"})
            assert created.status_code == 201, created.text

            # The backup, taken while the app runs (one consistent snapshot).
            dump = tmp_path / "tasktracker.dump"
            await asyncio.to_thread(run, pg_dump, "--format=custom", f"--file={dump}", f"--dbname={live}")

        # The restore: a fresh database, the dump in one transaction, then the migrations.
        await recreate_postgres_database(restored)
        await asyncio.to_thread(
            run,
            pg_restore,
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={restored}",
            str(dump),
        )
        await asyncio.to_thread(upgrade_to_head, restored)

        async with app_on(restored, tmp_path / "restored") as http:
            login = await http.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
            assert login.status_code == 200, login.text
            tasks = (await http.get("/tasks")).json()
            assert [(task["title"], task["description"]) for task in tasks] == [("Water the plants", "Both")]
            # Ids go on from the restored sequences: a new row does not collide with a restored one.
            another = await http.post("/tasks", json={"title": "Call the plumber"})
            assert another.status_code == 201, another.text
            assert another.json()["id"] > tasks[0]["id"]
            welcome = await http.get("/metrics")
            assert 'tasktracker_outbox_emails{status="pending"} 1.0' in welcome.text  # the welcome email
    finally:
        await drop_postgres_database(live)
        await drop_postgres_database(restored)
