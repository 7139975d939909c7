"""The trash, on both databases: DELETE /tasks/{id} moves a task there; GET /trash lists it,
POST /tasks/{id}/restore brings it back, DELETE /trash/{id} and DELETE /trash delete for good."""

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.access_tokens.test_access_tokens import bearer, create_token
from tests.conftest import ClientFactory, register


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def create(http: httpx.AsyncClient, title: str, **fields: Any) -> dict[str, Any]:
    response = await http.post("/tasks", json={"title": title, **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def trash(http: httpx.AsyncClient, task_id: object) -> None:
    response = await http.delete(f"/tasks/{task_id}")
    assert response.status_code == 204, response.text
    assert response.content == b""


async def trashed_ids(http: httpx.AsyncClient) -> list[int]:
    response = await http.get("/trash")
    assert response.status_code == 200, response.text
    return [task["id"] for task in response.json()]


async def execute(app: FastAPI, statement: str, **params: Any) -> Any:
    async with app.state.database.transaction() as conn:
        return await conn.fetchval(statement, **params)


async def add_list(app: FastAPI, owner_id: int, name: str, *, deleted_at: datetime | None = None) -> int:
    now = datetime.now(UTC)
    list_id: int = await execute(
        app,
        "INSERT INTO lists (owner_id, name, position, created_at, updated_at, deleted_at)"
        " VALUES (:owner_id, :name, 'm', :now, :now, :deleted_at) RETURNING id",
        owner_id=owner_id,
        name=name,
        now=now,
        deleted_at=deleted_at,
    )
    return list_id


async def put_in_list(app: FastAPI, task_id: int, list_id: int) -> None:
    await execute(app, "UPDATE tasks SET list_id = :list_id WHERE id = :id", list_id=list_id, id=task_id)


async def user_id(http: httpx.AsyncClient) -> int:
    body = (await http.get("/user")).json()
    return int(body["id"])


async def test_a_deleted_task_is_found_only_in_the_trash(user: httpx.AsyncClient) -> None:
    kept = await create(user, "Keep")
    task = await create(user, "Throw away", due_date=datetime.now(UTC).date().isoformat())
    before = datetime.now(UTC)

    await trash(user, task["id"])

    assert (await user.get(f"/tasks/{task['id']}")).status_code == 404
    assert (await user.patch(f"/tasks/{task['id']}", json={"title": "x"})).status_code == 404
    assert (await user.delete(f"/tasks/{task['id']}")).status_code == 404  # in the trash already
    assert [t["id"] for t in (await user.get("/tasks")).json()] == [kept["id"]]
    for view in ("today", "upcoming", "overdue"):
        assert (await user.get("/tasks", params={"due": view})).json() == []
    (listed,) = (await user.get("/trash")).json()
    assert listed["id"] == task["id"] and listed["title"] == "Throw away"
    assert listed["version"] == task["version"] + 1
    deleted_at = datetime.fromisoformat(listed["deleted_at"])
    assert before - timedelta(seconds=1) <= deleted_at <= datetime.now(UTC)
    assert listed["updated_at"] == listed["deleted_at"]
    assert datetime.fromisoformat(listed["purge_at"]) == deleted_at + timedelta(days=30)
    assert set(listed) == set(task) | {"purge_at"}
    assert listed["checklist"] == task["checklist"]


async def test_the_trash_lists_the_most_recently_deleted_first(user: httpx.AsyncClient) -> None:
    ids = [(await create(user, f"task {n}"))["id"] for n in range(3)]
    assert await trashed_ids(user) == []
    for task_id in (ids[1], ids[0], ids[2]):
        await trash(user, task_id)
    assert await trashed_ids(user) == [ids[2], ids[0], ids[1]]
    assert (await user.get("/tasks")).json() == []


async def test_restore_brings_the_task_back_with_a_new_version(user: httpx.AsyncClient) -> None:
    first = await create(user, "First")
    task = await create(user, "Second", checklist=[{"id": "a1", "text": "Eggs", "done": True}])
    last = await create(user, "Third")
    await trash(user, task["id"])

    response = await user.post(f"/tasks/{task['id']}/restore")

    assert response.status_code == 200, response.text
    restored = response.json()
    assert response.headers["etag"] == f'"{task["version"] + 2}"'
    assert restored["version"] == task["version"] + 2  # the delete, then the restore
    assert restored["deleted_at"] is None
    assert restored["updated_at"] > task["updated_at"]
    unchanged = ("title", "checklist", "position", "created_at", "list_id", "done")
    assert {key: restored[key] for key in unchanged} == {key: task[key] for key in unchanged}
    # Back where it was.
    assert [t["id"] for t in (await user.get("/tasks")).json()] == [first["id"], task["id"], last["id"]]
    assert (await user.get(f"/tasks/{task['id']}")).json() == restored
    assert await trashed_ids(user) == []
    # Restored already: it is not in the trash any more.
    again = await user.post(f"/tasks/{task['id']}/restore")
    assert (again.status_code, again.json()) == (404, {"message": "Task not found in the trash"})


async def test_a_task_not_in_the_trash_cannot_be_restored_or_deleted_for_good(
    user: httpx.AsyncClient,
) -> None:
    task = await create(user, "Open")
    for path in (f"/tasks/{task['id']}/restore", "/tasks/999999/restore", "/tasks/x/restore"):
        assert (await user.post(path)).status_code == 404, path
    for path in (f"/trash/{task['id']}", "/trash/999999", "/trash/x", f"/trash/{2**63}"):
        assert (await user.delete(path)).status_code == 404, path
    assert (await user.get(f"/tasks/{task['id']}")).json() == task


async def test_restore_keeps_the_list_when_it_is_alive(user: httpx.AsyncClient, app: FastAPI) -> None:
    list_id = await add_list(app, await user_id(user), "Work")
    task = await create(user, "Report")
    await put_in_list(app, task["id"], list_id)
    await trash(user, task["id"])

    restored = (await user.post(f"/tasks/{task['id']}/restore")).json()

    assert restored["list_id"] == list_id


async def test_restore_goes_to_the_inbox_when_the_list_is_in_the_trash_or_gone(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    owner = await user_id(user)
    trashed_list = await add_list(app, owner, "Old project", deleted_at=datetime.now(UTC))
    gone_list = await add_list(app, owner, "Gone")
    in_trashed = await create(user, "In a trashed list")
    in_gone = await create(user, "In a deleted list")
    await put_in_list(app, in_trashed["id"], trashed_list)
    await put_in_list(app, in_gone["id"], gone_list)
    await trash(user, in_trashed["id"])
    await trash(user, in_gone["id"])
    await execute(app, "DELETE FROM lists WHERE id = :id", id=gone_list)

    for task in (in_trashed, in_gone):
        restored = (await user.post(f"/tasks/{task['id']}/restore")).json()
        assert restored["list_id"] is None
    assert {t["id"] for t in (await user.get("/tasks")).json()} == {in_trashed["id"], in_gone["id"]}


async def test_delete_forever_removes_the_row(user: httpx.AsyncClient, app: FastAPI) -> None:
    task = await create(user, "Recurring", due_date="2026-03-02", recurrence="FREQ=WEEKLY")
    assert (await user.patch(f"/tasks/{task['id']}", json={"done": True})).status_code == 200  # an occurrence
    other = await create(user, "Also trashed")
    await trash(user, task["id"])
    await trash(user, other["id"])

    response = await user.delete(f"/trash/{task['id']}")

    assert (response.status_code, response.content) == (204, b"")
    assert await trashed_ids(user) == [other["id"]]
    assert await execute(app, "SELECT COUNT(*) FROM tasks WHERE id = :id", id=task["id"]) == 0
    assert await execute(app, "SELECT COUNT(*) FROM task_occurrences WHERE task_id = :id", id=task["id"]) == 0
    assert (await user.post(f"/tasks/{task['id']}/restore")).status_code == 404
    assert (await user.delete(f"/trash/{task['id']}")).status_code == 404


async def test_empty_trash_deletes_only_what_is_in_it(user: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await user_id(user)
    kept = await create(user, "Still to do")
    trashed = [(await create(user, f"Old {n}"))["id"] for n in range(3)]
    for task_id in trashed:
        await trash(user, task_id)
    trashed_list = await add_list(app, owner, "Deleted list", deleted_at=datetime.now(UTC))
    live_list = await add_list(app, owner, "Live list")

    response = await user.delete("/trash")

    assert (response.status_code, response.content) == (204, b"")
    assert await trashed_ids(user) == []
    assert [t["id"] for t in (await user.get("/tasks")).json()] == [kept["id"]]
    assert await execute(app, "SELECT COUNT(*) FROM tasks") == 1
    assert await execute(app, "SELECT COUNT(*) FROM lists WHERE id = :id", id=trashed_list) == 0
    assert await execute(app, "SELECT COUNT(*) FROM lists WHERE id = :id", id=live_list) == 1
    # An empty trash empties again.
    assert (await user.delete("/trash")).status_code == 204


async def test_another_users_trash_is_invisible(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    mine = await create(user, "Private")
    await trash(user, mine["id"])
    other = make_client()
    await register(other, "eve@example.com")
    theirs = await create(other, "Eve's")
    await trash(other, theirs["id"])

    assert await trashed_ids(other) == [theirs["id"]]
    assert (await other.post(f"/tasks/{mine['id']}/restore")).status_code == 404
    assert (await other.delete(f"/trash/{mine['id']}")).status_code == 404
    assert (await other.delete("/trash")).status_code == 204
    assert await trashed_ids(user) == [mine["id"]]
    assert (await user.post(f"/tasks/{mine['id']}/restore")).status_code == 200


async def test_the_trash_needs_a_live_session(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    task = await create(user, "Watered")
    await trash(user, task["id"])
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code == 204
    stolen = make_client()
    stolen.headers["Authorization"] = f"Bearer {token}"
    anonymous = make_client()

    for http in (stolen, anonymous):
        for method, path in (
            ("GET", "/trash"),
            ("POST", f"/tasks/{task['id']}/restore"),
            ("POST", "/tasks/999999/restore"),
            ("DELETE", f"/trash/{task['id']}"),
            ("DELETE", "/trash"),
        ):
            assert (await http.request(method, path)).status_code == 401, (method, path)
    # Nothing changed.
    fresh = make_client()
    login = await fresh.post(
        "/session", json={"email": "ada@example.com", "password": "correct horse battery"}
    )
    assert login.status_code == 200
    assert await trashed_ids(fresh) == [task["id"]]


async def test_token_scopes(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    task = await create(user, "Scripted")
    await trash(user, task["id"])
    script = make_client("198.51.100.9")
    read = bearer((await create_token(user, "reader", scopes=["tasks:read"]))["token"])
    write = bearer((await create_token(user, "writer", scopes=["tasks:write"]))["token"])

    listed = await script.get("/trash", headers=read)
    assert [t["id"] for t in listed.json()] == [task["id"]]
    for method, path in (
        ("POST", f"/tasks/{task['id']}/restore"),
        ("DELETE", f"/trash/{task['id']}"),
        ("DELETE", "/trash"),
    ):
        refused = await script.request(method, path, headers=read)
        assert (refused.status_code, refused.json()) == (
            403,
            {"message": "This access token lacks the tasks:write scope"},
        )
    refused = await script.get("/trash", headers=write)
    assert (refused.status_code, refused.json()) == (
        403,
        {"message": "This access token lacks the tasks:read scope"},
    )

    restored = await script.post(f"/tasks/{task['id']}/restore", headers=write)
    assert restored.status_code == 200 and restored.json()["deleted_at"] is None
    assert (await script.delete(f"/tasks/{task['id']}", headers=write)).status_code == 204
    assert (await script.delete(f"/trash/{task['id']}", headers=write)).status_code == 204
    assert (await script.delete("/trash", headers=write)).status_code == 204
    assert await trashed_ids(user) == []


async def test_http_basic_callers_use_the_trash(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    task = await create(user, "Basic")
    script = make_client()
    auth = httpx.BasicAuth("ada@example.com", "correct horse battery")
    assert (await script.delete(f"/tasks/{task['id']}", auth=auth)).status_code == 204
    assert [t["id"] for t in (await script.get("/trash", auth=auth)).json()] == [task["id"]]
    assert (await script.post(f"/tasks/{task['id']}/restore", auth=auth)).status_code == 200
    assert (await script.post(f"/tasks/{task['id']}/restore", auth=auth)).status_code == 404


async def test_deleting_the_account_takes_the_trash_with_it(user: httpx.AsyncClient, app: FastAPI) -> None:
    owner = await user_id(user)
    task = await create(user, "Trashed")
    await trash(user, task["id"])
    await add_list(app, owner, "Trashed list", deleted_at=datetime.now(UTC))

    response = await user.request("DELETE", "/user", json={"password": "correct horse battery"})

    assert response.status_code == 204, response.text
    assert await execute(app, "SELECT COUNT(*) FROM tasks WHERE owner_id = :owner", owner=owner) == 0
    assert await execute(app, "SELECT COUNT(*) FROM lists WHERE owner_id = :owner", owner=owner) == 0
