"""SQL for quick add: the owner's clock and language."""

from datetime import datetime

from tasktracker.auth.queries import LIVE_SESSION
from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# No row when the caller's session is not alive (a password or token caller has none to check).
OWNER = Query("SELECT timezone, locale FROM users WHERE id = :user_id")
OWNER_OF_LIVE_SESSION = Query(
    f"SELECT u.timezone, u.locale FROM sessions s JOIN users u ON u.id = s.user_id WHERE {LIVE_SESSION}"
)


async def owner_zone_and_locale(
    conn: Connection, user_id: int, session_id: str | None, now: datetime
) -> Row | None:
    if session_id is None:
        return await conn.fetchrow(OWNER, user_id=user_id)
    return await conn.fetchrow(OWNER_OF_LIVE_SESSION, user_id=user_id, session_id=session_id, now=now)
