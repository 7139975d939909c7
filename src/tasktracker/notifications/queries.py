"""SQL for the email outbox and the nightly digest.

The digest walks the users of one timezone at a time in keyset-paginated id ranges; every
statement works on a whole range (set-based), never on one user. The only dialect-specific
statement is the bulk insert of a batch's digest emails, which reads its rows from one JSON
parameter (json_to_recordset on PostgreSQL, json_each on SQLite).
"""

from collections.abc import Sequence
from datetime import date, datetime

from tasktracker.db import Connection, Row

# Rows for the welcome email copy the address in the same transaction as the new user.
INSERT_WELCOME = """
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT 'welcome', id, email, $2, 'pending', $3, $3
FROM users
WHERE id = $1
RETURNING id
"""

# An unsent row becomes the caller's once due: a pending row when its retry backoff is over, a
# claimed one when the claim expired (its worker died). A row never tried has no backoff to wait
# out and is claimed at once: its due time is the writer's clock (the API's, for a welcome
# email), which may run ahead of this worker's. On PostgreSQL a concurrent claim waits for the
# row lock, then sees it taken and gets nothing.
CLAIM = """
UPDATE email_outbox
SET status = 'sending', attempts = attempts + 1, available_at = $3
WHERE id = $1 AND status IN ('pending', 'sending') AND (attempts = 0 OR available_at <= $2)
RETURNING id, kind, recipient, payload, attempts, created_at
"""

# A delivery is recorded whoever holds the claim by now: the server accepted the message, and
# a row left pending or sending would only be sent again.
MARK_SENT = """
UPDATE email_outbox
SET status = 'sent', sent_at = $2, last_error = NULL
WHERE id = $1 AND status IN ('pending', 'sending')
"""

# A failed attempt changes the row only while the worker still holds its claim: $2 is the
# attempt number the claim returned, which identifies it since every claim increments it. A
# worker whose claim expired and was taken over must not release or fail the new claim.
RELEASE_FOR_RETRY = """
UPDATE email_outbox
SET status = 'pending', available_at = $3, last_error = $4
WHERE id = $1 AND status = 'sending' AND attempts = $2
"""

MARK_FAILED = """
UPDATE email_outbox
SET status = 'failed', last_error = $3
WHERE id = $1 AND status = 'sending' AND attempts = $2
"""

# The sweep republishes unsent rows in buckets of how often they were republished already, so
# each bucket waits its own time (exponential backoff) in one statement, without a per-row
# update. $1 is the bucket's cut-off, $3 the bucket; the last bucket takes every higher count
# too. The republish time ($4, now) becomes the row's due time: it was due already, so the
# republished job can claim it at once, and the next republish waits from there.
REPUBLISH_BUCKET = """
UPDATE email_outbox
SET publish_count = publish_count + 1, available_at = $4
WHERE id IN (
    SELECT id FROM email_outbox
    WHERE status IN ('pending', 'sending') AND available_at <= $1 AND publish_count {bucket}
    ORDER BY available_at
    LIMIT $2
)
RETURNING id
"""
REPUBLISH_EXACT = REPUBLISH_BUCKET.format(bucket="= $3")
REPUBLISH_AT_LEAST = REPUBLISH_BUCKET.format(bucket=">= $3")

PURGE_OUTBOX = """
DELETE FROM email_outbox
WHERE id IN (
    SELECT id FROM email_outbox
    WHERE created_at < $1 AND status IN ('sent', 'failed')
    LIMIT $2
)
"""

PURGE_DIGESTS = """
DELETE FROM digests
WHERE (user_id, local_date) IN (
    SELECT user_id, local_date FROM digests WHERE local_date < $1 LIMIT $2
)
"""

DISTINCT_TIMEZONES = "SELECT DISTINCT timezone FROM users"

# The users of one timezone form the batch; NULL timezones use the configured default. The
# zone's parameter comes last so the NULL variant simply has one parameter fewer.
_IN_ZONE = "u.timezone = ${n}"
_NO_ZONE = "u.timezone IS NULL"

# Users who existed at the end of the day and have no digest claimed for it yet, in id order
# after the previous batch: $1 after id, $2 day end, $3 local date, $4 batch size.
_CANDIDATES = """
SELECT u.id, u.email
FROM users u
WHERE {zone} AND u.id > $1 AND u.created_at < $2
  AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.user_id = u.id AND d.local_date = $3)
ORDER BY u.id
LIMIT $4
"""

# Claims the digest of every eligible user in (after id, last id]: $1 after id, $2 last id,
# $3 day end, $4 local date, $5 now. A user claimed already, by this tick or by a concurrent
# one, conflicts and is not returned: only the returned users are this caller's to email.
_CLAIM_DIGESTS = """
INSERT INTO digests (user_id, local_date, created_at)
SELECT u.id, $4, $5
FROM users u
WHERE {zone} AND u.id > $1 AND u.id <= $2 AND u.created_at < $3
ON CONFLICT (user_id, local_date) DO NOTHING
RETURNING user_id
"""

