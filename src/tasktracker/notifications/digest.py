"""The nightly digest: at each user's local midnight, what they completed and what is open.

A tick claims each due user's digest for the local day that ended (unique per user and date, so
concurrent or repeated ticks never double-send) and writes the email to the outbox in the same
transaction, one batch of users per transaction.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tasktracker.config import Settings
from tasktracker.db import Connection, Database
from tasktracker.notifications import queries
from tasktracker.notifications.outbox import Publish
from tasktracker.notifications.schemas import DigestPayload, DigestSection
from tasktracker.timezones import zone_or_none

log = logging.getLogger(__name__)

OPEN_TITLES_SHOWN = 5
COMPLETED_TITLES_SHOWN = 10


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
    return day_window(now.astimezone(zone).date() - timedelta(days=1), zone)


def resolve_zone(name: str | None, default: str) -> ZoneInfo:
    if name is not None:
        zone = zone_or_none(name)
        if zone is not None:
            return zone
        log.warning("unknown timezone %r in users; using the default %s", name, default)
    return ZoneInfo(default)


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
                "payload": contents[user["id"]].model_dump_json(),
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
) -> dict[int, DigestPayload]:
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
        user_id: DigestPayload(
            local_date=window.local_date,
            open=_section(user_sections.get(False)),
            completed=_section(user_sections.get(True)),
        )
        for user_id, user_sections in sections.items()
    }


def _section(found: tuple[int, list[str]] | None) -> DigestSection:
    """A section the user has no task in is empty."""
    count, titles = found or (0, [])
    return DigestSection(count=count, titles=tuple(titles))


def day_window(day: date, zone: ZoneInfo) -> DayWindow:
    """`day` in `zone`, as a half-open UTC interval."""
    return DayWindow(day, local_midnight(day, zone), local_midnight(day + timedelta(days=1), zone))


@dataclass(frozen=True, slots=True)
class DigestPreview:
    user_id: int
    email: str
    local_date: date
    payload: DigestPayload | None  # None: nothing to tell, so no email that night


async def preview_digest(
    conn: Connection, email: str, day: date | None, *, now: datetime, settings: Settings
) -> DigestPreview | None:
    """The digest `email`'s user gets for their local `day` (the night after it; by default the
    day that ended last in their zone), computed by the tick's own statements and claiming
    nothing; None when there is no such user."""
    user = await queries.user_by_email(conn, email)
    if user is None:
        return None
    zone = resolve_zone(user["timezone"], settings.digest_default_timezone)
    window = last_ended_day(now, zone) if day is None else day_window(day, zone)
    contents = await _contents(conn, user["timezone"], window, user["id"] - 1, user["id"])
    return DigestPreview(user["id"], user["email"], window.local_date, contents.get(user["id"]))
