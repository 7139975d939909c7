"""The provider protocol against the real oidc-provider: discovery is checked and cached, and
keys are fetched again when the provider has rotated them."""

import time

import httpx
import pytest
from fastapi import FastAPI
from joserfc.jwk import RSAKey

from tasktracker.config import OidcProvider, Settings
from tasktracker.oidc.client import OidcClients, _Cached
from tasktracker.oidc.errors import SignInFailed, SignInFailure

from .conftest import LOGIN_PATH, sign_in
from .support import RunningProvider


async def test_discovery_is_fetched_once_per_process(app: FastAPI, browser: httpx.AsyncClient) -> None:
    clients: OidcClients = app.state.oidc
    await browser.get(LOGIN_PATH)
    [provider] = clients.providers
    first = await clients.metadata(provider)

    await browser.get(LOGIN_PATH)

    assert await clients.metadata(provider) is first  # the cached document, not a new fetch
    assert first["issuer"] == provider.issuer


async def test_a_provider_whose_document_names_another_issuer_is_refused(
    settings: Settings, test_provider: RunningProvider
) -> None:
    # Discovery 4.3: the document fetched for an issuer must name exactly that issuer.
    misnamed = OidcProvider(**{**test_provider.setting(), "issuer": test_provider.issuer + "/"})
    clients = OidcClients(settings)

    with pytest.raises(SignInFailed) as failure:
        await clients.metadata(misnamed)

    assert failure.value.code is SignInFailure.PROVIDER_UNAVAILABLE
    assert "names issuer" in failure.value.detail


async def test_keys_the_id_token_does_not_name_are_fetched_again(
    app: FastAPI, browser: httpx.AsyncClient
) -> None:
    clients: OidcClients = app.state.oidc
    [provider] = clients.providers
    retired = RSAKey.generate_key(2048, parameters={"kid": "retired-key"}, private=False)
    # As if the keys were fetched before the provider rotated them: fresh, but without its new key.
    clients._jwks[provider.id] = _Cached({"keys": [retired.as_dict(private=False)]}, time.monotonic())

    response = await sign_in(browser, "grace@example.com")

    assert "signin-error" not in response.headers["location"]
    kids = {key["kid"] for key in clients._jwks[provider.id].value["keys"]}
    assert "retired-key" not in kids
