"""SQL for the email outbox and the nightly digest.

The digest walks the users of one timezone and digest hour at a time in keyset-paginated id
ranges; every statement works on a whole range (set-based), never on one user. The only dialect-specific
statement here is the bulk insert of a batch's digest emails, which reads its rows from one JSON
parameter (json_to_recordset on PostgreSQL, json_each on SQLite).
"""

from collections.abc import Sequence
from datetime import date, datetime

from tasktracker.db import Connection, Row
from tasktracker.sql import Query

# Rows for the welcome email copy the address in the same transaction as the new user.
INSERT_FOR_USER = Query("""
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT :kind, id, email, :payload, 'pending', :now, :now
FROM users
WHERE id = :user_id
RETURNING id
""")

# The same statement whether or not the address has an account (then it writes no row): a
# password reset request does the same work either way.
INSERT_FOR_EMAIL = Query("""
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT :kind, id, email, :payload, 'pending', :now, :now
FROM users
WHERE email = :email
RETURNING id
""")

# An unsent row becomes the caller's once due: a pending row when its retry backoff is over, a
# claimed one when the claim expired (its worker died). A row never tried has no backoff to wait
# out and is claimed at once: its due time is the writer's clock (the API's, for a welcome
# email), which may run ahead of this worker's. On PostgreSQL a concurrent claim waits for the
# row lock, then sees it taken and gets nothing.
CLAIM = Query("""
UPDATE email_outbox
SET status = 'sending', attempts = attempts + 1, available_at = :claim_until
WHERE id = :outbox_id AND status IN ('pending', 'sending') AND (attempts = 0 OR available_at <= :now)
RETURNING id, kind, user_id, recipient, payload, attempts, created_at
""")

# A delivery is recorded whoever holds the claim by now: the server accepted the message, and
# a row left pending or sending would only be sent again.
MARK_SENT = Query("""
UPDATE email_outbox
SET status = 'sent', sent_at = :now, last_error = NULL
WHERE id = :outbox_id AND status IN ('pending', 'sending')
""")

# A failed attempt changes the row only while the worker still holds its claim: :attempt is the
# attempt number the claim returned, which identifies it since every claim increments it. A
# worker whose claim expired and was taken over must not release or fail the new claim.
RELEASE_FOR_RETRY = Query("""
UPDATE email_outbox
SET status = 'pending', available_at = :due_at, last_error = :error
WHERE id = :outbox_id AND status = 'sending' AND attempts = :attempt
""")

MARK_FAILED = Query("""
UPDATE email_outbox
SET status = 'failed', last_error = :error
WHERE id = :outbox_id AND status = 'sending' AND attempts = :attempt
""")

# The sweep republishes unsent rows in buckets of how often they were republished already, so
# each bucket waits its own time (exponential backoff) in one statement, without a per-row
# update; the last bucket takes every higher count too. The republish time (:now) becomes the
# row's due time: it was due already, so the republished job can claim it at once, and the next
# republish waits from there.
_REPUBLISH_BUCKET = """
UPDATE email_outbox
SET publish_count = publish_count + 1, available_at = :now
WHERE id IN (
    SELECT id FROM email_outbox
    WHERE status IN ('pending', 'sending') AND available_at <= :due_before
      AND publish_count {bucket} :publish_count
    ORDER BY available_at
    LIMIT :limit
)
RETURNING id
"""
REPUBLISH_EXACT = Query(_REPUBLISH_BUCKET.format(bucket="="))
REPUBLISH_AT_LEAST = Query(_REPUBLISH_BUCKET.format(bucket=">="))

PURGE_OUTBOX = Query("""
DELETE FROM email_outbox
WHERE id IN (
    SELECT id FROM email_outbox
    WHERE created_at < :cutoff AND status IN ('sent', 'failed')
    LIMIT :limit
)
""")

PURGE_DIGESTS = Query("""
DELETE FROM digests
WHERE (user_id, local_date) IN (
    SELECT user_id, local_date FROM digests WHERE local_date < :cutoff LIMIT :limit
)
""")

