"""The calendar feed: a secret address, its iCalendar events (parsed back with icalendar), and
its rotation and end."""

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from icalendar import Calendar

from tests.conftest import BASE_URL, ClientFactory, register


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    assert (await client.patch("/user", json={"timezone": "Europe/Berlin"})).status_code == 200
    return client


async def new_url(http: httpx.AsyncClient) -> str:
    response = await http.post("/user/calendar-token")
    assert response.status_code == 200, response.text
    url: str = response.json()["url"]
    return url


def path_of(url: str) -> str:
    return urlsplit(url).path


async def create(http: httpx.AsyncClient, **fields: Any) -> dict[str, Any]:
    response = await http.post("/tasks", json=fields)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def events(body: bytes) -> dict[str, Any]:
    calendar = Calendar.from_ical(body)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


async def test_the_feed_has_an_event_per_open_task_with_a_due_date(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    allday = await create(user, title="Dentist", due_date="2026-12-10", description="Bring the card")
    timed = await create(user, title="Call", due_date="2026-12-11", due_time="09:30")
    weekly = await create(
        user, title="Standup", due_date="2026-12-14", due_time="10:00", recurrence="FREQ=WEEKLY;BYDAY=MO,TH"
    )
    await create(
        user, title="Water", due_date="2026-12-12", recurrence="FREQ=DAILY;INTERVAL=3;X-AFTER=COMPLETION"
    )
    await create(user, title="Someday")  # no date: not in the feed
    done = await create(user, title="Finished", due_date="2026-12-01")
    await user.patch(f"/tasks/{done['id']}", json={"done": True})
    await user.patch(f"/tasks/{allday['id']}", json={"checklist": [{"id": "a", "text": "Ask about x-ray"}]})

    url = await new_url(user)
    assert url.startswith(f"{BASE_URL}/calendar/") and url.endswith(".ics")
    assert len(path_of(url).removeprefix("/calendar/").removesuffix(".ics")) == 43  # 256 bits
    anyone = make_client()  # the address is the only credential
    response = await anyone.get(path_of(url))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["cache-control"] == "private, max-age=300"

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    found = events(response.content)
    assert set(found) == {"Dentist", "Call", "Standup", "Water"}

    dentist = found["Dentist"]
    assert dentist.decoded("DTSTART") == date(2026, 12, 10)
    assert dentist.decoded("DTEND") == date(2026, 12, 11)
    assert str(dentist["UID"]) == f"task-{allday['id']}@tasktracker"
    assert str(dentist["DESCRIPTION"]) == "Bring the card\n\n[ ] Ask about x-ray"
    assert "DTSTAMP" in dentist

    call = found["Call"]
    berlin = ZoneInfo("Europe/Berlin")
    assert call.decoded("DTSTART") == datetime(2026, 12, 11, 9, 30, tzinfo=berlin)
    assert call["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert call.decoded("DTEND") - call.decoded("DTSTART") == timedelta(minutes=30)
    assert str(call["UID"]) == f"task-{timed['id']}@tasktracker"
    assert "RRULE" not in call

    standup = found["Standup"]
    assert standup["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=MO,TH"
    assert str(standup["UID"]) == f"task-{weekly['id']}@tasktracker"
    # A schedule counted from completion has no fixed dates: only the next one.
    assert "RRULE" not in found["Water"]
    assert found["Water"].decoded("DTSTART") == date(2026, 12, 12)


async def test_uids_are_stable_and_the_feed_follows_the_tasks(user: httpx.AsyncClient) -> None:
    task = await create(user, title="Move me", due_date="2026-12-10")
    path = path_of(await new_url(user))
    first = events((await user.get(path)).content)["Move me"]
    await user.patch(f"/tasks/{task['id']}", json={"due_date": "2026-12-20"})
    second = events((await user.get(path)).content)["Move me"]
    assert str(first["UID"]) == str(second["UID"])
    assert second.decoded("DTSTART") == date(2026, 12, 20)
    assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])


async def test_a_new_address_kills_the_old_and_turning_off_kills_both(user: httpx.AsyncClient) -> None:
    assert (await user.get("/user/calendar-token")).json() == {"enabled": False}
    old = path_of(await new_url(user))
    assert (await user.get(old)).status_code == 200
    new = path_of(await new_url(user))
    assert new != old
    gone = await user.get(old)
    assert gone.status_code == 404
    assert gone.headers["content-type"] == "application/json"
    assert "No calendar feed" in gone.json()["message"]
    assert (await user.get(new)).status_code == 200
    assert (await user.get("/user/calendar-token")).json() == {"enabled": True}
    assert (await user.delete("/user/calendar-token")).status_code == 204
    assert (await user.get(new)).status_code == 404
    assert (await user.get("/user/calendar-token")).json() == {"enabled": False}


@pytest.mark.parametrize("token", ["x" * 43, "short", "a" * 200])
async def test_unknown_addresses_are_not_found(client: httpx.AsyncClient, token: str) -> None:
    response = await client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    assert "message" in response.json()


async def test_each_user_sees_only_their_own_tasks(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await create(user, title="Ada's", due_date="2026-12-10")
    other = make_client()
    await register(other, "bob@example.com")
    await create(other, title="Bob's", due_date="2026-12-10")
    ada_path, bob_path = path_of(await new_url(user)), path_of(await new_url(other))
    assert set(events((await user.get(ada_path)).content)) == {"Ada's"}
    assert set(events((await user.get(bob_path)).content)) == {"Bob's"}


async def test_the_address_follows_api_url(app: Any, user: httpx.AsyncClient) -> None:
    app.state.settings = app.state.settings.model_copy(update={"api_url": "https://api.example.com/"})
    url = await new_url(user)
    assert url.startswith("https://api.example.com/calendar/")


async def test_managing_the_feed_needs_a_session_not_a_token(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    created = await user.post(
        "/user/tokens",
        json={"name": "script", "scopes": ["tasks:read", "tasks:write"], "expires_in_days": 30},
    )
    script = make_client()
    script.headers["Authorization"] = f"Bearer {created.json()['token']}"
    assert (await script.post("/user/calendar-token")).status_code == 403
    assert (await script.delete("/user/calendar-token")).status_code == 403
    anonymous = make_client()
    assert (await anonymous.post("/user/calendar-token")).status_code == 401
