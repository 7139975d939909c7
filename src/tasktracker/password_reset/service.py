"""Password reset, after OWASP's Forgot Password cheat sheet: the same answer and the same work
whether or not the address has an account, a random single-use token stored only as its hash,
valid 30 minutes, and every session ended once the password is set."""

import hashlib
import secrets
from datetime import datetime, timedelta

from tasktracker.auth import service as auth_service
from tasktracker.auth.ratelimit import LoginLimits
from tasktracker.auth.security import hash_password, in_hashing_thread
from tasktracker.db import Connection, Connections
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import Language, PasswordResetPayload
from tasktracker.password_reset import queries
from tasktracker.password_reset.errors import InvalidResetToken
from tasktracker.users import queries as user_queries
from tasktracker.users.emails import normalize_email

TOKEN_LIFETIME = timedelta(minutes=30)


def new_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def token_hash(token: str) -> str:
    # A fast hash is enough: the token is 256 random bits, not a guessable password.
    return hashlib.sha256(token.encode()).hexdigest()


async def request_reset(
    conn: Connection,
    email: str,
    *,
    locale: Language,
    client_ip: str,
    limiter: LoginLimits,
    now: datetime,
) -> int | None:
    """Record a token and its email for the account with this address, in the caller's
    transaction. The statements are the same when there is no such account (they then write
    nothing), so neither the answer nor its time tells whether there is one. Returns the outbox
    id to publish after commit, or None. Every request counts against the limits."""
    # Not a valid address: no stored one (they are all normalized) can equal it, so the same
    # statements find no account, as for any unknown address.
    email = normalize_email(email) or email.strip().lower()
    async with limiter.attempt(client_ip, email) as attempt:
        token = new_token()
        await queries.insert_token(conn, token_hash(token), email, now, now + TOKEN_LIFETIME)
        outbox_id = await outbox.enqueue_for_email(
            conn,
            MailKind.PASSWORD_RESET,
            PasswordResetPayload(token=token, locale=locale),
            email=email,
            now=now,
        )
        attempt.failed()
    return outbox_id


async def reset_password(
    connections: Connections, conn: Connection, token: str, new_password: str, *, now: datetime
) -> None:
    """Set the password of the token's user, use the token up (and any other of theirs) and end
    every session of the user, in the request's transaction `conn`.

    The token is checked first on a short use of a connection (`connections`), so an unknown one
    costs no Argon2 hash; the hash runs before the transaction's first statement, so it holds no
    lock; the token is then used up by a statement that only one request can win."""
    hashed_token = token_hash(token)
    async with connections.connection() as lookup:
        if await queries.find_usable(lookup, hashed_token, now) is None:
            raise InvalidResetToken
    password_hash = await in_hashing_thread(hash_password, new_password)
    user_id = await queries.consume(conn, hashed_token, now)
    if user_id is None:
        raise InvalidResetToken
    await queries.retire_user_tokens(conn, user_id, now)
    await user_queries.set_password_hash(conn, user_id, password_hash)
    await auth_service.end_every_session(conn, user_id, now=now)


async def purge_expired_tokens(conn: Connection, *, now: datetime) -> int:
    """Delete the tokens past their expiry (the session purge runs it daily); how many."""
    return await queries.delete_expired(conn, now)