# The distinct timezones of users by a loose index scan of ix_users_timezone_digest_hour_id: one
# index probe per zone in use (each finds the next name after the previous), never a walk over
# every user; NULL (the default zone) last, when any user has it.
DISTINCT_TIMEZONES = Query("""
WITH RECURSIVE zones (timezone) AS (
    SELECT (SELECT timezone FROM users WHERE timezone IS NOT NULL ORDER BY timezone LIMIT 1)
    UNION ALL
    SELECT (SELECT u.timezone FROM users u WHERE u.timezone > z.timezone ORDER BY u.timezone LIMIT 1)
    FROM zones z
    WHERE z.timezone IS NOT NULL
)
SELECT timezone FROM zones WHERE timezone IS NOT NULL
UNION ALL
SELECT NULL WHERE EXISTS (SELECT 1 FROM users WHERE timezone IS NULL)
""")

USER_BY_EMAIL = Query(
    "SELECT id, email, timezone, locale, digest_enabled, digest_hour FROM users WHERE email = :email"
)

USER_LOCALE = Query("SELECT locale FROM users WHERE id = :user_id")

# The users of one timezone and digest hour form the batch (a range of the index on (timezone,
# digest_hour, id)); NULL timezones use the configured default.
_IN_ZONE = "u.timezone = :timezone AND u.digest_hour = :digest_hour"
_NO_ZONE = "u.timezone IS NULL AND u.digest_hour = :digest_hour"

# Users with the digest on who existed at the end of the window and have no digest claimed for
# it yet, in id order after the previous batch. The claim is looked up by a correlated count, not
# NOT EXISTS: PostgreSQL turns NOT EXISTS into an anti-join, and the generic plan of this prepared
# statement, with the statistics of `digests` behind its growth (a night's claims arrive at
# once), then read every claim of the date for every user, seconds per batch. The count is one
# primary-key probe per user whatever the statistics.
_CANDIDATES = """
SELECT u.id, u.email, u.locale
FROM users u
WHERE {zone} AND u.id > :after_id AND u.created_at < :day_end AND u.digest_enabled = TRUE
  AND (SELECT COUNT(*) FROM digests d WHERE d.user_id = u.id AND d.local_date = :local_date) = 0
ORDER BY u.id
LIMIT :limit
"""

# Claims the digest of every eligible user in (after id, last id]. A user claimed already, by
# this tick or by a concurrent one, conflicts and is not returned: only the returned users are
# this caller's to email.
_CLAIM_DIGESTS = """
INSERT INTO digests (user_id, local_date, created_at)
SELECT u.id, :local_date, :now
FROM users u
WHERE {zone} AND u.id > :after_id AND u.id <= :last_id AND u.created_at < :day_end
  AND u.digest_enabled = TRUE
ON CONFLICT (user_id, local_date) DO NOTHING
RETURNING user_id
"""

