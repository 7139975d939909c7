"""GET /events against a real `tasktracker api` process, on SQLite (the dev look at what changed)
and PostgreSQL (NOTIFY from the triggers, sent at commit)."""

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from tasktracker.db import asyncpg_dsn
from tests.conftest import TEST_JWT_SECRET
from tests.e2e.servers import Backend, start_backend, stop
from tests.ports import free_port

PASSWORD = "correct horse battery"
# Generous: a change is told within a second on a quiet machine; a busy one is slower, not wrong.
WAIT_SECONDS = 60.0


@dataclass
class Event:
    name: str
    data: dict[str, Any]


class EventStream:
    """An open GET /events, read event by event."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def next(self, timeout: float = WAIT_SECONDS) -> Event:
        return await asyncio.wait_for(self._read(), timeout)

    async def _read(self) -> Event:
        name, data = "message", ""
        async for line in self._lines:
            line = line.rstrip("\r")
            if not line:
                if data:
                    return Event(name, json.loads(data))
                continue
            field, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if field == "event":
                name = value
            elif field == "data":
                data += value
        raise EOFError("the stream ended")

    async def next_of(self, kind: str) -> Event:
        while (event := await self.next()).name != kind:
            pass
        return event


@pytest.fixture
def api(tmp_path: Path, database_url: str) -> Iterator[Backend]:
    backend = start_backend(
        tmp_path,
        free_port(),
        {
            "ENVIRONMENT": "test",
            "DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": database_url,
            "JWT_SECRET": TEST_JWT_SECRET,
            "CELERY_BROKER_URL": "",
            "SMTP_HOST": "",
            "EVENTS_HEARTBEAT_SECONDS": "1",
        },
    )
    yield backend
    stop(backend.process)


async def signed_up(api: Backend, email: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=api.url, timeout=30)
    response = await client.post("/user", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


async def signed_in(api: Backend, email: str) -> httpx.AsyncClient:
    """Another device of the same user: a session of its own."""
    client = httpx.AsyncClient(base_url=api.url, timeout=30)
    response = await client.post("/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return client


@asynccontextmanager
async def open_stream(client: httpx.AsyncClient) -> AsyncIterator[EventStream]:
    async with client.stream("GET", "/events", timeout=httpx.Timeout(30, read=None)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = EventStream(response)
        assert (await stream.next()).name == "ready"
        yield stream


async def test_a_change_on_one_device_reaches_the_other(api: Backend) -> None:
    laptop = await signed_up(api, "ada@example.com")
    phone = await signed_in(api, "ada@example.com")
    stranger = await signed_up(api, "bob@example.com")
    async with open_stream(laptop) as stream:
        created = (await phone.post("/tasks", json={"title": "Buy milk"})).json()
        event = await stream.next_of("task")
        assert event.data == {"items": [{"id": created["id"], "version": 1}]}

        # Another user's change is never told; the owner's next one is.
        await stranger.post("/tasks", json={"title": "Not yours"})
        await phone.patch(f"/tasks/{created['id']}", json={"done": True})
        event = await stream.next_of("task")
        assert event.data == {"items": [{"id": created["id"], "version": 2}]}
    for client in (laptop, phone, stranger):
        await client.aclose()


async def test_a_logout_ends_the_stream_and_a_dead_session_gets_none(api: Backend) -> None:
    laptop = await signed_up(api, "ada@example.com")
    async with open_stream(laptop) as stream:
        assert (await laptop.delete("/session")).status_code == 204
        # Within a heartbeat (one second here) the stream ends.
        with pytest.raises(EOFError):
            await stream.next_of("the end")
    refused = await laptop.get("/events", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401
    assert refused.json()["message"]
    await laptop.aclose()


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_only_committed_changes_are_told(api: Backend, database_url: str) -> None:
    laptop = await signed_up(api, "ada@example.com")
    created = (await laptop.post("/tasks", json={"title": "Draft"})).json()
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        async with open_stream(laptop) as stream:
            rolled_back = conn.transaction()
            await rolled_back.start()
            await conn.execute("UPDATE tasks SET version = version + 100 WHERE id = $1", created["id"])
            await rolled_back.rollback()
            await laptop.patch(f"/tasks/{created['id']}", json={"title": "Kept"})
            # The first change told is the committed one: version 2, not the rolled-back 101.
            event = await stream.next_of("task")
            assert event.data == {"items": [{"id": created["id"], "version": 2}]}
    finally:
        await conn.close()
    await laptop.aclose()
