"""Quick add: a task's title, due date, time and repetition from one line of text, in English or
Russian, relative to the owner's local "now". No I/O: the service gives it the clock and zone.

The order matters. Our grammar (tasktracker.quick_add.grammar) finds the repetition and the time
of day first; dateparser then looks for a date only in the text between them, and what it finds
is accepted only when it is clearly a date (see `_is_clearly_a_date`: dateparser also reads "May",
"sat", "март" or "1st" as dates). What was recognised is taken out of the title.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from dateparser.date import DateDataParser  # type: ignore[import-untyped]
from dateparser.search import search_dates  # type: ignore[import-untyped]
from dateutil.rrule import rrulestr

from tasktracker.quick_add.grammar import Match, Repetition, TimeOfDay, find_repetition, find_times


class Locale(StrEnum):
    EN = "en"
    RU = "ru"


class Part(StrEnum):
    """What a client can ask to keep as written (the web app's undo of a recognition)."""

    DUE = "due"  # the date and the time
    RECURRENCE = "recurrence"
    LIST = "list"  # a `#Name` tag (quick_add.list_tag, applied by the service)


@dataclass(frozen=True, slots=True)
class ParsedTask:
    title: str
    due_date: date | None
    due_time: str | None
    recurrence: str | None
    # Found by the service, from the owner's lists (quick_add.list_tag), not by the parser.
    list_id: int | None = None


# Words that make what dateparser found a date rather than a word that looks like one.
_RELATIVE = re.compile(
    r"(?<!\w)(?:today|tomorrow|tonight|next|this|сегодня|завтра|послезавтра|через|следующ\w*)(?!\w)"
    r"|(?<!\w)in\s+(?:\d+|a|an|one|two|three)\s*[a-z]",
    re.IGNORECASE,
)
# A Russian weekday only after "в"/"во": alone, "среда" is also the environment.
_FULL_WEEKDAY = re.compile(
    r"(?<!\w)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?!\w)"
    r"|(?<!\w)(?:в|во)\s+(?:понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)(?!\w)",
    re.IGNORECASE,
)
# A weekday abbreviation only with a word that makes it one: "on sat", not "sat on the chair".
_SHORT_WEEKDAY = re.compile(
    r"^(?:on|next|this)\s+(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?$", re.IGNORECASE
)
_MONTH = re.compile(
    r"(?<!\w)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?!\w)"
    r"|(?<!\w)(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(
    r"^(?:(?:on|by|в|на|к)\s+)?(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)$"
)
_DAY_NUMBER = re.compile(r"(?<!\d)\d{1,2}(?:st|nd|rd|th|-?го|-?е)?(?!\d)", re.IGNORECASE)

# Glue words dateparser may leave at the end of what it found ("March of").
_TRAILING_GLUE = re.compile(r"(?:\s+(?:on|the|of|at|in|and|и|в|на))+$", re.IGNORECASE)
_LEAD_WORDS = frozenset({"on", "in", "at", "by", "the", "next", "this", "в", "во", "через", "на", "к", "ко"})
_SEPARATORS = " \t,;:-–—"

_RU_NEXT_WEEKDAY = re.compile(
    r"(?<!\w)(?:в|во)?\s*следующ(?:ий|ую|ее)\s+(?P<weekday>понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье)(?!\w)",
    re.IGNORECASE,
)
_RU_WEEKDAY_INDEX = {
    "понедельник": 0,
    "вторник": 1,
    "среду": 2,
    "четверг": 3,
    "пятницу": 4,
    "субботу": 5,
    "воскресенье": 6,
}


def _is_clearly_a_date(found: str) -> bool:
    if _RELATIVE.search(found) or _FULL_WEEKDAY.search(found) or _SHORT_WEEKDAY.match(found):
        return True
    if _NUMERIC_DATE.match(found.strip()):
        return True
    # A month name counts only with a day ("Dec 24", "31 декабря"): alone it is a word ("May I").
    return bool(_MONTH.search(found) and _DAY_NUMBER.search(_MONTH.sub(" ", found)))


def _settings(local_now: datetime, locale: Locale) -> dict[str, Any]:
    return {
        "RELATIVE_BASE": local_now,
        "PREFER_DATES_FROM": "future",
        "RETURN_TIME_AS_PERIOD": True,
        "DATE_ORDER": "DMY" if locale is Locale.RU else "MDY",
    }


def _languages(locale: Locale) -> list[str]:
    return ["ru", "en"] if locale is Locale.RU else ["en", "ru"]


@dataclass(frozen=True, slots=True)
class _Date(Match):
    day: date
    time: str | None


def _overlaps(span: Match, taken: list[Match]) -> bool:
    return any(span.start < other.end and other.start < span.end for other in taken)


def _gaps(text: str, taken: list[Match]) -> list[tuple[int, str]]:
    """The stretches of text between the spans taken, with their offsets."""
    gaps, position = [], 0
    for span in sorted(taken, key=lambda span: span.start):
        gaps.append((position, text[position : span.start]))
        position = span.end
    gaps.append((position, text[position:]))
    return [(offset, gap) for offset, gap in gaps if gap.strip()]


def _find_date(text: str, taken: list[Match], local_now: datetime, locale: Locale) -> _Date | None:
    next_weekday = _RU_NEXT_WEEKDAY.search(text)
    if next_weekday and not _overlaps(Match(next_weekday.start(), next_weekday.end()), taken):
        # "в следующую пятницу": that day of next week (dateparser does not know the phrase).
        monday = local_now.date() + timedelta(days=7 - local_now.weekday())
        day = monday + timedelta(days=_RU_WEEKDAY_INDEX[next_weekday.group("weekday").lower()])
        return _Date(next_weekday.start(), next_weekday.end(), day, None)
    settings = _settings(local_now, locale)
    languages = _languages(locale)
    parser = DateDataParser(languages=languages, settings=settings)
    for offset, gap in _gaps(text, taken):
        found = search_dates(gap, languages=languages, settings=settings) or []
        position = 0
        for phrase, _ in found:
            phrase = _TRAILING_GLUE.sub("", phrase)
            at = gap.lower().find(phrase.lower(), position)
            if at < 0:
                continue
            position = at + len(phrase)
            if not _is_clearly_a_date(phrase):
                continue
            data = parser.get_date_data(phrase)
            if data.date_obj is None or data.period not in {"day", "week", "time"}:
                continue
            if data.period == "week" and not _RELATIVE.search(phrase):
                continue
            start, end = _narrowest(parser, gap, at, at + len(phrase), (data.date_obj, data.period))
            moment: datetime = data.date_obj
            clock = moment.strftime("%H:%M") if data.period == "time" else None
            return _Date(offset + start, offset + end, moment.date(), clock)
    return None


def _narrowest(
    parser: Any, text: str, start: int, end: int, meaning: tuple[datetime, str]
) -> tuple[int, int]:
    """The shortest run of words within text[start:end] that dateparser reads the same way:
    what it finds may take in words around the date ("month on the 1st tomorrow")."""
    words = [(found.start(), found.end()) for found in re.finditer(r"\S+", text[start:end])]
    first, last = 0, len(words) - 1

    def same(low: int, high: int) -> bool:
        data = parser.get_date_data(text[start + words[low][0] : start + words[high][1]])
        return (data.date_obj, data.period) == meaning

    while first < last and same(first + 1, last):
        first += 1
    while last > first and same(first, last - 1):
        last -= 1
    # The words that lead into a date belong to it: "on", "next", "через" (dateparser reads
    # "3 дня" as "через 3 дня").
    while (
        first > 0 and text[start + words[first - 1][0] : start + words[first - 1][1]].lower() in _LEAD_WORDS
    ):
        first -= 1
    return start + words[first][0], start + words[last][1]


def _adjacent(span: Match, others: list[Match], text: str) -> bool:
    """Whether only spaces or commas separate `span` from one of `others`, or from the end."""
    if not text[span.end :].strip(_SEPARATORS):
        return True
    return any(
        not text[other.end : span.start].strip(_SEPARATORS)
        or not text[span.end : other.start].strip(_SEPARATORS)
        for other in others
        if other.end <= span.start or span.end <= other.start
    )


def _first_occurrence(rule: str, start: date, clock: str | None, local_now: datetime) -> date:
    """The first date of the rule on or after `start` (and, with a time, not in the past)."""
    hour, minute = map(int, (clock or "00:00").split(":"))
    dtstart = datetime.combine(start, time(hour, minute))
    earliest = max(dtstart, local_now.replace(second=0, microsecond=0)) if clock else dtstart
    # The first one is the next matching day, whatever the interval: "every 2 weeks on Monday"
    # starts next Monday, which (as the due date) anchors the later ones.
    first = re.sub(r";INTERVAL=\d+", "", rule)
    occurrence = rrulestr(first, dtstart=dtstart).after(earliest, inc=True)
    return occurrence.date() if occurrence is not None else start


def _title(text: str, taken: list[Match]) -> str:
    pieces, position = [], 0
    for span in sorted(taken, key=lambda span: span.start):
        pieces.append(text[position : span.start])
        position = span.end
    pieces.append(text[position:])
    joined = " ".join(piece.strip(" \t") for piece in pieces if piece.strip(" \t"))
    title = re.sub(r"\s+([,;:.!?])", r"\1", re.sub(r"\s{2,}", " ", joined)).strip(_SEPARATORS)
    # Nothing but the date: the task is called what was typed.
    return title or text.strip()


def parse(
    text: str, *, local_now: datetime, locale: Locale, literal: frozenset[Part] = frozenset()
) -> ParsedTask:
    """What quick add creates from `text`, "now" being `local_now` (naive, the owner's wall clock).
    `literal` parts are not looked for: their words stay in the title."""
    taken: list[Match] = []
    repetition: Repetition | None = None
    if Part.RECURRENCE not in literal:
        repetition = find_repetition(text)
        if repetition is not None:
            taken.append(repetition)

    due: _Date | None = None
    clock: str | None = None
    if Part.DUE not in literal:
        times = [found for found in find_times(text) if not _overlaps(found, taken)]
        sure = next((found for found in times if not found.bare), None)
        bare = [found for found in times if found.bare and (sure is None or not _overlaps(found, [sure]))]
        chosen: TimeOfDay | None = sure
        due = _find_date(text, [*taken, *([sure] if sure else []), *bare], local_now, locale)
        if chosen is None:
            neighbours: list[Match] = [*taken, *([due] if due else [])]
            chosen = next((found for found in bare if _adjacent(found, neighbours, text)), None)
        if chosen is not None:
            taken.append(chosen)
            clock = f"{chosen.hour:02d}:{chosen.minute:02d}"
        if due is not None:
            taken.append(due)
            clock = clock or due.time

    due_date = due.day if due is not None else None
    if repetition is not None:
        due_date = _first_occurrence(repetition.rule, due_date or local_now.date(), clock, local_now)
    elif due_date is None and clock is not None:
        # A time alone: its next occurrence, today or tomorrow.
        due_date = local_now.date()
        if clock <= local_now.strftime("%H:%M"):
            due_date += timedelta(days=1)
    return ParsedTask(
        title=_title(text, taken),
        due_date=due_date,
        due_time=clock if due_date is not None else None,
        recurrence=repetition.rule if repetition is not None else None,
    )
