"""POST /unsubscribe on both databases: the signed token of a digest turns that account's digest
off without signing in, from any origin and with the RFC 8058 one-click form body; forged,
altered or other-purpose tokens are a 400; GET changes nothing."""

import hashlib
from collections.abc import AsyncIterator

import httpx
import pytest
from itsdangerous import URLSafeSerializer

from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tasktracker.unsubscribe.service import PURPOSE, make_token
from tests.conftest import register

ONE_CLICK = {
    "content": b"List-Unsubscribe=One-Click",
    "headers": {"Content-Type": "application/x-www-form-urlencoded"},
}
INVALID = {"message": "This unsubscribe link is invalid; turn the digest off in Settings instead"}
DONE = {"message": "The nightly digest is off. You can turn it back on in Settings."}


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    database = create_database(settings.resolved_database_url, pool_size=1)
    await database.connect()
    try:
        yield database
    finally:
        await database.close()


async def digest_enabled(db: Database, user_id: object) -> bool:
    async with db.connection() as conn:
        return bool(await conn.fetchval("SELECT digest_enabled FROM users WHERE id = :id", id=user_id))


async def a_user(client: httpx.AsyncClient, email: str = "ada@example.com") -> int:
    user = await register(client, email)
    client.cookies.clear()  # a mail provider has no session
    user_id = user["id"]
    assert isinstance(user_id, int)
    return user_id


def serializer(settings: Settings, *, salt: str = PURPOSE, secret: str | None = None) -> URLSafeSerializer:
    return URLSafeSerializer(
        secret or settings.jwt_secret,
        salt=salt,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256},
    )


def signed(settings: Settings, data: object, *, salt: str = PURPOSE, secret: str | None = None) -> str:
    token: str = serializer(settings, salt=salt, secret=secret).dumps(data)
    return token


async def test_the_one_click_post_turns_the_digest_off_and_again_changes_nothing(
    client: httpx.AsyncClient, settings: Settings, db: Database
) -> None:
    ada = await a_user(client)
    bob = await a_user(client, "bob@example.com")
    token = make_token(ada, "ada@example.com", settings)

    response = await client.post("/unsubscribe", params={"token": token}, **ONE_CLICK)  # type: ignore[arg-type]

    assert response.status_code == 200
    assert response.json() == DONE
    assert not await digest_enabled(db, ada)
    assert await digest_enabled(db, bob)
    again = await client.post("/unsubscribe", params={"token": token})  # no body at all
    assert (again.status_code, again.json()) == (200, DONE)
    assert not await digest_enabled(db, ada)


async def test_any_origin_may_post_it_without_cookies(
    client: httpx.AsyncClient, settings: Settings, db: Database
) -> None:
    ada = await a_user(client)
    foreign = {"Origin": "https://webmail.example", **ONE_CLICK["headers"]}  # type: ignore[dict-item]

    # The origin policy refuses a foreign page's unsafe request elsewhere ...
    refused = await client.post(
        "/session", json={"email": "ada@example.com", "password": "x"}, headers=foreign
    )
    assert refused.status_code == 403
    # ... but the token is the unsubscribe link's own credential.
    response = await client.post(
        "/unsubscribe",
        params={"token": make_token(ada, "ada@example.com", settings)},
        content=ONE_CLICK["content"],  # type: ignore[arg-type]
        headers=foreign,
    )
    assert response.status_code == 200
    assert not await digest_enabled(db, ada)


@pytest.mark.parametrize(
    "tamper",
    ["forged", "other purpose", "other user id", "cut short", "not a token", "too long", "wrong shape"],
)
async def test_a_token_not_signed_here_for_unsubscribing_is_a_400(
    client: httpx.AsyncClient, settings: Settings, db: Database, tamper: str
) -> None:
    ada = await a_user(client)
    bob = await a_user(client, "bob@example.com")
    genuine = make_token(bob, "bob@example.com", settings)
    signature = genuine.split(".")[1]
    ada_token = make_token(ada, "ada@example.com", settings)
    ada_payload, ada_data = ada_token.split(".")[0], serializer(settings).loads(ada_token)
    token = {
        "forged": signed(settings, ada_data, secret="another-secret-" + "y" * 40),
        "other purpose": signed(settings, ada_data, salt="password-reset"),
        "other user id": f"{ada_payload}.{signature}",
        "cut short": genuine[:-3],
        "not a token": "hello",
        "too long": genuine + "A" * 300,
        "wrong shape": signed(settings, {"user": ada}),
    }[tamper]

    response = await client.post("/unsubscribe", params={"token": token}, **ONE_CLICK)  # type: ignore[arg-type]

    assert response.status_code == 400
    assert response.json() == INVALID
    assert await digest_enabled(db, ada) and await digest_enabled(db, bob)


async def test_a_token_of_another_address_changes_nothing(
    client: httpx.AsyncClient, settings: Settings, db: Database
) -> None:
    """A deleted account's token names its id; a later account given that id keeps its digest."""
    ada = await a_user(client)
    response = await client.post(
        "/unsubscribe", params={"token": make_token(ada, "someone-before@example.com", settings)}
    )
    assert response.status_code == 200
    assert await digest_enabled(db, ada)
    gone = await client.post(
        "/unsubscribe", params={"token": make_token(ada + 100, "x@example.com", settings)}
    )
    assert gone.status_code == 200


async def test_get_changes_nothing_and_leads_to_the_web_apps_page(
    client: httpx.AsyncClient, settings: Settings, db: Database
) -> None:
    ada = await a_user(client)
    token = make_token(ada, "ada@example.com", settings)

    response = await client.get("/unsubscribe", params={"token": token})

    assert response.status_code == 303
    assert response.headers["Location"] == f"{settings.public_url}/#unsubscribe={token}"
    assert await digest_enabled(db, ada)
    head = await client.head("/unsubscribe", params={"token": token})
    assert head.status_code == 303
    assert await digest_enabled(db, ada)


async def test_without_a_token_it_is_refused(client: httpx.AsyncClient) -> None:
    response = await client.post("/unsubscribe", **ONE_CLICK)  # type: ignore[arg-type]
    assert response.status_code == 422