# For every user in (after id, last id], in sections (DIGEST_SECTIONS): tasks open at the end of
# the window (0), tasks and done occurrences of recurring tasks completed in it (1), and among
# the open tasks those overdue (2) and due (3) on :today, the local day starting at the window's
# end; due at a time before :hour_time on that day is overdue already. Each row is numbered per
# user and section so only the first few titles leave the database, with each section's full
# count. Open tasks come oldest first, completed ones in the order they were completed, due ones
# by date, all-day first, then time. A task completed after the window's end was still open at it.
# Trashed tasks are left out. `base` is read once (PostgreSQL materializes a CTE used twice) for
# the open and due sections.
_DIGEST_CONTENTS = """
WITH owners AS (
    SELECT u.id FROM users u WHERE {zone} AND u.id > :after_id AND u.id <= :last_id
),
base AS (
    SELECT t.owner_id, t.id, t.title, t.due_date, t.due_time, t.created_at,
           CASE WHEN t.done AND t.done_at < :day_end THEN t.done_at END AS completed_at
    FROM owners u
    JOIN tasks t ON t.owner_id = u.id
    WHERE t.created_at < :day_end
      AND t.deleted_at IS NULL
      AND (t.done = FALSE OR t.done_at >= :day_start)
),
relevant AS (
    SELECT owner_id, id, title, NULL AS due_date, NULL AS due_time,
           CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END AS section,
           COALESCE(completed_at, created_at) AS sort_key
    FROM base
    UNION ALL
    SELECT owner_id, id, title, due_date, due_time,
           CASE WHEN due_date < :today OR (due_date = :today AND due_time < :hour_time) THEN 2 ELSE 3 END,
           created_at
    FROM base
    WHERE completed_at IS NULL AND due_date <= :today
    UNION ALL
    SELECT o.owner_id, o.task_id, t.title, NULL, NULL, 1, o.done_at
    FROM owners u
    JOIN task_occurrences o ON o.owner_id = u.id
    JOIN tasks t ON t.id = o.task_id
    WHERE o.done_at >= :day_start AND o.done_at < :day_end AND t.deleted_at IS NULL
),
ranked AS (
    SELECT owner_id, section, title, due_date, due_time,
           ROW_NUMBER() OVER (
               PARTITION BY owner_id, section
               ORDER BY due_date, CASE WHEN due_time IS NULL THEN 0 ELSE 1 END, due_time, sort_key, id
           ) AS position,
           COUNT(*) OVER (PARTITION BY owner_id, section) AS total
    FROM relevant
)
SELECT owner_id, section, title, due_date, due_time, total
FROM ranked
WHERE position <= CASE section WHEN 0 THEN CAST(:open_titles AS INTEGER)
                               WHEN 1 THEN CAST(:completed_titles AS INTEGER)
                               ELSE CAST(:due_titles AS INTEGER) END
ORDER BY owner_id, section, position
"""


def _by_zone(template: str) -> dict[bool, Query]:
    """The statement for users of a named zone (True) and for users with none (False)."""
    return {True: Query(template.format(zone=_IN_ZONE)), False: Query(template.format(zone=_NO_ZONE))}


CANDIDATES = _by_zone(_CANDIDATES)
CLAIM_DIGESTS = _by_zone(_CLAIM_DIGESTS)
DIGEST_CONTENTS = _by_zone(_DIGEST_CONTENTS)


def _insert_emails(kind: str) -> dict[str, Query]:
    """A batch's emails of `kind`, from one JSON parameter of {user_id, recipient, payload}."""
    return {
        "postgresql": Query(f"""
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT '{kind}', r.user_id, r.recipient, r.payload, 'pending', :now, :now
FROM json_to_recordset(CAST(:rows AS json)) AS r(user_id bigint, recipient text, payload text)
RETURNING id
"""),
        "sqlite": Query(f"""
INSERT INTO email_outbox (kind, user_id, recipient, payload, status, available_at, created_at)
SELECT '{kind}', json_extract(value, '$.user_id'), json_extract(value, '$.recipient'),
       json_extract(value, '$.payload'), 'pending', :now, :now
FROM json_each(:rows)
RETURNING id
"""),
    }


INSERT_DIGEST_EMAILS = _insert_emails("digest")


def _zone(timezone: str | None, digest_hour: int) -> dict[str, str | int]:
    zone: dict[str, str | int] = {"digest_hour": digest_hour}
    if timezone is not None:
        zone["timezone"] = timezone
    return zone


async def insert_for_user(conn: Connection, kind: str, user_id: int, payload: str, now: datetime) -> int:
    """An email to the user's current address; its outbox id."""
    outbox_id: int | None = await conn.fetchval(
        INSERT_FOR_USER, kind=kind, user_id=user_id, payload=payload, now=now
    )
    if outbox_id is None:
        raise LookupError(f"no user {user_id} to send a {kind} email to")
    return outbox_id


async def insert_for_email(
    conn: Connection, kind: str, email: str, payload: str, now: datetime
) -> int | None:
    """An email to the account with this (normalized) address; its outbox id, None when there
    is no such account."""
    outbox_id: int | None = await conn.fetchval(
        INSERT_FOR_EMAIL, kind=kind, email=email, payload=payload, now=now
    )
    return outbox_id


async def claim(conn: Connection, outbox_id: int, now: datetime, claim_until: datetime) -> Row | None:
    return await conn.fetchrow(CLAIM, outbox_id=outbox_id, now=now, claim_until=claim_until)


