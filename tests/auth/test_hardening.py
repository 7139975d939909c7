"""Edge cases found in review: concurrency, slow clients, odd inputs, expiry on the server side."""

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from tests.auth.conftest import Clock
from tests.conftest import ClientFactory, register

PASSWORD = "correct horse battery"


async def test_concurrent_wrong_passwords_cannot_outrun_the_limit(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    attacker = make_client("198.51.100.20")
    responses = await asyncio.gather(
        *(
            attacker.post("/session", json={"email": "ada@example.com", "password": f"guess {i}"})
            for i in range(15)
        )
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [401] * 5 + [429] * 10


async def test_http_basic_shares_the_login_limit(
    client: httpx.AsyncClient, make_client: ClientFactory, clock: Clock
) -> None:
    await register(client)
    script = make_client("198.51.100.21")
    wrong = httpx.BasicAuth("ada@example.com", "not the password")
    statuses = [(await script.get("/user", auth=wrong)).status_code for _ in range(6)]
    assert statuses == [401] * 5 + [429]
    limited = await script.get("/tasks", auth=httpx.BasicAuth("ada@example.com", PASSWORD))
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0


async def test_a_successful_login_does_not_count_against_the_address(make_client: ClientFactory) -> None:
    office = make_client("198.51.100.22")
    await register(office)
    for _ in range(25):  # more than the per-address limit of failures
        assert (
            await office.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
        ).status_code == 200


async def test_a_slow_upload_holds_no_database_connection(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    release = asyncio.Event()

    async def stalled_body() -> AsyncIterator[bytes]:
        yield b'{"title": "half'
        await release.wait()
        yield b' a title"}'

    upload = asyncio.create_task(
        client.post("/tasks", content=stalled_body(), headers={"content-type": "application/json"})
    )
    await asyncio.sleep(0.2)
    # Meanwhile the same user lists and another user logs in (the SQLite connection is shared).
    listed = await asyncio.wait_for(client.get("/tasks"), timeout=10)
    assert listed.status_code == 200
    other = make_client()
    await asyncio.wait_for(register(other, "bob@example.com"), timeout=10)
    release.set()
    created = await upload
    assert created.status_code == 201
    assert created.json()["title"] == "half a title"


async def test_concurrent_registrations_of_one_email_create_one_account(make_client: ClientFactory) -> None:
    responses = await asyncio.gather(
        *(
            make_client().post("/user", json={"email": "twin@example.com", "password": PASSWORD})
            for _ in range(4)
        )
    )
    assert sorted(response.status_code for response in responses) == [200, 409, 409, 409]


@pytest.mark.parametrize("email", ["idn@xn--bcher-kva.de", "idn@BÜCHER.de", "cafe\u0301@example.com"])
async def test_log_in_with_the_address_as_it_was_registered(make_client: ClientFactory, email: str) -> None:
    registered = await make_client().post("/user", json={"email": email, "password": PASSWORD})
    assert registered.status_code == 200
    response = await make_client().post("/session", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200
    assert response.json()["email"] == registered.json()["email"]


async def test_a_nul_in_the_login_email_is_just_a_wrong_login(client: httpx.AsyncClient) -> None:
    response = await client.post("/session", json={"email": "ada\x00@example.com", "password": PASSWORD})
    assert response.status_code == 401
    assert response.json() == {"message": "Invalid email or password"}


async def expire_sessions(app: FastAPI) -> None:
    async with app.state.database.transaction() as conn:
        await conn.execute(
            "UPDATE sessions SET expires_at = :at", at=datetime.now(UTC) - timedelta(seconds=1)
        )


async def test_a_session_expired_on_the_server_is_401_for_access_and_refresh(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await register(client)
    await expire_sessions(app)
    assert (await client.get("/user")).status_code == 401
    assert (await client.get("/tasks")).status_code == 401
    assert (await client.post("/session/refresh")).status_code == 401


async def test_logging_in_again_ends_the_session_the_browser_held(client: httpx.AsyncClient) -> None:
    await register(client)
    old_access = client.cookies["access_token"]
    old_refresh = client.cookies["refresh_token"]
    assert (
        await client.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
    ).status_code == 200
    assert (await client.get("/user")).status_code == 200
    assert (await client.get("/user", headers={"Authorization": f"Bearer {old_access}"})).status_code == 401
    replay = await client.post("/session/refresh", headers={"Cookie": f"refresh_token={old_refresh}"})
    assert replay.status_code == 401
