"""POST /session, POST /session/refresh, DELETE /session and the access-token rules."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.auth import service
from tasktracker.auth.security import AccessClaims, issue_access_token
from tests.auth.conftest import Clock
from tests.conftest import TEST_JWT_SECRET, ClientFactory, register

PASSWORD = "correct horse battery"


async def test_log_in_with_json_and_with_a_form(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    user = await register(client)
    for body in (
        {"json": {"email": "ADA@example.com", "password": PASSWORD}},
        {"data": {"email": "ada@example.com", "password": PASSWORD}},
    ):
        browser = make_client()
        response = await browser.post("/session", **body)  # type: ignore[arg-type]
        assert response.status_code == 200
        assert response.json() == user
        assert (await browser.get("/user")).status_code == 200


async def test_wrong_password_and_unknown_email_fail_alike(
    client: httpx.AsyncClient, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    await register(client)
    checked: list[str | None] = []
    real_verify = service.verify_password

    def spy(password: str, password_hash: str | None) -> bool:
        checked.append(password_hash)
        return real_verify(password, password_hash)

    monkeypatch.setattr(service, "verify_password", spy)
    browser = make_client()
    wrong = await browser.post("/session", json={"email": "ada@example.com", "password": "wrong password"})
    unknown = await browser.post("/session", json={"email": "bob@example.com", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"message": "Invalid email or password"}
    # Both paths pay for one Argon2 verification: the unknown email against a dummy hash.
    assert len(checked) == 2 and checked[0] is not None and checked[1] is None


async def test_login_requires_both_fields(client: httpx.AsyncClient) -> None:
    response = await client.post("/session", json={"email": "ada@example.com"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "password", "message": "This field is required"}]


async def test_repeated_failures_are_rate_limited_per_email(
    client: httpx.AsyncClient, make_client: ClientFactory, clock: Clock
) -> None:
    await register(client)
    attacker = make_client("198.51.100.1")
    for _ in range(5):
        response = await attacker.post("/session", json={"email": "ada@example.com", "password": "nope-nope"})
        assert response.status_code == 401
    limited = await attacker.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) > 0
    assert limited.json()["message"]
    # Another email from another address is not affected.
    await register(make_client("198.51.100.2"), "bob@example.com")
    other = await make_client("198.51.100.3").post(
        "/session", json={"email": "bob@example.com", "password": PASSWORD}
    )
    assert other.status_code == 200


async def test_repeated_failures_are_rate_limited_per_ip(make_client: ClientFactory, clock: Clock) -> None:
    attacker = make_client("198.51.100.9")
    statuses = [
        (
            await attacker.post("/session", json={"email": f"u{i}@example.com", "password": "nope-nope"})
        ).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == 429


async def test_logout_kills_the_access_token_at_once(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    token = client.cookies["access_token"]
    response = await client.delete("/session")
    assert response.status_code == 204
    cleared = " ".join(response.headers.get_list("set-cookie")).lower()
    assert 'access_token=""' in cleared and 'refresh_token=""' in cleared
    assert (await client.get("/user")).status_code == 401
    replay = await make_client().get("/user", headers={"Authorization": f"Bearer {token}"})
    assert replay.status_code == 401
    assert (
        await make_client().get("/tasks", headers={"Authorization": f"Bearer {token}"})
    ).status_code == 401
    assert (await client.delete("/session")).status_code == 204  # logging out twice is fine


async def test_logout_with_an_expired_access_token_still_ends_the_session(client: httpx.AsyncClient) -> None:
    await register(client)
    refresh_cookie = client.cookies["refresh_token"]
    client.cookies.delete("access_token")
    assert (await client.delete("/session")).status_code == 204
    replay = await client.post("/session/refresh", headers={"Cookie": f"refresh_token={refresh_cookie}"})
    assert replay.status_code == 401


async def test_refresh_rotates_the_refresh_token(client: httpx.AsyncClient) -> None:
    user = await register(client)
    first_refresh = client.cookies["refresh_token"]
    response = await client.post("/session/refresh")
    assert response.status_code == 200
    assert response.json() == user
    assert client.cookies["refresh_token"] != first_refresh
    assert (await client.get("/user")).status_code == 200


async def age_rotations(app: FastAPI, seconds: int) -> None:
    """Pretend every rotation happened `seconds` earlier than it did."""
    async with app.state.database.transaction() as conn:
        rows = await conn.fetch(
            "SELECT token_hash, rotated_at FROM refresh_tokens WHERE rotated_at IS NOT NULL"
        )
        for row in rows:
            await conn.execute(
                "UPDATE refresh_tokens SET rotated_at = :rotated_at WHERE token_hash = :token_hash",
                token_hash=row["token_hash"],
                rotated_at=row["rotated_at"] - timedelta(seconds=seconds),
            )


async def test_reusing_a_rotated_refresh_token_ends_the_session(
    app: FastAPI, client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    stolen = client.cookies["refresh_token"]
    assert (await client.post("/session/refresh")).status_code == 200
    await age_rotations(app, app.state.settings.refresh_reuse_grace_seconds)
    thief = make_client()
    reuse = await thief.post("/session/refresh", headers={"Cookie": f"refresh_token={stolen}"})
    assert reuse.status_code == 401
    # The whole session is revoked: the legitimate browser's tokens die too.
    assert (await client.get("/user")).status_code == 401
    assert (await client.post("/session/refresh")).status_code == 401


async def test_a_token_rotated_seconds_ago_is_honoured_for_a_second_tab(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    shared = client.cookies["refresh_token"]
    first, second = await asyncio.gather(
        client.post("/session/refresh"),
        make_client().post("/session/refresh", headers={"Cookie": f"refresh_token={shared}"}),
    )
    assert first.status_code == second.status_code == 200
    assert (await client.get("/user")).status_code == 200  # the session was not revoked
    assert (await client.post("/session/refresh")).status_code == 200


async def test_without_a_grace_any_reuse_ends_the_session(
    app: FastAPI, client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    app.state.settings = app.state.settings.model_copy(update={"refresh_reuse_grace_seconds": 0})
    await register(client)
    copied = client.cookies["refresh_token"]
    assert (await client.post("/session/refresh")).status_code == 200
    assert (
        await make_client().post("/session/refresh", headers={"Cookie": f"refresh_token={copied}"})
    ).status_code == 401
    assert (await client.get("/user")).status_code == 401


async def test_refresh_without_or_with_a_bad_cookie_is_401(client: httpx.AsyncClient) -> None:
    assert (await client.post("/session/refresh")).status_code == 401
    bad = await client.post("/session/refresh", headers={"Cookie": "refresh_token=forged"})
    assert bad.status_code == 401
    assert bad.json()["message"]


@pytest.mark.parametrize(
    "token",
    [
        issue_access_token(
            AccessClaims(1, "x"),
            secret=TEST_JWT_SECRET,
            algorithm="HS256",
            now=datetime.now(UTC) - timedelta(hours=1),
            ttl=timedelta(minutes=15),
        ),
        issue_access_token(
            AccessClaims(1, "x"),
            secret="another-secret-" + "y" * 40,
            algorithm="HS256",
            now=datetime.now(UTC),
            ttl=timedelta(minutes=15),
        ),
        "not-a-jwt",
    ],
    ids=["expired", "foreign-signature", "garbage"],
)
async def test_bad_access_tokens_are_401(client: httpx.AsyncClient, token: str) -> None:
    for path in ("/user", "/tasks"):
        response = await client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["message"]


async def test_a_token_for_another_users_session_is_401(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    """A validly signed token whose session belongs to someone else proves nothing."""
    await register(client)
    other = make_client()
    victim = await register(other, "bob@example.com")
    session_id = service.read_access_token(client.cookies["access_token"], _settings(client)).session_id
    forged = issue_access_token(
        AccessClaims(int(str(victim["id"])), session_id),
        secret=TEST_JWT_SECRET,
        algorithm="HS256",
        now=datetime.now(UTC),
        ttl=timedelta(minutes=5),
    )
    assert (await other.get("/user", headers={"Authorization": f"Bearer {forged}"})).status_code == 401
    assert (await other.get("/tasks", headers={"Authorization": f"Bearer {forged}"})).status_code == 401


def _settings(http: httpx.AsyncClient):  # type: ignore[no-untyped-def]
    transport = http._transport
    assert isinstance(transport, httpx.ASGITransport)
    return transport.app.state.settings  # type: ignore[attr-defined]