# For every user in (after id, last id]: tasks open at the end of the day and tasks completed
# in it, numbered per user and section so only the first few titles leave the database, with
# each section's full count. $1 after id, $2 last id, $3 day start, $4 day end,
# $5 completed titles kept, $6 open titles kept. Open tasks come oldest first, completed ones
# in the order they were completed. A task completed after midnight was still open at it.
_DIGEST_CONTENTS = """
WITH relevant AS (
    SELECT t.owner_id, t.id, t.title,
           CASE WHEN t.done AND t.done_at < $4 THEN 1 ELSE 0 END AS completed,
           CASE WHEN t.done AND t.done_at < $4 THEN t.done_at ELSE t.created_at END AS sort_key
    FROM users u
    JOIN tasks t ON t.owner_id = u.id
    WHERE {zone} AND u.id > $1 AND u.id <= $2
      AND t.created_at < $4
      AND (t.done = FALSE OR t.done_at >= $3)
),
ranked AS (
    SELECT owner_id, completed, title,
           ROW_NUMBER() OVER (PARTITION BY owner_id, completed ORDER BY sort_key, id) AS position,
           COUNT(*) OVER (PARTITION BY owner_id, completed) AS total
    FROM relevant
)
SELECT owner_id, completed, title, total
FROM ranked
WHERE position <= CASE WHEN completed = 1 THEN CAST($5 AS INTEGER) ELSE CAST($6 AS INTEGER) END
ORDER BY owner_id, completed, position
"""

_INSERT_DIGEST_EMAILS = {
    "postgresql": """
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT 'digest', r.user_id, r.recipient, r.payload, 'pending', $2, $2
FROM json_to_recordset($1::json) AS r(user_id bigint, recipient text, payload text)
RETURNING id
""",
    "sqlite": """
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT 'digest', json_extract(value, '$.user_id'), json_extract(value, '$.recipient'),
       json_extract(value, '$.payload'), 'pending', $2, $2
FROM json_each($1)
RETURNING id
""",
}


def _zoned(template: str, timezone: str | None, zone_param: int) -> tuple[str, tuple[str, ...]]:
    if timezone is None:
        return template.format(zone=_NO_ZONE), ()
    return template.format(zone=_IN_ZONE.format(n=zone_param)), (timezone,)


async def insert_welcome(conn: Connection, user_id: int, payload: str, now: datetime) -> int:
    outbox_id: int | None = await conn.fetchval(INSERT_WELCOME, user_id, payload, now)
    if outbox_id is None:
        raise LookupError(f"no user {user_id} to welcome")
    return outbox_id


async def claim(conn: Connection, outbox_id: int, now: datetime, claim_until: datetime) -> Row | None:
    return await conn.fetchrow(CLAIM, outbox_id, now, claim_until)


async def mark_sent(conn: Connection, outbox_id: int, now: datetime) -> bool:
    return await conn.execute(MARK_SENT, outbox_id, now) == 1


async def release_for_retry(
    conn: Connection, outbox_id: int, attempt: int, due_at: datetime, error: str
) -> bool:
    return await conn.execute(RELEASE_FOR_RETRY, outbox_id, attempt, due_at, error) == 1


async def mark_failed(conn: Connection, outbox_id: int, attempt: int, error: str) -> bool:
    return await conn.execute(MARK_FAILED, outbox_id, attempt, error) == 1


async def republish_bucket(
    conn: Connection,
    *,
    due_before: datetime,
    limit: int,
    publish_count: int,
    is_last_bucket: bool,
    now: datetime,
) -> list[int]:
    sql = REPUBLISH_AT_LEAST if is_last_bucket else REPUBLISH_EXACT
    rows = await conn.fetch(sql, due_before, limit, publish_count, now)
    return [row["id"] for row in rows]


async def purge_outbox(conn: Connection, created_before: datetime, limit: int) -> int:
    return await conn.execute(PURGE_OUTBOX, created_before, limit)


async def purge_digests(conn: Connection, before: date, limit: int) -> int:
    return await conn.execute(PURGE_DIGESTS, before, limit)


async def distinct_timezones(conn: Connection) -> list[str | None]:
    return [row["timezone"] for row in await conn.fetch(DISTINCT_TIMEZONES)]


async def digest_candidates(
    conn: Connection,
    timezone: str | None,
    *,
    after_id: int,
    day_end: datetime,
    local_date: date,
    limit: int,
) -> Sequence[Row]:
    sql, zone = _zoned(_CANDIDATES, timezone, 5)
    return await conn.fetch(sql, after_id, day_end, local_date, limit, *zone)


async def claim_digests(
    conn: Connection,
    timezone: str | None,
    *,
    after_id: int,
    last_id: int,
    day_end: datetime,
    local_date: date,
    now: datetime,
) -> set[int]:
    sql, zone = _zoned(_CLAIM_DIGESTS, timezone, 6)
    rows = await conn.fetch(sql, after_id, last_id, day_end, local_date, now, *zone)
    return {row["user_id"] for row in rows}


async def digest_contents(
    conn: Connection,
    timezone: str | None,
    *,
    after_id: int,
    last_id: int,
    day_start: datetime,
    day_end: datetime,
    completed_titles: int,
    open_titles: int,
) -> Sequence[Row]:
    sql, zone = _zoned(_DIGEST_CONTENTS, timezone, 7)
    return await conn.fetch(sql, after_id, last_id, day_start, day_end, completed_titles, open_titles, *zone)


async def insert_digest_emails(conn: Connection, dialect: str, rows_json: str, now: datetime) -> list[int]:
    rows = await conn.fetch(_INSERT_DIGEST_EMAILS[dialect], rows_json, now)
    return [row["id"] for row in rows]
