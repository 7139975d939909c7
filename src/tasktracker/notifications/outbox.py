"""The email outbox: every email is a row, claimed before sending and marked after.

Every email is an `email_outbox` row written in the transaction that decided to send it, so an
email is never lost between a commit and a broker that happens to be down. A worker claims the
row before sending and marks it sent after, so a redelivered or republished job does nothing.

The functions taking a Database commit in steps of their own, on purpose: a claim must be
committed before the SMTP exchange, its outcome after it, and a sweep or purge works in bounded
batches so no transaction grows with the backlog.
"""

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tasktracker.config import Settings
from tasktracker.db import Connection, Connections, Database, in_batches
from tasktracker.notifications import queries
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import EmailPayload, Language, as_language

log = logging.getLogger(__name__)

# How long an unsent row waits, in sweep intervals, before the sweep republishes it, by how
# often it was republished already: one interval after it fell due, then 1, 2, 4 … 32 intervals
# after each republish (the last for every higher count), so a long queue that the workers are
# still draining is not flooded with copies of itself.
REPUBLISH_WAITS = (1, 1, 2, 4, 8, 16, 32)
SWEEP_LIMIT_PER_STEP = 500
PURGE_LIMIT = 5000
LAST_ERROR_LENGTH = 500

# Takes outbox ids to hand to the broker; raises when the broker cannot be reached.
Publish = Callable[[Sequence[int]], None]


@dataclass(frozen=True, slots=True)
class ClaimedEmail:
    outbox_id: int
    kind: MailKind
    recipient: str
    payload: Mapping[str, Any]
    attempts: int
    created_at: datetime
    # The addressee's account: a bulk email's unsubscribe link names it.
    user_id: int | None = None


def retry_delay(attempts: int, settings: Settings, jitter: float) -> float:
    """Exponential backoff with "equal jitter": `jitter` in [0, 1] picks a point in the upper half
    of the step, so waits still grow while concurrent retries spread out."""
    growth: float = 2.0 ** (attempts - 1)
    step = min(settings.mail_retry_max_seconds, settings.mail_retry_base_seconds * growth)
    return step / 2 + step / 2 * jitter


async def enqueue(
    conn: Connection, kind: MailKind, payload: EmailPayload, *, user_id: int, now: datetime
) -> int:
    """Record an email to the user in the caller's transaction; returns the outbox id to publish
    after commit."""
    return await queries.insert_for_user(conn, kind, user_id, payload.model_dump_json(), now)


async def enqueue_for_email(
    conn: Connection, kind: MailKind, payload: EmailPayload, *, email: str, now: datetime
) -> int | None:
    """Record an email to the account with this (normalized) address, if there is one, in the
    caller's transaction: the same statement either way. Returns the outbox id to publish after
    commit, or None."""
    return await queries.insert_for_email(conn, kind, email, payload.model_dump_json(), now)


async def user_language(conn: Connection, user_id: int) -> Language:
    """The language of the user's emails (users.locale), for a payload enqueued for them."""
    return as_language(await queries.user_locale(conn, user_id))


async def claim_email(
    db: Database, outbox_id: int, *, now: datetime, claim_for: timedelta
) -> ClaimedEmail | None:
    """Take the row for sending, or None when it is sent, failed, being sent by another worker,
    or waiting out its retry backoff."""
    async with db.transaction() as conn:
        row = await queries.claim(conn, outbox_id, now, now + claim_for)
    if row is None:
        return None
    return ClaimedEmail(
        outbox_id=row["id"],
        kind=MailKind(row["kind"]),
        recipient=row["recipient"],
        payload=json.loads(row["payload"]),
        attempts=row["attempts"],
        created_at=row["created_at"],
        user_id=row["user_id"],
    )


async def mark_sent(db: Database, outbox_id: int, *, now: datetime) -> bool:
    """Record the delivery, even when this worker's claim expired meanwhile (the message went
    out, and recording it keeps a retry of the new claim from sending it again); False when the
    row was already sent or failed."""
    async with db.transaction() as conn:
        return await queries.mark_sent(conn, outbox_id, now)


