"""remind_at on tasks: set on create or change, validated, cleared with null (both databases)."""

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import time_machine

NOW = datetime(2026, 12, 3, 19, 30, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
async def user(client: httpx.AsyncClient, frozen: None) -> httpx.AsyncClient:
    response = await client.post(
        "/user",
        json={"email": "ada@example.com", "password": "correct horse battery", "timezone": "Europe/Paris"},
    )
    assert response.status_code == 200, response.text
    return client


def instant(task: dict[str, Any]) -> datetime | None:
    value = task["remind_at"]
    return None if value is None else datetime.fromisoformat(value)


async def test_a_reminder_is_set_on_create_and_returned_in_utc(user: httpx.AsyncClient) -> None:
    created = await user.post(
        "/tasks", json={"title": "Call", "due_date": "2026-12-05", "remind_at": "2026-12-05T09:30:00+01:00"}
    )
    assert created.status_code == 201, created.text
    assert instant(created.json()) == datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    listed = (await user.get("/tasks")).json()
    assert instant(listed[0]) == datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    fetched = (await user.get(f"/tasks/{created.json()['id']}")).json()
    assert instant(fetched) == datetime(2026, 12, 5, 8, 30, tzinfo=UTC)
    assert instant((await user.post("/tasks", json={"title": "Plain"})).json()) is None


async def test_a_change_sets_moves_and_clears_the_reminder(user: httpx.AsyncClient) -> None:
    task = (await user.post("/tasks", json={"title": "Rent"})).json()
    set_ = await user.patch(f"/tasks/{task['id']}", json={"remind_at": "2026-12-04T07:00:00Z"})
    assert set_.status_code == 200, set_.text
    assert instant(set_.json()) == datetime(2026, 12, 4, 7, tzinfo=UTC)
    renamed = await user.patch(f"/tasks/{task['id']}", json={"title": "Pay rent"})
    assert instant(renamed.json()) == datetime(2026, 12, 4, 7, tzinfo=UTC)
    cleared = await user.patch(f"/tasks/{task['id']}", json={"remind_at": None})
    assert cleared.status_code == 200, cleared.text
    assert instant(cleared.json()) is None
    assert instant((await user.get(f"/tasks/{task['id']}")).json()) is None


async def test_a_reminder_in_the_past_is_accepted_for_the_next_tick(user: httpx.AsyncClient) -> None:
    response = await user.post("/tasks", json={"title": "Late", "remind_at": "2026-12-03T19:00:00Z"})
    assert response.status_code == 201, response.text
    assert instant(response.json()) == datetime(2026, 12, 3, 19, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-12-05T09:30:00", "UTC offset"),
        ("2026-12-05", "UTC offset"),
        ("tomorrow", "Use an instant"),
        ("2026-13-05T09:30:00Z", "Use an instant"),
        ("2032-01-05T09:30:00Z", "5 years"),
        ("9999-12-31T23:00:00-05:00", "5 years"),
        ("1999-12-31T23:59:59Z", "before the year 2000"),
        ("0033-05-09T20:29:33.5+23:08", "before the year 2000"),
        (1764790200, "datetime"),
    ],
)
async def test_a_malformed_or_far_reminder_is_refused(
    user: httpx.AsyncClient, value: Any, message: str
) -> None:
    task = (await user.post("/tasks", json={"title": "Call"})).json()
    for response in (
        await user.post("/tasks", json={"title": "Call", "remind_at": value}),
        await user.patch(f"/tasks/{task['id']}", json={"remind_at": value}),
    ):
        assert response.status_code == 422, response.text
        assert message.lower() in response.text.lower()
    assert instant((await user.get(f"/tasks/{task['id']}")).json()) is None
