"""Registration: the user, their first session and their welcome email, in the request's transaction."""

from dataclasses import dataclass
from datetime import datetime

from tasktracker.auth import service as auth_service
from tasktracker.auth.security import hash_password, in_hashing_thread
from tasktracker.config import Settings
from tasktracker.db import Connection
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import WelcomePayload
from tasktracker.users import queries
from tasktracker.users.errors import EmailTaken
from tasktracker.users.schemas import RegisterRequest


@dataclass(frozen=True, slots=True)
class Registration:
    session: auth_service.IssuedSession
    # Published after the commit (see the router); the outbox sweep covers a failed publish.
    welcome_outbox_id: int


async def register(
    conn: Connection,
    request: RegisterRequest,
    *,
    user_agent: str | None,
    settings: Settings,
    now: datetime,
) -> Registration:
    # Argon2 takes tens of milliseconds of CPU: hashed in a hashing thread before the first
    # statement, so the request's transaction has not begun and holds no lock or pooled connection.
    password_hash = await in_hashing_thread(hash_password, request.password)
    row = await queries.insert_user(conn, request.email, password_hash, request.timezone, now)
    if row is None:
        raise EmailTaken
    user = auth_service.AuthenticatedUser(row["id"], row["email"], row["timezone"])
    session = await auth_service.start_session(conn, user, user_agent=user_agent, settings=settings, now=now)
    locale = await outbox.user_language(conn, user.id)
    welcome_outbox_id = await outbox.enqueue(
        conn, MailKind.WELCOME, WelcomePayload(locale=locale), user_id=user.id, now=now
    )
    return Registration(session=session, welcome_outbox_id=welcome_outbox_id)
