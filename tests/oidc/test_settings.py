"""OIDC_PROVIDERS: a JSON list of providers, each checked when the settings are read."""

import json

import pytest
from pydantic import ValidationError

from tasktracker.config import Settings

GOOGLE = {
    "id": "google",
    "name": "Google",
    "issuer": "https://accounts.google.com",
    "client_id": "id",
    "client_secret": "secret",
}


def test_providers_come_as_json_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OIDC_PROVIDERS", json.dumps([GOOGLE]))

    [provider] = Settings(_env_file=None).oidc_providers

    assert (provider.id, provider.name, provider.issuer) == (
        "google",
        "Google",
        "https://accounts.google.com",
    )
    assert provider.scopes == "openid email profile"


def test_none_by_default() -> None:
    assert Settings(_env_file=None).oidc_providers == []


@pytest.mark.parametrize(
    "change",
    [
        {"issuer": "http://accounts.example.com"},  # the secret and the ID token in clear text
        {"id": "Google Accounts"},  # in URLs: lower case letters, digits, - and _
        {"scopes": "email profile"},  # no openid: no ID token
        {"client_secret": ""},
    ],
)
def test_a_provider_that_cannot_work_safely_is_refused(change: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, oidc_providers=[{**GOOGLE, **change}])


def test_a_loopback_issuer_may_be_plain_http() -> None:
    settings = Settings(_env_file=None, oidc_providers=[{**GOOGLE, "issuer": "http://127.0.0.1:4000"}])
    assert settings.oidc_providers[0].issuer == "http://127.0.0.1:4000"


def test_two_providers_cannot_share_an_id() -> None:
    with pytest.raises(ValidationError, match="id of its own"):
        Settings(_env_file=None, oidc_providers=[GOOGLE, {**GOOGLE, "name": "Google again"}])
