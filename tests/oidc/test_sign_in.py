"""Signing in with an OpenID Connect provider, against the real oidc-provider (provider.mjs):
the whole browser journey over HTTP, on both databases."""

from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.oidc import flow
from tests.conftest import register

from .conftest import LOGIN_PATH, WEB_APP, BrowserFactory, cancel_at_provider, sign_in, to_callback
from .support import PROVIDER_ID, PROVIDER_NAME


def set_cookies(response: httpx.Response) -> dict[str, SimpleCookie]:
    cookies: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        for name in cookie:
            cookies[name] = cookie
    return cookies


def failure(response: httpx.Response) -> str | None:
    location = response.headers["location"]
    prefix = f"{WEB_APP}/#signin-error="
    return location.removeprefix(prefix) if location.startswith(prefix) else None


async def rows(app: FastAPI, sql: str, **params: object) -> list[dict[str, object]]:
    database: Database = app.state.database
    async with database.connection() as conn:
        return [dict(row) for row in await conn.fetch(sql, **params)]


async def test_the_configured_providers_are_listed(client: httpx.AsyncClient) -> None:
    response = await client.get("/auth/providers")
    assert response.status_code == 200
    assert response.json() == [{"id": PROVIDER_ID, "name": PROVIDER_NAME}]


async def test_no_provider_configured_lists_none_and_signs_no_one_in(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"oidc_providers": []}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            assert (await http.get("/auth/providers")).json() == []
            response = await http.get(LOGIN_PATH)
    assert response.status_code == 302
    assert failure(response) == "unknown_provider"


async def test_a_new_person_gets_an_account_a_welcome_and_our_own_session(
    app: FastAPI, browser: httpx.AsyncClient
) -> None:
    response = await sign_in(browser, "grace@example.com")

    assert response.headers["location"] == f"{WEB_APP}/"
    cookies = set_cookies(response)
    access, refresh = cookies["access_token"]["access_token"], cookies["refresh_token"]["refresh_token"]
    assert (access["path"], access["httponly"], access["samesite"]) == ("/", True, "lax")
    assert (refresh["path"], refresh["httponly"], refresh["samesite"]) == ("/session", True, "strict")
    assert cookies["oidc_flow"]["oidc_flow"]["max-age"] == "0"  # the sign-in in progress is over
    me = await browser.get("/user")
    assert me.status_code == 200
    assert me.json()["email"] == "grace@example.com"
    user_id = me.json()["id"]
    [user] = await rows(app, "SELECT password_hash FROM users WHERE id = :id", id=user_id)
    assert user["password_hash"] is None
    identities = await rows(app, "SELECT provider, subject, email, user_id FROM user_identities")
    assert identities == [
        {
            "provider": PROVIDER_ID,
            "subject": "grace@example.com",
            "email": "grace@example.com",
            "user_id": user_id,
        }
    ]
    emails = await rows(app, "SELECT kind, recipient FROM email_outbox WHERE user_id = :id", id=user_id)
    assert emails == [{"kind": "welcome", "recipient": "grace@example.com"}]
    # The refresh cookie works like one from POST /session.
    assert (await browser.post("/session/refresh")).status_code == 200


async def test_signing_in_again_is_the_same_account_without_another_welcome(
    app: FastAPI, new_browser: BrowserFactory
) -> None:
    first, second = new_browser(), new_browser()
    await sign_in(first, "grace@example.com")
    await sign_in(second, "grace@example.com")

    assert (await first.get("/user")).json() == (await second.get("/user")).json()
    assert len(await rows(app, "SELECT id FROM users")) == 1
    assert len(await rows(app, "SELECT id FROM email_outbox")) == 1


