"""The provider protocol against the real oidc-provider: discovery is checked and cached."""

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.config import OidcProvider, Settings
from tasktracker.oidc.client import OidcClients
from tasktracker.oidc.errors import SignInFailed, SignInFailure

from .conftest import LOGIN_PATH
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
