"""Personal access tokens, on both databases: made, listed and revoked in the account; used as
Bearer by scripts on the task routes within their scopes; never able to manage the account."""

import base64
import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import time_machine
from fastapi import FastAPI

from tasktracker.auth.dependencies import ClaimedUser, CurrentUser
from tasktracker.db import Database
from tests.conftest import ClientFactory, register

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
READ_WRITE = ["tasks:read", "tasks:write"]
INVALID_TOKEN = {"message": "This access token is invalid, revoked or expired"}
NOT_ACCEPTED = {"message": "An access token cannot do this; sign in to do it"}
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """A signed-in browser (session cookies)."""
    await register(client, EMAIL, PASSWORD)
    return client


@pytest.fixture
def script(make_client: ClientFactory) -> httpx.AsyncClient:
    """A client with no cookies: only what it sends in its headers authenticates it."""
    return make_client("198.51.100.9")


async def create_token(
    http: httpx.AsyncClient, name: str = "backup script", scopes: list[str] | None = None, days: float = 30
) -> dict[str, Any]:
    response = await http.post(
        "/user/tokens",
        json={"name": name, "scopes": READ_WRITE if scopes is None else scopes, "expires_in_days": days},
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def basic(email: str = EMAIL, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{email}:{password}".encode()).decode()}


def database(app: FastAPI) -> Database:
    db: Database = app.state.database
    return db


async def stored_tokens(app: FastAPI) -> list[dict[str, Any]]:
    async with database(app).connection() as conn:
        rows = await conn.fetch("SELECT * FROM personal_access_tokens ORDER BY id")
    return [dict(row) for row in rows]


async def test_a_token_is_shown_once_and_listed_without_its_secret(user: httpx.AsyncClient) -> None:
    created = await create_token(user, "  backup script  ", ["tasks:write", "tasks:read"], days=90)
    secret = created.pop("token")
    assert secret.startswith("ttp_")
    # ttp_ and 32 random bytes in URL-safe base64: 256 bits.
    assert len(base64.urlsafe_b64decode(secret.removeprefix("ttp_") + "=")) == 32
    assert created["name"] == "backup script"
    assert created["scopes"] == READ_WRITE
    assert created["prefix"] == secret[:12] and secret.startswith(created["prefix"])
    assert created["last_used_at"] is None
    made = datetime.fromisoformat(created["created_at"])
    assert datetime.fromisoformat(created["expires_at"]) - made == timedelta(days=90)
    assert set(created) == {"id", "name", "scopes", "prefix", "created_at", "last_used_at", "expires_at"}

    listed = await user.get("/user/tokens")
    assert listed.status_code == 200
    assert listed.json() == [created]
    assert secret not in listed.text and secret.removeprefix("ttp_") not in listed.text


async def test_the_list_is_the_callers_newest_first(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    first = await create_token(user, "first")
    second = await create_token(user, "second", ["tasks:read"])
    other = make_client()
    await register(other, "grace@example.com", PASSWORD)
    await create_token(other, "hers")
    listed = (await user.get("/user/tokens")).json()
    assert [token["name"] for token in listed] == ["second", "first"]
    assert [token["id"] for token in listed] == [second["id"], first["id"]]
    assert [token["name"] for token in (await other.get("/user/tokens")).json()] == ["hers"]


async def test_only_the_hash_of_the_secret_is_stored(user: httpx.AsyncClient, app: FastAPI) -> None:
    secret = (await create_token(user))["token"]
    [row] = await stored_tokens(app)
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert row["prefix"] == secret[:12]
    assert row["scopes"] == "tasks:read tasks:write"
    random_part = secret.removeprefix("ttp_")
    assert not any(isinstance(value, str) and random_part in value for value in row.values())


async def test_a_read_write_token_works_as_bearer_on_every_task_route(
    user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    headers = bearer((await create_token(user))["token"])
    created = await script.post("/tasks", json={"title": "From cron"}, headers=headers)
    assert created.status_code == 201, created.text
    task_id = created.json()["id"]
    listed = await script.get("/tasks", headers=headers)
    assert (listed.status_code, [task["title"] for task in listed.json()]) == (200, ["From cron"])
    assert (await script.get(f"/tasks/{task_id}", headers=headers)).status_code == 200
    changed = await script.patch(f"/tasks/{task_id}", json={"done": True}, headers=headers)
    assert (changed.status_code, changed.json()["done"]) == (200, True)
    assert (await script.delete(f"/tasks/{task_id}", headers=headers)).status_code == 204
    # The user's own session sees what the token did.
    assert (await user.get("/tasks")).json() == []


async def test_a_read_only_token_reads_and_cannot_write(
    user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    task = (await user.post("/tasks", json={"title": "Mine"})).json()
    headers = bearer((await create_token(user, scopes=["tasks:read"]))["token"])
    assert [t["id"] for t in (await script.get("/tasks", headers=headers)).json()] == [task["id"]]
    assert (await script.get(f"/tasks/{task['id']}", headers=headers)).status_code == 200
    refused = [
        await script.post("/tasks", json={"title": "Nope"}, headers=headers),
        await script.patch(f"/tasks/{task['id']}", json={"done": True}, headers=headers),
        await script.delete(f"/tasks/{task['id']}", headers=headers),
    ]
    for response in refused:
        assert (response.status_code, response.json()) == (
            403,
            {"message": "This access token lacks the tasks:write scope"},
        )
    assert (await user.get(f"/tasks/{task['id']}")).json() == task  # unchanged


async def test_a_write_only_token_cannot_read(user: httpx.AsyncClient, script: httpx.AsyncClient) -> None:
    headers = bearer((await create_token(user, scopes=["tasks:write"]))["token"])
    assert (await script.post("/tasks", json={"title": "Logged"}, headers=headers)).status_code == 201
    refused = await script.get("/tasks", headers=headers)
    assert (refused.status_code, refused.json()) == (
        403,
        {"message": "This access token lacks the tasks:read scope"},
    )


async def test_a_revoked_token_gets_401_on_the_next_request(
    user: httpx.AsyncClient, script: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await create_token(user)
    headers = bearer(token["token"])
    assert (await script.get("/tasks", headers=headers)).status_code == 200
    assert (await user.delete(f"/user/tokens/{token['id']}")).status_code == 204
    for response in (
        await script.get("/tasks", headers=headers),
        await script.post("/tasks", json={"title": "x"}, headers=headers),
        await script.get("/user", headers=headers),
    ):
        assert (response.status_code, response.json()) == (401, INVALID_TOKEN)
        assert response.headers["www-authenticate"].startswith(
            'Bearer realm="Task Tracker", error="invalid_token"'
        )
    assert (await user.get("/user/tokens")).json() == []
    assert await stored_tokens(app) == []
    again = await user.delete(f"/user/tokens/{token['id']}")
    assert (again.status_code, again.json()) == (404, {"message": "Access token not found"})


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


async def test_an_expired_token_gets_401_and_stays_listed(
    frozen: time_machine.Traveller, user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    token = await create_token(user, days=1)
    headers = bearer(token["token"])
    frozen.move_to(T0 + timedelta(days=1) - timedelta(seconds=1))
    assert (await script.get("/tasks", headers=headers)).status_code == 200
    frozen.move_to(T0 + timedelta(days=1))
    refused = await script.get("/tasks", headers=headers)
    assert (refused.status_code, refused.json()) == (401, INVALID_TOKEN)
    assert (await user.post("/session", json={"email": EMAIL, "password": PASSWORD})).status_code == 200
    [listed] = (await user.get("/user/tokens")).json()
    assert datetime.fromisoformat(listed["expires_at"]) == T0 + timedelta(days=1)


async def test_the_last_use_is_recorded_at_most_once_a_minute(
    frozen: time_machine.Traveller, user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    token = await create_token(user)
    headers = bearer(token["token"])

    async def last_used() -> datetime | None:
        [listed] = (await user.get("/user/tokens")).json()
        return None if listed["last_used_at"] is None else datetime.fromisoformat(listed["last_used_at"])

    frozen.move_to(T0 + timedelta(seconds=5))
    assert (await script.get("/tasks", headers=headers)).status_code == 200
    assert await last_used() == T0 + timedelta(seconds=5)
    frozen.move_to(T0 + timedelta(seconds=64))
    assert (await script.post("/tasks", json={"title": "t"}, headers=headers)).status_code == 201
    assert await last_used() == T0 + timedelta(seconds=5)  # within the minute: not written again
    frozen.move_to(T0 + timedelta(seconds=65))
    assert (await script.get("/user", headers=headers)).status_code == 200
    assert await last_used() == T0 + timedelta(seconds=65)


async def test_another_users_token_is_not_found(
    user: httpx.AsyncClient, make_client: ClientFactory, script: httpx.AsyncClient
) -> None:
    token = await create_token(user)
    other = make_client()
    await register(other, "grace@example.com", PASSWORD)
    for token_id in (str(token["id"]), "0", "99999999999999999999", "abc"):
        refused = await other.delete(f"/user/tokens/{token_id}")
        assert (refused.status_code, refused.json()) == (404, {"message": "Access token not found"})
    assert (await script.get("/tasks", headers=bearer(token["token"]))).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "scopes": READ_WRITE, "expires_in_days": 30}, "name"),
        ({"name": "   ", "scopes": READ_WRITE, "expires_in_days": 30}, "name"),
        ({"name": "x" * 101, "scopes": READ_WRITE, "expires_in_days": 30}, "name"),
        ({"name": "bell\x07", "scopes": READ_WRITE, "expires_in_days": 30}, "name"),
        ({"scopes": READ_WRITE, "expires_in_days": 30}, "name"),
        ({"name": "ci", "scopes": [], "expires_in_days": 30}, "scopes"),
        ({"name": "ci", "scopes": ["admin"], "expires_in_days": 30}, "scopes.0"),
        ({"name": "ci", "scopes": ["tasks:read", "tasks:read"], "expires_in_days": 30}, "scopes"),
        ({"name": "ci", "scopes": "tasks:read", "expires_in_days": 30}, "scopes"),
        ({"name": "ci", "expires_in_days": 30}, "scopes"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": 0}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": 367}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": "30"}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": 30.5}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": True}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE}, "expires_in_days"),
        ({"name": "ci", "scopes": READ_WRITE, "expires_in_days": 30, "user_id": 2}, "user_id"),
    ],
)
async def test_invalid_requests_are_422(
    user: httpx.AsyncClient, app: FastAPI, body: dict[str, Any], field: str
) -> None:
    response = await user.post("/user/tokens", json=body)
    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == [field]
    assert await stored_tokens(app) == []


async def test_the_expiry_bounds_are_inclusive(user: httpx.AsyncClient) -> None:
    for days in (1, 366, 30.0):
        token = await create_token(user, days=days)
        made = datetime.fromisoformat(token["created_at"])
        assert datetime.fromisoformat(token["expires_at"]) - made == timedelta(days=days)


async def test_a_token_cannot_manage_tokens(user: httpx.AsyncClient, script: httpx.AsyncClient) -> None:
    token = await create_token(user)
    headers = bearer(token["token"])
    for response in (
        await script.post(
            "/user/tokens", json={"name": "a", "scopes": READ_WRITE, "expires_in_days": 1}, headers=headers
        ),
        await script.get("/user/tokens", headers=headers),
        await script.delete(f"/user/tokens/{token['id']}", headers=headers),
    ):
        assert (response.status_code, response.json()) == (403, NOT_ACCEPTED)
    assert len((await user.get("/user/tokens")).json()) == 1


async def test_a_token_reads_the_account_and_cannot_change_it(
    user: httpx.AsyncClient, script: httpx.AsyncClient, app: FastAPI
) -> None:
    """CurrentUser: GET with a token is the user; any other method is refused (the /user write
    routes take CurrentUser, so this route stands for them); a dead token is still a 401."""

    async def account(caller: CurrentUser) -> dict[str, object]:
        return {"id": caller.id}

    app.router.add_api_route("/probe/account", account, methods=["GET", "PATCH", "POST", "DELETE"])
    token = await create_token(user)
    headers = bearer(token["token"])
    me = await script.get("/user", headers=headers)
    assert (me.status_code, me.json()["email"]) == (200, EMAIL)
    assert (await script.get("/probe/account", headers=headers)).status_code == 200
    for method in ("PATCH", "POST", "DELETE"):
        refused = await script.request(method, "/probe/account", headers=headers)
        assert (refused.status_code, refused.json()) == (403, NOT_ACCEPTED), method
        assert (await user.request(method, "/probe/account")).status_code == 200, method
    await user.delete(f"/user/tokens/{token['id']}")
    assert (await script.patch("/probe/account", headers=headers)).status_code == 401


async def test_routes_that_name_no_scope_refuse_tokens(
    user: httpx.AsyncClient, script: httpx.AsyncClient, app: FastAPI
) -> None:
    async def unscoped(caller: ClaimedUser) -> dict[str, object]:
        return {"user_id": caller.user_id}

    app.router.add_api_route("/probe/unscoped", unscoped, methods=["GET"])
    refused = await script.get("/probe/unscoped", headers=bearer((await create_token(user))["token"]))
    assert (refused.status_code, refused.json()) == (403, NOT_ACCEPTED)
    assert (await script.get("/probe/unscoped", headers=basic())).status_code == 200


async def test_basic_and_sessions_keep_every_scope(
    user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    created = await script.post("/tasks", json={"title": "By password"}, headers=basic())
    assert created.status_code == 201
    assert (await script.get("/tasks", headers=basic())).json()[0]["title"] == "By password"
    assert (
        await script.post(
            "/user/tokens",
            json={"name": "by basic", "scopes": ["tasks:read"], "expires_in_days": 7},
            headers=basic(),
        )
    ).status_code == 201
    access_token = user.cookies["access_token"]
    jwt_listed = await script.get("/tasks", headers=bearer(access_token))
    assert [task["title"] for task in jwt_listed.json()] == ["By password"]
    assert [
        token["name"] for token in (await script.get("/user/tokens", headers=bearer(access_token))).json()
    ] == ["by basic"]


@pytest.mark.parametrize("secret", ["ttp_", "ttp_not-a-token-we-made", "ttp_" + "A" * 43])
async def test_an_unknown_token_is_401(
    user: httpx.AsyncClient, script: httpx.AsyncClient, secret: str
) -> None:
    await create_token(user)
    for response in (
        await script.get("/tasks", headers=bearer(secret)),
        await script.get("/user", headers=bearer(secret)),
    ):
        assert (response.status_code, response.json()) == (401, INVALID_TOKEN)


async def test_a_token_is_its_own_credential_for_a_foreign_origin(
    user: httpx.AsyncClient, script: httpx.AsyncClient
) -> None:
    """Unsafe requests from a foreign Origin are refused unless they carry their own credential:
    a personal access token is one (a browser never adds it by itself); with the session
    cookies beside it, it is not."""
    headers = {**bearer((await create_token(user))["token"]), "Origin": "https://elsewhere.example"}
    assert (await script.post("/tasks", json={"title": "Cross-origin"}, headers=headers)).status_code == 201
    refused = await user.post("/tasks", json={"title": "With cookies"}, headers=headers)
    assert refused.status_code == 403