async def mark_sent(conn: Connection, outbox_id: int, now: datetime) -> bool:
    return await conn.execute(MARK_SENT, outbox_id=outbox_id, now=now) == 1


async def release_for_retry(
    conn: Connection, outbox_id: int, attempt: int, due_at: datetime, error: str
) -> bool:
    released = await conn.execute(
        RELEASE_FOR_RETRY, outbox_id=outbox_id, attempt=attempt, due_at=due_at, error=error
    )
    return released == 1


async def mark_failed(conn: Connection, outbox_id: int, attempt: int, error: str) -> bool:
    return await conn.execute(MARK_FAILED, outbox_id=outbox_id, attempt=attempt, error=error) == 1


async def republish_bucket(
    conn: Connection,
    *,
    due_before: datetime,
    limit: int,
    publish_count: int,
    is_last_bucket: bool,
    now: datetime,
) -> list[int]:
    statement = REPUBLISH_AT_LEAST if is_last_bucket else REPUBLISH_EXACT
    rows = await conn.fetch(
        statement, due_before=due_before, limit=limit, publish_count=publish_count, now=now
    )
    return [row["id"] for row in rows]


async def purge_outbox(conn: Connection, created_before: datetime, limit: int) -> int:
    return await conn.execute(PURGE_OUTBOX, cutoff=created_before, limit=limit)


async def purge_digests(conn: Connection, before: date, limit: int) -> int:
    return await conn.execute(PURGE_DIGESTS, cutoff=before, limit=limit)


async def user_by_email(conn: Connection, email: str) -> Row | None:
    return await conn.fetchrow(USER_BY_EMAIL, email=email)


async def user_locale(conn: Connection, user_id: int) -> str | None:
    locale: str | None = await conn.fetchval(USER_LOCALE, user_id=user_id)
    return locale


async def distinct_timezones(conn: Connection) -> list[str | None]:
    return [row["timezone"] for row in await conn.fetch(DISTINCT_TIMEZONES)]


async def digest_candidates(
    conn: Connection,
    timezone: str | None,
    digest_hour: int,
    *,
    after_id: int,
    day_end: datetime,
    local_date: date,
    limit: int,
) -> Sequence[Row]:
    return await conn.fetch(
        CANDIDATES[timezone is not None],
        after_id=after_id,
        day_end=day_end,
        local_date=local_date,
        limit=limit,
        **_zone(timezone, digest_hour),
    )


async def claim_digests(
    conn: Connection,
    timezone: str | None,
    digest_hour: int,
    *,
    after_id: int,
    last_id: int,
    day_end: datetime,
    local_date: date,
    now: datetime,
) -> set[int]:
    rows = await conn.fetch(
        CLAIM_DIGESTS[timezone is not None],
        after_id=after_id,
        last_id=last_id,
        day_end=day_end,
        local_date=local_date,
        now=now,
        **_zone(timezone, digest_hour),
    )
    return {row["user_id"] for row in rows}


async def digest_contents(
    conn: Connection,
    timezone: str | None,
    digest_hour: int,
    *,
    after_id: int,
    last_id: int,
    day_start: datetime,
    day_end: datetime,
    today: date,
    hour_time: str,
    completed_titles: int,
    open_titles: int,
    due_titles: int,
) -> Sequence[Row]:
    return await conn.fetch(
        DIGEST_CONTENTS[timezone is not None],
        after_id=after_id,
        last_id=last_id,
        day_start=day_start,
        day_end=day_end,
        today=today,
        hour_time=hour_time,
        completed_titles=completed_titles,
        open_titles=open_titles,
        due_titles=due_titles,
        **_zone(timezone, digest_hour),
    )


async def insert_digest_emails(conn: Connection, dialect: str, rows_json: str, now: datetime) -> list[int]:
    rows = await conn.fetch(INSERT_DIGEST_EMAILS[dialect], rows=rows_json, now=now)
    return [row["id"] for row in rows]


