"""Who is calling: access token (Bearer header or cookie), or, for scripts, a personal access
token (Bearer) or HTTP Basic."""

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Request

from tasktracker.access_tokens import service as access_token_service
from tasktracker.access_tokens.errors import MissingScope, TokenNotAccepted
from tasktracker.access_tokens.schemas import TASKS_READ, TASKS_WRITE
from tasktracker.access_tokens.service import PREFIX as PERSONAL_TOKEN_PREFIX
from tasktracker.auth import service
from tasktracker.auth.ratelimit import LoginLimits
from tasktracker.auth.service import AuthenticatedUser, Caller
from tasktracker.dependencies import RequestDb, SettingsDep, request_database
from tasktracker.errors import NotAuthenticated

ACCESS_COOKIE = "access_token"
REFRESH_COOKIE = "refresh_token"


@dataclass(frozen=True, slots=True)
class BasicCredentials:
    email: str
    password: str


@dataclass(frozen=True, slots=True)
class PersonalToken:
    secret: str


# What a personal access token may still do on the account: read it (GET /user).
READ_METHODS = frozenset({"GET", "HEAD"})


async def get_login_limiter(request: Request) -> LoginLimits:
    limiter: LoginLimits = request.app.state.login_limiter
    return limiter


LoginLimiter = Annotated[LoginLimits, Depends(get_login_limiter)]


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def bearer_token(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def read_credentials(request: Request) -> str | PersonalToken | BasicCredentials:
    """The access token, personal access token or Basic credentials a request carries; the
    header wins over the cookie (which only ever holds a session's access token)."""
    header = request.headers.get("authorization")
    if header is None:
        token = request.cookies.get(ACCESS_COOKIE)
        if not token:
            raise NotAuthenticated
        return token
    token = bearer_token(request)
    if token:
        # Inline rather than a call: every Bearer request of a session passes here.
        return PersonalToken(token) if token.startswith(PERSONAL_TOKEN_PREFIX) else token
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


async def _authenticated(
    request: Request, database: RequestDb, settings: SettingsDep, limiter: LoginLimiter
) -> tuple[AuthenticatedUser, bool]:
    """The caller, with a live session, token (or the right password); and whether a personal
    access token identified them."""
    credentials = read_credentials(request)
    if isinstance(credentials, BasicCredentials):
        user = await service.check_password(
            database, credentials.email, credentials.password, client_ip=client_ip(request), limiter=limiter
        )
        return user, False
    now = datetime.now(UTC)
    async with database.connection() as conn:
        if isinstance(credentials, PersonalToken):
            grant = await access_token_service.authenticate(conn, credentials.secret, now=now)
            return grant.user, True
        return await service.authenticate_access_token(conn, credentials, settings=settings, now=now), False


async def current_user(
    request: Request, database: RequestDb, settings: SettingsDep, limiter: LoginLimiter
) -> AuthenticatedUser:
    """The caller. A personal access token may only read the account: it is for scripts that
    work on tasks, and a leaked one must not change or delete the account."""
    user, by_token = await _authenticated(request, database, settings, limiter)
    if by_token and request.method not in READ_METHODS:
        raise TokenNotAccepted
    return user


async def signed_in_user(
    request: Request, database: RequestDb, settings: SettingsDep, limiter: LoginLimiter
) -> AuthenticatedUser:
    """The caller by session or password, never by personal access token: for what a token must
    not reach even to read, such as the tokens themselves (a token cannot make another)."""
    user, by_token = await _authenticated(request, database, settings, limiter)
    if by_token:
        raise TokenNotAccepted
    return user


def _claimed_identity(scope: str | None) -> Callable[[Request], Awaitable[Caller]]:
    """The dependency for routes whose statements check the session themselves (one round trip
    a request), accepting personal access tokens that have `scope` (none when it is None). It
    takes the request alone: on the hot path, each sub-dependency costs more than the check; and
    the scope is checked only in the token's branch, so a session's request pays nothing for it.
    A token is checked here, by its own statement: its caller has no session for the route's
    statements to check."""

    async def claimed_identity(request: Request) -> Caller:
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
        if isinstance(credentials, PersonalToken):
            now = datetime.now(UTC)
            async with request_database(request).connection() as conn:
                grant = await access_token_service.authenticate(conn, credentials.secret, now=now)
            if scope is None:
                raise TokenNotAccepted
            if scope not in grant.scopes:
                raise MissingScope(scope)
            return Caller(grant.user.id, None)
        claims = service.read_access_token(credentials, state.settings)
        return Caller(claims.user_id, claims.session_id)

    return claimed_identity


CurrentUser = Annotated[AuthenticatedUser, Depends(current_user)]
# Refuses personal access tokens whatever the method.
SignedInUser = Annotated[AuthenticatedUser, Depends(signed_in_user)]
# The session is still to be checked, by the route's own statements. ClaimedUser refuses personal
# access tokens: a route accepts them by naming the scope they need.
ClaimedUser = Annotated[Caller, Depends(_claimed_identity(None))]
claim_tasks_reader = _claimed_identity(TASKS_READ)
claim_tasks_writer = _claimed_identity(TASKS_WRITE)  # also called as it is by the hottest writes
TasksReader = Annotated[Caller, Depends(claim_tasks_reader)]
TasksWriter = Annotated[Caller, Depends(claim_tasks_writer)]
