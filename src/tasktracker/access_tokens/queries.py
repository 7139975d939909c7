"""SQL for personal access tokens."""

from datetime import datetime

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

COLUMNS = "id, name, scopes, prefix, created_at, last_used_at, expires_at"

INSERT = Query(f"""
INSERT INTO personal_access_tokens (user_id, name, token_hash, prefix, scopes, created_at, expires_at)
VALUES (:user_id, :name, :token_hash, :prefix, :scopes, :now, :expires_at)
RETURNING {COLUMNS}
""")

# Newest first; expired ones too (their expires_at says so) until the user revokes them.
LIST = Query(f"SELECT {COLUMNS} FROM personal_access_tokens WHERE user_id = :user_id ORDER BY id DESC")

DELETE = Query("DELETE FROM personal_access_tokens WHERE id = :token_id AND user_id = :user_id")

# The per-request check of a token: alive (not expired; a revoked one has no row), with its user
# and scopes. Its last use is recorded only when the one recorded is older than `:recorded_before`
# (a minute): a script calling in a loop writes once a minute, not once a request.
_USABLE = "p.token_hash = :token_hash AND p.expires_at > :now"
_STALE = "(last_used_at IS NULL OR last_used_at <= :recorded_before)"

# PostgreSQL: one statement, whose data-modifying WITH writes only when the last use is stale.
PG_USE = Query(f"""
WITH token AS (
    SELECT p.id, p.user_id, p.scopes FROM personal_access_tokens p WHERE {_USABLE}
), used AS (
    UPDATE personal_access_tokens SET last_used_at = :now
    WHERE id = (SELECT id FROM token) AND {_STALE}
)
SELECT u.id, u.email, u.timezone, token.scopes FROM token JOIN users u ON u.id = token.user_id
""")

# SQLite has no data-modifying WITH: the same is a read, then (at most once a minute) the write.
FIND_USABLE = Query(f"""
SELECT u.id, u.email, u.timezone, p.scopes, p.id AS token_id, p.last_used_at
FROM personal_access_tokens p JOIN users u ON u.id = p.user_id
WHERE {_USABLE}
""")
RECORD_USE = Query(f"UPDATE personal_access_tokens SET last_used_at = :now WHERE id = :token_id AND {_STALE}")


async def insert(
    conn: Connection,
    *,
    user_id: int,
    name: str,
    token_hash: str,
    prefix: str,
    scopes: str,
    now: datetime,
    expires_at: datetime,
) -> Row:
    row = await conn.fetchrow(
        INSERT,
        user_id=user_id,
        name=name,
        token_hash=token_hash,
        prefix=prefix,
        scopes=scopes,
        now=now,
        expires_at=expires_at,
    )
    assert row is not None  # an INSERT ... VALUES always returns its row
    return row


async def list_for_user(conn: Connection, user_id: int) -> list[Row]:
    return list(await conn.fetch(LIST, user_id=user_id))


async def delete(conn: Connection, token_id: int, user_id: int) -> bool:
    return await conn.execute(DELETE, token_id=token_id, user_id=user_id) == 1


async def use(conn: Connection, token_hash: str, now: datetime, recorded_before: datetime) -> Row | None:
    """The token's user (id, email, timezone) and scopes, recording its use; None when no live
    token has this hash."""
    if conn.dialect == "postgresql":
        return await conn.fetchrow(PG_USE, token_hash=token_hash, now=now, recorded_before=recorded_before)
    row = await conn.fetchrow(FIND_USABLE, token_hash=token_hash, now=now)
    if row is not None and (row["last_used_at"] is None or row["last_used_at"] <= recorded_before):
        await conn.execute(RECORD_USE, token_id=row["token_id"], now=now, recorded_before=recorded_before)
    return row