# For /metrics, on every scrape: each part reads the partial (status, created_at) index of the
# unsent and failed rows, never the sent history; counts stop at :cap.
OUTBOX_STATS = Query("""
SELECT
    (SELECT COUNT(*) FROM (SELECT 1 FROM email_outbox WHERE status = 'pending' LIMIT :cap) AS p) AS pending,
    (SELECT COUNT(*) FROM (SELECT 1 FROM email_outbox WHERE status = 'sending' LIMIT :cap) AS s) AS sending,
    (SELECT COUNT(*) FROM (SELECT 1 FROM email_outbox WHERE status = 'failed' LIMIT :cap) AS f) AS failed,
    (SELECT MIN(created_at) FROM email_outbox WHERE status = 'pending') AS oldest_pending,
    (SELECT MIN(created_at) FROM email_outbox WHERE status = 'sending') AS oldest_sending
""")

# Failed rows become pending again, as if new: no attempts (MAIL_MAX_RETRIES counts afresh),
# never republished, due now. The oldest first, a bounded batch per statement.
RETRY_FAILED = Query("""
UPDATE email_outbox
SET status = 'pending', attempts = 0, publish_count = 0, available_at = :now
WHERE id IN (
    SELECT id FROM email_outbox
    WHERE status = 'failed' AND created_at >= :since
    ORDER BY created_at, id
    LIMIT :limit
)
RETURNING id
""")


async def outbox_stats(conn: Connection, cap: int) -> Row:
    row = await conn.fetchrow(OUTBOX_STATS, cap=cap)
    assert row is not None  # a SELECT without FROM returns one row
    return row


async def retry_failed(conn: Connection, since: datetime, now: datetime, limit: int) -> list[int]:
    rows = await conn.fetch(RETRY_FAILED, since=since, now=now, limit=limit)
    return [row["id"] for row in rows]


# Reminders. The tick claims the due ones oldest first from the partial index
# ix_tasks_remind_at_unsent (only tasks with a reminder still to send are in it, so the probe
# never touches the others), clears them (a reminder is sent at most once) and returns what the
# email needs. A done task's reminder is cleared and not sent. A trashed task's is left alone
# (still in the index, skipped by the filter): restored, its task is reminded at the next tick.
# PostgreSQL skips rows that a concurrent tick holds, so two ticks claim disjoint batches; SQLite
# has one writer at a time.
# The version stays: the reminder going out is not an edit, and must not fail a client's If-Match.
# A recurring task keeps remind_at, marked sent: completing or skipping the occurrence moves it
# to the next one and clears the mark (tasks.queries). Either way the row leaves the index.
_CLAIM_REMINDERS = """
UPDATE tasks SET remind_at = CASE WHEN recurrence IS NULL THEN NULL ELSE remind_at END,
                 reminder_sent_at = CASE WHEN recurrence IS NULL THEN NULL ELSE :now END
WHERE id IN (
    SELECT id FROM tasks
    WHERE remind_at IS NOT NULL AND reminder_sent_at IS NULL AND remind_at <= :now AND deleted_at IS NULL
    ORDER BY remind_at
    LIMIT :limit
    {lock}
)
RETURNING id, owner_id, title, due_date, due_time, done,
          (SELECT u.email FROM users u WHERE u.id = tasks.owner_id) AS email,
          (SELECT u.locale FROM users u WHERE u.id = tasks.owner_id) AS locale
"""
CLAIM_REMINDERS = {
    "postgresql": Query(_CLAIM_REMINDERS.format(lock="FOR UPDATE SKIP LOCKED")),
    "sqlite": Query(_CLAIM_REMINDERS.format(lock="")),
}

INSERT_REMINDER_EMAILS = _insert_emails("reminder")


async def claim_reminders(conn: Connection, now: datetime, limit: int) -> Sequence[Row]:
    return await conn.fetch(CLAIM_REMINDERS[conn.dialect], now=now, limit=limit)


async def insert_reminder_emails(conn: Connection, rows_json: str, now: datetime) -> list[int]:
    rows = await conn.fetch(INSERT_REMINDER_EMAILS[conn.dialect], rows=rows_json, now=now)
    return [row["id"] for row in rows]
