"""Migration 0010 gives the tasks that existed before it positions in their creation order,
ahead of every task made after it, on both databases."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import httpx
import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import create_async_engine

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.db import sqlalchemy_url
from tasktracker.migrate import alembic_config
from tests.conftest import BASE_URL, register

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
INSERT_AT_0009 = sa.text(
    "INSERT INTO tasks (owner_id, title, description, done, created_at, updated_at, version, checklist) "
    "VALUES (:owner_id, :title, '', :done, :created, :created, 1, '[]')"
)


@asynccontextmanager
async def browser(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """An app of its own, started on the schema as it is now, and a client on it."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


async def insert_tasks_at_0009(database_url: str, owner_id: int, titles: list[str]) -> None:
    """Tasks as the app wrote them before 0010 (no position column yet), one second apart."""
    engine = create_async_engine(sqlalchemy_url(database_url))
    start = datetime(2026, 11, 1, tzinfo=UTC)
    try:
        async with engine.begin() as connection:
            for index, title in enumerate(titles):
                created = start + timedelta(seconds=index)
                await connection.execute(
                    INSERT_AT_0009,
                    {"owner_id": owner_id, "title": title, "done": title == "done one", "created": created},
                )
    finally:
        await engine.dispose()


async def test_tasks_from_before_0010_keep_their_creation_order_ahead_of_new_ones(
    database_url: str, settings: Settings
) -> None:
    async with browser(settings) as http:
        owner_id = (await register(http, EMAIL, PASSWORD))["id"]
    assert isinstance(owner_id, int)
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0009")
    # Past id 9 and 99, so ids sort as numbers, not as digits ("10" before "9").
    titles = [f"old {n}" for n in range(12)] + ["done one"] + [f"old {n}" for n in range(12, 105)]
    await insert_tasks_at_0009(database_url, owner_id, titles)
    await asyncio.to_thread(command.upgrade, config, "head")

    async with browser(settings) as http:
        login = await http.post("/session", json={"email": EMAIL, "password": PASSWORD})
        assert login.status_code == 200, login.text
        new = (await http.post("/tasks", json={"title": "new"})).json()
        listed = (await http.get("/tasks", params={"done": "false"})).json()
    old = [title for title in titles if title != "done one"]
    assert [task["title"] for task in listed] == [*old, "new"]
    ids = [task["id"] for task in listed]
    assert ids[:-1] == sorted(ids[:-1])
    keys = [task["position"] for task in listed]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert max(keys[:-1]) < new["position"]
