"""The /lists endpoints, and lists as tasks see them (list_id, GET /tasks?list_id=)."""

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.sql import query
from tests.conftest import ClientFactory, register

BASIC = httpx.BasicAuth("ada@example.com", "correct horse battery")


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def trash_task(app: FastAPI, task_id: int) -> None:
    """A task in the trash on its own (as DELETE /tasks puts it there once the trash is in)."""
    async with app.state.database.transaction() as conn:
        statement = query("UPDATE tasks SET deleted_at = :now WHERE id = :task_id")
        assert await conn.execute(statement, now=datetime(2026, 1, 1, tzinfo=UTC), task_id=task_id) == 1


async def new_list(http: httpx.AsyncClient, name: str, **extra: Any) -> dict[str, Any]:
    response = await http.post("/lists", json={"name": name, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def new_task(http: httpx.AsyncClient, title: str, **extra: Any) -> dict[str, Any]:
    response = await http.post("/tasks", json={"title": title, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def lists(http: httpx.AsyncClient) -> list[dict[str, Any]]:
    response = await http.get("/lists")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def titles(http: httpx.AsyncClient, **params: Any) -> list[str]:
    response = await http.get("/tasks", params=params)
    assert response.status_code == 200, response.text
    return [task["title"] for task in response.json()]


async def test_create_list_and_rename_recolour(user: httpx.AsyncClient) -> None:
    assert await lists(user) == []
    response = await user.post("/lists", json={"name": "  Errands  ", "color": "teal"})
    assert response.status_code == 201
    created = response.json()
    assert response.headers["location"] == f"/lists/{created['id']}"
    assert set(created) == {"id", "name", "color", "position", "open_count"}
    assert (created["name"], created["color"], created["open_count"]) == ("Errands", "teal", 0)
    renamed = await user.patch(f"/lists/{created['id']}", json={"name": "Shopping", "color": "#A0B1C2"})
    assert renamed.status_code == 200, renamed.text
    assert {**renamed.json(), "position": None} == {
        **created,
        "name": "Shopping",
        "color": "#a0b1c2",
        "position": None,
    }
    uncoloured = (await user.patch(f"/lists/{created['id']}", json={"color": None})).json()
    assert uncoloured["color"] is None and uncoloured["name"] == "Shopping"
    assert await lists(user) == [uncoloured]


async def test_new_lists_go_to_the_end_and_can_be_reordered(user: httpx.AsyncClient) -> None:
    a, b, c = [await new_list(user, name) for name in ("A", "B", "C")]
    assert [item["name"] for item in await lists(user)] == ["A", "B", "C"]
    moved = await user.patch(f"/lists/{c['id']}", json={"before_id": a["id"]})
    assert moved.status_code == 200, moved.text
    assert [item["name"] for item in await lists(user)] == ["C", "A", "B"]
    await user.patch(f"/lists/{c['id']}", json={"after_id": a["id"]})
    assert [item["name"] for item in await lists(user)] == ["A", "C", "B"]
    await user.patch(f"/lists/{a['id']}", json={"after_id": b["id"]})
    assert [item["name"] for item in await lists(user)] == ["C", "B", "A"]
    # An explicit position: one the API returned, here before every other.
    first = min(item["position"] for item in await lists(user))
    key = "0" + first[1:]
    assert (await user.patch(f"/lists/{a['id']}", json={"position": key})).json()["position"] == key
    assert [item["name"] for item in await lists(user)] == ["A", "C", "B"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "bad\u202eone"}, "name"),
        ({"name": 7}, "name"),
        ({"name": "Ok", "color": "chartreuse"}, "color"),
        ({"name": "Ok", "color": "Teal"}, "color"),
        ({"name": "Ok", "color": "#12345"}, "color"),
        ({"name": "Ok", "position": "a"}, "position"),
    ],
)
async def test_create_refuses_bad_input(user: httpx.AsyncClient, body: dict[str, Any], field: str) -> None:
    response = await user.post("/lists", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field


async def test_a_name_of_100_characters_is_fine(user: httpx.AsyncClient) -> None:
    assert (await new_list(user, "я" * 100))["name"] == "я" * 100


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"name": None},
        {"name": ""},
        {"color": "none"},
        {"position": "0"},
        {"position": None},
        {"before_id": 1, "after_id": 2},
        {"position": "i", "before_id": 1},
        {"before_id": 0},
        {"list_id": 1},
    ],
)
async def test_update_refuses_bad_input(user: httpx.AsyncClient, body: dict[str, Any]) -> None:
    item = await new_list(user, "Keep")
    response = await user.patch(f"/lists/{item['id']}", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["message"]
    assert (await lists(user))[0]["name"] == "Keep"


async def test_a_neighbour_must_be_another_list_of_yours(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    mine = await new_list(user, "Mine")
    other = make_client()
    await register(other, "eve@example.com")
    theirs = await new_list(other, "Theirs")
    for body, field in (
        ({"before_id": theirs["id"]}, "before_id"),
        ({"after_id": mine["id"]}, "after_id"),
        ({"after_id": 10**9}, "after_id"),
    ):
        response = await user.patch(f"/lists/{mine['id']}", json=body)
        assert response.status_code == 422, response.text
        assert response.json()["errors"] == [{"field": field, "message": "No such list"}]


async def test_another_users_list_does_not_exist_for_you(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    mine = await new_list(user, "Private")
    await new_task(user, "Secret", list_id=mine["id"])
    other = make_client()
    await register(other, "eve@example.com")
    url = f"/lists/{mine['id']}"
    for response in (
        await other.patch(url, json={"name": "Hacked"}),
        await other.patch(url, json={"before_id": mine["id"]}),
        await other.delete(url),
        await other.post(f"{url}/restore"),
    ):
        assert response.status_code == 404
        assert response.json() == {"message": "List not found"}
    assert await lists(other) == []
    assert await titles(other, list_id=mine["id"]) == []
    assert [(item["name"], item["open_count"]) for item in await lists(user)] == [("Private", 1)]


@pytest.mark.parametrize(
    "path", ["/lists/999999", "/lists/abc", "/lists/99999999999999999999999", "/lists/-1"]
)
async def test_unknown_list_ids_are_404(user: httpx.AsyncClient, path: str) -> None:
    for method, body in (("PATCH", {"name": "x"}), ("DELETE", None)):
        response = await user.request(method, path, json=body)
        assert response.status_code == 404
        assert response.json() == {"message": "List not found"}
    assert (await user.post(f"{path}/restore")).status_code == 404


async def test_open_count_counts_open_tasks_out_of_the_trash(user: httpx.AsyncClient, app: FastAPI) -> None:
    work = await new_list(user, "Work")
    home = await new_list(user, "Home")
    tasks = [await new_task(user, f"w{i}", list_id=work["id"]) for i in range(5)]
    await new_task(user, "h", list_id=home["id"])
    await new_task(user, "inbox")
    assert (await user.patch(f"/tasks/{tasks[0]['id']}", json={"done": True})).status_code == 200
    assert (await user.delete(f"/tasks/{tasks[1]['id']}")).status_code == 204
    await trash_task(app, tasks[2]["id"])
    assert [(item["name"], item["open_count"]) for item in await lists(user)] == [("Work", 2), ("Home", 1)]
    # The count comes with the list in every answer.
    renamed = (await user.patch(f"/lists/{work['id']}", json={"name": "Job"})).json()
    assert renamed["open_count"] == 2


async def test_tasks_go_into_lists_and_move_between_them(user: httpx.AsyncClient) -> None:
    work = await new_list(user, "Work")
    home = await new_list(user, "Home")
    report = await new_task(user, "Report", list_id=work["id"])
    assert report["list_id"] == work["id"]
    assert (await new_task(user, "Float id", list_id=float(work["id"])))["list_id"] == work["id"]
    assert (await user.post("/tasks", json={"title": "x", "list_id": str(work["id"])})).status_code == 422
    await new_task(user, "Milk")
    assert (await new_task(user, "Nowhere", list_id=None))["list_id"] is None
    moved = await user.patch(f"/tasks/{report['id']}", json={"list_id": home["id"]})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["list_id"], moved.json()["version"]) == (home["id"], 2)
    assert await titles(user, list_id=home["id"]) == ["Report"]
    assert await titles(user, list_id=work["id"]) == ["Float id"]
    assert await titles(user, list_id="inbox") == ["Milk", "Nowhere"]
    assert await titles(user) == ["Report", "Float id", "Milk", "Nowhere"]
    to_inbox = await user.patch(f"/tasks/{report['id']}", json={"list_id": None, "title": "Report!"})
    assert to_inbox.json()["list_id"] is None
    assert await titles(user, list_id="inbox") == ["Report!", "Milk", "Nowhere"]
    assert await titles(user, list_id="inbox", done="true") == []
    assert await titles(user, list_id=99999999999999999999999) == []


@pytest.mark.parametrize("value", ["Inbox", "-1", "1.5", "", "work"])
async def test_list_filter_is_an_id_or_inbox(user: httpx.AsyncClient, value: str) -> None:
    response = await user.get("/tasks", params={"list_id": value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "list_id"


async def test_a_task_cannot_go_into_a_list_that_is_not_yours(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    other = make_client()
    await register(other, "eve@example.com")
    theirs = await new_list(other, "Theirs")
    trashed = await new_list(user, "Gone")
    assert (await user.delete(f"/lists/{trashed['id']}")).status_code == 204
    task = await new_task(user, "Mine")
    for list_id in (theirs["id"], trashed["id"], 10**12):
        created = await user.post("/tasks", json={"title": "Sneaky", "list_id": list_id})
        assert created.status_code == 422, created.text
        assert created.json()["errors"] == [{"field": "list_id", "message": "No such list"}]
        for headers in ({}, {"If-Match": '"1"'}):
            moved = await user.patch(f"/tasks/{task['id']}", json={"list_id": list_id}, headers=headers)
            assert moved.status_code == 422, moved.text
            assert moved.json()["errors"] == [{"field": "list_id", "message": "No such list"}]
    assert await titles(user) == ["Mine"]
    assert (await user.get(f"/tasks/{task['id']}")).json()["version"] == 1
    assert (await user.post("/tasks", json={"title": "Zero", "list_id": 0})).status_code == 422
    # A missing task is still a 404, a stale version still a 412: the list is asked about last.
    assert (await user.patch("/tasks/999999", json={"list_id": theirs["id"]})).status_code == 404
    stale = await user.patch(
        f"/tasks/{task['id']}", json={"list_id": theirs["id"]}, headers={"If-Match": '"7"'}
    )
    assert stale.status_code == 412


async def test_password_callers_use_lists_too(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    script = make_client()
    created = await script.post("/lists", json={"name": "Scripted"}, auth=BASIC)
    assert created.status_code == 201
    list_id = created.json()["id"]
    task = await script.post("/tasks", json={"title": "Via script", "list_id": list_id}, auth=BASIC)
    assert task.status_code == 201
    assert (await script.post("/tasks", json={"title": "x", "list_id": 10**9}, auth=BASIC)).status_code == 422
    listed = await script.get("/lists", auth=BASIC)
    assert [(item["name"], item["open_count"]) for item in listed.json()] == [("Scripted", 1)]
    assert (await script.patch(f"/lists/{list_id}", json={"name": "S"}, auth=BASIC)).status_code == 200
    assert (await script.delete(f"/lists/{list_id}", auth=BASIC)).status_code == 204
    assert (await script.post(f"/lists/{list_id}/restore", auth=BASIC)).status_code == 200
    assert (await script.get("/lists", auth=BASIC)).json()[0]["name"] == "S"


async def test_delete_moves_the_list_and_its_tasks_to_the_trash_and_restore_brings_them_back(
    user: httpx.AsyncClient, app: FastAPI
) -> None:
    work = await new_list(user, "Work")
    other = await new_list(user, "Other")
    open_task = await new_task(user, "Open", list_id=work["id"])
    done_task = await new_task(user, "Done", list_id=work["id"])
    assert (await user.patch(f"/tasks/{done_task['id']}", json={"done": True})).status_code == 200
    earlier = await new_task(user, "Trashed before", list_id=work["id"])
    await trash_task(app, earlier["id"])
    kept = await new_task(user, "Elsewhere", list_id=other["id"])

    response = await user.delete(f"/lists/{work['id']}")
    assert response.status_code == 204 and response.content == b""
    assert [item["name"] for item in await lists(user)] == ["Other"]
    for task in (open_task, done_task):
        assert (await user.get(f"/tasks/{task['id']}")).status_code == 404
    assert await titles(user) == ["Elsewhere"]
    assert await titles(user, list_id=work["id"]) == []
    # A trashed list is not found, and takes no task.
    url = f"/lists/{work['id']}"
    assert (await user.patch(url, json={"name": "Again"})).status_code == 404
    assert (await user.delete(url)).status_code == 404
    assert (await user.patch(f"/lists/{other['id']}", json={"after_id": work["id"]})).status_code == 422

    restored = await user.post(f"{url}/restore")
    assert restored.status_code == 200, restored.text
    assert {**restored.json(), "position": None} == {**work, "open_count": 1, "position": None}
    assert [item["name"] for item in await lists(user)] == ["Work", "Other"]
    back = (await user.get(f"/tasks/{open_task['id']}")).json()
    assert (back["list_id"], back["deleted_at"]) == (work["id"], None)
    assert (await user.get(f"/tasks/{done_task['id']}")).json()["done"] is True
    # What was trashed on its own before stays in the trash.
    assert (await user.get(f"/tasks/{earlier['id']}")).status_code == 404
    assert await titles(user, list_id=work["id"]) == ["Open", "Done"]
    assert (await user.get(f"/tasks/{kept['id']}")).status_code == 200
    # Restoring a list that is not in the trash changes nothing.
    again = await user.post(f"{url}/restore")
    assert again.status_code == 200 and again.json() == restored.json()


async def test_a_logged_out_session_cannot_use_lists(user: httpx.AsyncClient) -> None:
    item = await new_list(user, "Mine")
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code in (200, 204)
    bearer = {"Authorization": f"Bearer {token}"}
    url = f"/lists/{item['id']}"
    for response in (
        await user.get("/lists", headers=bearer),
        await user.post("/lists", json={"name": "New"}, headers=bearer),
        await user.patch(url, json={"name": "x"}, headers=bearer),
        await user.patch(url, json={"before_id": item["id"]}, headers=bearer),
        await user.delete(url, headers=bearer),
        await user.post(f"{url}/restore", headers=bearer),
        await user.post("/tasks", json={"title": "x", "list_id": item["id"]}, headers=bearer),
        await user.post("/tasks", json={"title": "x", "list_id": 10**9}, headers=bearer),
    ):
        assert response.status_code == 401, response.text


async def test_completing_a_recurring_task_can_move_it_too(user: httpx.AsyncClient) -> None:
    work = await new_list(user, "Work")
    task = await new_task(user, "Standup", due_date="2026-12-01", recurrence="FREQ=DAILY")
    refused = await user.patch(f"/tasks/{task['id']}", json={"done": True, "list_id": 10**9})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"field": "list_id", "message": "No such list"}]
    assert (await user.get(f"/tasks/{task['id']}")).json()["due_date"] == "2026-12-01"
    moved = await user.patch(f"/tasks/{task['id']}", json={"done": True, "list_id": work["id"]})
    assert moved.status_code == 200, moved.text
    assert (moved.json()["list_id"], moved.json()["done"]) == (work["id"], False)
    assert moved.json()["due_date"] > "2026-12-01"


async def parse(http: httpx.AsyncClient, text: str) -> dict[str, Any]:
    response = await http.post("/tasks/parse", json={"text": text, "locale": "en"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_quick_add_recognises_a_list_by_its_hash_tag(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    home = await new_list(user, "Home")
    repairs = await new_list(user, "Home repairs")
    gone = await new_list(user, "Gone")
    assert (await user.delete(f"/lists/{gone['id']}")).status_code == 204
    other = make_client()
    await register(other, "eve@example.com")
    await new_list(other, "Theirs")

    parsed = await parse(user, "Fix the tap #home REPAIRS tomorrow")
    assert (parsed["title"], parsed["list_id"]) == ("Fix the tap", repairs["id"])
    assert parsed["due_date"] is not None
    assert (await parse(user, "Call the plumber #HOME"))["list_id"] == home["id"]
    assert (await parse(user, "#home: sweep"))["title"] == "sweep"  # the separator goes with the tag
    for text in ("Sweep #homework", "Sweep #Gone", "Sweep #Theirs", "Sweep home#home", "#Home"):
        parsed = await parse(user, text)
        assert (parsed["title"], parsed["list_id"]) == (text, None), text
    kept = (
        await user.post("/tasks/parse", json={"text": "Call the plumber #Home", "literal": ["list"]})
    ).json()
    assert (kept["title"], kept["list_id"]) == ("Call the plumber #Home", None)
    # What it parses is what POST /tasks takes.
    parsed = await parse(user, "Paint #Home repairs")
    created = await new_task(user, parsed["title"], list_id=parsed["list_id"])
    assert created["list_id"] == repairs["id"]
