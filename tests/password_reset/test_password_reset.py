"""POST /password-reset and /password-reset/confirm, on both databases: the same answer whether
or not the account exists, a working single-use link in the email, every session ended."""

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import time_machine
from fastapi import FastAPI

from tasktracker.auth.ratelimit import LoginRateLimiter
from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail
from tasktracker.password_reset.service import purge_expired_tokens, token_hash
from tests.auth.conftest import Clock
from tests.conftest import ClientFactory, register

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
NEW_PASSWORD = "a brand new passphrase"
INVALID_TOKEN = {"message": "This password reset link is invalid, used or expired; ask for a new one"}
REQUESTED = {"message": "If an account exists for this email, we sent it a link to reset the password"}
T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def database(app: FastAPI) -> Database:
    db: Database = app.state.database
    return db


OUTBOX_EMAILS = "SELECT id, recipient, payload, created_at FROM email_outbox WHERE kind = :kind ORDER BY id"


async def reset_emails(app: FastAPI) -> list[ClaimedEmail]:
    """The password reset emails in the outbox (no worker runs here), oldest first."""
    async with database(app).connection() as conn:
        rows = await conn.fetch(OUTBOX_EMAILS, kind=MailKind.PASSWORD_RESET)
    return [
        ClaimedEmail(
            outbox_id=row["id"],
            kind=MailKind.PASSWORD_RESET,
            recipient=row["recipient"],
            payload=json.loads(row["payload"]),
            attempts=0,
            created_at=row["created_at"],
        )
        for row in rows
    ]


def link_in(email: ClaimedEmail, settings: Settings) -> str:
    """The reset link of the email as the worker would send it, checked in both parts."""
    message = build_message(email, settings, now=datetime.now(UTC))
    text, html = (part.get_content() for part in message.iter_parts())
    found = re.search(r"(\S+/#reset=[\w-]+)", text)
    assert found is not None, text
    assert f'href="{found[1]}"' in html
    return found[1]


def token_of(link: str) -> str:
    return link.split("#reset=", 1)[1]


async def request_reset(http: httpx.AsyncClient, email: str = EMAIL) -> httpx.Response:
    return await http.post("/password-reset", json={"email": email})


async def confirm(http: httpx.AsyncClient, token: str, password: str = NEW_PASSWORD) -> httpx.Response:
    return await http.post("/password-reset/confirm", json={"token": token, "new_password": password})


async def log_in(http: httpx.AsyncClient, password: str) -> httpx.Response:
    return await http.post("/session", json={"email": EMAIL, "password": password})


async def latest_token(client: httpx.AsyncClient, app: FastAPI) -> str:
    assert (await request_reset(client)).status_code == 202
    return token_of(link_in((await reset_emails(app))[-1], app.state.settings))


async def test_known_and_unknown_emails_get_the_same_answer(client: httpx.AsyncClient, app: FastAPI) -> None:
    await register(client)
    known = await request_reset(client, "Ada@Example.com")
    # Unknown, and an address no account could have (its domain has no dot).
    for other in ("nobody@example.com", "ada@localhost"):
        unknown = await request_reset(client, other)
        assert (known.status_code, known.json()) == (unknown.status_code, unknown.json()) == (202, REQUESTED)
        assert known.headers.keys() == unknown.headers.keys()
    emails = await reset_emails(app)
    assert [email.recipient for email in emails] == [EMAIL]
    async with database(app).connection() as conn:
        stored = [
            row["token_hash"] for row in await conn.fetch("SELECT token_hash FROM password_reset_tokens")
        ]
    # Only the hash of the emailed token is kept.
    assert stored == [token_hash(emails[0].payload["token"])]


async def test_the_link_sets_the_password_and_ends_every_session(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI, settings: Settings
) -> None:
    await register(client)
    phone = make_client("203.0.113.20")
    assert (await log_in(phone, PASSWORD)).status_code == 200
    phone_token = phone.cookies["access_token"]
    assert (await request_reset(client)).status_code == 202
    link = link_in((await reset_emails(app))[0], settings)
    assert link.startswith(f"{settings.public_url.rstrip('/')}/#reset=")
    assert len(token_of(link)) >= 22  # at least 128 bits, URL-safe base64

    visitor = make_client("203.0.113.21")
    done = await confirm(visitor, token_of(link))
    assert done.status_code == 204
    assert done.content == b""
    # Every session is over: the cookie of this browser, the other browser's Bearer token ...
    assert (await client.get("/user")).status_code == 401
    assert (await visitor.get("/user", headers={"Authorization": f"Bearer {phone_token}"})).status_code == 401
    # ... and the other browser's refresh token.
    assert (await phone.post("/session/refresh")).status_code == 401
    assert (await log_in(visitor, PASSWORD)).status_code == 401
    assert (await log_in(visitor, NEW_PASSWORD)).status_code == 200
    assert (await visitor.get("/user")).json()["email"] == EMAIL


