"""Personal access tokens: made (the secret returned once), listed, revoked, and checked on each
request that carries one.

The secret is `ttp_` and 256 random bits (URL-safe base64): the prefix tells a token apart from a
session's JWT without parsing it (and lets secret scanners recognise a leaked one). Only its
SHA-256 is stored: a fast hash suffices for a random secret that cannot be guessed, and keeps the
per-request lookup one indexed equality.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tasktracker.access_tokens import queries
from tasktracker.access_tokens.errors import AccessTokenNotFound, InvalidAccessToken
from tasktracker.access_tokens.schemas import AccessTokenCreate
from tasktracker.auth.service import AuthenticatedUser
from tasktracker.db import Connection, Row

PREFIX = "ttp_"
SECRET_BYTES = 32  # 256 bits
# The stored `prefix`: the first characters of the secret, shown in the list. 8 random characters
# (48 bits) tell a user's tokens apart and say nothing useful about the other 250 bits.
VISIBLE_CHARACTERS = len(PREFIX) + 8
# A token's last use is recorded at most this often (see queries.use).
LAST_USE_RESOLUTION = timedelta(minutes=1)


def is_personal_token(token: str) -> bool:
    """Whether a bearer token is one of these (rather than a session's access JWT)."""
    return token.startswith(PREFIX)


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(SECRET_BYTES)


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """Who a valid token acts for, and what it may do."""

    user: AuthenticatedUser
    scopes: frozenset[str]


def _shown(row: Row) -> dict[str, object]:
    """A row as the API shows it: the scopes as a sorted list."""
    return {**row, "scopes": sorted(row["scopes"].split())}


async def create_token(
    conn: Connection, user_id: int, request: AccessTokenCreate, *, now: datetime
) -> tuple[dict[str, object], str]:
    """The new token as listed, and its secret (never retrievable again)."""
    secret = new_secret()
    row = await queries.insert(
        conn,
        user_id=user_id,
        name=request.name,
        token_hash=token_hash(secret),
        prefix=secret[:VISIBLE_CHARACTERS],
        scopes=" ".join(sorted(set(request.scopes))),
        now=now,
        expires_at=now + timedelta(days=request.expires_in_days),
    )
    return _shown(row), secret


async def list_tokens(conn: Connection, user_id: int) -> list[dict[str, object]]:
    return [_shown(row) for row in await queries.list_for_user(conn, user_id)]


async def revoke_token(conn: Connection, user_id: int, token_id: int) -> None:
    """Delete the token: its next request gets 401. Another user's token is not found."""
    if not await queries.delete(conn, token_id, user_id):
        raise AccessTokenNotFound


async def authenticate(conn: Connection, secret: str, *, now: datetime) -> TokenGrant:
    """The user and scopes of a live token, recording its use; 401 for any other."""
    row = await queries.use(conn, token_hash(secret), now, now - LAST_USE_RESOLUTION)
    if row is None:
        raise InvalidAccessToken
    user = AuthenticatedUser(row["id"], row["email"], row["timezone"])
    return TokenGrant(user, frozenset(row["scopes"].split()))
