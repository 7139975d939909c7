"""Recurring tasks: the rules we accept, their next dates, and completing, skipping and stopping
them through the API on both databases."""

import re
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
import time_machine
from dateutil.rrule import rrulestr
from fastapi import FastAPI
from pydantic_core import PydanticCustomError

from tasktracker.auth.dependencies import ACCESS_COOKIE
from tasktracker.tasks.recurrence import RRULE_PATTERN, clean_recurrence, move, next_date
from tests.conftest import ClientFactory, register

# Schedules (with the day a task is completed, "today"): the occurrence done and the next date.
NEXT_DATES = [
    # Daily, every 3 days, weekdays (Friday 2026-12-04 → Monday).
    ("FREQ=DAILY", "2026-12-04", "2026-12-04", "2026-12-05"),
    ("FREQ=DAILY;INTERVAL=3", "2026-12-04", "2026-12-04", "2026-12-07"),
    ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "2026-12-04", "2026-12-04", "2026-12-07"),
    ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "2026-12-04", "2026-12-04", "2026-12-07"),
    # Weekly on Monday and Thursday: Monday → Thursday → Monday.
    ("FREQ=WEEKLY;BYDAY=MO,TH", "2026-12-07", "2026-12-07", "2026-12-10"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "2026-12-10", "2026-12-10", "2026-12-14"),
    # Weekly without days: the due date's weekday. Every 2 weeks keeps its weeks.
    ("FREQ=WEEKLY", "2026-12-03", "2026-12-03", "2026-12-10"),
    ("FREQ=WEEKLY;INTERVAL=2", "2026-12-03", "2026-12-03", "2026-12-17"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2026-12-10", "2026-12-10", "2026-12-21"),
    # Monthly on the 31st skips the months without one (RFC 5545); -1 is the last day of each.
    ("FREQ=MONTHLY;BYMONTHDAY=31", "2027-01-31", "2027-01-31", "2027-03-31"),
    ("FREQ=MONTHLY", "2027-01-31", "2027-01-31", "2027-03-31"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "2027-01-31", "2027-01-31", "2027-02-28"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", "2028-01-31", "2028-01-31", "2028-02-29"),
    ("FREQ=MONTHLY;BYMONTHDAY=1", "2026-12-01", "2026-12-01", "2027-01-01"),
    # The last Friday, the second Tuesday of the month.
    ("FREQ=MONTHLY;BYDAY=-1FR", "2026-12-25", "2026-12-25", "2027-01-29"),
    ("FREQ=MONTHLY;BYDAY=2TU", "2026-12-08", "2026-12-08", "2027-01-12"),
    # Yearly; 29 February only comes back in a leap year.
    ("FREQ=YEARLY", "2026-12-04", "2026-12-04", "2027-12-04"),
    ("FREQ=YEARLY", "2028-02-29", "2028-02-29", "2032-02-29"),
    ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "2027-03-01", "2027-03-01", "2028-03-01"),
    # Completed a day early: the next date after the occurrence, by the schedule.
    ("FREQ=WEEKLY;BYDAY=MO", "2026-12-07", "2026-12-06", "2026-12-14"),
    # Completed late: the missed dates are skipped, today's occurrence is the next (still to do)...
    ("FREQ=DAILY", "2026-12-01", "2026-12-04", "2026-12-04"),
    ("FREQ=WEEKLY;BYDAY=MO,TH", "2026-11-23", "2026-12-04", "2026-12-07"),
    ("FREQ=WEEKLY;BYDAY=FR", "2026-11-20", "2026-12-04", "2026-12-04"),
    # ... and the schedule keeps its rhythm (every 2 weeks from 2026-11-05: the 3rd, then 17th).
    ("FREQ=WEEKLY;INTERVAL=2", "2026-11-05", "2026-12-04", "2026-12-17"),
    # After completion: counted from the day it was done, not from the schedule.
    ("FREQ=DAILY;INTERVAL=3;X-AFTER=COMPLETION", "2026-11-20", "2026-12-04", "2026-12-07"),
    ("FREQ=MONTHLY;X-AFTER=COMPLETION", "2026-11-20", "2026-12-04", "2027-01-04"),
    ("FREQ=WEEKLY;BYDAY=MO;X-AFTER=COMPLETION", "2026-11-30", "2026-12-04", "2026-12-07"),
]


@pytest.mark.parametrize(("rule", "occurrence", "today", "expected"), NEXT_DATES)
def test_the_next_date(rule: str, occurrence: str, today: str, expected: str) -> None:
    found = next_date(clean_recurrence(rule), date.fromisoformat(occurrence), today=date.fromisoformat(today))
    assert found == date.fromisoformat(expected)


