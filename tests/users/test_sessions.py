"""GET /user/sessions, DELETE /user/sessions/{id} and DELETE /user/sessions, on both databases;
what sessions record of their use."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.auth.devices import describe_user_agent
from tests.conftest import ClientFactory, register
from tests.users.conftest import execute, fetch

EMAIL = "ada@example.com"
PASSWORD = "correct horse battery"
CHROME = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
)
# What the test client sends: ua-parser recognises neither browser nor system in it.
HTTPX = f"python-httpx/{httpx.__version__}"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


async def log_in(browser: httpx.AsyncClient, user_agent: str, email: str = EMAIL) -> None:
    response = await browser.post(
        "/session", json={"email": email, "password": PASSWORD}, headers={"User-Agent": user_agent}
    )
    assert response.status_code == 200, response.text


async def sessions(http: httpx.AsyncClient) -> list[dict[str, object]]:
    response = await http.get("/user/sessions")
    assert response.status_code == 200, response.text
    listed: list[dict[str, object]] = response.json()
    return listed


def parsed(timestamp: object) -> datetime:
    assert isinstance(timestamp, str)
    return datetime.fromisoformat(timestamp)


async def test_the_list_shows_each_live_session_newest_first(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    before = datetime.now(UTC)
    await register(client)
    phone = make_client("198.51.100.20")
    await log_in(phone, IPHONE)
    listed = await sessions(phone)
    assert [(s["current"], s["user_agent"], s["user_agent_raw"], s["ip"]) for s in listed] == [
        (True, "Mobile Safari 17 on iOS 17", IPHONE, "198.51.100.20"),
        (False, HTTPX, HTTPX, "203.0.113.7"),
    ]
    assert set(listed[0]) == {
        "id",
        "current",
        "created_at",
        "last_seen_at",
        "user_agent",
        "user_agent_raw",
        "ip",
    }
    for session in listed:
        assert before <= parsed(session["created_at"]) == parsed(session["last_seen_at"])
    assert parsed(listed[0]["created_at"]) >= parsed(listed[1]["created_at"])
    # Each browser sees its own as the current one.
    assert [s["current"] for s in await sessions(client)] == [False, True]


@pytest.mark.parametrize(
    ("user_agent", "device"),
    [
        (CHROME, "Chrome 120 on Linux"),
        (IPHONE, "Mobile Safari 17 on iOS 17"),
        ("curl/8.5.0", "curl 8"),
        ("my backup script", "my backup script"),
        (None, None),
    ],
)
def test_devices_are_named_as_people_read_them(user_agent: str | None, device: str | None) -> None:
    assert describe_user_agent(user_agent) == device


async def test_a_refresh_records_the_address_and_the_time(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await register(client)
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    await execute(app, "UPDATE sessions SET ip = '192.0.2.1', last_seen_at = :at", at=an_hour_ago)
    # Requests on an access token do not count as a sighting: they stay one statement.
    assert (await client.get("/tasks")).status_code == 200
    [unchanged] = await sessions(client)
    assert (unchanged["ip"], parsed(unchanged["last_seen_at"])) == ("192.0.2.1", an_hour_ago)
    # The same browser, from another address.
    moved = make_client("198.51.100.30")
    moved.cookies = client.cookies
    assert (await moved.post("/session/refresh")).status_code == 200
    [seen] = await sessions(moved)
    assert seen["ip"] == "198.51.100.30"
    assert parsed(seen["last_seen_at"]) > an_hour_ago + timedelta(minutes=59)


async def test_ended_and_expired_sessions_are_not_listed(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await register(client)
    logged_out = make_client()
    await log_in(logged_out, CHROME)
    assert (await logged_out.delete("/session")).status_code == 204
    expired = make_client()
    await log_in(expired, IPHONE)
    [expired_id] = [s["id"] for s in await sessions(expired) if s["current"]]
    await execute(
        app, "UPDATE sessions SET expires_at = :at WHERE id = :id", at=datetime.now(UTC), id=expired_id
    )
    assert [s["current"] for s in await sessions(client)] == [True]


async def test_ending_one_session_signs_it_out_at_its_next_request(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    phone = make_client()
    await log_in(phone, IPHONE)
    assert (await phone.get("/user")).status_code == 200
    [phone_session] = [s for s in await sessions(client) if not s["current"]]
    response = await client.delete(f"/user/sessions/{phone_session['id']}")
    assert response.status_code == 204
    assert "set-cookie" not in response.headers
    # The phone's access token is still unexpired and well signed: the live-session check refuses it.
    assert (await phone.get("/user")).status_code == 401
    assert (await phone.get("/tasks")).status_code == 401
    assert (await phone.post("/session/refresh")).status_code == 401
    assert [s["current"] for s in await sessions(client)] == [True]
    again = await client.delete(f"/user/sessions/{phone_session['id']}")
    assert again.status_code == 404
    assert again.json() == {"message": "No such session"}


async def test_another_users_session_is_not_found(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    bob = make_client()
    await register(bob, "bob@example.com")
    [bobs_session] = await sessions(bob)
    response = await client.delete(f"/user/sessions/{bobs_session['id']}")
    assert response.status_code == 404
    assert response.json() == {"message": "No such session"}
    assert (await bob.get("/user")).status_code == 200
    assert (await client.delete("/user/sessions/no-such-session")).status_code == 404


async def test_ending_the_current_session_clears_its_cookies(client: httpx.AsyncClient) -> None:
    await register(client)
    [current] = await sessions(client)
    response = await client.delete(f"/user/sessions/{current['id']}")
    assert response.status_code == 204
    assert {header.split("=", 1)[0] for header in response.headers.get_list("set-cookie")} == {
        "access_token",
        "refresh_token",
    }
    assert (await client.get("/user")).status_code == 401


async def test_ending_every_other_session_keeps_the_current_one(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    others = [make_client(), make_client()]
    for other in others:
        await log_in(other, CHROME)
    bob = make_client()
    await register(bob, "bob@example.com")
    response = await client.delete("/user/sessions")
    assert response.status_code == 204
    for other in others:
        assert (await other.get("/user")).status_code == 401
        assert (await other.post("/session/refresh")).status_code == 401
    assert [s["current"] for s in await sessions(client)] == [True]
    assert (await client.post("/session/refresh")).status_code == 200
    assert (await bob.get("/user")).status_code == 200


async def test_a_session_id_is_not_a_credential(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    [current] = await sessions(client)
    session_id = str(current["id"])
    stranger = make_client()
    assert (await stranger.get("/user", headers={"Authorization": f"Bearer {session_id}"})).status_code == 401
    assert (await stranger.get("/user", headers={"Cookie": f"access_token={session_id}"})).status_code == 401
    refresh = await stranger.post("/session/refresh", headers={"Cookie": f"refresh_token={session_id}"})
    assert refresh.status_code == 401


async def test_sessions_need_a_session(client: httpx.AsyncClient) -> None:
    assert (await client.get("/user/sessions")).status_code == 401
    assert (await client.delete("/user/sessions")).status_code == 401
    assert (await client.delete("/user/sessions/anything")).status_code == 401


async def test_sessions_are_listed_with_http_basic_none_current(
    client: httpx.AsyncClient, make_client: ClientFactory, app: FastAPI
) -> None:
    await register(client)
    script = make_client()
    listed = (await script.get("/user/sessions", auth=(EMAIL, PASSWORD))).json()
    assert [s["current"] for s in listed] == [False]
    # Basic has no session of its own: "every other session" is every session.
    assert (await script.delete("/user/sessions", auth=(EMAIL, PASSWORD))).status_code == 204
    assert (await client.get("/user")).status_code == 401
    rows = await fetch(app, "SELECT revoked_at FROM sessions")
    assert all(row["revoked_at"] is not None for row in rows)
