"""The parser on the quick-add table (tests/quick_add/phrases.py), and its edges."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from tasktracker.quick_add.parser import Locale, ParsedTask, Part, parse
from tests.quick_add.phrases import ENGLISH, NOW, RUSSIAN, ZONE, Expected

LOCAL_NOW = NOW.astimezone(ZoneInfo(ZONE)).replace(tzinfo=None)


def _shape(parsed: ParsedTask) -> Expected:
    return (
        parsed.title,
        parsed.due_date.isoformat() if parsed.due_date else None,
        parsed.due_time,
        parsed.recurrence,
    )


@pytest.mark.parametrize(("text", "expected"), ENGLISH.items())
def test_english(text: str, expected: Expected) -> None:
    assert _shape(parse(text, local_now=LOCAL_NOW, locale=Locale.EN)) == expected


@pytest.mark.parametrize(("text", "expected"), RUSSIAN.items())
def test_russian(text: str, expected: Expected) -> None:
    assert _shape(parse(text, local_now=LOCAL_NOW, locale=Locale.RU)) == expected


def test_the_table_is_large_enough() -> None:
    assert len(ENGLISH) >= 40 and len(RUSSIAN) >= 40
    assert sum(1 for expected in ENGLISH.values() if expected[1] is None) >= 10
    assert sum(1 for expected in RUSSIAN.values() if expected[1] is None) >= 10


@pytest.mark.parametrize("expected", [*ENGLISH.values(), *RUSSIAN.values()])
def test_every_rule_is_a_valid_rrule_that_starts_on_the_due_date(expected: Expected) -> None:
    _, due_date, due_time, rule = expected
    if rule is None:
        return
    assert due_date is not None
    start = datetime.fromisoformat(f"{due_date}T{due_time or '00:00'}")
    first = rrulestr(rule, dtstart=start)[0]
    assert first == start


def test_the_interface_language_decides_how_numeric_dates_read() -> None:
    assert parse("Pay on 04/05", local_now=LOCAL_NOW, locale=Locale.EN).due_date.isoformat() == "2026-04-05"  # type: ignore[union-attr]
    assert parse("Оплатить 04/05", local_now=LOCAL_NOW, locale=Locale.RU).due_date.isoformat() == "2026-05-04"  # type: ignore[union-attr]


def test_a_part_kept_literal_is_not_recognised() -> None:
    text = "Pay rent every month on the 1st tomorrow"
    both = parse(text, local_now=LOCAL_NOW, locale=Locale.EN)
    assert _shape(both) == ("Pay rent", "2026-04-01", None, "FREQ=MONTHLY;BYMONTHDAY=1")
    no_date = parse(text, local_now=LOCAL_NOW, locale=Locale.EN, literal=frozenset({Part.DUE}))
    assert _shape(no_date) == ("Pay rent tomorrow", "2026-04-01", None, "FREQ=MONTHLY;BYMONTHDAY=1")
    no_repeat = parse(text, local_now=LOCAL_NOW, locale=Locale.EN, literal=frozenset({Part.RECURRENCE}))
    assert _shape(no_repeat) == ("Pay rent every month on the 1st", "2026-03-11", None, None)
    neither = parse(text, local_now=LOCAL_NOW, locale=Locale.EN, literal=frozenset(Part))
    assert _shape(neither) == (text, None, None, None)


def test_the_same_words_a_day_later_give_a_day_later() -> None:
    later = LOCAL_NOW.replace(day=11)
    assert _shape(parse("Call mum tomorrow 18:00", local_now=later, locale=Locale.EN))[1] == "2026-03-12"


def test_a_repeating_time_that_has_passed_today_starts_tomorrow() -> None:
    evening = LOCAL_NOW.replace(hour=21)
    assert _shape(parse("каждый день в 8 зарядка", local_now=evening, locale=Locale.RU)) == (
        "зарядка",
        "2026-03-11",
        "08:00",
        "FREQ=DAILY",
    )
