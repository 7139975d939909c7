"""The account: registration (the user, their first session and their welcome email), its
preferences, password and deletion, each in the request's transaction."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from tasktracker.auth import service as auth_service
from tasktracker.auth.devices import describe_user_agents
from tasktracker.auth.ratelimit import LoginLimits
from tasktracker.auth.security import hash_password, in_hashing_thread, verify_password
from tasktracker.config import Settings
from tasktracker.db import Connection, Connections, Row
from tasktracker.errors import NotAuthenticated
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import PasswordChangedPayload, WelcomePayload
from tasktracker.password_reset import queries as password_reset_queries
from tasktracker.tasks import service as tasks_service
from tasktracker.users import queries
from tasktracker.users.errors import EmailTaken, PasswordRequired, RecentSignInRequired, WrongPassword
from tasktracker.users.schemas import RegisterRequest, UserPatch

# How recent a sign-in must be for an account without a password to be deleted.
RECENT_SIGN_IN = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Identity:
    provider: str
    email: str | None


@dataclass(frozen=True, slots=True)
class Account:
    id: int
    email: str
    timezone: str | None
    locale: str
    has_password: bool
    digest_enabled: bool
    digest_hour: int
    identities: tuple[Identity, ...] = ()


def _account(row: Row, *, has_password: bool, identities: tuple[Identity, ...]) -> Account:
    return Account(
        id=row["id"],
        email=row["email"],
        timezone=row["timezone"],
        locale=row["locale"],
        has_password=has_password,
        # SQLite gives a computed boolean back as 0 or 1.
        digest_enabled=bool(row["digest_enabled"]),
        digest_hour=row["digest_hour"],
        identities=identities,
    )


async def account(conn: Connection, user_id: int) -> Account:
    """The user as GET /user shows them, with their linked identities: one statement."""
    rows = await queries.account_rows(conn, user_id)
    if not rows:  # deleted by a concurrent request since the caller was authenticated
        raise NotAuthenticated
    identities = tuple(
        Identity(row["provider"], row["identity_email"]) for row in rows if row["provider"] is not None
    )
    return _account(rows[0], has_password=bool(rows[0]["has_password"]), identities=identities)


@dataclass(frozen=True, slots=True)
class Registration:
    session: auth_service.IssuedSession
    account: Account
    # Published after the commit (see the router); the outbox sweep covers a failed publish.
    welcome_outbox_id: int


async def register(
    conn: Connection,
    request: RegisterRequest,
    *,
    user_agent: str | None,
    client_ip: str,
    settings: Settings,
    now: datetime,
) -> Registration:
    # Argon2 takes tens of milliseconds of CPU: hashed in a hashing thread before the first
    # statement, so the request's transaction has not begun and holds no lock or pooled connection.
    password_hash = await in_hashing_thread(hash_password, request.password)
    row = await queries.insert_user(conn, request.email, password_hash, request.timezone, request.locale, now)
    if row is None:
        raise EmailTaken
    user = auth_service.AuthenticatedUser(row["id"], row["email"], row["timezone"])
    session = await auth_service.start_session(
        conn, user, user_agent=user_agent, client_ip=client_ip, settings=settings, now=now
    )
    welcome_outbox_id = await outbox.enqueue(
        conn, MailKind.WELCOME, WelcomePayload(locale=request.locale), user_id=user.id, now=now
    )
    # A new account has a password and no linked identity: nothing more to read.
    return Registration(session, _account(row, has_password=True, identities=()), welcome_outbox_id)


async def update_preferences(
    conn: Connection,
    user: auth_service.AuthenticatedUser,
    patch: UserPatch,
    *,
    default_timezone: str,
    now: datetime,
) -> Account:
    """Set what the patch sends, and only that; the user as it then is. A change of timezone
    moves the user's timed tasks so that each stays due at the same instant."""
    user_id = user.id
    values: dict[str, object] = {
        field: getattr(patch, field) for field in ("timezone", "locale") if field in patch.model_fields_set
    }
    if patch.digest is not None:
        sent = patch.digest.model_fields_set
        values.update(
            {
                f"digest_{field}": getattr(patch.digest, field)
                for field in ("enabled", "hour")
                if field in sent
            }
        )
    await queries.update_preferences(conn, user_id, values)
    if "timezone" in values and values["timezone"] != user.timezone:
        await tasks_service.keep_due_instants(
            conn,
            user_id,
            old_timezone=user.timezone or default_timezone,
            new_timezone=patch.timezone or default_timezone,
            now=now,
        )
    return await account(conn, user_id)


