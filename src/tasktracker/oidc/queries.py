"""SQL for the identities that external providers vouch for."""

from datetime import datetime

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

FIND_IDENTITY = Query("""
SELECT i.user_id, u.email, u.timezone
FROM user_identities i JOIN users u ON u.id = i.user_id
WHERE i.provider = :provider AND i.subject = :subject
""")

# ON CONFLICT makes a subject already linked an empty result, not a driver-specific exception.
INSERT_IDENTITY = Query("""
INSERT INTO user_identities (user_id, provider, subject, email, created_at)
VALUES (:user_id, :provider, :subject, :email, :now)
ON CONFLICT (provider, subject) DO NOTHING
RETURNING id
""")

HAS_PROVIDER = Query("""
SELECT EXISTS (SELECT 1 FROM user_identities WHERE user_id = :user_id AND provider = :provider)
""")

LIST_IDENTITIES = Query("""
SELECT provider, email, created_at FROM user_identities WHERE user_id = :user_id ORDER BY created_at, id
""")

# A write to the user's row: two unlinks of one user wait for each other (PostgreSQL's row lock,
# SQLite's database lock), so each sees what the other left and the last way in always stays.
LOCK_USER = Query("UPDATE users SET email = email WHERE id = :user_id")

HAS_PASSWORD = Query("SELECT password_hash IS NOT NULL AS has_password FROM users WHERE id = :user_id")

COUNT_OTHER_PROVIDERS = Query("""
SELECT COUNT(*) FROM user_identities WHERE user_id = :user_id AND provider <> :provider
""")

DELETE_IDENTITIES = Query("DELETE FROM user_identities WHERE user_id = :user_id AND provider = :provider")


async def find_identity(conn: Connection, provider: str, subject: str) -> Row | None:
    return await conn.fetchrow(FIND_IDENTITY, provider=provider, subject=subject)


async def insert_identity(
    conn: Connection, user_id: int, provider: str, subject: str, email: str | None, now: datetime
) -> bool:
    """False when the subject is linked already (to whichever user)."""
    row = await conn.fetchrow(
        INSERT_IDENTITY, user_id=user_id, provider=provider, subject=subject, email=email, now=now
    )
    return row is not None


async def has_provider(conn: Connection, user_id: int, provider: str) -> bool:
    return bool(await conn.fetchval(HAS_PROVIDER, user_id=user_id, provider=provider))


async def list_identities(conn: Connection, user_id: int) -> list[Row]:
    return list(await conn.fetch(LIST_IDENTITIES, user_id=user_id))


async def lock_user(conn: Connection, user_id: int) -> bool:
    """Whether the user has a password, holding their row until the transaction ends."""
    await conn.execute(LOCK_USER, user_id=user_id)
    return bool(await conn.fetchval(HAS_PASSWORD, user_id=user_id))


async def count_other_providers(conn: Connection, user_id: int, provider: str) -> int:
    return int(await conn.fetchval(COUNT_OTHER_PROVIDERS, user_id=user_id, provider=provider))


async def delete_identities(conn: Connection, user_id: int, provider: str) -> int:
    return await conn.execute(DELETE_IDENTITIES, user_id=user_id, provider=provider)
