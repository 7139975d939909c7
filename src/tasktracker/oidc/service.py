"""Who a provider's sign-in is in our accounts: an identity already linked, an account with the
same verified email (linked now), or a new account; and linking and unlinking from settings."""

from dataclasses import dataclass
from datetime import datetime

from tasktracker.auth import service as auth_service
from tasktracker.auth.service import AuthenticatedUser
from tasktracker.config import Settings
from tasktracker.db import Connection, Row
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import WelcomePayload
from tasktracker.oidc import queries
from tasktracker.oidc.client import ProviderIdentity
from tasktracker.oidc.errors import IdentityNotLinked, LastWayIn, SignInFailed, SignInFailure
from tasktracker.users import queries as user_queries
from tasktracker.users.emails import normalize_email


@dataclass(frozen=True, slots=True)
class SignedIn:
    session: auth_service.IssuedSession
    # A new account's welcome email, published after the commit (see the router).
    welcome_outbox_id: int | None


def _user(row: Row, id_key: str = "id") -> AuthenticatedUser:
    return AuthenticatedUser(row[id_key], row["email"], row["timezone"])


async def _link(conn: Connection, user_id: int, identity: ProviderIdentity, now: datetime) -> None:
    # One identity per provider and account: unlinking is by provider, and two accounts of one
    # provider on one person's account would be a surprise rather than a feature.
    if await queries.has_provider(conn, user_id, identity.provider):
        raise SignInFailed(SignInFailure.PROVIDER_ALREADY_LINKED)
    if not await queries.insert_identity(
        conn, user_id, identity.provider, identity.subject, identity.email, now
    ):
        raise SignInFailed(SignInFailure.IDENTITY_TAKEN)  # another account's, linked meanwhile


async def _account_for(
    conn: Connection, identity: ProviderIdentity, timezone: str | None, now: datetime
) -> tuple[AuthenticatedUser, int | None]:
    """The account a first sign-in with this identity belongs to, made if need be, and the
    welcome email of a new one. The email decides, and only an address the provider verified:
    an unverified one could be anybody's, and matching it would hand them that account (or,
    for a new account, let them claim an address before its owner signs up)."""
    email = normalize_email(identity.email) if identity.email else None
    if email is None:
        raise SignInFailed(SignInFailure.EMAIL_MISSING)
    if not identity.email_verified:
        raise SignInFailed(SignInFailure.EMAIL_UNVERIFIED)
    created = await user_queries.insert_passwordless_user(conn, email, timezone, now)
    if created is not None:
        user = _user(created)
        welcome = await outbox.enqueue(conn, MailKind.WELCOME, WelcomePayload(), user_id=user.id, now=now)
        return user, welcome
    existing = await user_queries.find_credentials(conn, email)
    assert existing is not None  # the insert met it, and accounts are deleted by their owner only
    return _user(existing), None


async def sign_in(
    conn: Connection,
    identity: ProviderIdentity,
    *,
    timezone: str | None,
    user_agent: str | None,
    client_ip: str,
    settings: Settings,
    now: datetime,
) -> SignedIn:
    """Our own session for whoever the provider vouched for (never the provider's tokens); a
    new account gets `timezone` (the browser's)."""
    row = await queries.find_identity(conn, identity.provider, identity.subject)
    welcome = None
    if row is not None:
        user = _user(row, "user_id")
    else:
        user, welcome = await _account_for(conn, identity, timezone, now)
        await _link(conn, user.id, identity, now)
    session = await auth_service.start_session(
        conn, user, user_agent=user_agent, client_ip=client_ip, settings=settings, now=now
    )
    return SignedIn(session=session, welcome_outbox_id=welcome)


async def link(conn: Connection, user_id: int, identity: ProviderIdentity, *, now: datetime) -> None:
    """Tie the identity to the signed-in user; its email need not match theirs nor be verified:
    they proved both ends themselves."""
    row = await queries.find_identity(conn, identity.provider, identity.subject)
    if row is not None:
        if row["user_id"] != user_id:
            raise SignInFailed(SignInFailure.IDENTITY_TAKEN)
        return
    await _link(conn, user_id, identity, now)


async def identities(conn: Connection, user_id: int) -> list[Row]:
    return await queries.list_identities(conn, user_id)


async def unlink(conn: Connection, user_id: int, provider: str) -> None:
    """Remove the provider from the account, unless it is the last way in."""
    has_password = await queries.lock_user(conn, user_id)
    if not await queries.has_provider(conn, user_id, provider):
        raise IdentityNotLinked
    if not has_password and await queries.count_other_providers(conn, user_id, provider) == 0:
        raise LastWayIn
    await queries.delete_identities(conn, user_id, provider)
