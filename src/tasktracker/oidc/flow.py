"""A sign-in in progress, between the redirect to the provider and its callback: a short-lived,
signed cookie scoped to the OIDC routes (Path=/auth/oidc), so no app-wide session is needed and
no other request carries it."""

import json
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadData, URLSafeTimedSerializer

from tasktracker.config import Settings
from tasktracker.oidc.errors import SignInFailed, SignInFailure

FLOW_COOKIE = "oidc_flow"
FLOW_COOKIE_PATH = "/auth/oidc"
# Time to sign in at the provider; the authorization codes themselves live shorter.
FLOW_MAX_AGE_SECONDS = 10 * 60
MAX_NEXT_LENGTH = 512


@dataclass(frozen=True, slots=True)
class PendingSignIn:
    provider: str
    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    # Where in the web app to land afterwards.
    next: str
    # Set when a signed-in user links the provider to their account.
    link_user_id: int | None
    # The browser's zone, for an account the sign-in makes (as sign-up sends it).
    timezone: str | None = None


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    # The salt keeps these signatures from being valid for anything else signed with the secret.
    return URLSafeTimedSerializer(settings.jwt_secret, salt="tasktracker.oidc.flow")


def web_app_path(value: str) -> str:
    """`value` if it is a path of the web app ("/", "/#settings"), for the redirect at the end:
    anything that could lead elsewhere ("//evil.example", "https://...", "/\\evil") is refused."""
    if (
        not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or len(value) > MAX_NEXT_LENGTH
        or any(ord(char) < 0x21 or ord(char) == 0x7F for char in value)
    ):
        raise SignInFailed(SignInFailure.INVALID_NEXT)
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        raise SignInFailed(SignInFailure.INVALID_NEXT)
    return value


def web_app_url(settings: Settings, path: str) -> str:
    return settings.public_url.rstrip("/") + path


def remember(response: Response, pending: PendingSignIn, settings: Settings) -> None:
    response.set_cookie(
        FLOW_COOKIE,
        _serializer(settings).dumps(asdict(pending)),
        max_age=FLOW_MAX_AGE_SECONDS,
        path=FLOW_COOKIE_PATH,
        secure=settings.cookie_secure,
        httponly=True,
        # Lax, not Strict: the callback is a top-level navigation from the provider's site.
        samesite="lax",
    )


def recall(request: Request, settings: Settings) -> PendingSignIn:
    """The sign-in this browser started; a missing, expired or altered cookie is refused."""
    raw = request.cookies.get(FLOW_COOKIE)
    if not raw:
        raise SignInFailed(SignInFailure.INVALID_STATE, "no sign-in in progress in this browser")
    try:
        fields = _serializer(settings).loads(raw, max_age=FLOW_MAX_AGE_SECONDS)
        return PendingSignIn(**fields)
    except (BadData, TypeError, json.JSONDecodeError) as exc:
        raise SignInFailed(SignInFailure.INVALID_STATE, f"sign-in cookie refused: {exc}") from exc


def forget(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        FLOW_COOKIE, path=FLOW_COOKIE_PATH, secure=settings.cookie_secure, httponly=True, samesite="lax"
    )
