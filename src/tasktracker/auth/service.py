"""Sessions: log in, refresh with rotation and reuse detection, log out, authenticate requests."""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from tasktracker.auth import queries
from tasktracker.auth.devices import describe_user_agents
from tasktracker.auth.errors import InvalidCredentials, RefreshTokenReused, SessionExpired, SessionNotFound
from tasktracker.auth.ratelimit import LoginLimits
from tasktracker.auth.security import (
    AccessClaims,
    decode_access_token,
    hash_refresh_token,
    in_hashing_thread,
    issue_access_token,
    new_refresh_token,
    new_session_id,
    verify_password,
)
from tasktracker.config import Settings
from tasktracker.db import Connection, Connections
from tasktracker.users import queries as user_queries
from tasktracker.users.emails import normalize_email


@dataclass(frozen=True, slots=True)
class AuthenticatedUser:
    id: int
    email: str
    timezone: str | None = None
    # The session the request is authenticated by; None for HTTP Basic (no session).
    session_id: str | None = None


@dataclass(frozen=True, slots=True)
class Caller:
    """Who a request acts for: a user whose password (or personal access token, within its
    scopes: auth.dependencies) was just checked (`session_id` None), or
    the claims of a valid access token, whose session is NOT yet known to be alive: the
    statements the request runs check it themselves (`auth.queries.LIVE_SESSION`), so the
    check costs no round trip of its own."""

    user_id: int
    session_id: str | None


# sessions.ip: an IPv6 address in its longest text form.
MAX_IP_LENGTH = 45


@dataclass(frozen=True, slots=True)
class IssuedSession:
    user: AuthenticatedUser
    access_token: str
    refresh_token: str


def _access_token(settings: Settings, claims: AccessClaims, now: datetime) -> str:
    return issue_access_token(
        claims,
        secret=settings.jwt_secret,
        algorithm=settings.jwt_algorithm,
        now=now,
        ttl=timedelta(seconds=settings.access_token_ttl_seconds),
    )


async def _issue_refresh_token(conn: Connection, session_id: str, now: datetime) -> str:
    token = new_refresh_token()
    await queries.insert_refresh_token(conn, hash_refresh_token(token), session_id, now)
    return token


async def start_session(
    conn: Connection,
    user: AuthenticatedUser,
    *,
    user_agent: str | None,
    client_ip: str,
    settings: Settings,
    now: datetime,
) -> IssuedSession:
    session_id = new_session_id()
    expires_at = now + timedelta(days=settings.refresh_token_ttl_days)
    await queries.insert_session(
        conn,
        session_id,
        user.id,
        (user_agent or "")[:512] or None,
        client_ip[:MAX_IP_LENGTH],
        now,
        expires_at,
    )
    refresh_token = await _issue_refresh_token(conn, session_id, now)
    access_token = _access_token(settings, AccessClaims(user.id, session_id), now)
    return IssuedSession(replace(user, session_id=session_id), access_token, refresh_token)


async def check_password(
    connections: Connections,
    email: str,
    password: str,
    *,
    client_ip: str,
    limiter: LoginLimits,
) -> AuthenticatedUser:
    """The user these credentials belong to; the same failure, at the same cost, for an
    unknown email and a wrong password. The lookup takes a connection of its own and gives it
    back before the Argon2 check: no connection (or SQLite's lock) is held while it runs."""
    normalized = normalize_email(email)
    async with limiter.attempt(client_ip, normalized or email.strip().lower()) as attempt:
        row = None
        if normalized is not None:  # an invalid address cannot be a stored one
            async with connections.connection() as conn:
                row = await user_queries.find_credentials(conn, normalized)
        matches = await in_hashing_thread(verify_password, password, row["password_hash"] if row else None)
        if row is None or not matches:
            attempt.failed()
            raise InvalidCredentials
        attempt.succeeded()
    return AuthenticatedUser(row["id"], row["email"], row["timezone"])


async def log_in(
    conn: Connection,
    user: AuthenticatedUser,
    *,
    replaced_refresh_token: str | None,
    user_agent: str | None,
    client_ip: str,
    settings: Settings,
    now: datetime,
) -> IssuedSession:
    """A new session for a user whose password was checked. The session the browser held
    before (its refresh cookie) is ended: it would otherwise live on for a month, unseen."""
    if replaced_refresh_token:
        await _revoke_session_of(conn, replaced_refresh_token, now)
    return await start_session(
        conn, user, user_agent=user_agent, client_ip=client_ip, settings=settings, now=now
    )


async def _revoke_session_of(conn: Connection, refresh_token: str, now: datetime) -> None:
    row = await queries.find_refresh_token(conn, hash_refresh_token(refresh_token))
    if row is not None:
        await queries.revoke_session(conn, row["session_id"], now)