def test_a_reminder_follows_the_next_occurrence_at_its_local_time_across_dst() -> None:
    paris = ZoneInfo("Europe/Paris")
    # 08:00 in Paris on Friday 2027-03-26 (UTC+1); the next Friday is after the change to UTC+2.
    remind_at = datetime(2027, 3, 26, 7, 0, tzinfo=UTC)
    moved = move("FREQ=WEEKLY", date(2027, 3, 26), remind_at, zone=paris, today=date(2027, 3, 26))
    assert moved.due_date == date(2027, 4, 2)
    assert moved.remind_at == datetime(2027, 4, 2, 6, 0, tzinfo=UTC)
    assert moved.remind_at.astimezone(paris).hour == 8
    assert move("FREQ=DAILY", date(2027, 3, 26), None, zone=paris, today=date(2027, 3, 26)).remind_at is None


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("freq=weekly;byday=mo,th", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("BYDAY=-1FR;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("X-AFTER=COMPLETION;FREQ=DAILY;INTERVAL=2", "FREQ=DAILY;INTERVAL=2;X-AFTER=COMPLETION"),
    ],
)
def test_a_rule_is_written_in_one_form_and_the_refusal_shows_it(given: str, stored: str) -> None:
    assert clean_recurrence(stored) == stored
    with pytest.raises(PydanticCustomError) as refused:
        clean_recurrence(given)
    assert str(refused.value).endswith(stored)


def test_every_rule_the_description_admits_is_accepted_and_no_other() -> None:
    for rule in (
        *(case[0] for case in NEXT_DATES),
        "FREQ=MONTHLY;BYMONTHDAY=-31,15",
        "FREQ=MONTHLY;BYDAY=+5SU",
    ):
        assert re.fullmatch(RRULE_PATTERN, rule), rule
        assert clean_recurrence(rule) == rule
    for rule in ("FREQ=DAILY;INTERVAL=007", "FREQ=YEARLY;BYDAY=MO", "FREQ=WEEKLY;BYDAY=1MO"):
        assert not re.fullmatch(RRULE_PATTERN, rule), rule
        with pytest.raises(PydanticCustomError):
            clean_recurrence(rule)


@pytest.mark.parametrize(
    "rule", ["FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SA", "FREQ=DAILY;INTERVAL=5", "FREQ=WEEKLY"]
)
def test_a_task_left_for_centuries_keeps_its_rhythm(rule: str) -> None:
    left, today = date(1026, 1, 8), date(2026, 12, 4)
    walked = rrulestr(rule, dtstart=datetime(1026, 1, 8)).after(datetime(2026, 12, 3), inc=False)
    started = time.perf_counter()
    assert next_date(rule, left, today=today) == walked.date()
    # Not walked through day by day: whole periods are jumped over.
    assert time.perf_counter() - started < 0.05


def test_a_schedule_without_dates_has_no_next_date() -> None:
    assert (
        next_date("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", date(2026, 12, 4), today=date(2026, 12, 4)) is None
    )