async def release_for_retry(db: Database, claim: ClaimedEmail, *, due_at: datetime, error: str) -> bool:
    """Hand the row back as pending until `due_at`; False, changing nothing, when the claim was
    lost (it expired and another worker claimed the row)."""
    async with db.transaction() as conn:
        return await queries.release_for_retry(
            conn, claim.outbox_id, claim.attempts, due_at, error[:LAST_ERROR_LENGTH]
        )


async def mark_failed(db: Database, claim: ClaimedEmail, *, error: str) -> bool:
    """Give up on the email; False, changing nothing, when the claim was lost."""
    async with db.transaction() as conn:
        return await queries.mark_failed(conn, claim.outbox_id, claim.attempts, error[:LAST_ERROR_LENGTH])


async def republish_due(db: Database, *, now: datetime, settings: Settings, publish: Publish) -> int:
    """Hand every row still unsent one sweep interval after it was due to the broker again,
    and again after waits that grow with each republish (REPUBLISH_WAITS).

    Rows are marked republished in the same transaction that publishes them: when the broker is
    down the transaction rolls back and the next sweep tries the same rows again."""
    interval = timedelta(seconds=settings.outbox_sweep_seconds)
    republished = 0
    for publish_count, wait in enumerate(REPUBLISH_WAITS):
        async with db.transaction() as conn:
            ids = await queries.republish_bucket(
                conn,
                due_before=now - interval * wait,
                limit=SWEEP_LIMIT_PER_STEP,
                publish_count=publish_count,
                is_last_bucket=publish_count == len(REPUBLISH_WAITS) - 1,
                now=now,
            )
            if ids:
                publish(ids)
        republished += len(ids)
    return republished


async def purge_old_mail(db: Database, *, now: datetime, settings: Settings) -> int:
    """Delete sent and failed emails and digest claims older than MAIL_RETENTION_DAYS, in
    bounded statements so no transaction grows with the backlog."""
    cutoff = now - timedelta(days=settings.mail_retention_days)
    outbox_rows = await in_batches(
        db, lambda conn: queries.purge_outbox(conn, cutoff, PURGE_LIMIT), PURGE_LIMIT
    )
    digests = await in_batches(
        db, lambda conn: queries.purge_digests(conn, cutoff.date(), PURGE_LIMIT), PURGE_LIMIT
    )
    return outbox_rows + digests


# /metrics counts unsent and failed rows up to this many: the scrape stays cheap in a backlog.
STATS_COUNT_CAP = 100_000
RETRY_FAILED_BATCH = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class OutboxStats:
    pending: int
    sending: int
    failed: int
    oldest_unsent_created_at: datetime | None


def _timestamp(value: datetime | str) -> datetime:
    """SQLite gives an aggregate of a timestamp column back as its text form."""
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


async def outbox_stats(connections: Connections) -> OutboxStats:
    """How many emails wait, are being sent or failed, and since when the oldest unsent one
    waits: one statement on a short use of a connection."""
    async with connections.connection() as conn:
        row = await queries.outbox_stats(conn, STATS_COUNT_CAP)
    unsent_since = [_timestamp(row[key]) for key in ("oldest_pending", "oldest_sending") if row[key]]
    return OutboxStats(row["pending"], row["sending"], row["failed"], min(unsent_since, default=None))


@dataclass(frozen=True, slots=True)
class RetryReport:
    reset: int
    published: int


async def retry_failed(
    db: Database, *, since: datetime | None, now: datetime, publish: Publish
) -> RetryReport:
    """Make the failed emails created since `since` (all, given None) pending again, as if new,
    and hand them to the broker. Commits a bounded batch at a time and publishes it after its
    commit; when the broker is down the rows wait for the outbox sweep, like any unsent row."""
    reset = published = 0
    publish_failed = False
    while True:
        async with db.transaction() as conn:
            ids = await queries.retry_failed(conn, since or _EPOCH, now, RETRY_FAILED_BATCH)
        reset += len(ids)
        if ids and not publish_failed:
            try:
                publish(ids)
                published += len(ids)
            except Exception:
                log.warning("broker unreachable; the outbox sweep will publish the emails", exc_info=True)
                publish_failed = True
        if len(ids) < RETRY_FAILED_BATCH:
            return RetryReport(reset, published)
