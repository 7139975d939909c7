"""The per-user calendar feed: a secret address serving the open tasks that have a due date as
iCalendar events, for Google Calendar, Apple Calendar and the like to subscribe to.

The secret is 256 random bits (URL-safe base64) in the address; only its SHA-256 is stored
(users.calendar_token_hash), so a new address replaces the old one, which then finds nothing.

Events, not to-dos: Google Calendar ignores VTODO. A task due on a date is an all-day event; one
due at a time is a 30-minute event at that local time, in the owner's timezone (with its
VTIMEZONE); a recurring one carries its RRULE from its next date on. A rule repeating after
completion (X-AFTER=COMPLETION) has no fixed schedule: only its next date is shown. Done tasks are
left out. Each event's UID is the task's, so a calendar updates it rather than adding another.
"""

import asyncio
import hashlib
import re
import secrets
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import orjson
from icalendar import Calendar, Event, vRecur

from tasktracker.calendar_feed import queries
from tasktracker.calendar_feed.errors import FeedNotFound
from tasktracker.db import Connection, Row
from tasktracker.tasks.recurrence import after_completion
from tasktracker.timezones import zone_or_none

SECRET_BYTES = 32  # 256 bits
# What token_urlsafe(32) makes: anything else is not looked up.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
TIMED_EVENT_LENGTH = timedelta(minutes=30)
PRODUCT_ID = "-//Task Tracker//Calendar feed//EN"


def token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_path(secret: str) -> str:
    return f"/calendar/{secret}.ics"


async def new_feed(conn: Connection, user_id: int) -> str:
    """A new secret for the user's feed (the old one stops working): its path."""
    secret = secrets.token_urlsafe(SECRET_BYTES)
    await queries.set_token(conn, user_id, token_hash(secret))
    return feed_path(secret)


async def turn_off(conn: Connection, user_id: int) -> None:
    await queries.set_token(conn, user_id, None)


async def is_enabled(conn: Connection, user_id: int) -> bool:
    return await queries.has_token(conn, user_id)


async def feed(conn: Connection, secret: str, *, default_timezone: str) -> bytes:
    """The feed's iCalendar text; 404 for an address that is not a live feed."""
    if not _TOKEN.fullmatch(secret):
        raise FeedNotFound
    owner = await queries.owner(conn, token_hash(secret))
    if owner is None:
        raise FeedNotFound
    tasks = await queries.tasks(conn, owner["id"])
    zone_name = (
        owner["timezone"] if owner["timezone"] and zone_or_none(owner["timezone"]) else default_timezone
    )
    # icalendar is pure Python: a few thousand events take a while, off the event loop.
    return await asyncio.to_thread(render, tasks, zone_name)


def render(tasks: Sequence[Row], zone_name: str) -> bytes:
    zone = ZoneInfo(zone_name)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Task Tracker")
    calendar.add("x-wr-timezone", zone_name)
    # How often subscribers should fetch it again (RFC 7986, and the older Microsoft property).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for task in tasks:
        calendar.add_component(_event(task, zone))
    calendar.add_missing_timezones()
    rendered: bytes = calendar.to_ical()
    return rendered


def _event(task: Row, zone: ZoneInfo) -> Event:
    event = Event()
    event.add("uid", f"task-{task['id']}@tasktracker")
    event.add("dtstamp", task["updated_at"])
    event.add("created", task["created_at"])
    event.add("last-modified", task["updated_at"])
    event.add("sequence", task["version"])
    event.add("summary", task["title"])
    description = _description(task)
    if description:
        event.add("description", description)
    if task["due_time"] is None:
        event.add("dtstart", task["due_date"])
        event.add("dtend", task["due_date"] + timedelta(days=1))
        event.add("transp", "TRANSPARENT")  # an all-day task does not make the day busy
    else:
        hour, minute = map(int, task["due_time"].split(":"))
        start = datetime.combine(task["due_date"], time(hour, minute), tzinfo=zone)
        event.add("dtstart", start)
        event.add("dtend", start + TIMED_EVENT_LENGTH)
    rule = task["recurrence"]
    if rule is not None and not after_completion(rule):
        event.add("rrule", vRecur.from_ical(rule))
    return event


def _description(task: Row) -> str:
    """The description, then the checklist as lines of text."""
    items = orjson.loads(task["checklist"])
    lines = [f"[{'x' if item.get('done') else ' '}] {item['text']}" for item in items]
    parts = [part for part in (task["description"], "\n".join(lines)) if part]
    return "\n\n".join(parts)
