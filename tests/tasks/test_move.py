"""POST /tasks/{id}/move (manual order) and PATCH's `position`, on both databases."""

import random
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.db import Database
from tasktracker.tasks.positions import MAX_KEY_LENGTH, is_key
from tests.conftest import ClientFactory, register


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def sql(app: FastAPI, statement: str, **params: Any) -> list[dict[str, Any]]:
    """Rows written by hand, as a script or another part of the app would."""
    database: Database = app.state.database
    async with database.transaction() as conn:
        return [dict(row) for row in await conn.fetch(statement, **params)]


async def new_list(app: FastAPI, owner_email: str = "ada@example.com", *, trashed: bool = False) -> int:
    now = datetime.now(UTC)
    rows = await sql(
        app,
        "INSERT INTO lists (owner_id, name, position, created_at, updated_at, deleted_at) "
        "SELECT id, 'Work', 'i', :now, :now, :deleted_at FROM users WHERE email = :email RETURNING id",
        now=now,
        deleted_at=now if trashed else None,
        email=owner_email,
    )
    list_id: int = rows[0]["id"]
    return list_id


async def by_hand(app: FastAPI, count: int) -> list[int]:
    """Tasks inserted without a position, as a script would: they take the default key, 'z'."""
    ids = []
    for _ in range(count):
        rows = await sql(
            app,
            "INSERT INTO tasks (owner_id, title, created_at, updated_at) "
            "SELECT id, 'by hand', :now, :now FROM users WHERE email = 'ada@example.com' RETURNING id",
            now=datetime.now(UTC),
        )
        ids.append(rows[0]["id"])
    return ids


async def create(http: httpx.AsyncClient, *titles: str) -> list[int]:
    ids = []
    for title in titles:
        response = await http.post("/tasks", json={"title": title})
        assert response.status_code == 201, response.text
        ids.append(response.json()["id"])
    return ids


async def open_order(http: httpx.AsyncClient, list_id: int | None = None) -> list[int]:
    """The open tasks of one list (None: the Inbox) in the order GET /tasks gives them."""
    tasks = (await http.get("/tasks", params={"done": "false"})).json()
    return [task["id"] for task in tasks if task["list_id"] == list_id]


async def move(http: httpx.AsyncClient, task_id: int, **body: Any) -> httpx.Response:
    return await http.post(f"/tasks/{task_id}/move", json=body)


async def moved(http: httpx.AsyncClient, task_id: int, **body: Any) -> dict[str, Any]:
    response = await move(http, task_id, **body)
    assert response.status_code == 200, response.text
    task: dict[str, Any] = response.json()
    return task


async def test_after_before_and_to_the_end(user: httpx.AsyncClient) -> None:
    a, b, c, d = await create(user, "a", "b", "c", "d")
    await moved(user, d, after_id=a)
    assert await open_order(user) == [a, d, b, c]
    await moved(user, c, before_id=a)
    assert await open_order(user) == [c, a, d, b]
    await moved(user, c)
    assert await open_order(user) == [a, d, b, c]
    await moved(user, b, after_id=c)  # after the last one
    assert await open_order(user) == [a, d, c, b]
    await moved(user, b, before_id=a)  # before the first one
    assert await open_order(user) == [b, a, d, c]


