"""Quick add's rules around the parser: whose clock and which language."""

import asyncio
import dataclasses
from datetime import datetime

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.service import Caller
from tasktracker.db import Connection
from tasktracker.lists import queries as list_queries
from tasktracker.quick_add import queries
from tasktracker.quick_add.list_tag import take_list_tag
from tasktracker.quick_add.parser import Locale, ParsedTask, Part, parse
from tasktracker.timezones import zone_or_none


async def parse_for(
    conn: Connection,
    caller: Caller,
    text: str,
    *,
    locale: Locale | None,
    literal: frozenset[Part],
    default_timezone: str,
    now: datetime,
) -> ParsedTask:
    """The task `text` stands for, relative to the caller's local "now" (their timezone, or the
    default) and in their language unless `locale` says otherwise; `#Name` names one of their
    lists."""
    owner = await queries.owner_zone_and_locale(conn, caller.user_id, caller.session_id, now)
    if owner is None:
        raise SessionExpired
    zone = (owner["timezone"] and zone_or_none(owner["timezone"])) or zone_or_none(default_timezone)
    local_now = now.astimezone(zone).replace(tzinfo=None)
    language = locale or (Locale.RU if owner["locale"] == Locale.RU else Locale.EN)
    list_id = None
    if Part.LIST not in literal:
        lists = [(row["id"], row["name"]) for row in await list_queries.names(conn, caller.user_id)]
        text, list_id = take_list_tag(text, lists)
    # dateparser is pure CPU (tens of milliseconds): off the event loop.
    parsed = await asyncio.to_thread(parse, text, local_now=local_now, locale=language, literal=literal)
    return dataclasses.replace(parsed, list_id=list_id)
