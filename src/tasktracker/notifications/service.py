"""Email outbox and nightly digest rules, independent of Celery and SMTP.

Every email is an `email_outbox` row written in the transaction that decided to send it, so an
email is never lost between a commit and a broker that happens to be down. A worker claims the
row before sending and marks it sent after, so a redelivered or republished job does nothing.
"""

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tasktracker.config import Settings
from tasktracker.db import Connection, Database
from tasktracker.notifications import queries

log = logging.getLogger(__name__)

OPEN_TITLES_SHOWN = 5
COMPLETED_TITLES_SHOWN = 10
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


class MailKind(StrEnum):
    WELCOME = "welcome"
    DIGEST = "digest"


@dataclass(frozen=True, slots=True)
class ClaimedEmail:
    outbox_id: int
    kind: MailKind
    recipient: str
    payload: dict[str, Any]
    attempts: int
    created_at: datetime


@dataclass(frozen=True, slots=True)
class DigestSection:
    count: int
    titles: tuple[str, ...]

    @property
    def more(self) -> int:
        return self.count - len(self.titles)


@dataclass(frozen=True, slots=True)
class DigestContent:
    local_date: date
    open: DigestSection
    completed: DigestSection

    @property
    def is_empty(self) -> bool:
        return self.open.count == 0 and self.completed.count == 0

    def to_payload(self) -> dict[str, Any]:
        return {
            "local_date": self.local_date.isoformat(),
            "open": {"count": self.open.count, "titles": list(self.open.titles)},
            "completed": {"count": self.completed.count, "titles": list(self.completed.titles)},
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> "DigestContent":
        return cls(
            local_date=date.fromisoformat(payload["local_date"]),
            open=DigestSection(payload["open"]["count"], tuple(payload["open"]["titles"])),
            completed=DigestSection(payload["completed"]["count"], tuple(payload["completed"]["titles"])),
        )


@dataclass(frozen=True, slots=True)
class DayWindow:
    """The local calendar day that ended most recently, as a half-open UTC interval."""

    local_date: date
    start: datetime
    end: datetime


@dataclass(slots=True)
class DigestTickReport:
    users_claimed: int = 0
    emails_enqueued: int = 0
    publish_failed: bool = False
    zones_due: list[str] = field(default_factory=list)


def local_midnight(day: date, zone: ZoneInfo) -> datetime:
    """Where midnight does not exist (a DST gap starting at 00:00), fold=0 resolves it to the
    instant the gap starts, which is when that day begins."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def last_ended_day(now: datetime, zone: ZoneInfo) -> DayWindow:
    today = now.astimezone(zone).date()
    yesterday = today - timedelta(days=1)
    return DayWindow(yesterday, local_midnight(yesterday, zone), local_midnight(today, zone))


def resolve_zone(name: str | None, default: str) -> ZoneInfo:
    if name is not None:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            log.warning("unknown timezone %r in users; using the default %s", name, default)
    return ZoneInfo(default)


def retry_delay(attempts: int, settings: Settings, jitter: float) -> float:
    """Exponential backoff with "equal jitter": `jitter` in [0, 1] picks a point in the upper half
    of the step, so waits still grow while concurrent retries spread out."""
    growth: float = 2.0 ** (attempts - 1)
    step = min(settings.mail_retry_max_seconds, settings.mail_retry_base_seconds * growth)
    return step / 2 + step / 2 * jitter


async def enqueue_welcome_email(conn: Connection, *, user_id: int, now: datetime) -> int:
    """Record the welcome email in the caller's (registration) transaction; returns the outbox id
    to publish after commit."""
    return await queries.insert_welcome(conn, user_id, "{}", now)


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
    purges: tuple[Callable[[Connection], Awaitable[int]], ...] = (
        lambda conn: queries.purge_outbox(conn, cutoff, PURGE_LIMIT),
        lambda conn: queries.purge_digests(conn, cutoff.date(), PURGE_LIMIT),
    )
    purged = 0
    for purge in purges:
        while True:
            async with db.transaction() as conn:
                deleted = await purge(conn)
            purged += deleted
            if deleted < PURGE_LIMIT:
                break
    return purged


async def run_digest_tick(
    db: Database, *, now: datetime, settings: Settings, publish: Publish
) -> DigestTickReport:
    """Claim and enqueue the digest of every user whose local midnight passed within the last
    DIGEST_CATCH_UP_HOURS and who has none for the day that ended.

    Users are taken one timezone at a time (the zones in use are few, and all users of a zone
    share the same day boundaries), in id-ordered batches of DIGEST_BATCH_SIZE. Each batch is one
    transaction: claims and outbox rows commit together or not at all, so a worker dying
    mid-batch leaves that batch to the next tick. Jobs are published after each commit; when the
    broker is down the rows stay pending for the outbox sweep."""
    report = DigestTickReport()
    catch_up = timedelta(hours=settings.digest_catch_up_hours)
    async with db.connection() as conn:
        timezones = await queries.distinct_timezones(conn)
    for timezone in timezones:
        window = last_ended_day(now, resolve_zone(timezone, settings.digest_default_timezone))
        if now - window.end >= catch_up:
            continue
        report.zones_due.append(timezone or f"default ({settings.digest_default_timezone})")
        after_id = 0
        while True:
            batch = await _digest_batch(db, timezone, window, after_id, now=now, settings=settings)
            if batch is None:
                break
            after_id, claimed, outbox_ids = batch
            report.users_claimed += claimed
            report.emails_enqueued += len(outbox_ids)
            if outbox_ids and not report.publish_failed:
                try:
                    publish(outbox_ids)
                except Exception:
                    # One warning per tick, not one connection timeout per batch.
                    log.warning(
                        "broker unreachable; the outbox sweep will publish the digests", exc_info=True
                    )
                    report.publish_failed = True
    return report


async def _digest_batch(
    db: Database,
    timezone: str | None,
    window: DayWindow,
    after_id: int,
    *,
    now: datetime,
    settings: Settings,
) -> tuple[int, int, list[int]] | None:
    """One batch: (last user id, users claimed, outbox ids), or None when the zone is done."""
    async with db.transaction() as conn:
        candidates = await queries.digest_candidates(
            conn,
            timezone,
            after_id=after_id,
            day_end=window.end,
            local_date=window.local_date,
            limit=settings.digest_batch_size,
        )
        if not candidates:
            return None
        last_id = candidates[-1]["id"]
        claimed = await queries.claim_digests(
            conn,
            timezone,
            after_id=after_id,
            last_id=last_id,
            day_end=window.end,
            local_date=window.local_date,
            now=now,
        )
        contents = await _contents(conn, timezone, window, after_id, last_id)
        emails = [
            {
                "user_id": user["id"],
                "recipient": user["email"],
                "payload": json.dumps(contents[user["id"]].to_payload()),
            }
            for user in candidates
            if user["id"] in claimed and user["id"] in contents
        ]
        outbox_ids = (
            await queries.insert_digest_emails(conn, db.dialect, json.dumps(emails), now) if emails else []
        )
    return last_id, len(claimed), outbox_ids


async def _contents(
    conn: Connection, timezone: str | None, window: DayWindow, after_id: int, last_id: int
) -> dict[int, DigestContent]:
    """Digest contents of the users in (after_id, last_id] who have anything to be told."""
    rows = await queries.digest_contents(
        conn,
        timezone,
        after_id=after_id,
        last_id=last_id,
        day_start=window.start,
        day_end=window.end,
        completed_titles=COMPLETED_TITLES_SHOWN,
        open_titles=OPEN_TITLES_SHOWN,
    )
    sections: dict[int, dict[bool, tuple[int, list[str]]]] = {}
    for row in rows:
        user_sections = sections.setdefault(row["owner_id"], {})
        _, titles = user_sections.setdefault(bool(row["completed"]), (row["total"], []))
        titles.append(row["title"])
    return {
        user_id: DigestContent(
            local_date=window.local_date,
            open=_section(user_sections.get(False)),
            completed=_section(user_sections.get(True)),
        )
        for user_id, user_sections in sections.items()
    }


def _section(found: tuple[int, list[str]] | None) -> DigestSection:
    """A section the user has no task in is empty."""
    count, titles = found or (0, [])
    return DigestSection(count, tuple(titles))
