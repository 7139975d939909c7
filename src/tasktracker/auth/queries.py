"""SQL for sessions and refresh tokens."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# A session is alive: not revoked, not expired, and the user's the token names. The one home of
# the rule; statements that check the session in passing (the task list) compose it, with the
# session as `s` and the parameters :session_id, :user_id and :now.
LIVE_SESSION = "s.id = :session_id AND s.user_id = :user_id AND s.revoked_at IS NULL AND s.expires_at > :now"

SESSION_ALIVE = Query(f"SELECT 1 FROM sessions s WHERE {LIVE_SESSION}")


async def session_alive(conn: Connection, user_id: int, session_id: str | None, now: datetime) -> bool:
    """Whether a token caller's session is alive (a password or personal token caller's, with no
    session, was checked already): for the requests that cannot fold the check into their SQL."""
    if session_id is None:
        return True
    return await conn.fetchrow(SESSION_ALIVE, user_id=user_id, session_id=session_id, now=now) is not None


async def rows_for_caller(
    conn: Connection, statements: tuple[Query, Query], user_id: int, session_id: str | None, now: datetime
) -> Sequence[Row] | None:
    """The rows of a (password caller, token caller) statement pair whose token variant LEFT
    JOINs the rows to the live session: no row at all means the session is not alive (None), one
    all-NULL row means none."""
    variant, caller = caller_params(user_id, session_id, now)
    rows = await conn.fetch(statements[variant], **caller)
    if variant == 0:
        return rows
    if not rows:
        return None
    return [] if rows[0]["id"] is None else rows


def caller_params(user_id: int, session_id: str | None, now: datetime) -> tuple[int, dict[str, Any]]:
    """For a statement pair of (password caller, token caller) variants, the one a caller takes
    (`session_id is not None`) and its parameters (the token caller's for LIVE_SESSION)."""
    if session_id is None:
        return 0, {"user_id": user_id}
    return 1, {"user_id": user_id, "session_id": session_id, "now": now}


INSERT_SESSION = Query("""
INSERT INTO sessions (id, user_id, user_agent, ip, created_at, expires_at, last_seen_at)
VALUES (:session_id, :user_id, :user_agent, :ip, :now, :expires_at, :now)
""")

INSERT_REFRESH_TOKEN = Query("""
INSERT INTO refresh_tokens (token_hash, session_id, created_at) VALUES (:token_hash, :session_id, :now)
""")

# The token with its session's state, in one lookup.
FIND_REFRESH_TOKEN = Query("""
SELECT r.session_id, r.rotated_at, s.user_id, s.revoked_at, s.expires_at, u.email, u.timezone
FROM refresh_tokens r
JOIN sessions s ON s.id = r.session_id
JOIN users u ON u.id = s.user_id
WHERE r.token_hash = :token_hash
""")

# Only the current token rotates; a concurrent rotation of the same token changes no row.
MARK_ROTATED = Query("""
UPDATE refresh_tokens SET rotated_at = :now WHERE token_hash = :token_hash AND rotated_at IS NULL
""")

# A refresh is the session's use as recorded: once per access token's lifetime, not per request.
EXTEND_SESSION = Query("""
UPDATE sessions SET expires_at = :expires_at, ip = :ip, last_seen_at = :now WHERE id = :session_id
""")

REVOKE_SESSION = Query("UPDATE sessions SET revoked_at = :now WHERE id = :session_id AND revoked_at IS NULL")

REVOKE_USER_SESSIONS = Query(
    "UPDATE sessions SET revoked_at = :now WHERE user_id = :user_id AND revoked_at IS NULL"
)

REVOKE_OTHER_SESSIONS = Query("""
UPDATE sessions SET revoked_at = :now
WHERE user_id = :user_id AND revoked_at IS NULL AND id <> :keep_session_id
""")

REVOKE_USER_SESSION = Query("""
UPDATE sessions SET revoked_at = :now
WHERE id = :session_id AND user_id = :user_id AND revoked_at IS NULL AND expires_at > :now
""")

LIVE_SESSIONS = Query("""
SELECT id, created_at, last_seen_at, user_agent, ip
FROM sessions
WHERE user_id = :user_id AND revoked_at IS NULL AND expires_at > :now
ORDER BY created_at DESC, id
""")

SESSION_CREATED_AT = Query("SELECT created_at FROM sessions WHERE id = :session_id")

# The per-request check: the session is alive and gives the user, one primary-key lookup.
LIVE_SESSION_USER = Query(f"""
SELECT u.id, u.email, u.timezone
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE {LIVE_SESSION}
""")


async def insert_session(
    conn: Connection,
    session_id: str,
    user_id: int,
    user_agent: str | None,
    ip: str,
    now: datetime,
    expires_at: datetime,
) -> None:
    await conn.execute(
        INSERT_SESSION,
        session_id=session_id,
        user_id=user_id,
        user_agent=user_agent,
        ip=ip,
        now=now,
        expires_at=expires_at,
    )


async def insert_refresh_token(conn: Connection, token_hash: str, session_id: str, now: datetime) -> None:
    await conn.execute(INSERT_REFRESH_TOKEN, token_hash=token_hash, session_id=session_id, now=now)


async def find_refresh_token(conn: Connection, token_hash: str) -> Row | None:
    return await conn.fetchrow(FIND_REFRESH_TOKEN, token_hash=token_hash)


async def mark_rotated(conn: Connection, token_hash: str, now: datetime) -> bool:
    return await conn.execute(MARK_ROTATED, token_hash=token_hash, now=now) == 1


async def extend_session(
    conn: Connection, session_id: str, expires_at: datetime, ip: str, now: datetime
) -> None:
    await conn.execute(EXTEND_SESSION, session_id=session_id, expires_at=expires_at, ip=ip, now=now)


async def revoke_session(conn: Connection, session_id: str, now: datetime) -> None:
    await conn.execute(REVOKE_SESSION, session_id=session_id, now=now)


async def revoke_user_sessions(conn: Connection, user_id: int, now: datetime) -> None:
    await conn.execute(REVOKE_USER_SESSIONS, user_id=user_id, now=now)


async def revoke_other_sessions(conn: Connection, user_id: int, keep_session_id: str, now: datetime) -> None:
    await conn.execute(REVOKE_OTHER_SESSIONS, user_id=user_id, keep_session_id=keep_session_id, now=now)


async def revoke_user_session(conn: Connection, user_id: int, session_id: str, now: datetime) -> bool:
    return await conn.execute(REVOKE_USER_SESSION, user_id=user_id, session_id=session_id, now=now) == 1


async def live_sessions(conn: Connection, user_id: int, now: datetime) -> list[Row]:
    return list(await conn.fetch(LIVE_SESSIONS, user_id=user_id, now=now))


async def session_created_at(conn: Connection, session_id: str) -> datetime | None:
    created_at: datetime | None = await conn.fetchval(SESSION_CREATED_AT, session_id=session_id)
    return created_at


async def live_session_user(conn: Connection, session_id: str, user_id: int, now: datetime) -> Row | None:
    return await conn.fetchrow(LIVE_SESSION_USER, session_id=session_id, user_id=user_id, now=now)


# Refresh tokens go with their session (ON DELETE CASCADE).
DELETE_ENDED_SESSIONS = Query("DELETE FROM sessions WHERE expires_at < :cutoff OR revoked_at < :cutoff")


# A long-lived session rotates its refresh token every 15 minutes or so: the old ones are kept to
# recognise a replay, but not forever.
DELETE_ROTATED_TOKENS = Query("DELETE FROM refresh_tokens WHERE rotated_at < :cutoff")


async def delete_ended_sessions(conn: Connection, ended_before: datetime) -> int:
    return await conn.execute(DELETE_ENDED_SESSIONS, cutoff=ended_before)


async def delete_rotated_tokens(conn: Connection, rotated_before: datetime) -> int:
    return await conn.execute(DELETE_ROTATED_TOKENS, cutoff=rotated_before)