async def test_the_confirmation_clears_the_browsers_cookies(client: httpx.AsyncClient, app: FastAPI) -> None:
    await register(client)
    response = await confirm(client, await latest_token(client, app))
    assert response.status_code == 204
    cleared = {header.split("=", 1)[0] for header in response.headers.get_list("set-cookie")}
    assert cleared == {"access_token", "refresh_token"}


async def test_a_link_works_once_and_takes_the_older_links_with_it(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await register(client)
    older = await latest_token(client, app)
    newer = await latest_token(client, app)
    assert (await confirm(client, newer)).status_code == 204
    for used in (newer, older):
        again = await confirm(client, used, "yet another passphrase")
        assert (again.status_code, again.json()) == (400, INVALID_TOKEN)
    assert (await log_in(client, NEW_PASSWORD)).status_code == 200


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


async def test_a_link_expires_after_30_minutes(
    client: httpx.AsyncClient, app: FastAPI, frozen: time_machine.Traveller
) -> None:
    await register(client)
    in_time = await latest_token(client, app)
    too_late = await latest_token(client, app)
    frozen.move_to(T0 + timedelta(minutes=30))
    refused = await confirm(client, too_late)
    assert (refused.status_code, refused.json()) == (400, INVALID_TOKEN)
    frozen.move_to(T0 + timedelta(minutes=29, seconds=59))
    assert (await confirm(client, in_time)).status_code == 204


async def test_an_unknown_token_is_refused(client: httpx.AsyncClient) -> None:
    await register(client)
    refused = await confirm(client, "not-a-token-we-ever-sent")
    assert (refused.status_code, refused.json()) == (400, INVALID_TOKEN)
    assert (await log_in(client, PASSWORD)).status_code == 200


async def test_a_password_against_the_rules_is_422_and_keeps_the_link(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    await register(client)
    token = await latest_token(client, app)
    short = await confirm(client, token, "short")
    assert short.status_code == 422
    assert short.json() == {
        "message": "new_password: The password must be at least 8 characters long",
        "errors": [{"field": "new_password", "message": "The password must be at least 8 characters long"}],
    }
    assert (await confirm(client, token)).status_code == 204


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/password-reset", {"email": "not an email"}, "email"),
        ("/password-reset", {"email": EMAIL, "name": "Ada"}, "name"),
        ("/password-reset", {}, "email"),
        ("/password-reset", {"email": EMAIL, "locale": "de"}, "locale"),
        ("/password-reset/confirm", {"token": "", "new_password": NEW_PASSWORD}, "token"),
        ("/password-reset/confirm", {"new_password": NEW_PASSWORD}, "token"),
        ("/password-reset/confirm", {"token": "x" * 129, "new_password": NEW_PASSWORD}, "token"),
    ],
)
async def test_bad_input_is_422_naming_the_field(
    client: httpx.AsyncClient, path: str, body: dict[str, str], field: str
) -> None:
    response = await client.post(path, json=body)
    assert response.status_code == 422
    assert response.json()["message"].startswith(f"{field}: ")
    assert [error["field"] for error in response.json()["errors"]] == [field]


@pytest.fixture
def clock(app: FastAPI, settings: Settings) -> Clock:
    clock = Clock()
    app.state.password_reset_limiter = LoginRateLimiter(
        max_per_email=settings.password_reset_max_per_email,
        max_per_ip=settings.password_reset_max_per_ip,
        window_seconds=settings.password_reset_window_seconds,
        clock=clock,
        counted="password reset requests",
    )
    return clock


@pytest.mark.parametrize("email", [EMAIL, "nobody@example.com"])
async def test_requests_for_one_address_are_limited_alike_whether_it_exists(
    client: httpx.AsyncClient, clock: Clock, email: str
) -> None:
    await register(client)
    for _ in range(3):
        assert (await request_reset(client, email)).status_code == 202
    limited = await request_reset(client, email)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert limited.json() == {"message": "Too many password reset requests; try again in 1 second"}
    clock.advance(1)
    assert (await request_reset(client, email)).status_code == 202
    assert (await request_reset(client, email)).status_code == 429


async def test_one_source_asking_for_many_addresses_is_limited(
    make_client: ClientFactory, clock: Clock, settings: Settings
) -> None:
    source = make_client("198.51.100.40")
    limit = settings.password_reset_max_per_ip
    statuses = [(await request_reset(source, f"user{i}@example.com")).status_code for i in range(limit + 1)]
    assert statuses == [202] * limit + [429]
    # Another source is not held to this one's requests.
    assert (await request_reset(make_client("198.51.100.41"), "user0@example.com")).status_code == 202


async def test_expired_tokens_are_purged_used_or_not(
    client: httpx.AsyncClient, app: FastAPI, frozen: time_machine.Traveller
) -> None:
    await register(client)
    assert (await confirm(client, await latest_token(client, app))).status_code == 204
    await latest_token(client, app)

    async def purge(minutes: int) -> int:
        async with database(app).transaction() as conn:
            return await purge_expired_tokens(conn, now=T0 + timedelta(minutes=minutes))

    assert await purge(29) == 0
    assert await purge(30) == 2
    async with database(app).connection() as conn:
        assert await conn.fetchval("SELECT count(*) FROM password_reset_tokens") == 0
