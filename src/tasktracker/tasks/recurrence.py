"""Recurring tasks: which RRULE values we accept, and a recurring task's next date.

A rule is an RFC 5545 RRULE value limited to what the web app offers and the docs promise:
FREQ (DAILY, WEEKLY, MONTHLY, YEARLY), INTERVAL, BYDAY (weekdays; for MONTHLY also positional,
like -1FR for the last Friday), BYMONTHDAY (1..31, negative counts from the month's end: -1 is
the last day) and BYMONTH (YEARLY). COUNT, UNTIL and the rest are refused: a task repeats until
the user stops it. One extension, `X-AFTER=COMPLETION`, makes the next date count from the day the
task is completed instead of from its schedule ("3 days after I last watered the plants").

The dates are local dates in the owner's calendar, so daylight saving changes cannot move them;
a task's due time is its local time of day and stays as it is. The schedule is computed by
python-dateutil's rrule, starting at the task's due date: a rule without BYDAY, BYMONTHDAY or
BYMONTH repeats on that date's weekday, day of the month or day of the year.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr
from pydantic_core import PydanticCustomError

MAX_INTERVAL = 999
AFTER_COMPLETION = "X-AFTER=COMPLETION"
FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# The order parts are stored in, so one schedule is one string.
_PART_ORDER = ("FREQ", "INTERVAL", "BYMONTH", "BYMONTHDAY", "BYDAY", "X-AFTER")
_BYDAY = re.compile(r"([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)")
_INTEGER = re.compile(r"[+-]?[0-9]{1,4}")


def _list(item: str) -> str:
    return f"{item}(,{item})*"


# The stored form as a regular expression, for the API description: what it matches is accepted.
_WEEKDAY = "(MO|TU|WE|TH|FR|SA|SU)"
_MONTH_DAY = "-?([1-9]|[12][0-9]|3[01])"
_START = "(;INTERVAL=[1-9][0-9]{0,2})?"
_END = "(;X-AFTER=COMPLETION)?"
RRULE_PATTERN = (
    f"^(FREQ=(DAILY|WEEKLY){_START}(;BYDAY={_list(_WEEKDAY)})?"
    f"|FREQ=MONTHLY{_START}(;BYMONTHDAY={_list(_MONTH_DAY)}|;BYDAY={_list(f'([+-]?[1-5])?{_WEEKDAY}')})?"
    f"|FREQ=YEARLY{_START}(;BYMONTH={_list('([1-9]|1[0-2])')})?(;BYMONTHDAY={_list(_MONTH_DAY)})?"
    f"){_END}$"
)
_STORED = re.compile(RRULE_PATTERN)


def _refuse(message: str) -> PydanticCustomError:
    return PydanticCustomError("recurrence", message)


def _numbers(raw: str, name: str, low: int, high: int, *, negative: bool) -> list[int]:
    values = []
    for item in raw.split(","):
        if not _INTEGER.fullmatch(item):
            raise _refuse(f"{name} takes numbers separated by commas")
        value = int(item)
        if not (low <= abs(value) <= high) or (value < 0 and not negative):
            raise _refuse(f"{name} must be between {'-' if negative else ''}{low} and {high}")
        values.append(value)
    return values


def clean_recurrence(value: str) -> str:
    """The rule as given when it is in its stored form (parts upper-case, in one order), or a 422
    saying what we do not support, or how to write it."""
    parts: dict[str, str] = {}
    for part in value.upper().split(";"):
        name, equals, raw = part.partition("=")
        if not equals or not raw:
            raise _refuse("Write the rule as NAME=VALUE parts separated by ';', e.g. FREQ=WEEKLY;BYDAY=MO,TH")
        if name in parts:
            raise _refuse(f"{name} is given twice")
        if name not in _PART_ORDER:
            raise _refuse(
                f"{name} is not supported: use FREQ, INTERVAL, BYDAY, BYMONTHDAY, BYMONTH"
                f" and {AFTER_COMPLETION}"
            )
        parts[name] = raw
    frequency = parts.get("FREQ")
    if frequency not in FREQUENCIES:
        raise _refuse("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    if "INTERVAL" in parts:
        _numbers(parts["INTERVAL"], "INTERVAL", 1, MAX_INTERVAL, negative=False)
        if "," in parts["INTERVAL"]:
            raise _refuse("INTERVAL is one number")
    if "X-AFTER" in parts and parts["X-AFTER"] != "COMPLETION":
        raise _refuse(f"The only X-AFTER value is COMPLETION ({AFTER_COMPLETION})")
    if "BYDAY" in parts:
        for item in parts["BYDAY"].split(","):
            matched = _BYDAY.fullmatch(item)
            if not matched:
                raise _refuse("BYDAY takes weekdays (MO,TU,WE,TH,FR,SA,SU), e.g. BYDAY=MO,TH")
            if matched.group(1) and frequency != "MONTHLY":
                raise _refuse("A weekday with a position (like -1FR, the last Friday) needs FREQ=MONTHLY")
    if "BYMONTHDAY" in parts:
        if frequency not in ("MONTHLY", "YEARLY"):
            raise _refuse("BYMONTHDAY needs FREQ=MONTHLY or FREQ=YEARLY")
        _numbers(parts["BYMONTHDAY"], "BYMONTHDAY", 1, 31, negative=True)
    if "BYMONTH" in parts:
        if frequency != "YEARLY":
            raise _refuse("BYMONTH needs FREQ=YEARLY")
        _numbers(parts["BYMONTH"], "BYMONTH", 1, 12, negative=False)
    if "BYDAY" in parts and "BYMONTHDAY" in parts:
        raise _refuse("Use BYDAY or BYMONTHDAY, not both")
    if "BYDAY" in parts and frequency == "YEARLY":
        raise _refuse("BYDAY needs FREQ=DAILY, WEEKLY or MONTHLY")
    stored = ";".join(f"{name}={parts[name]}" for name in _PART_ORDER if name in parts)
    if len(stored) > 255:
        raise _refuse("The rule is too long")
    if stored != value:
        raise _refuse(f"Write the parts upper-case in the order {', '.join(_PART_ORDER)}: {stored}")
    if not _STORED.fullmatch(stored):
        raise _refuse("Write numbers without leading zeros or a '+' sign")
    # dateutil has the last word on the value as RFC 5545 reads it.
    try:
        rrulestr(_without_extension(stored), dtstart=datetime(2000, 1, 1))
    except ValueError as error:
        raise _refuse(f"Not a valid rule: {error}") from None
    return stored


def _without_extension(rule: str) -> str:
    return ";".join(part for part in rule.split(";") if not part.startswith("X-"))


def after_completion(rule: str) -> bool:
    return AFTER_COMPLETION in rule.split(";")


def _schedule(rule: str, start: date) -> rrule:
    parsed = rrulestr(_without_extension(rule), dtstart=datetime.combine(start, time()))
    assert isinstance(parsed, rrule)  # one RRULE value, never a set
    return parsed


def _closer_start(rule: str, start: date, after: date) -> date:
    """A start of the same schedule no later than `after`, whole periods on: a daily task left
    for years is not walked through day by day. Months and years are few enough to walk."""
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    days = {"DAILY": 1, "WEEKLY": 7}.get(parts["FREQ"])
    if days is None:
        return start
    period = days * int(parts.get("INTERVAL", "1"))
    return start + timedelta(days=(after - start).days // period * period)


def next_date(rule: str, occurrence: date, *, today: date) -> date | None:
    """The date a recurring task moves to once its occurrence on `occurrence` is completed or
    skipped on the owner's `today`.

    By the schedule: the first date of the schedule after the occurrence that is not in the
    past. A task completed late skips the dates it missed and lands on today when today is one
    of them: today's occurrence is still to be done. With X-AFTER=COMPLETION the schedule starts
    again on the completion day: the first of its dates after today. None when the schedule has
    no date left (30 February: a yearly rule whose days never exist).
    """
    if after_completion(rule):
        start, after = today, today
    else:
        start, after = occurrence, max(occurrence, today - timedelta(days=1))
        start = _closer_start(rule, start, after)
    found = _schedule(rule, start).after(datetime.combine(after, time()), inc=False)
    return None if found is None else found.date()


@dataclass(frozen=True, slots=True)
class Moved:
    due_date: date
    remind_at: datetime | None


def move(
    rule: str, due_date: date, remind_at: datetime | None, *, zone: ZoneInfo, today: date
) -> Moved | None:
    """The task's next date and its reminder moved along by as many days, at the same local
    time of day (a reminder at 08:00 stays at 08:00 across a daylight saving change); None when
    the schedule has no next date."""
    next_day = next_date(rule, due_date, today=today)
    if next_day is None:
        return None
    if remind_at is None:
        return Moved(next_day, None)
    local = remind_at.astimezone(zone).replace(tzinfo=None) + (next_day - due_date)
    return Moved(next_day, local.replace(tzinfo=zone).astimezone(remind_at.tzinfo))