@pytest.mark.parametrize(
    ("rule", "says"),
    [
        ("", "NAME=VALUE"),
        ("FREQ=HOURLY", "FREQ must be"),
        ("INTERVAL=2", "FREQ must be"),
        ("FREQ=DAILY;COUNT=5", "COUNT is not supported"),
        ("FREQ=DAILY;UNTIL=20271231", "UNTIL is not supported"),
        ("DTSTART=20261204;FREQ=DAILY", "DTSTART is not supported"),
        ("FREQ=DAILY;FREQ=WEEKLY", "given twice"),
        ("FREQ=DAILY;INTERVAL=0", "INTERVAL must be"),
        ("FREQ=DAILY;INTERVAL=1000", "INTERVAL must be"),
        ("FREQ=WEEKLY;BYDAY=XX", "BYDAY takes weekdays"),
        ("FREQ=WEEKLY;BYDAY=-1FR", "needs FREQ=MONTHLY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", "BYMONTHDAY needs"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", "BYMONTHDAY must be"),
        ("FREQ=MONTHLY;BYMONTH=2", "BYMONTH needs FREQ=YEARLY"),
        ("FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "not both"),
        ("FREQ=DAILY;X-AFTER=SCHEDULE", "X-AFTER"),
    ],
)
def test_unsupported_rules_are_refused_with_a_reason(rule: str, says: str) -> None:
    with pytest.raises(PydanticCustomError) as refused:
        clean_recurrence(rule)
    assert says in str(refused.value)


# Tuesday 2026-12-08 00:10 in Paris, still Monday the 7th in UTC.
NOW = datetime(2026, 12, 7, 23, 10, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
async def user(client: httpx.AsyncClient, frozen: time_machine.Traveller) -> httpx.AsyncClient:
    response = await client.post(
        "/user",
        json={"email": "ada@example.com", "password": "correct horse battery", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 200, response.text
    return client


async def create(http: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await http.post("/tasks", json={"title": "Report", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def occurrences(app: FastAPI, task_id: int) -> list[tuple[date, datetime]]:
    async with app.state.database.connection() as conn:
        rows = await conn.fetch(
            "SELECT due_date, done_at FROM task_occurrences WHERE task_id = :task_id ORDER BY id",
            task_id=task_id,
        )
    return [(row["due_date"], row["done_at"]) for row in rows]


async def test_a_rule_is_set_on_create_and_change_and_null_stops_repeating(user: httpx.AsyncClient) -> None:
    task = await create(user, due_date="2026-12-07", recurrence="FREQ=WEEKLY;BYDAY=MO,TH")
    assert task["recurrence"] == "FREQ=WEEKLY;BYDAY=MO,TH"
    changed = await user.patch(f"/tasks/{task['id']}", json={"recurrence": "FREQ=MONTHLY;BYDAY=-1FR"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["recurrence"] == "FREQ=MONTHLY;BYDAY=-1FR"
    assert (await user.get("/tasks")).json()[0]["recurrence"] == "FREQ=MONTHLY;BYDAY=-1FR"
    stopped = await user.patch(f"/tasks/{task['id']}", json={"recurrence": None})
    assert stopped.json()["recurrence"] is None
    # A task that no longer repeats is completed like any other.
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert (done.json()["done"], done.json()["due_date"]) == (True, "2026-12-07")


async def test_a_rule_needs_a_due_date(user: httpx.AsyncClient) -> None:
    undated = await user.post("/tasks", json={"title": "When?", "recurrence": "FREQ=DAILY"})
    assert undated.status_code == 422
    assert "due date" in undated.json()["message"]
    task = await create(user)
    # The body is valid; the task as stored contradicts it: a 409.
    alone = await user.patch(f"/tasks/{task['id']}", json={"recurrence": "FREQ=DAILY"})
    assert alone.status_code == 409
    assert "due date" in alone.json()["message"]
    with_date = await user.patch(
        f"/tasks/{task['id']}", json={"recurrence": "FREQ=DAILY", "due_date": "2026-12-05"}
    )
    assert with_date.status_code == 200
    # Now the task has a date, a rule alone is enough; clearing its date is refused while it repeats.
    assert (await user.patch(f"/tasks/{task['id']}", json={"recurrence": "FREQ=WEEKLY"})).status_code == 200
    cleared = await user.patch(f"/tasks/{task['id']}", json={"due_date": None})
    assert cleared.status_code == 409
    in_body = await user.patch(f"/tasks/{task['id']}", json={"due_date": None, "recurrence": "FREQ=DAILY"})
    assert in_body.status_code == 422
    assert "stop repeating" in cleared.json()["message"]
    both = await user.patch(f"/tasks/{task['id']}", json={"due_date": None, "recurrence": None})
    assert (both.json()["due_date"], both.json()["recurrence"]) == (None, None)


async def test_an_unsupported_rule_is_a_422_naming_the_field(user: httpx.AsyncClient) -> None:
    response = await user.post(
        "/tasks", json={"title": "Five times", "due_date": "2026-12-05", "recurrence": "FREQ=DAILY;COUNT=5"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "recurrence"
    assert "COUNT is not supported" in response.json()["message"]


async def test_completing_a_weekly_task_twice_records_two_occurrences_and_moves_twice(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    task = await create(user, due_date="2026-12-07", due_time="09:00", recurrence="FREQ=WEEKLY;BYDAY=MO,TH")
    first = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert first.status_code == 200, first.text
    body = first.json()
    assert (body["done"], body["done_at"], body["due_date"], body["due_time"]) == (
        False,
        None,
        "2026-12-10",
        "09:00",
    )
    assert body["version"] == task["version"] + 1
    assert first.headers["etag"] == f'"{body["version"]}"'
    second = await user.patch(
        f"/tasks/{task['id']}", json={"done": True}, headers={"If-Match": first.headers["etag"]}
    )
    assert second.status_code == 200, second.text
    assert second.json()["due_date"] == "2026-12-14"
    assert await occurrences(app, task["id"]) == [
        (date(2026, 12, 7), NOW),
        (date(2026, 12, 10), NOW),
    ]
    # The open list still has it, at its new date.
    listed = (await user.get("/tasks", params={"done": "false"})).json()
    assert [(t["id"], t["due_date"]) for t in listed] == [(task["id"], "2026-12-14")]


async def test_completing_late_lands_on_today_in_the_owners_calendar(user: httpx.AsyncClient) -> None:
    task = await create(user, due_date="2026-11-20", recurrence="FREQ=DAILY")
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert done.json()["due_date"] == "2026-12-08"


async def test_a_reminder_moves_with_the_occurrence(user: httpx.AsyncClient, app: FastAPI) -> None:
    task = await create(user, due_date="2026-12-07", due_time="09:00", recurrence="FREQ=WEEKLY;BYDAY=MO")
    async with app.state.database.connection() as conn:
        await conn.execute(
            "UPDATE tasks SET remind_at = :at WHERE id = :task_id",
            at=datetime(2026, 12, 7, 7, 30, tzinfo=UTC),
            task_id=task["id"],
        )
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert done.json()["due_date"] == "2026-12-14"
    assert datetime.fromisoformat(done.json()["remind_at"]) == datetime(2026, 12, 14, 7, 30, tzinfo=UTC)


async def test_other_fields_change_with_the_completion_in_one_version(user: httpx.AsyncClient) -> None:
    task = await create(user, due_date="2026-12-04", recurrence="FREQ=DAILY")
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True, "title": "Daily report"})
    body = done.json()
    assert (body["title"], body["due_date"], body["done"], body["version"]) == (
        "Daily report",
        "2026-12-08",
        False,
        task["version"] + 1,
    )
    # A rule sent with the completion is the one that applies.
    weekly = await user.patch(f"/tasks/{task['id']}", json={"done": True, "recurrence": "FREQ=WEEKLY"})
    assert weekly.json()["due_date"] == "2026-12-15"
    # Reopening is a plain change.
    assert (await user.patch(f"/tasks/{task['id']}", json={"done": False})).json()["done"] is False


async def test_completing_with_a_stale_version_is_a_412_and_changes_nothing(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    task = await create(user, due_date="2026-12-04", recurrence="FREQ=DAILY")
    assert (await user.patch(f"/tasks/{task['id']}", json={"title": "Renamed"})).status_code == 200
    stale = await user.patch(f"/tasks/{task['id']}", json={"done": True}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert (await user.get(f"/tasks/{task['id']}")).json()["due_date"] == "2026-12-04"
    assert await occurrences(app, task["id"]) == []
    skipped = await user.post(f"/tasks/{task['id']}/skip", headers={"If-Match": '"1"'})
    assert skipped.status_code == 412


async def test_skip_moves_without_recording_and_a_plain_task_cannot_skip(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    task = await create(user, due_date="2026-12-25", recurrence="FREQ=MONTHLY;BYDAY=-1FR")
    skipped = await user.post(f"/tasks/{task['id']}/skip")
    assert skipped.status_code == 200, skipped.text
    assert (skipped.json()["due_date"], skipped.json()["version"]) == ("2027-01-29", task["version"] + 1)
    assert skipped.headers["etag"] == f'"{task["version"] + 1}"'
    assert await occurrences(app, task["id"]) == []
    plain = await create(user, due_date="2026-12-25")
    refused = await user.post(f"/tasks/{plain['id']}/skip")
    assert refused.status_code == 409
    assert "does not repeat" in refused.json()["message"]


async def test_another_users_recurring_task_is_not_found(
    user: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    task = await create(user, due_date="2026-12-04", recurrence="FREQ=DAILY")
    other = make_client()
    await register(other, email="bo@example.com")
    assert (await other.patch(f"/tasks/{task['id']}", json={"done": True})).status_code == 404
    assert (await other.post(f"/tasks/{task['id']}/skip")).status_code == 404
    assert (await other.post("/tasks/99999/skip")).status_code == 404
    assert (await user.get(f"/tasks/{task['id']}")).json()["due_date"] == "2026-12-04"
    assert await occurrences(app, task["id"]) == []


async def test_a_dead_session_cannot_complete_or_skip(user: httpx.AsyncClient) -> None:
    task = await create(user, due_date="2026-12-04", recurrence="FREQ=DAILY")
    bearer = {"Authorization": f"Bearer {user.cookies[ACCESS_COOKIE]}"}
    assert (await user.delete("/session")).status_code == 204
    user.cookies.clear()
    # The token is still unexpired; its session is over.
    assert (await user.patch(f"/tasks/{task['id']}", json={"done": True}, headers=bearer)).status_code == 401
    assert (await user.post(f"/tasks/{task['id']}/skip", headers=bearer)).status_code == 401


async def test_a_schedule_without_dates_ends_when_completed(user: httpx.AsyncClient, app: FastAPI) -> None:
    task = await create(user, due_date="2026-12-08", recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
    assert (await user.post(f"/tasks/{task['id']}/skip")).status_code == 409
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert done.status_code == 200, done.text
    assert (done.json()["done"], done.json()["recurrence"], done.json()["due_date"]) == (
        True,
        None,
        "2026-12-08",
    )
    assert await occurrences(app, task["id"]) == []