async def test_an_existing_account_with_the_verified_email_is_linked(
    app: FastAPI, client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    registered = await register(client, "ada@example.com")

    await sign_in(browser, "ada@example.com")

    assert (await browser.get("/user")).json()["id"] == registered["id"]
    assert len(await rows(app, "SELECT id FROM users")) == 1
    [identity] = await rows(app, "SELECT user_id FROM user_identities")
    assert identity["user_id"] == registered["id"]
    # Only the registration's welcome: linking is not a new account.
    assert len(await rows(app, "SELECT id FROM email_outbox")) == 1
    [password] = await rows(app, "SELECT password_hash FROM users")
    assert password["password_hash"] is not None


async def test_an_unverified_email_of_an_existing_account_does_not_sign_in(
    app: FastAPI, client: httpx.AsyncClient, browser: httpx.AsyncClient
) -> None:
    await register(client, "ada@example.com")

    response = await sign_in(browser, "unverified:ada@example.com")

    assert failure(response) == "email_unverified"
    assert "access_token" not in set_cookies(response)
    assert (await browser.get("/user")).status_code == 401
    assert await rows(app, "SELECT id FROM user_identities") == []


async def test_an_unverified_or_missing_email_makes_no_account(
    app: FastAPI, new_browser: BrowserFactory
) -> None:
    assert failure(await sign_in(new_browser(), "unverified:new@example.com")) == "email_unverified"
    assert failure(await sign_in(new_browser(), "no-email-at-all")) == "email_missing"
    assert await rows(app, "SELECT id FROM users") == []


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {**dict(parse_qsl(parts.query)), **changes}
    return urlunsplit(parts._replace(query=urlencode(query)))


async def test_a_tampered_state_is_refused(app: FastAPI, browser: httpx.AsyncClient) -> None:
    callback = await to_callback(browser, "grace@example.com")

    response = await browser.get(with_query(callback, state="forged-state"))

    assert failure(response) == "invalid_state"
    assert (await browser.get("/user")).status_code == 401
    assert await rows(app, "SELECT id FROM users") == []


async def test_a_tampered_sign_in_cookie_is_refused(browser: httpx.AsyncClient) -> None:
    callback = await to_callback(browser, "grace@example.com")
    cookie = browser.cookies["oidc_flow"]
    browser.cookies.set("oidc_flow", cookie[:-2] + ("AA" if cookie[-2:] != "AA" else "BB"), path="/auth/oidc")

    response = await browser.get(callback)

    assert failure(response) == "invalid_state"


async def test_a_callback_from_another_browser_is_refused(new_browser: BrowserFactory) -> None:
    victim, attacker = new_browser(), new_browser()
    callback = await to_callback(attacker, "mallory@example.com")

    # Login CSRF: the attacker's code, in the victim's browser, which started no sign-in.
    assert failure(await victim.get(callback)) == "invalid_state"
    assert (await victim.get("/user")).status_code == 401


async def test_a_code_is_used_once(app: FastAPI, browser: httpx.AsyncClient) -> None:
    callback = await to_callback(browser, "grace@example.com")
    flow_cookie = browser.cookies["oidc_flow"]
    assert failure(await browser.get(callback)) is None

    # Replayed as is: the sign-in in progress ended with the first use.
    assert failure(await browser.get(callback)) == "invalid_state"
    # Replayed with the sign-in cookie put back: the provider refuses the used code.
    browser.cookies.set("oidc_flow", flow_cookie, path="/auth/oidc")
    assert failure(await browser.get(callback)) == "code_rejected"
    assert len(await rows(app, "SELECT id FROM sessions")) == 1


async def test_cancelling_at_the_provider_returns_to_the_web_app(
    app: FastAPI, browser: httpx.AsyncClient
) -> None:
    callback = await cancel_at_provider(browser)
    assert dict(parse_qsl(urlsplit(callback).query))["error"] == "access_denied"

    response = await browser.get(callback)

    assert failure(response) == "cancelled"
    assert (await browser.get("/user")).status_code == 401
    assert await rows(app, "SELECT id FROM users") == []


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example/", "https://evil.example/", "/\\evil.example", "evil.example", "/ok\r\nLocation: x"],
)
async def test_next_must_be_a_path_of_the_web_app(browser: httpx.AsyncClient, next_url: str) -> None:
    response = await browser.get(LOGIN_PATH, params={"next": next_url})

    assert response.status_code == 302
    assert failure(response) == "invalid_next"


async def test_next_is_where_the_web_app_opens(browser: httpx.AsyncClient) -> None:
    response = await sign_in(browser, "grace@example.com", f"{LOGIN_PATH}?next=/%23settings")

    assert response.headers["location"] == f"{WEB_APP}/#settings"


async def test_the_login_redirect_asks_for_pkce_state_and_nonce(browser: httpx.AsyncClient) -> None:
    response = await browser.get(LOGIN_PATH)

    query = dict(parse_qsl(urlsplit(response.headers["location"]).query))
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert query["state"] and query["nonce"]
    assert query["redirect_uri"] == f"http://testserver/auth/oidc/{PROVIDER_ID}/callback"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    cookie = set_cookies(response)["oidc_flow"]["oidc_flow"]
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == ("/auth/oidc", True, "lax")


async def test_an_id_token_for_another_nonce_is_refused(
    settings: Settings, browser: httpx.AsyncClient
) -> None:
    callback = await to_callback(browser, "grace@example.com")
    # The sign-in cookie re-signed with the server's own key, as if another sign-in's nonce:
    # the provider's genuine ID token then answers a request this browser did not make.
    serializer = flow._serializer(settings)
    pending = serializer.loads(browser.cookies["oidc_flow"])
    browser.cookies.set("oidc_flow", serializer.dumps({**pending, "nonce": "another"}), path="/auth/oidc")

    response = await browser.get(callback)

    assert failure(response) == "invalid_id_token"
    assert (await browser.get("/user")).status_code == 401


@pytest.mark.parametrize(("sent", "stored"), [("Europe/Paris", "Europe/Paris"), ("Mars/Olympus_Mons", None)])
async def test_a_new_account_gets_the_timezone_the_web_app_sent(
    browser: httpx.AsyncClient, sent: str, stored: str | None
) -> None:
    await sign_in(browser, "grace@example.com", f"{LOGIN_PATH}?timezone={sent}")

    assert (await browser.get("/user")).json()["timezone"] == stored
