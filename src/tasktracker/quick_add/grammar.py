"""The small grammar of our own that quick add needs besides dateparser: repetition (English and
Russian, producing RFC 5545 RRULE values) and times of day ("at 9:30", "в 10", "5pm", "в 7 вечера"),
which dateparser either does not know ("every", "каждый") or drops ("завтра в 10" is 12:00 to it).

Each finder returns spans of the text it recognised, so the parser can take them out of the title.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

Groups = dict[str, str | None]

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_EN_WEEKDAYS = (
    r"mon(?:day)?s?",
    r"tue(?:s|sday)?s?",
    r"wed(?:nesday)?s?",
    r"thu(?:rs|rsday)?s?",
    r"fri(?:day)?s?",
    r"sat(?:urday)?s?",
    r"sun(?:day)?s?",
)
# Accusative ("каждую среду"), nominative and the dative plural of "по средам".
_RU_WEEKDAYS = (
    r"понедельник(?:ам)?",
    r"вторник(?:ам)?",
    r"сред(?:а|у|ам)",
    r"четверг(?:ам)?",
    r"пятниц(?:а|у|ам)",
    r"суббот(?:а|у|ам)",
    r"воскресень(?:е|ям)",
)
_WEEKDAY = "|".join(f"(?:{form})" for form in (*_EN_WEEKDAYS, *_RU_WEEKDAYS))
_WEEKDAY_LIST = rf"(?:{_WEEKDAY})(?:\s*(?:,\s*(?:and\s+|и\s+)?|\s(?:and|и|&)\s)\s*(?:{_WEEKDAY}))*"

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "other": 2,
    "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8,
    "девять": 9, "десять": 10,
}  # fmt: skip
# "каждый второй день", "каждую третью неделю"
_RU_ORDINALS = {"втор": 2, "трет": 3, "четвёрт": 4, "четверт": 4}
_NUMBER = r"(?P<n>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")"
_RU_ORDINAL = r"(?P<nth>втор|трет|четв[её]рт)(?:ой|ую|ое|ий|ью|ье|ый)"

_UNITS = {
    "DAILY": r"days?|дн(?:я|ей)|день",
    "WEEKLY": r"weeks?|недел(?:ю|и|ь|я)",
    "MONTHLY": r"months?|месяц(?:а|ев)?",
    "YEARLY": r"years?|год(?:а)?|лет",
}
_UNIT = "|".join(f"(?P<{freq.lower()}>{units})" for freq, units in _UNITS.items())

_EVERY = r"(?:every|кажд(?:ый|ое|ую|ая|ые))"
_MONTH_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th|-?(?:е|го|ое))?"
_ORDINAL_WEEK = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1,
    "перв": 1, "втор": 2, "трет": 3, "четвёрт": 4, "четверт": 4, "последн": -1,
}  # fmt: skip
_NTH_WEEKDAY = (
    r"(?P<which>first|second|third|fourth|last|(?:перв|втор|трет|четв[её]рт|последн)(?:ий|ый|ой|ую|ее|юю|ое))"
    rf"\s+(?P<weekday>{_WEEKDAY})"
)
_WEEKDAYS_ALL = "MO,TU,WE,TH,FR"
_WEEKEND = "SA,SU"

_OF_MONTH = r"(?:\s+(?:of\s+(?:the|each|every)\s+month|каждого\s+месяца|месяца))?"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Repetition(Match):
    rule: str


@dataclass(frozen=True, slots=True)
class TimeOfDay(Match):
    hour: int
    minute: int
    # A bare hour ("at 5", "в 10") is a time only next to a date or repetition, or at the end of
    # the text: "в 3 магазина" is a count of shops.
    bare: bool


def _rule(freq: str, interval: int = 1, by_day: str | None = None, by_month_day: int | None = None) -> str:
    parts = [f"FREQ={freq}"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if by_day:
        parts.append(f"BYDAY={by_day}")
    if by_month_day is not None:
        parts.append(f"BYMONTHDAY={by_month_day}")
    return ";".join(parts)


def _weekday_code(word: str) -> str:
    word = word.lower()
    for code, form in zip(WEEKDAY_CODES * 2, (*_EN_WEEKDAYS, *_RU_WEEKDAYS), strict=True):
        if re.fullmatch(form, word):
            return code
    raise ValueError(word)


def _weekday_codes(text: str) -> str:
    codes = {_weekday_code(word) for word in re.findall(_WEEKDAY, text, re.IGNORECASE)}
    return ",".join(code for code in WEEKDAY_CODES if code in codes)


def _interval(groups: Groups) -> int:
    if groups.get("nth"):
        return _RU_ORDINALS[str(groups["nth"]).lower()]
    number = groups.get("n")
    if not number:
        return 1
    return int(number) if number.isdigit() else _NUMBER_WORDS[number.lower()]


def _frequency(groups: Groups) -> str:
    return next(freq for freq in _UNITS if groups.get(freq.lower()))


def _month_day(groups: Groups) -> int | None:
    """The day of a month the rule names (-1: the last), or None when it is no day."""
    if groups.get("last_day"):
        return -1
    day = int(groups["day"] or 0)
    return day if 1 <= day <= 31 else None


def _nth_weekday(groups: Groups) -> str:
    which = str(groups["which"]).lower()
    position = next(value for stem, value in _ORDINAL_WEEK.items() if which.startswith(stem))
    return f"{position}{_weekday_code(str(groups['weekday']))}"


_LAST_DAY = r"(?P<last_day>(?:the\s+)?last\s+day|последн(?:ий|ее)\s+(?:день|число))"
_IN_MONTH_DAYS = (
    rf"{_MONTH_DAY}\s+числа",
    rf"(?:on\s+)?(?:the\s+)?{_MONTH_DAY}(?:\s+day)?",
    rf"(?:в|on)\s+{_LAST_DAY}",
)

Builder = Callable[[Groups], str | None]

# (pattern, builder), tried in order, longest forms first; the first that matches anywhere wins.
_REPETITIONS: list[tuple[re.Pattern[str], Builder]] = []


def _repetition(*patterns: str) -> Callable[[Builder], Builder]:
    """Register a builder for each of `patterns` (alternatives of their own: a group name may
    appear once in a pattern)."""

    def register(build: Builder) -> Builder:
        for pattern in patterns:
            _REPETITIONS.append((re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE), build))
        return build

    return register


@_repetition(
    rf"{_EVERY}\s+(?:{_NUMBER}\s+)?(?:weeks?|недел[юиь])\s+(?:on\s+|по\s+|в\s+|во\s+)(?P<days>{_WEEKDAY_LIST})"
)
def _weekly_on_days(groups: Groups) -> str | None:
    return _rule("WEEKLY", _interval(groups), _weekday_codes(str(groups["days"])))


@_repetition(
    rf"{_EVERY}\s+(?:{_NUMBER}\s+)?(?:months?|месяц(?:а|ев)?)\s+(?:on\s+(?:the\s+)?|в\s+)?{_NTH_WEEKDAY}"
)
def _monthly_on_nth_weekday(groups: Groups) -> str | None:
    return _rule("MONTHLY", _interval(groups), _nth_weekday(groups))


@_repetition(
    rf"(?:on\s+(?:the\s+)?|в\s+)?{_NTH_WEEKDAY}\s+(?:(?:of\s+)?(?:every|each)\s+month|каждого\s+месяца)",
    rf"{_EVERY}\s+{_NTH_WEEKDAY}{_OF_MONTH}",
)
def _nth_weekday_of_every_month(groups: Groups) -> str | None:
    return _rule("MONTHLY", 1, _nth_weekday(groups))


@_repetition(*(rf"{_EVERY}\s+(?:{_NUMBER}\s+)?(?:months?|месяц(?:а|ев)?)\s+{day}" for day in _IN_MONTH_DAYS))
def _monthly_on_day(groups: Groups) -> str | None:
    day = _month_day(groups)
    return None if day is None else _rule("MONTHLY", _interval(groups), by_month_day=day)


@_repetition(
    rf"(?:on\s+(?:the\s+)?)?{_MONTH_DAY}(?:\s+day)?\s+of\s+(?:every|each|the)\s+month",
    rf"(?:on\s+)?{_LAST_DAY}\s+of\s+(?:every|each|the)\s+month",
    rf"{_MONTH_DAY}\s+числа\s+каждого\s+месяца",
    rf"в\s+{_LAST_DAY}\s+каждого\s+месяца",
    # "every 15th", "каждое 1-е число": the suffix or the word for a day of the month is needed,
    # "every 2" is the start of "every 2 weeks"
    rf"{_EVERY}\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th|-?(?:е|го|ое))(?:\s+числ[оа])?{_OF_MONTH}",
    rf"{_EVERY}\s+(?P<day>[0-9]{{1,2}})\s+числ[оа]{_OF_MONTH}",
    rf"{_EVERY}\s+{_LAST_DAY}{_OF_MONTH}",
)
def _day_of_every_month(groups: Groups) -> str | None:
    day = _month_day(groups)
    return None if day is None else _rule("MONTHLY", by_month_day=day)


@_repetition(
    rf"{_EVERY}\s+(?:(?:week|work|business)\s*days?|weekdays|будн(?:ий|ие)\s+(?:день|дни)|рабоч(?:ий|ие)\s+(?:день|дни))"
    r"|(?:on\s+)?weekdays|по\s+будн(?:ям|им\s+дням)|по\s+рабочим\s+дням|в\s+будни"
)
def _weekdays(groups: Groups) -> str | None:
    return _rule("WEEKLY", by_day=_WEEKDAYS_ALL)


@_repetition(rf"{_EVERY}\s+(?:weekend|выходные)|(?:on\s+)?weekends|по\s+выходным")
def _weekends(groups: Groups) -> str | None:
    return _rule("WEEKLY", by_day=_WEEKEND)


@_repetition(
    rf"{_EVERY}\s+(?:{_NUMBER}\s+)?(?P<days>{_WEEKDAY_LIST})", rf"(?:on\s+|по\s+)(?P<plural>{_WEEKDAY_LIST})"
)
def _weekly_on(groups: Groups) -> str | None:
    plural = groups.get("plural")
    # "on Monday" is a date; "on Mondays" (and "по понедельникам") a repetition.
    if plural is not None and not re.search(r"(?:s|ам|ям)$", plural, re.IGNORECASE):
        return None
    return _rule("WEEKLY", _interval(groups), _weekday_codes(str(groups.get("days") or plural)))


@_repetition(rf"{_EVERY}\s+(?:(?:{_NUMBER}|{_RU_ORDINAL})\s+)?(?:{_UNIT})")
def _every_unit(groups: Groups) -> str | None:
    return _rule(_frequency(groups), _interval(groups))


_ADVERBS = {
    "everyday": "DAILY",
    "ежедневно": "DAILY",
    "еженедельно": "WEEKLY",
    "ежемесячно": "MONTHLY",
    "annually": "YEARLY",
    "ежегодно": "YEARLY",
}


@_repetition("(?P<adverb>" + "|".join(_ADVERBS) + ")")
def _adverb(groups: Groups) -> str | None:
    return _rule(_ADVERBS[str(groups["adverb"]).lower()])


# English adjectives that are adverbs only at the end: "Water plants daily", not "Weekly report".
_TRAILING_ADVERBS = re.compile(r"(?<!\w)(daily|weekly|monthly|yearly)\s*[.!]?\s*$", re.IGNORECASE)


def find_repetition(text: str) -> Repetition | None:
    """The first repetition the text states, as an RRULE value."""
    for pattern, build in _REPETITIONS:
        for found in pattern.finditer(text):
            rule = build(found.groupdict())
            if rule is not None:
                return Repetition(found.start(), found.end(), rule)
    trailing = _TRAILING_ADVERBS.search(text)
    if trailing is not None:
        freq = "DAILY" if trailing.group(1).lower() == "daily" else trailing.group(1).upper()
        return Repetition(trailing.start(1), trailing.end(1), _rule(freq))
    return None


_PARTS_OF_DAY = r"(?P<part>am|a\.m\.|pm|p\.m\.|утра|дня|вечера|ночи)"
_TIMES = [
    # 18:00, at 9:30, в 10:00, в 18.00 (a dot only after "в"/"at": "24.12" is a date)
    re.compile(
        r"(?<![\w:.])(?:(?P<at>at|@|в|во)\s+)?(?P<hour>[01]?[0-9]|2[0-3]):(?P<minute>[0-5][0-9])"
        rf"(?:\s*{_PARTS_OF_DAY})?(?![\w:])",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w:.])(?:at|в|во)\s+(?P<hour>[01]?[0-9]|2[0-3])\.(?P<minute>[0-5][0-9])(?![\w.])",
        re.IGNORECASE,
    ),
    # 5pm, at 7 am, в 7 вечера, в 10 часов, в 10 ч
    re.compile(
        rf"(?<![\w:.])(?:(?P<at>at|в|во)\s+)?(?P<hour>[01]?[0-9]|2[0-3])\s*{_PARTS_OF_DAY}(?!\w)"
        r"|(?<![\w:.])(?:в|во)\s+(?P<hour_o>[01]?[0-9]|2[0-3])\s*(?:час(?:а|ов)?|ч\b)"
        r"|(?<![\w:.])at\s+(?P<hour_oc>[01]?[0-9]|2[0-3])\s*o['’]clock(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(r"(?<!\w)(?:at\s+noon|noon|в\s+полдень|полдень)(?!\w)", re.IGNORECASE),
    # at 5, в 10: bare hours, kept only where they can only be a time (see TimeOfDay.bare)
    re.compile(
        r"(?<![\w:.])(?P<bare>at|в|во)\s+(?P<hour>[01]?[0-9]|2[0-3])(?![\w:.,]|\s*[%°])", re.IGNORECASE
    ),
]


def _hour_in(hour: int, part: str | None) -> int | None:
    """The hour on a 24-hour clock, or None when the part of the day does not fit it."""
    if part is None:
        return hour
    part = part.lower().replace(".", "")
    if part in {"am", "pm"}:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if part == "pm" else 0)
    if part == "утра":
        return hour if hour <= 11 else None
    if part == "дня":  # "в 2 дня" is 14:00, "в 12 дня" noon
        return hour if hour >= 12 else (hour + 12 if hour <= 5 else None)
    if part == "вечера":
        return hour if hour >= 17 else (hour + 12 if 4 <= hour <= 11 else None)
    # ночи: "в 11 ночи" is 23:00, "в 2 ночи" 02:00
    return hour + 12 if 9 <= hour <= 11 else (hour if hour <= 5 or hour == 12 else None)


def find_times(text: str) -> list[TimeOfDay]:
    """Every time of day the text may state, in the order of the forms above (surest first)."""
    found: list[TimeOfDay] = []
    for pattern in _TIMES:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if str(groups.get("part")).lower() == "дня" and not groups.get("at"):
                continue  # "через 3 дня" is in three days; "в 3 дня" is 15:00
            hour_text = groups.get("hour") or groups.get("hour_o") or groups.get("hour_oc")
            hour = 12 if hour_text is None else _hour_in(int(hour_text), groups.get("part"))
            if hour is None:
                continue
            minute = int(groups.get("minute") or 0)
            found.append(
                TimeOfDay(match.start(), match.end(), hour % 24, minute, bare=bool(groups.get("bare")))
            )
    return found
