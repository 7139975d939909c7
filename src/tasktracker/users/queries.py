"""SQL for users."""

from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# ON CONFLICT makes a taken email an empty result rather than a driver-specific exception.
INSERT_USER = Query("""
INSERT INTO users (email, password_hash, timezone, locale, created_at)
VALUES (:email, :password_hash, :timezone, :locale, :now)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, timezone, locale, digest_enabled, digest_hour
""")

# An account made by an external provider's sign-in: no password until one is set (reset).
INSERT_PASSWORDLESS_USER = Query("""
INSERT INTO users (email, password_hash, timezone, created_at)
VALUES (:email, NULL, :timezone, :now)
ON CONFLICT (email) DO NOTHING
RETURNING id, email, timezone
""")

FIND_CREDENTIALS = Query("SELECT id, email, timezone, password_hash FROM users WHERE email = :email")

SET_PASSWORD_HASH = Query("UPDATE users SET password_hash = :password_hash WHERE id = :user_id")

# The user with each linked identity: one row per identity, or one with NULLs for none. One
# round trip, the same on both databases (no JSON aggregate, which each spells its own way).
ACCOUNT = Query("""
SELECT u.id, u.email, u.timezone, u.locale, u.digest_enabled, u.digest_hour,
       u.password_hash IS NOT NULL AS has_password, i.provider, i.email AS identity_email
FROM users u LEFT JOIN user_identities i ON i.user_id = u.id
WHERE u.id = :user_id
ORDER BY i.provider, i.id
""")

# What a password check and the notice email need.
PASSWORD_AND_LOCALE = Query("SELECT password_hash, locale FROM users WHERE id = :user_id")

# The preferences a user may change (PATCH /user), each to the value given, NULL included.
PREFERENCES = ("timezone", "locale", "digest_enabled", "digest_hour")


@lru_cache(maxsize=32)
def preferences_update(columns: frozenset[str]) -> Query:
    """The UPDATE of exactly the given preference columns, one statement per combination, built
    once: a column not sent keeps its value, and a NULL sent is set (the timezone is cleared)."""
    unknown = columns - set(PREFERENCES)
    if unknown or not columns:
        raise ValueError(f"not preferences: {sorted(unknown)}")
    assignments = ", ".join(f"{column} = :{column}" for column in PREFERENCES if column in columns)
    return Query(f"UPDATE users SET {assignments} WHERE id = :user_id")


# Everything the user owns goes with it: every table referring to users has ON DELETE CASCADE
# (SQLite enforces it: tasktracker.db turns foreign_keys on for each connection).
DELETE_USER = Query("DELETE FROM users WHERE id = :user_id")


async def insert_user(
    conn: Connection,
    email: str,
    password_hash: str,
    timezone: str | None,
    locale: str,
    now: datetime,
) -> Row | None:
    return await conn.fetchrow(
        INSERT_USER, email=email, password_hash=password_hash, timezone=timezone, locale=locale, now=now
    )


async def insert_passwordless_user(
    conn: Connection, email: str, timezone: str | None, now: datetime
) -> Row | None:
    return await conn.fetchrow(INSERT_PASSWORDLESS_USER, email=email, timezone=timezone, now=now)


async def find_credentials(conn: Connection, email: str) -> Row | None:
    return await conn.fetchrow(FIND_CREDENTIALS, email=email)


async def set_password_hash(conn: Connection, user_id: int, password_hash: str) -> None:
    await conn.execute(SET_PASSWORD_HASH, user_id=user_id, password_hash=password_hash)


async def account_rows(conn: Connection, user_id: int) -> list[Row]:
    return list(await conn.fetch(ACCOUNT, user_id=user_id))


async def password_and_locale(conn: Connection, user_id: int) -> Row | None:
    return await conn.fetchrow(PASSWORD_AND_LOCALE, user_id=user_id)


async def update_preferences(conn: Connection, user_id: int, values: Mapping[str, object]) -> None:
    await conn.execute(preferences_update(frozenset(values)), user_id=user_id, **values)


async def delete_user(conn: Connection, user_id: int) -> bool:
    return await conn.execute(DELETE_USER, user_id=user_id) == 1
