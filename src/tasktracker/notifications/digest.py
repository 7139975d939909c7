"""The nightly digest: at each user's digest hour in their timezone, what they completed in the
24 hours before it and what is open.

The digest at local hour H on date D covers the window from H:00 on D-1 to H:00 on D, local time,
and is keyed by the window's first date, D-1: with H = 0 (midnight, the default) that is the
calendar day that ended. A tick claims each due user's digest for that key (unique per user and
date, so concurrent or repeated ticks never double-send, and a user who changes their hour gets
no second digest for a date) and writes the email to the outbox in the same transaction, one
batch of users per transaction.

A local H:00 that does not exist (the clocks jump over it) is the instant of the jump; one that
happens twice (the clocks go back) is its first occurrence. Consecutive windows of a user share
their boundary, so nothing falls between them or into two.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from tasktracker.config import Settings
from tasktracker.db import Connection, Database, Row
from tasktracker.notifications import queries
from tasktracker.notifications.outbox import Publish
from tasktracker.notifications.schemas import DigestPayload, DigestSection, DueItem, DueSection, as_language
from tasktracker.timezones import zone_or_none

log = logging.getLogger(__name__)

OPEN_TITLES_SHOWN = 5
COMPLETED_TITLES_SHOWN = 10
DUE_TITLES_SHOWN = 10
# queries.DIGEST_CONTENTS' sections.
OPEN, COMPLETED, OVERDUE, DUE_TODAY = range(4)
HOURS = range(24)


@dataclass(frozen=True, slots=True)
class DigestWindow:
    """From `hour` on `local_date` to `hour` the next day, local time, as a half-open UTC
    interval; `local_date` is the digest's key."""

    local_date: date
    hour: int
    start: datetime
    end: datetime


@dataclass(slots=True)
class DigestTickReport:
    users_claimed: int = 0
    emails_enqueued: int = 0
    publish_failed: bool = False
    # The (zone, hour) groups that had users to claim: "Asia/Tokyo", "Asia/Tokyo at 07:00".
    zones_due: list[str] = field(default_factory=list)


def local_hour(day: date, hour: int, zone: ZoneInfo) -> datetime:
    """`hour`:00 on `day` in `zone`, as a UTC instant. fold=0 takes the offset in force before a
    change: a time the clocks jump over becomes the instant of the jump, a time they repeat its
    first occurrence."""
    return datetime.combine(day, time(hour), tzinfo=zone).astimezone(UTC)


def digest_window(day: date, hour: int, zone: ZoneInfo) -> DigestWindow:
    """The window keyed `day` for digest hour `hour` in `zone`."""
    return DigestWindow(
        day, hour, local_hour(day, hour, zone), local_hour(day + timedelta(days=1), hour, zone)
    )


def last_ended_window(now: datetime, zone: ZoneInfo, hour: int = 0) -> DigestWindow:
    """The window of digest hour `hour` that ended last at `now`."""
    end_date = now.astimezone(zone).date()
    if local_hour(end_date, hour, zone) > now:
        end_date -= timedelta(days=1)
    return digest_window(end_date - timedelta(days=1), hour, zone)


def due_windows(now: datetime, zone: ZoneInfo, catch_up: timedelta) -> list[DigestWindow]:
    """For each digest hour whose last window ended within `catch_up` of `now`, that window."""
    windows = (last_ended_window(now, zone, hour) for hour in HOURS)
    return [window for window in windows if now - window.end < catch_up]


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
    """Claim and enqueue the digest of every user with the digest on whose window ended within
    the last DIGEST_CATCH_UP_HOURS and who has none for it.

    Users are taken one timezone and digest hour at a time (the zones in use are few, found by a
    loose index scan; all users of a zone and hour share the same window), in id-ordered batches
    of DIGEST_BATCH_SIZE, each group a range of the (timezone, digest_hour, id) index. Each batch
    is one transaction: claims and outbox rows commit together or not at all, so a worker dying
    mid-batch leaves that batch to the next tick. Jobs are published after each commit; when the
    broker is down the rows stay pending for the outbox sweep."""
    report = DigestTickReport()
    catch_up = timedelta(hours=settings.digest_catch_up_hours)
    async with db.connection() as conn:
        timezones = await queries.distinct_timezones(conn)
    for timezone in timezones:
        zone = resolve_zone(timezone, settings.digest_default_timezone)
        for window in due_windows(now, zone, catch_up):
            await _digest_group(db, timezone, window, report, now=now, settings=settings, publish=publish)
    return report


