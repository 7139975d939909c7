"""The OpenID Connect protocol with the configured providers, through Authlib: discovery, the
authorization URL (code flow with PKCE S256, state and nonce), the token exchange, the ID token's
validation against the provider's published keys, and the user info.

Nothing here touches the database or our sessions: the outcome is the provider's word on who
signed in (`ProviderIdentity`), or a `SignInFailed` with a code the web app can show.
"""

import asyncio
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token  # type: ignore[import-untyped]
from authlib.oidc.core import CodeIDToken  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from tasktracker.config import OidcProvider, Settings
from tasktracker.oidc.errors import SignInFailed, SignInFailure

with warnings.catch_warnings():
    # Authlib 1.9 prefers the httpx2 fork and warns, once per process, when it falls back to httpx,
    # which the project installs (and uv.lock pins Authlib: the fallback cannot vanish unseen).
    warnings.filterwarnings("ignore", message="The httpx module is deprecated", category=DeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client, OAuthError  # type: ignore[import-untyped]

# Asymmetric signatures only: "none" proves nothing, and an HMAC key would be our client secret.
SIGNING_ALGORITHMS = (
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
)  # fmt: skip
# Clocks of two servers differ a little: exp and iat are checked with this much slack.
CLOCK_LEEWAY_SECONDS = 60


@dataclass(frozen=True, slots=True)
class AuthorizationRequest:
    url: str
    state: str
    nonce: str
    code_verifier: str


@dataclass(frozen=True, slots=True)
class ProviderIdentity:
    """Who the provider says signed in: `subject` is its stable id for them (the `sub` claim)."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool


@dataclass(slots=True)
class _Cached:
    value: dict[str, Any]
    fetched_at: float


class OidcClients:
    """The configured providers and, per process, their discovery documents and signing keys,
    each reused for OIDC_METADATA_CACHE_SECONDS (keys are fetched again at once when an ID token
    names a key they lack: the provider rotated its keys)."""

    def __init__(self, settings: Settings) -> None:
        self._providers = {provider.id: provider for provider in settings.oidc_providers}
        self._timeout = settings.oidc_timeout_seconds
        self._cache_seconds = settings.oidc_metadata_cache_seconds
        self._metadata: dict[str, _Cached] = {}
        self._jwks: dict[str, _Cached] = {}
        self._lock = asyncio.Lock()

    @property
    def providers(self) -> Sequence[OidcProvider]:
        return list(self._providers.values())

    def provider(self, provider_id: str) -> OidcProvider:
        provider = self._providers.get(provider_id)
        if provider is None:
            raise SignInFailed(SignInFailure.UNKNOWN_PROVIDER)
        return provider

    def _fresh(self, cached: _Cached | None) -> bool:
        return cached is not None and time.monotonic() - cached.fetched_at < self._cache_seconds

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as http:
                response = await http.get(url, headers={"Accept": "application/json"})
                response.raise_for_status()
                body = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"{url}: {exc}") from exc
        if not isinstance(body, dict):
            raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"{url}: not a JSON object")
        return body

    async def metadata(self, provider: OidcProvider) -> dict[str, Any]:
        """The provider's discovery document (OpenID Connect Discovery 1.0), checked to be its own."""
        cached = self._metadata.get(provider.id)
        if self._fresh(cached):
            assert cached is not None
            return cached.value
        async with self._lock:
            cached = self._metadata.get(provider.id)
            if self._fresh(cached):
                assert cached is not None
                return cached.value
            url = provider.issuer.rstrip("/") + "/.well-known/openid-configuration"
            document = await self._get_json(url)
            # Discovery 4.3: the issuer in the document is exactly the one it was fetched for.
            if document.get("issuer") != provider.issuer:
                raise SignInFailed(
                    SignInFailure.PROVIDER_UNAVAILABLE,
                    f"{url} names issuer {document.get('issuer')!r}, not {provider.issuer!r}",
                )
            missing = [
                key
                for key in ("authorization_endpoint", "token_endpoint", "jwks_uri")
                if not isinstance(document.get(key), str)
            ]
            if missing:
                raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"{url} lacks {missing}")
            self._metadata[provider.id] = _Cached(document, time.monotonic())
            return document

    async def _key_set(self, provider: OidcProvider, *, refetch: bool) -> KeySet:
        cached = self._jwks.get(provider.id)
        if refetch or not self._fresh(cached):
            metadata = await self.metadata(provider)
            cached = _Cached(await self._get_json(metadata["jwks_uri"]), time.monotonic())
            self._jwks[provider.id] = cached
        assert cached is not None
        try:
            return KeySet.import_key_set(cached.value)  # type: ignore[arg-type]
        except (JoseError, ValueError, TypeError, KeyError) as exc:
            raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"unusable keys: {exc}") from exc

    def _oauth_client(self, provider: OidcProvider, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=provider.client_id,
            client_secret=provider.client_secret,
            scope=provider.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=self._timeout,
        )

    async def authorization_request(self, provider: OidcProvider, redirect_uri: str) -> AuthorizationRequest:
        """Where to send the browser, with the secrets the callback must check against."""
        metadata = await self.metadata(provider)
        state, nonce, code_verifier = generate_token(32), generate_token(32), generate_token(64)
        async with self._oauth_client(provider, redirect_uri) as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"], state=state, code_verifier=code_verifier, nonce=nonce
            )
        return AuthorizationRequest(url=url, state=state, nonce=nonce, code_verifier=code_verifier)

    async def identify(
        self, provider: OidcProvider, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ProviderIdentity:
        """Exchange the authorization code for tokens and tell who signed in: the ID token's
        signature, issuer, audience, expiry and nonce are checked; the email comes from the ID
        token or, when the provider keeps it there, from the user info of the same subject."""
        metadata = await self.metadata(provider)
        async with self._oauth_client(provider, redirect_uri) as client:
            try:
                token = await client.fetch_token(
                    metadata["token_endpoint"],
                    grant_type="authorization_code",
                    code=code,
                    code_verifier=code_verifier,
                )
            except OAuthError as exc:  # the provider refused the code: used, expired, or not ours
                raise SignInFailed(SignInFailure.CODE_REJECTED, f"token endpoint: {exc}") from exc
            except (httpx.HTTPError, ValueError) as exc:
                raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"token endpoint: {exc}") from exc
            id_token = token.get("id_token")
            if not isinstance(id_token, str):
                raise SignInFailed(SignInFailure.INVALID_ID_TOKEN, "the token response has no ID token")
            claims = await self._validated_claims(
                provider, metadata, id_token, nonce=nonce, access_token=token.get("access_token")
            )
            if "email" not in claims and isinstance(metadata.get("userinfo_endpoint"), str):
                claims = {**claims, **await self._user_info(client, metadata["userinfo_endpoint"], claims)}
        email = claims.get("email")
        return ProviderIdentity(
            provider=provider.id,
            subject=str(claims["sub"]),
            email=email if isinstance(email, str) and email else None,
            # Some providers send the boolean as a string.
            email_verified=claims.get("email_verified") in (True, "true"),
        )

    async def _validated_claims(
        self,
        provider: OidcProvider,
        metadata: dict[str, Any],
        id_token: str,
        *,
        nonce: str,
        access_token: object,
    ) -> dict[str, Any]:
        advertised = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [algorithm for algorithm in SIGNING_ALGORITHMS if algorithm in advertised]
        registry = JWSRegistry(algorithms=algorithms or ["RS256"], strict_check_header=False)
        try:
            try:
                keys = await self._key_set(provider, refetch=False)
                decoded = jwt.decode(id_token, keys, registry=registry)
            except InvalidKeyIdError:
                keys = await self._key_set(provider, refetch=True)
                decoded = jwt.decode(id_token, keys, registry=registry)
            params: dict[str, Any] = {"nonce": nonce, "client_id": provider.client_id}
            if isinstance(access_token, str):
                params["access_token"] = access_token
            claims = CodeIDToken(
                decoded.claims,
                decoded.header,
                {
                    "iss": {"essential": True, "value": provider.issuer},
                    "aud": {"essential": True, "value": provider.client_id},
                    "sub": {"essential": True},
                },
                params,
            )
            claims.validate(leeway=CLOCK_LEEWAY_SECONDS)
        except (JoseError, ValueError) as exc:
            raise SignInFailed(SignInFailure.INVALID_ID_TOKEN, f"ID token: {exc}") from exc
        return dict(claims)

    async def _user_info(
        self, client: AsyncOAuth2Client, endpoint: str, id_claims: dict[str, Any]
    ) -> dict[str, Any]:
        try:
            response = await client.get(endpoint)
            response.raise_for_status()
            info = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise SignInFailed(SignInFailure.PROVIDER_UNAVAILABLE, f"user info: {exc}") from exc
        # OpenID Connect Core 5.3.2: user info of another subject must not be used.
        if not isinstance(info, dict) or info.get("sub") != id_claims["sub"]:
            raise SignInFailed(SignInFailure.INVALID_ID_TOKEN, "the user info is not the ID token's subject")
        return {key: info[key] for key in ("email", "email_verified") if key in info}