async def test_a_move_is_a_new_version_with_its_etag_and_if_match(user: httpx.AsyncClient) -> None:
    a, b = await create(user, "a", "b")
    before = (await user.get(f"/tasks/{b}")).json()
    response = await move(user, b, before_id=a)
    assert response.status_code == 200
    task = response.json()
    assert response.headers["etag"] == '"2"'
    assert task["version"] == 2 and task["updated_at"] >= before["updated_at"]
    assert is_key(task["position"]) and task["position"] < before["position"]
    assert task == (await user.get(f"/tasks/{b}")).json()
    stale = await user.post(f"/tasks/{b}/move", json={}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert await open_order(user) == [b, a]
    fresh = await user.post(f"/tasks/{b}/move", json={}, headers={"If-Match": '"2"'})
    assert fresh.status_code == 200
    assert await open_order(user) == [a, b]


async def test_moving_across_lists_and_back_to_the_inbox(app: FastAPI, user: httpx.AsyncClient) -> None:
    work = await new_list(app)
    a, b, c = await create(user, "a", "b", "c")
    first = await moved(user, a, list_id=work)
    assert first["list_id"] == work
    assert await open_order(user, work) == [a]
    await moved(user, b, list_id=work, before_id=a)
    await moved(user, c, list_id=work, after_id=b)
    assert await open_order(user, work) == [b, c, a]
    assert await open_order(user) == []
    back = await moved(user, c, list_id=None)
    assert back["list_id"] is None
    assert await open_order(user) == [c]
    assert await open_order(user, work) == [b, a]
    # Without list_id a task stays in its list: an anchor elsewhere is refused.
    refused = await move(user, c, after_id=a)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "after_id"
    assert (await moved(user, a, before_id=b))["list_id"] == work
    assert await open_order(user, work) == [a, b]


async def test_tied_keys_are_respaced_in_their_run_only(app: FastAPI, user: httpx.AsyncClient) -> None:
    first, last = await create(user, "first", "last")
    # Rows inserted by hand take the server default key, 'z': a run ordered by id.
    tied = await by_hand(app, 3)
    await moved(user, last)  # after the tied run, at the end
    assert await open_order(user) == [first, *tied, last]
    keys_before = {task["id"]: task["position"] for task in (await user.get("/tasks")).json()}
    await moved(user, first, after_id=tied[0])
    assert await open_order(user) == [tied[0], first, tied[1], tied[2], last]
    await moved(user, last, before_id=tied[2])
    assert await open_order(user) == [tied[0], first, tied[1], last, tied[2]]
    tasks = (await user.get("/tasks")).json()
    keys = {task["id"]: task["position"] for task in tasks}
    assert len(set(keys.values())) == len(keys)  # no tie left
    assert keys[last] != keys_before[last] and keys[first] != keys_before[first]
    # Respacing changes the neighbours' keys, never their versions.
    assert {task["id"]: task["version"] for task in tasks if task["id"] in tied} == dict.fromkeys(tied, 1)


async def test_a_run_beside_a_tie_keeps_its_other_keys(app: FastAPI, user: httpx.AsyncClient) -> None:
    a, b, c, d, e = await create(user, "a", "b", "c", "d", "e")
    for task_id in (b, c, d):
        await user.patch(f"/tasks/{task_id}", json={"position": "m"})
    keys_before = {task["id"]: task["position"] for task in (await user.get("/tasks")).json()}
    assert await open_order(user) == [a, e, b, c, d]  # "m" sorts after the creation keys ("0…")
    await moved(user, a, after_id=b)
    assert await open_order(user) == [e, b, a, c, d]
    keys = {task["id"]: task["position"] for task in (await user.get("/tasks")).json()}
    assert keys[e] == keys_before[e]  # outside the tied run: untouched
    assert len({keys[b], keys[c], keys[d]}) == 3


async def test_keys_without_room_respace_a_window(user: httpx.AsyncClient) -> None:
    a, b, c, d = await create(user, "a", "b", "c", "d")
    # Neighbouring keys of the greatest length: nothing fits between them.
    stem = "1" * (MAX_KEY_LENGTH - 1)
    assert (await user.patch(f"/tasks/{a}", json={"position": stem + "1"})).status_code == 200
    assert (await user.patch(f"/tasks/{b}", json={"position": stem + "2"})).status_code == 200
    assert await open_order(user) == [c, d, a, b]
    await moved(user, c, after_id=a)
    assert await open_order(user) == [d, a, c, b]
    keys = [task["position"] for task in (await user.get("/tasks")).json()]
    assert all(is_key(key) and len(key) < MAX_KEY_LENGTH for key in keys)
    assert keys == sorted(keys)


async def test_many_moves_to_the_top_outlive_the_longest_key(user: httpx.AsyncClient) -> None:
    a, b = await create(user, "a", "b")
    longest = 0
    # Each move to the top takes a smaller key, one digit longer every few moves: past the
    # longest key, the two are respaced and go on.
    for _ in range(5 * MAX_KEY_LENGTH + 20):
        longest = max(longest, len((await moved(user, b, before_id=a))["position"]))
        a, b = b, a
    assert longest >= MAX_KEY_LENGTH * 3 // 4
    assert await open_order(user) == [a, b]
    assert all(len(task["position"]) < longest for task in (await user.get("/tasks")).json())


async def test_random_moves_agree_with_a_model_list(app: FastAPI, user: httpx.AsyncClient) -> None:
    rng = random.Random(13)
    work = await new_list(app)
    inbox = await create(user, *(f"task {n}" for n in range(10)))
    lists: dict[int | None, list[int]] = {None: inbox, work: []}
    # Two rows by hand: their tied default keys must not disturb the order either.
    inbox += await by_hand(app, 2)
    for _ in range(60):
        source = rng.choice([name for name, ids in lists.items() if ids])
        task_id = rng.choice(lists[source])
        target = rng.choice(list(lists))
        lists[source].remove(task_id)
        others = lists[target]
        body: dict[str, Any] = {} if target == source else {"list_id": target}
        slot = rng.randrange(len(others) + 1)
        style = rng.choice(["after", "before", "end"])
        if style == "after" and slot > 0:
            body["after_id"] = others[slot - 1]
        elif style == "before" and slot < len(others):
            body["before_id"] = others[slot]
        else:
            slot = len(others)
        others.insert(slot, task_id)
        await moved(user, task_id, **body)
        assert await open_order(user) == lists[None]
        assert await open_order(user, work) == lists[work]


async def test_done_and_trashed_tasks_are_no_anchors(app: FastAPI, user: httpx.AsyncClient) -> None:
    a, b, c = await create(user, "a", "b", "c")
    await user.patch(f"/tasks/{b}", json={"done": True})
    refused = await move(user, a, after_id=b)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"field": "after_id", "message": "The task to place it next to is done: only open tasks are in order"}
    ]
    await sql(app, "UPDATE tasks SET deleted_at = :now WHERE id = :id", now=datetime.now(UTC), id=c)
    assert (await move(user, a, before_id=c)).status_code == 404
    assert (await move(user, c)).status_code == 404


