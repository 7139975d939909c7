"""One connection per request, whatever order a route declares its dependencies in."""

import asyncio
from typing import Annotated

import httpx
from fastapi import Depends, FastAPI

from tasktracker.auth.dependencies import CurrentUser
from tasktracker.db import Connection
from tasktracker.dependencies import DbConn, RequestDatabase
from tests.conftest import register


async def begun_transaction(conn: DbConn) -> Connection:
    """The request's transaction, with a statement run (so a connection is held) before the
    dependencies declared after it run."""
    await conn.execute("UPDATE users SET timezone = timezone WHERE id = 0")
    return conn


async def test_a_route_holding_its_transaction_before_the_user_check_does_not_wait_on_itself(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    @app.get("/probe/transaction-first")
    async def probe(
        conn: Annotated[Connection, Depends(begun_transaction)], user: CurrentUser
    ) -> dict[str, int]:
        count: int = await conn.fetchval("SELECT COUNT(*) FROM tasks WHERE owner_id = :id", id=user.id)
        return {"user": user.id, "tasks": count}

    me = await register(client)
    # On SQLite (one shared connection) a second connection for the user check would wait for
    # the first forever; the timeout turns such a hang into a failure.
    response = await asyncio.wait_for(client.get("/probe/transaction-first"), timeout=10)
    assert response.status_code == 200, response.text
    assert response.json() == {"user": me["id"], "tasks": 0}
    # The connection went back: other requests are served.
    assert (await asyncio.wait_for(client.get("/tasks"), timeout=10)).json() == []


async def test_a_short_use_gives_the_connection_back_at_once(app: FastAPI) -> None:
    database = RequestDatabase(app.state.database)
    async with database.connection() as first, database.connection() as nested:
        assert nested is first  # one connection for the request, however many users
    # The request object lives on but holds nothing: on SQLite, where the one connection is
    # shared, anyone else gets it at once.
    async with asyncio.timeout(10), app.state.database.connection() as other:
        assert await other.fetchval("SELECT 1") == 1