async def refresh(
    conn: Connection, refresh_token: str, *, client_ip: str, settings: Settings, now: datetime
) -> IssuedSession:
    token_hash = hash_refresh_token(refresh_token)
    row = await queries.find_refresh_token(conn, token_hash)
    if row is None or row["revoked_at"] is not None or row["expires_at"] <= now:
        raise SessionExpired
    session_id: str = row["session_id"]
    rotated_at: datetime | None = row["rotated_at"]
    if rotated_at is None and not await queries.mark_rotated(conn, token_hash, now):
        rotated_at = now  # a concurrent request rotated it this very moment
    # A token rotated seconds ago is most likely the same browser's other tab (or a retry after a
    # lost response), not a thief: within the grace it gets a new token of its own. Later, a
    # rotated token can only be a copy, and the whole session ends.
    grace = timedelta(seconds=settings.refresh_reuse_grace_seconds)
    if rotated_at is not None and now - rotated_at >= grace:
        await queries.revoke_session(conn, session_id, now)
        raise RefreshTokenReused
    await queries.extend_session(
        conn,
        session_id,
        now + timedelta(days=settings.refresh_token_ttl_days),
        client_ip[:MAX_IP_LENGTH],
        now,
    )
    new_token = await _issue_refresh_token(conn, session_id, now)
    user = AuthenticatedUser(row["user_id"], row["email"], row["timezone"], session_id)
    return IssuedSession(user, _access_token(settings, AccessClaims(user.id, session_id), now), new_token)


async def log_out(
    conn: Connection,
    *,
    access_token: str | None,
    refresh_token: str | None,
    settings: Settings,
    now: datetime,
) -> None:
    """End the session either token belongs to; an expired access token still names it."""
    if access_token:
        claims = decode_access_token(
            access_token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm, verify_expiry=False
        )
        if claims is not None:
            await queries.revoke_session(conn, claims.session_id, now)
    if refresh_token:
        await _revoke_session_of(conn, refresh_token, now)


async def end_every_session(conn: Connection, user_id: int, *, now: datetime) -> None:
    """End every live session of the user (a password reset): their access tokens get 401 on
    the next request, their refresh tokens no longer refresh."""
    await queries.revoke_user_sessions(conn, user_id, now)


async def end_other_sessions(
    conn: Connection, user_id: int, *, keep_session_id: str | None, now: datetime
) -> None:
    """End every live session of the user but `keep_session_id` (all of them given None: a
    request authenticated by HTTP Basic has no session of its own)."""
    if keep_session_id is None:
        await queries.revoke_user_sessions(conn, user_id, now)
    else:
        await queries.revoke_other_sessions(conn, user_id, keep_session_id, now)


async def end_session(conn: Connection, user_id: int, session_id: str, *, now: datetime) -> None:
    """End one live session of the user; SessionNotFound when it is not theirs or not alive."""
    if not await queries.revoke_user_session(conn, user_id, session_id, now):
        raise SessionNotFound


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: str
    current: bool
    created_at: datetime
    last_seen_at: datetime | None
    # As a person reads it ("Chrome 120 on Linux"), and as the browser sent it.
    device: str | None
    user_agent: str | None
    ip: str | None


async def list_sessions(
    conn: Connection, user_id: int, *, current_session_id: str | None, now: datetime
) -> list[SessionInfo]:
    """The user's live sessions, newest first."""
    rows = await queries.live_sessions(conn, user_id, now)
    devices = await describe_user_agents([row["user_agent"] for row in rows])
    return [
        SessionInfo(
            id=row["id"],
            current=row["id"] == current_session_id,
            created_at=row["created_at"],
            last_seen_at=row["last_seen_at"],
            device=device,
            user_agent=row["user_agent"],
            ip=row["ip"],
        )
        for row, device in zip(rows, devices, strict=True)
    ]


async def session_started_at(conn: Connection, session_id: str) -> datetime | None:
    started_at: datetime | None = await queries.session_created_at(conn, session_id)
    return started_at


def read_access_token(token: str, settings: Settings) -> AccessClaims:
    """Signature and expiry only; the caller still checks that the session is alive."""
    claims = decode_access_token(token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm)
    if claims is None:
        raise SessionExpired
    return claims


async def authenticate_access_token(
    conn: Connection, token: str, *, settings: Settings, now: datetime
) -> AuthenticatedUser:
    claims = read_access_token(token, settings)
    row = await queries.live_session_user(conn, claims.session_id, claims.user_id, now)
    if row is None:
        raise SessionExpired
    return AuthenticatedUser(row["id"], row["email"], row["timezone"], claims.session_id)


# Ended sessions are kept a little while for support questions ("why was I logged out?").
ENDED_SESSION_RETENTION = timedelta(days=7)


async def purge_sessions(conn: Connection, *, settings: Settings, now: datetime) -> tuple[int, int]:
    """Delete sessions (with their refresh tokens) that ended a while ago, and refresh tokens of
    live sessions rotated longer ago than a refresh token lives. Returns both counts."""
    sessions = await queries.delete_ended_sessions(conn, now - ENDED_SESSION_RETENTION)
    tokens = await queries.delete_rotated_tokens(conn, now - timedelta(days=settings.refresh_token_ttl_days))
    return sessions, tokens
