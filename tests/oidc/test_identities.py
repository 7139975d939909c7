"""Linking a provider to a signed-in account, listing and unlinking it, against the real
oidc-provider, on both databases."""

import httpx
from fastapi import FastAPI

from tests.conftest import register

from .conftest import LOGIN_PATH, WEB_APP, BrowserFactory, sign_in, sign_out_at_provider
from .support import PROVIDER_ID, PROVIDER_NAME
from .test_sign_in import failure, rows

LINK = f"{LOGIN_PATH}?link=true&next=/%23settings"


async def signed_up(browser: httpx.AsyncClient, email: str = "ada@example.com") -> int:
    user_id = (await register(browser, email))["id"]
    assert isinstance(user_id, int)
    return user_id


async def test_a_signed_in_user_links_a_provider_whatever_its_email(
    app: FastAPI, browser: httpx.AsyncClient, new_browser: BrowserFactory
) -> None:
    user_id = await signed_up(browser)

    response = await sign_in(browser, "ada.elsewhere@example.org", LINK)

    assert response.headers["location"] == f"{WEB_APP}/#settings"
    assert "access_token" not in response.headers.get("set-cookie", "")  # the same session goes on
    listed = (await browser.get("/user/identities")).json()
    assert [(item["provider"], item["name"], item["email"]) for item in listed] == [
        (PROVIDER_ID, PROVIDER_NAME, "ada.elsewhere@example.org")
    ]
    assert listed[0]["linked_at"]
    # From now on that provider account signs in to this user, in any browser.
    elsewhere = new_browser()
    await sign_in(elsewhere, "ada.elsewhere@example.org")
    assert (await elsewhere.get("/user")).json()["id"] == user_id
    assert len(await rows(app, "SELECT id FROM users")) == 1


async def test_linking_needs_a_session(browser: httpx.AsyncClient) -> None:
    response = await browser.get(LINK)

    assert response.status_code == 302
    assert failure(response) == "not_signed_in"


async def test_an_identity_of_another_account_is_not_linked(
    app: FastAPI, browser: httpx.AsyncClient, new_browser: BrowserFactory
) -> None:
    await sign_in(new_browser(), "grace@example.com")  # Grace's account, by this identity
    await signed_up(browser, "ada@example.com")

    response = await sign_in(browser, "grace@example.com", LINK)

    assert failure(response) == "identity_taken"
    [identity] = await rows(app, "SELECT u.email FROM user_identities i JOIN users u ON u.id = i.user_id")
    assert identity["email"] == "grace@example.com"


async def test_a_second_identity_of_the_same_provider_is_not_linked(browser: httpx.AsyncClient) -> None:
    await signed_up(browser)
    await sign_in(browser, "first@example.org", LINK)
    sign_out_at_provider(browser)

    response = await sign_in(browser, "second@example.org", LINK)

    assert failure(response) == "provider_already_linked"
    listed = (await browser.get("/user/identities")).json()
    assert [item["email"] for item in listed] == ["first@example.org"]


async def test_unlinking_a_provider_of_an_account_with_a_password(
    browser: httpx.AsyncClient, new_browser: BrowserFactory
) -> None:
    await signed_up(browser)
    await sign_in(browser, "ada.elsewhere@example.org", LINK)

    assert (await browser.delete(f"/user/identities/{PROVIDER_ID}")).status_code == 204

    assert (await browser.get("/user/identities")).json() == []
    assert (await browser.delete(f"/user/identities/{PROVIDER_ID}")).status_code == 404
    # Unlinked, the provider account is a stranger again: a new account of its own.
    other = new_browser()
    await sign_in(other, "ada.elsewhere@example.org")
    assert (await other.get("/user")).json()["email"] == "ada.elsewhere@example.org"


async def test_the_last_way_in_is_not_unlinked(app: FastAPI, browser: httpx.AsyncClient) -> None:
    await sign_in(browser, "grace@example.com")  # an account without a password

    response = await browser.delete(f"/user/identities/{PROVIDER_ID}")

    assert response.status_code == 409
    assert "only way into your account" in response.json()["message"]
    assert len(await rows(app, "SELECT id FROM user_identities")) == 1


async def test_identities_need_a_session(client: httpx.AsyncClient) -> None:
    assert (await client.get("/user/identities")).status_code == 401
    assert (await client.delete(f"/user/identities/{PROVIDER_ID}")).status_code == 401
