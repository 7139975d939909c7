"""Who is calling: access token (Bearer header or cookie), or HTTP Basic for scripts."""

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

from tasktracker.auth import service
from tasktracker.auth.ratelimit import LoginRateLimiter
from tasktracker.auth.service import AuthenticatedUser, Caller
from tasktracker.dependencies import RequestDb, SettingsDep, request_database
from tasktracker.errors import NotAuthenticated

ACCESS_COOKIE = "access_token"
REFRESH_COOKIE = "refresh_token"


@dataclass(frozen=True, slots=True)
class BasicCredentials:
    email: str
    password: str


async def get_login_limiter(request: Request) -> LoginRateLimiter:
    limiter: LoginRateLimiter = request.app.state.login_limiter
    return limiter


LoginLimiter = Annotated[LoginRateLimiter, Depends(get_login_limiter)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def read_credentials(request: Request) -> str | BasicCredentials:
    """The access token or Basic credentials a request carries; the header wins over the cookie."""
    header = request.headers.get("authorization")
    if header is None:
        token = request.cookies.get(ACCESS_COOKIE)
        if not token:
            raise NotAuthenticated
        return token
    token = bearer_token(request)
    if token:
        return token
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            email, separator, password = (
                base64.b64decode(value.strip(), validate=True).decode().partition(":")
            )
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise NotAuthenticated("Malformed Basic credentials") from exc
        if separator:
            return BasicCredentials(email, password)
        raise NotAuthenticated("Malformed Basic credentials")
    raise NotAuthenticated("Unsupported authorization scheme; use Bearer or Basic")


async def current_user(
    request: Request, database: RequestDb, settings: SettingsDep, limiter: LoginLimiter
) -> AuthenticatedUser:
    """The caller, with a live session (or the right password)."""
    credentials = read_credentials(request)
    if isinstance(credentials, BasicCredentials):
        return await service.check_password(
            database, credentials.email, credentials.password, client_ip=client_ip(request), limiter=limiter
        )
    async with database.connection() as conn:
        return await service.authenticate_access_token(
            conn, credentials, settings=settings, now=datetime.now(UTC)
        )


async def claimed_identity(request: Request) -> Caller:
    """For routes whose statements check the session themselves (one round trip a request). It
    takes the request alone: on the hot path, each sub-dependency costs more than the check."""
    credentials = read_credentials(request)
    state = request.app.state
    if isinstance(credentials, BasicCredentials):
        user = await service.check_password(
            request_database(request),
            credentials.email,
            credentials.password,
            client_ip=client_ip(request),
            limiter=state.login_limiter,
        )
        return Caller(user.id, None)
    claims = service.read_access_token(credentials, state.settings)
    return Caller(claims.user_id, claims.session_id)


CurrentUser = Annotated[AuthenticatedUser, Depends(current_user)]
# The session is still to be checked, by the route's own statements.
ClaimedUser = Annotated[Caller, Depends(claimed_identity)]
