"""Due dates and times on tasks, and the due views of GET /tasks in the owner's timezone."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import time_machine

from tasktracker.auth.dependencies import ACCESS_COOKIE

# 2026-12-04 09:30 in Kiritimati (UTC+14), where the calendar is already a day ahead of UTC.
NOW = datetime(2026, 12, 3, 19, 30, tzinfo=UTC)
ZONE = "Pacific/Kiritimati"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
async def user(client: httpx.AsyncClient, frozen: None) -> httpx.AsyncClient:
    response = await client.post(
        "/user", json={"email": "ada@example.com", "password": "correct horse battery", "timezone": ZONE}
    )
    assert response.status_code == 200, response.text
    return client


async def create(http: httpx.AsyncClient, title: str, **due: Any) -> dict[str, Any]:
    response = await http.post("/tasks", json={"title": title, **due})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def titles(http: httpx.AsyncClient, view: str) -> list[str]:
    response = await http.get("/tasks", params={"due": view})
    assert response.status_code == 200, response.text
    return [task["title"] for task in response.json()]


async def test_a_task_has_a_due_date_and_time_or_none(user: httpx.AsyncClient) -> None:
    plain = await create(user, "Someday")
    assert plain["due_date"] is None and plain["due_time"] is None
    timed = await create(user, "Call", due_date="2026-12-05", due_time="18:30")
    assert (timed["due_date"], timed["due_time"]) == ("2026-12-05", "18:30")
    listed = {task["title"]: task for task in (await user.get("/tasks")).json()}
    assert (listed["Call"]["due_date"], listed["Call"]["due_time"]) == ("2026-12-05", "18:30")
    assert (await user.get(f"/tasks/{timed['id']}")).json()["due_date"] == "2026-12-05"


async def test_a_change_sets_moves_and_clears_the_due_date(user: httpx.AsyncClient) -> None:
    task = await create(user, "Rent", due_date="2026-12-05", due_time="09:00")
    moved = await user.patch(f"/tasks/{task['id']}", json={"due_date": "2026-12-07"})
    assert (moved.json()["due_date"], moved.json()["due_time"]) == ("2026-12-07", "09:00")
    untimed = await user.patch(f"/tasks/{task['id']}", json={"due_time": None})
    assert (untimed.json()["due_date"], untimed.json()["due_time"]) == ("2026-12-07", None)
    timed = await user.patch(f"/tasks/{task['id']}", json={"due_date": "2026-12-08", "due_time": "07:15"})
    assert (timed.json()["due_date"], timed.json()["due_time"]) == ("2026-12-08", "07:15")
    # Clearing the date clears the time with it: a time alone means nothing.
    cleared = await user.patch(f"/tasks/{task['id']}", json={"due_date": None})
    assert cleared.status_code == 200
    assert (cleared.json()["due_date"], cleared.json()["due_time"]) == (None, None)
    assert cleared.json()["version"] == task["version"] + 4


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"due_date": "2026-02-30"}, "due_date"),
        ({"due_date": "2026-2-3"}, "due_date"),
        ({"due_date": "2026-12-05T10:00:00"}, "due_date"),
        ({"due_date": 20261205}, "due_date"),
        ({"due_date": "2026-12-05", "due_time": "24:00"}, "due_time"),
        ({"due_date": "2026-12-05", "due_time": "9:00"}, "due_time"),
    ],
)
async def test_a_malformed_due_date_or_time_is_refused(
    user: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    created = await user.post("/tasks", json={"title": "Bad", **body})
    assert created.status_code == 422
    assert created.json()["errors"][0]["field"] == field
    task = await create(user, "Good")
    changed = await user.patch(f"/tasks/{task['id']}", json=body)
    assert changed.status_code == 422
    assert changed.json()["errors"][0]["field"] == field


async def test_a_due_time_needs_a_due_date_in_the_same_body(user: httpx.AsyncClient) -> None:
    created = await user.post("/tasks", json={"title": "When?", "due_time": "10:00"})
    assert created.status_code == 422
    assert "due date" in created.json()["message"]
    task = await create(user, "Dated", due_date="2026-12-05")
    alone = await user.patch(f"/tasks/{task['id']}", json={"due_time": "10:00"})
    assert alone.status_code == 422
    with_cleared_date = await user.patch(f"/tasks/{task['id']}", json={"due_date": None, "due_time": "10:00"})
    assert with_cleared_date.status_code == 422
    assert (await user.get(f"/tasks/{task['id']}")).json()["due_date"] == "2026-12-05"


async def test_the_due_views_use_the_owners_calendar(user: httpx.AsyncClient) -> None:
    # Local now: Friday 2026-12-04 09:30 (UTC is still at the 3rd).
    await create(user, "Yesterday", due_date="2026-12-03")
    await create(user, "Today, passed", due_date="2026-12-04", due_time="08:00")
    await create(user, "Today, all day", due_date="2026-12-04")
    await create(user, "Today, later", due_date="2026-12-04", due_time="17:00")
    await create(user, "In six days", due_date="2026-12-10")
    await create(user, "In a week", due_date="2026-12-11")
    await create(user, "No date")
    done = await create(user, "Done yesterday", due_date="2026-12-03")
    assert (await user.patch(f"/tasks/{done['id']}", json={"done": True})).status_code == 200

    assert await titles(user, "overdue") == ["Yesterday", "Today, passed"]
    assert await titles(user, "today") == ["Yesterday", "Today, all day", "Today, passed", "Today, later"]
    assert await titles(user, "upcoming") == [
        "Today, all day",
        "Today, passed",
        "Today, later",
        "In six days",
    ]


async def test_the_due_views_follow_a_timezone_change(client: httpx.AsyncClient, frozen: None) -> None:
    # Without a timezone of their own, the owner's calendar is the default's (UTC): the 3rd.
    response = await client.post(
        "/user", json={"email": "bo@example.com", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    await create(client, "Friday", due_date="2026-12-04")
    assert await titles(client, "today") == []
    assert await titles(client, "upcoming") == ["Friday"]


async def test_an_unknown_view_is_refused_and_a_dead_session_gets_401(user: httpx.AsyncClient) -> None:
    refused = await user.get("/tasks", params={"due": "tomorrow"})
    assert refused.status_code == 422
    access_token = user.cookies[ACCESS_COOKIE]
    assert (await user.delete("/session")).status_code == 204
    user.cookies.clear()
    # The token is still unexpired; its session is over.
    ended = await user.get(
        "/tasks", params={"due": "today"}, headers={"Authorization": f"Bearer {access_token}"}
    )
    assert ended.status_code == 401


async def test_the_due_views_accept_basic_credentials(user: httpx.AsyncClient) -> None:
    await create(user, "Yesterday", due_date="2026-12-03")
    user.cookies.clear()
    response = await user.get(
        "/tasks", params={"due": "overdue"}, auth=("ada@example.com", "correct horse battery")
    )
    assert response.status_code == 200
    assert [task["title"] for task in response.json()] == ["Yesterday"]


async def test_a_timezone_change_keeps_timed_tasks_at_their_instant_and_dates_on_their_date(
    user: httpx.AsyncClient,
) -> None:
    timed = await create(user, "Call Paris", due_date="2026-12-05", due_time="09:30")
    dated = await create(user, "Friday", due_date="2026-12-04")
    # Kiritimati is UTC+14, Paris UTC+1 in December: 09:30 on the 5th there is 20:30 on the 4th.
    changed = await user.patch("/user", json={"timezone": "Europe/Paris"})
    assert changed.status_code == 200, changed.text
    moved = (await user.get(f"/tasks/{timed['id']}")).json()
    assert (moved["due_date"], moved["due_time"]) == ("2026-12-04", "20:30")
    assert moved["version"] == timed["version"] + 1
    kept = (await user.get(f"/tasks/{dated['id']}")).json()
    assert (kept["due_date"], kept["due_time"], kept["version"]) == ("2026-12-04", None, dated["version"])
    # Sending the same zone again moves nothing.
    assert (await user.patch("/user", json={"timezone": "Europe/Paris"})).status_code == 200
    assert (await user.get(f"/tasks/{timed['id']}")).json()["version"] == moved["version"]