async def _stored_password(connections: Connections, user_id: int) -> Row:
    """The user's password hash and locale, on a short use of a connection given back before
    any Argon2 work."""
    async with connections.connection() as lookup:
        row = await queries.password_and_locale(lookup, user_id)
    if row is None:
        raise NotAuthenticated
    return row


async def _confirm_password(
    password_hash: str,
    password: str | None,
    *,
    field: str,
    email: str,
    client_ip: str,
    limiter: LoginLimits,
) -> None:
    """WrongPassword unless `password` is the user's. Wrong ones count towards the login limits,
    so a stolen session cannot be used to guess the password."""
    if password is None:
        raise PasswordRequired(field)
    async with limiter.attempt(client_ip, email) as attempt:
        if not await in_hashing_thread(verify_password, password, password_hash):
            attempt.failed()
            raise WrongPassword(field)
        attempt.succeeded()


async def change_password(
    connections: Connections,
    conn: Connection,
    user: auth_service.AuthenticatedUser,
    *,
    current_password: str | None,
    new_password: str,
    client_ip: str,
    user_agent: str | None,
    limiter: LoginLimits,
    now: datetime,
) -> int:
    """Set a new password (the current one confirms it, unless the account has none), end every
    other session of the user and any password reset link still unused, and record the notice
    email. Returns the outbox id to publish after commit."""
    stored = await _stored_password(connections, user.id)
    if stored["password_hash"] is not None:
        await _confirm_password(
            stored["password_hash"],
            current_password,
            field="current_password",
            email=user.email,
            client_ip=client_ip,
            limiter=limiter,
        )
    # Hashed (and the device named) before the transaction's first statement, as at registration.
    password_hash = await in_hashing_thread(hash_password, new_password)
    [device] = await describe_user_agents([user_agent])
    await queries.set_password_hash(conn, user.id, password_hash)
    await auth_service.end_other_sessions(conn, user.id, keep_session_id=user.session_id, now=now)
    await password_reset_queries.retire_user_tokens(conn, user.id, now)
    notice = PasswordChangedPayload(locale=stored["locale"], device=device, ip=client_ip)
    return await outbox.enqueue(conn, MailKind.PASSWORD_CHANGED, notice, user_id=user.id, now=now)


async def delete_account(
    connections: Connections,
    conn: Connection,
    user: auth_service.AuthenticatedUser,
    *,
    password: str | None,
    client_ip: str,
    limiter: LoginLimits,
    now: datetime,
) -> None:
    """Delete the user and everything they own (tasks, sessions and their refresh tokens,
    identities, access tokens, reset tokens, emails) in one statement. The password confirms it;
    an account without one needs a session started within RECENT_SIGN_IN instead."""
    stored = await _stored_password(connections, user.id)
    if stored["password_hash"] is not None:
        await _confirm_password(
            stored["password_hash"],
            password,
            field="password",
            email=user.email,
            client_ip=client_ip,
            limiter=limiter,
        )
    else:
        async with connections.connection() as lookup:
            started_at = (
                await auth_service.session_started_at(lookup, user.session_id) if user.session_id else None
            )
        if started_at is None or now - started_at > RECENT_SIGN_IN:
            raise RecentSignInRequired
    if not await queries.delete_user(conn, user.id):
        raise NotAuthenticated