async def _digest_group(
    db: Database,
    timezone: str | None,
    window: DigestWindow,
    report: DigestTickReport,
    *,
    now: datetime,
    settings: Settings,
    publish: Publish,
) -> None:
    """Every batch of the users of one timezone and digest hour."""
    after_id = 0
    while True:
        batch = await _digest_batch(db, timezone, window, after_id, now=now, settings=settings)
        if batch is None:
            return
        if after_id == 0:
            zone = timezone or f"default ({settings.digest_default_timezone})"
            report.zones_due.append(zone if window.hour == 0 else f"{zone} at {window.hour:02}:00")
        after_id, claimed, outbox_ids = batch
        report.users_claimed += claimed
        report.emails_enqueued += len(outbox_ids)
        if outbox_ids and not report.publish_failed:
            try:
                publish(outbox_ids)
            except Exception:
                # One warning per tick, not one connection timeout per batch.
                log.warning("broker unreachable; the outbox sweep will publish the digests", exc_info=True)
                report.publish_failed = True


async def _digest_batch(
    db: Database,
    timezone: str | None,
    window: DigestWindow,
    after_id: int,
    *,
    now: datetime,
    settings: Settings,
) -> tuple[int, int, list[int]] | None:
    """One batch: (last user id, users claimed, outbox ids), or None when the group is done."""
    async with db.transaction() as conn:
        candidates = await queries.digest_candidates(
            conn,
            timezone,
            window.hour,
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
            window.hour,
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
                # The language is the user's when the digest is decided, like its contents.
                "payload": contents[user["id"]]
                .model_copy(update={"locale": as_language(user["locale"])})
                .model_dump_json(),
            }
            for user in candidates
            if user["id"] in claimed and user["id"] in contents
        ]
        outbox_ids = (
            await queries.insert_digest_emails(conn, db.dialect, json.dumps(emails), now) if emails else []
        )
    return last_id, len(claimed), outbox_ids


async def _contents(
    conn: Connection, timezone: str | None, window: DigestWindow, after_id: int, last_id: int
) -> dict[int, DigestPayload]:
    """Digest contents of the users of the window's hour in (after_id, last_id] who have
    anything to be told (in the default language: the caller sets each user's)."""
    rows = await queries.digest_contents(
        conn,
        timezone,
        window.hour,
        after_id=after_id,
        last_id=last_id,
        day_start=window.start,
        day_end=window.end,
        # The local day that starts as the window ends, and its hour: due earlier is overdue.
        today=window.local_date + timedelta(days=1),
        hour_time=f"{window.hour:02}:00",
        completed_titles=COMPLETED_TITLES_SHOWN,
        open_titles=OPEN_TITLES_SHOWN,
        due_titles=DUE_TITLES_SHOWN,
    )
    sections: dict[int, dict[int, tuple[int, list[Row]]]] = {}
    for row in rows:
        user_sections = sections.setdefault(row["owner_id"], {})
        _, found = user_sections.setdefault(row["section"], (row["total"], []))
        found.append(row)
    return {
        user_id: DigestPayload(
            local_date=window.local_date,
            hour=window.hour,
            open=_section(user_sections.get(OPEN)),
            completed=_section(user_sections.get(COMPLETED)),
            overdue=_due_section(user_sections.get(OVERDUE)),
            due_today=_due_section(user_sections.get(DUE_TODAY)),
        )
        for user_id, user_sections in sections.items()
    }


def _section(found: tuple[int, list[Row]] | None) -> DigestSection:
    """A section the user has no task in is empty."""
    count, rows = found or (0, [])
    return DigestSection(count=count, titles=tuple(row["title"] for row in rows))


def _due_section(found: tuple[int, list[Row]] | None) -> DueSection:
    count, rows = found or (0, [])
    items = (DueItem(title=row["title"], due_date=row["due_date"], due_time=row["due_time"]) for row in rows)
    return DueSection(count=count, items=tuple(items))


@dataclass(frozen=True, slots=True)
class DigestPreview:
    user_id: int
    email: str
    local_date: date
    payload: DigestPayload | None  # None: nothing to tell, so no email that night
    enabled: bool  # False: the user turned the digest off, so the tick sends them nothing


async def preview_digest(
    conn: Connection, email: str, day: date | None, *, now: datetime, settings: Settings
) -> DigestPreview | None:
    """The digest `email`'s user gets for the window keyed by `day` (starting at their digest
    hour that day; by default the window that ended last), computed by the tick's own statements
    and claiming nothing; None when there is no such user."""
    user = await queries.user_by_email(conn, email)
    if user is None:
        return None
    zone = resolve_zone(user["timezone"], settings.digest_default_timezone)
    hour = user["digest_hour"]
    window = last_ended_window(now, zone, hour) if day is None else digest_window(day, hour, zone)
    contents = await _contents(conn, user["timezone"], window, user["id"] - 1, user["id"])
    payload = contents.get(user["id"])
    if payload is not None:
        payload = payload.model_copy(update={"locale": as_language(user["locale"])})
    return DigestPreview(user["id"], user["email"], window.local_date, payload, bool(user["digest_enabled"]))
