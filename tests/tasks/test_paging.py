"""GET /tasks in pages: every open task and 100 done ones, `limit`, the cursor, the Link header."""

import base64
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.tasks import positions
from tests.conftest import ClientFactory, register

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
LINK = re.compile(r'^<(/tasks\?[^>]*)>; rel="next"$')
INSERT = """
INSERT INTO tasks (owner_id, title, description, done, done_at, created_at, updated_at, version, position)
VALUES (:owner_id, :title, '', :done, :done_at, :now, :now, 1, :position)
"""


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def owner_id(http: httpx.AsyncClient) -> int:
    user_id: int = (await http.get("/user")).json()["id"]
    return user_id


async def add_tasks(
    app: FastAPI, owner: int, *, open_count: int = 0, done_at: list[datetime] | None = None, prefix: str = "t"
) -> None:
    """Tasks straight into the database: open ones in creation order, done ones at `done_at`."""
    async with app.state.database.connection() as conn:
        for i in range(open_count):
            created = NOW + timedelta(microseconds=i)
            await conn.execute(
                INSERT,
                owner_id=owner,
                title=f"{prefix} open {i}",
                done=False,
                done_at=None,
                now=created,
                position=positions.end_key(created),
            )
        for i, at in enumerate(done_at or []):
            await conn.execute(
                INSERT,
                owner_id=owner,
                title=f"{prefix} done {i}",
                done=True,
                done_at=at,
                now=NOW,
                position=positions.end_key(NOW),
            )


def minutes_ago(count: int) -> list[datetime]:
    return [NOW - timedelta(minutes=i) for i in range(count)]


def next_url(response: httpx.Response) -> str | None:
    link = response.headers.get("link")
    if link is None:
        return None
    match = LINK.match(link)
    assert match, link
    return match.group(1)


async def all_pages(http: httpx.AsyncClient, url: str) -> list[list[dict[str, Any]]]:
    pages = []
    next_page: str | None = url
    while next_page is not None:
        response = await http.get(next_page)
        assert response.status_code == 200, response.text
        pages.append(response.json())
        next_page = next_url(response)
        assert len(pages) < 100
    return pages