async def test_a_done_task_can_move_to_another_list(app: FastAPI, user: httpx.AsyncClient) -> None:
    work = await new_list(app)
    (a,) = await create(user, "a")
    await user.patch(f"/tasks/{a}", json={"done": True})
    task = await moved(user, a, list_id=work)
    assert task["list_id"] == work and task["done"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"before_id": 1, "after_id": 2}, "body"),
        ({"after_id": None}, "body"),
        ({"before_id": None}, "body"),
        ({"after_id": "2"}, "after_id"),
        ({"after_id": 0}, "after_id"),
        ({"list_id": 2**63}, "list_id"),
        ({"list_id": "inbox"}, "list_id"),
        ({"position": "a"}, "position"),
    ],
)
async def test_invalid_move_bodies_are_422(user: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    (a,) = await create(user, "a")
    response = await user.post(f"/tasks/{a}/move", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_whole_numbers_written_as_decimals_are_ids(user: httpx.AsyncClient) -> None:
    a, b = await create(user, "a", "b")
    await moved(user, b, before_id=float(a))
    assert await open_order(user) == [b, a]
    assert (await move(user, b, after_id=a + 0.5)).status_code == 422


async def test_a_task_is_not_its_own_anchor(user: httpx.AsyncClient) -> None:
    a, b = await create(user, "a", "b")
    response = await move(user, a, before_id=a)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "before_id"
    assert await open_order(user) == [a, b]


async def test_unknown_or_other_users_tasks_anchors_and_lists_are_404(
    app: FastAPI, user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    a, b = await create(user, "a", "b")
    other = make_client()
    await register(other, "eve@example.com")
    (eves,) = await create(other, "eve's")
    eves_list = await new_list(app, "eve@example.com")
    trashed_list = await new_list(app, trashed=True)
    cases = [
        (user, "/tasks/999999/move", {}, "Task not found"),
        (user, "/tasks/abc/move", {}, "Task not found"),
        (other, f"/tasks/{a}/move", {}, "Task not found"),
        (user, f"/tasks/{eves}/move", {"after_id": a}, "Task not found"),
        (user, f"/tasks/{a}/move", {"after_id": eves}, "The task to place it next to was not found"),
        (user, f"/tasks/{a}/move", {"before_id": 999999}, "The task to place it next to was not found"),
        (user, f"/tasks/{a}/move", {"list_id": eves_list}, "List not found"),
        (user, f"/tasks/{a}/move", {"list_id": trashed_list}, "List not found"),
        (user, f"/tasks/{a}/move", {"list_id": 999999}, "List not found"),
    ]
    for http, url, body, message in cases:
        response = await http.post(url, json=body)
        assert response.status_code == 404, (url, body, response.text)
        assert response.json() == {"message": message}
    assert await open_order(user) == [a, b]
    assert (await user.get(f"/tasks/{a}")).json()["version"] == 1


async def test_a_move_needs_a_live_session(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    a, b = await create(user, "a", "b")
    assert (await make_client().post(f"/tasks/{a}/move", json={})).status_code == 401
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code == 204
    stolen = make_client()
    stolen.headers["Authorization"] = f"Bearer {token}"
    for path in (f"/tasks/{a}/move", "/tasks/999999/move"):
        assert (await stolen.post(path, json={"after_id": b})).status_code == 401


async def test_patch_sets_a_valid_position(user: httpx.AsyncClient) -> None:
    a, b = await create(user, "a", "b")
    response = await user.patch(f"/tasks/{b}", json={"position": "01"})
    assert response.status_code == 200
    assert response.json()["position"] == "01" and response.json()["version"] == 2
    assert await open_order(user) == [b, a]


@pytest.mark.parametrize(
    ("position", "field"),
    [
        ("", "position"),
        ("a0", "position"),
        ("A", "position"),
        ("a-b", "position"),
        ("é", "position"),
        ("1" * (MAX_KEY_LENGTH + 1), "position"),
        (5, "position"),
        (None, "body"),
    ],
)
async def test_patch_refuses_what_is_no_position(
    user: httpx.AsyncClient, position: object, field: str
) -> None:
    (a,) = await create(user, "a")
    response = await user.patch(f"/tasks/{a}", json={"position": position})
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert (await user.get(f"/tasks/{a}")).json()["version"] == 1