def done_order(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(tasks, key=lambda task: (datetime.fromisoformat(task["done_at"]), task["id"]), reverse=True)


async def test_a_page_holds_every_open_task_and_the_100_most_recently_done(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_tasks(app, await owner_id(user), open_count=150, done_at=minutes_ago(130))
    first = await user.get("/tasks")
    tasks = first.json()
    assert [task["done"] for task in tasks] == [False] * 150 + [True] * 100
    assert [task["title"] for task in tasks[:150]] == [f"t open {i}" for i in range(150)]
    assert [task["title"] for task in tasks[150:]] == [f"t done {i}" for i in range(100)]
    url = next_url(first)
    assert url is not None
    second = await user.get(url)
    assert [task["title"] for task in second.json()] == [f"t done {i}" for i in range(100, 130)]
    assert "link" not in second.headers


@pytest.mark.parametrize(("done_count", "linked"), [(0, False), (99, False), (100, False), (101, True)])
async def test_the_link_is_sent_only_when_more_done_tasks_follow(
    user: httpx.AsyncClient, app: FastAPI, done_count: int, linked: bool
) -> None:
    await add_tasks(app, await owner_id(user), open_count=2, done_at=minutes_ago(done_count))
    response = await user.get("/tasks")
    assert len(response.json()) == 2 + min(done_count, 100)
    assert ("link" in response.headers) is linked


async def test_following_the_links_gives_every_done_task_once_in_order_despite_ties(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    # Seven tasks done at each instant: pages end inside groups of ties too.
    instants = [NOW - timedelta(seconds=i // 7) for i in range(250)]
    await add_tasks(app, await owner_id(user), open_count=3, done_at=instants)
    pages = await all_pages(user, "/tasks")
    assert [len(page) for page in pages] == [103, 100, 50]
    done = [task for page in pages for task in page if task["done"]]
    assert len({task["id"] for task in done}) == 250
    assert done == done_order(done)
    assert all(not task["done"] for task in pages[0][:3])


async def test_an_explicit_limit_pages_the_open_tasks_first(user: httpx.AsyncClient, app: FastAPI) -> None:
    await add_tasks(app, await owner_id(user), open_count=5, done_at=minutes_ago(5))
    pages = await all_pages(user, "/tasks?limit=3")
    assert [[task["title"] for task in page] for page in pages] == [
        ["t open 0", "t open 1", "t open 2"],
        ["t open 3", "t open 4", "t done 0"],
        ["t done 1", "t done 2", "t done 3"],
        ["t done 4"],
    ]
    exact = await all_pages(user, "/tasks?limit=5")
    assert [[task["done"] for task in page] for page in exact] == [[False] * 5, [True] * 5]
    whole = await user.get("/tasks?limit=10")
    assert len(whole.json()) == 10 and "link" not in whole.headers


async def test_the_link_keeps_the_other_parameters(user: httpx.AsyncClient, app: FastAPI) -> None:
    await add_tasks(app, await owner_id(user), open_count=4, done_at=minutes_ago(5))
    response = await user.get("/tasks", params={"limit": "2", "done": "true"})
    url = next_url(response)
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    assert query["limit"] == ["2"] and query["done"] == ["true"] and len(query["cursor"]) == 1
    again = await user.get(url)
    assert parse_qs(urlsplit(next_url(again) or "").query)["cursor"] != query["cursor"]


async def test_done_true_pages_only_done_tasks_and_done_false_is_whole(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_tasks(app, await owner_id(user), open_count=120, done_at=minutes_ago(120))
    pages = await all_pages(user, "/tasks?done=true")
    assert [len(page) for page in pages] == [100, 20]
    assert all(task["done"] for page in pages for task in page)
    assert [task["title"] for page in pages for task in page] == [f"t done {i}" for i in range(120)]
    open_only = await user.get("/tasks?done=false")
    assert len(open_only.json()) == 120 and "link" not in open_only.headers


async def test_open_tasks_are_never_paged_away_without_a_limit(user: httpx.AsyncClient, app: FastAPI) -> None:
    await add_tasks(app, await owner_id(user), open_count=600, done_at=minutes_ago(1))
    response = await user.get("/tasks")
    assert len(response.json()) == 601 and "link" not in response.headers


async def test_completing_and_reopening_between_pages_neither_repeats_nor_hides_a_task(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    await add_tasks(app, await owner_id(user), open_count=1, done_at=minutes_ago(110))
    first = await user.get("/tasks")
    url = next_url(first)
    assert url is not None
    tasks = first.json()
    later = (await user.get(url)).json()
    # Meanwhile: the open task is completed (it is now the most recent done one) and a task of
    # the next page is reopened.
    assert (await user.patch(f"/tasks/{tasks[0]['id']}", json={"done": True})).status_code == 200
    assert (await user.patch(f"/tasks/{later[0]['id']}", json={"done": False})).status_code == 200
    second = await user.get(url)
    assert [task["id"] for task in second.json()] == [task["id"] for task in later[1:]]


@pytest.mark.parametrize("limit", ["0", "501", "-1", "x", "1.5"])
async def test_limits_outside_1_to_500_are_422(user: httpx.AsyncClient, limit: str) -> None:
    response = await user.get("/tasks", params={"limit": limit})
    assert response.status_code == 422
    body = response.json()
    assert body["message"] and body["errors"][0]["field"] == "limit"


async def test_limit_500_is_accepted(user: httpx.AsyncClient, app: FastAPI) -> None:
    await add_tasks(app, await owner_id(user), done_at=minutes_ago(3))
    response = await user.get("/tasks", params={"limit": "500"})
    assert response.status_code == 200 and len(response.json()) == 3


def tampered(cursor: str) -> str:
    raw = bytearray(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw[-1] ^= 1  # the last digit of the id: another task's key
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


async def first_cursor(http: httpx.AsyncClient, query: str = "limit=1") -> str:
    url = next_url(await http.get(f"/tasks?{query}"))
    assert url is not None
    return parse_qs(urlsplit(url).query)["cursor"][0]


async def test_malformed_or_forged_cursors_are_422(user: httpx.AsyncClient, app: FastAPI) -> None:
    await add_tasks(app, await owner_id(user), open_count=2, done_at=minutes_ago(2))
    cursor = await first_cursor(user)
    forged_key = base64.urlsafe_b64encode(b"\0" * 12 + b"d0\x1f1").rstrip(b"=").decode()
    for bad in ["", "!!!", "a", "é", cursor + "A", cursor[:-2], tampered(cursor), forged_key, "A" * 400]:
        response = await user.get("/tasks", params={"cursor": bad})
        assert response.status_code == 422, bad
        body = response.json()
        assert body["message"] and body["errors"] == [{"field": "cursor", "message": body["message"]}]
    assert (await user.get("/tasks", params={"cursor": cursor})).status_code == 200


async def test_another_users_cursor_reveals_nothing(
    user: httpx.AsyncClient, app: FastAPI, make_client: ClientFactory
) -> None:
    await add_tasks(app, await owner_id(user), done_at=minutes_ago(3), prefix="ada")
    cursor = await first_cursor(user)
    bob = make_client()
    await register(bob, "bob@example.com")
    await add_tasks(app, await owner_id(bob), done_at=minutes_ago(3), prefix="bob")
    response = await bob.get("/tasks", params={"cursor": cursor, "limit": "1"})
    assert response.status_code == 422
    assert "ada" not in response.text
    # Bob's own cursors page his own tasks only.
    pages = await all_pages(bob, "/tasks?limit=1")
    assert [task["title"] for page in pages for task in page] == ["bob done 0", "bob done 1", "bob done 2"]


async def test_a_logged_out_token_with_a_cursor_is_401(
    user: httpx.AsyncClient, app: FastAPI, make_client: ClientFactory
) -> None:
    await add_tasks(app, await owner_id(user), done_at=minutes_ago(3))
    cursor = await first_cursor(user)
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code == 204
    stolen = make_client()
    stolen.headers["Authorization"] = f"Bearer {token}"
    assert (await stolen.get("/tasks", params={"cursor": cursor})).status_code == 401


async def test_scripts_with_http_basic_get_pages_too(
    user: httpx.AsyncClient, app: FastAPI, make_client: ClientFactory
) -> None:
    await add_tasks(app, await owner_id(user), open_count=1, done_at=minutes_ago(105))
    script = make_client()
    auth = httpx.BasicAuth("ada@example.com", "correct horse battery")
    first = await script.get("/tasks", auth=auth)
    assert len(first.json()) == 101
    url = next_url(first)
    assert url is not None
    second = await script.get(url, auth=auth)
    assert [task["title"] for task in second.json()] == [f"t done {i}" for i in range(100, 105)]


async def test_due_views_are_not_paged(user: httpx.AsyncClient) -> None:
    for params in ({"due": "today", "limit": "5"}, {"due": "today", "cursor": "abc"}):
        response = await user.get("/tasks", params=params)
        assert response.status_code == 422 and response.json()["message"]
