"""The /tasks endpoints."""

import asyncio
from datetime import datetime

import httpx
import pytest

from tests.conftest import ClientFactory, register


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def create(http: httpx.AsyncClient, title: str, description: str = "") -> dict[str, object]:
    response = await http.post("/tasks", json={"title": title, "description": description})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


async def test_create_returns_the_task_with_location_and_etag(user: httpx.AsyncClient) -> None:
    response = await user.post("/tasks", json={"title": "  Buy milk  ", "description": "2 litres"})
    assert response.status_code == 201
    task = response.json()
    assert response.headers["location"] == f"/tasks/{task['id']}"
    assert response.headers["etag"] == '"1"'
    assert task["title"] == "Buy milk"
    assert task["description"] == "2 litres"
    assert task["done"] is False
    assert task["done_at"] is None
    assert task["version"] == 1
    created = datetime.fromisoformat(task["created_at"])
    assert created.utcoffset() is not None and created.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert task["updated_at"] == task["created_at"]
    assert set(task) == {
        "id",
        "title",
        "description",
        "done",
        "done_at",
        "created_at",
        "updated_at",
        "version",
        "due_date",
        "due_time",
        "checklist",
        "recurrence",
        "remind_at",
        "list_id",
        "position",
        "deleted_at",
    }
    assert task["list_id"] is None and task["deleted_at"] is None


async def test_list_orders_open_by_creation_then_done_by_most_recent(user: httpx.AsyncClient) -> None:
    ids = [(await create(user, f"task {i}"))["id"] for i in range(5)]
    for task_id in (ids[3], ids[1]):  # ids[1] is done last, so it comes first among the done
        assert (await user.patch(f"/tasks/{task_id}", json={"done": True})).status_code == 200
    listed = (await user.get("/tasks")).json()
    assert [task["id"] for task in listed] == [ids[0], ids[2], ids[4], ids[1], ids[3]]
    open_only = (await user.get("/tasks", params={"done": "false"})).json()
    done_only = (await user.get("/tasks", params={"done": "true"})).json()
    assert [task["id"] for task in open_only] == [ids[0], ids[2], ids[4]]
    assert [task["id"] for task in done_only] == [ids[1], ids[3]]


async def test_an_empty_list_is_an_empty_array(user: httpx.AsyncClient) -> None:
    response = await user.get("/tasks")
    assert response.status_code == 200
    assert response.json() == []
    assert (await user.get("/tasks", params={"done": "true"})).json() == []


async def test_done_filter_must_be_a_boolean(user: httpx.AsyncClient) -> None:
    response = await user.get("/tasks", params={"done": "maybe"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "done"


async def test_get_one_task(user: httpx.AsyncClient) -> None:
    task = await create(user, "Read")
    response = await user.get(f"/tasks/{task['id']}")
    assert response.status_code == 200
    assert response.json() == task


async def test_patch_changes_only_what_is_sent_and_grows_the_version(user: httpx.AsyncClient) -> None:
    task = await create(user, "Draft", "first words")
    renamed = (await user.patch(f"/tasks/{task['id']}", json={"title": "Final"})).json()
    assert renamed["title"] == "Final"
    assert renamed["description"] == "first words"
    assert renamed["version"] == 2
    assert renamed["updated_at"] >= task["updated_at"]
    described = await user.patch(f"/tasks/{task['id']}", json={"description": ""})
    assert described.json()["description"] == ""
    assert described.json()["title"] == "Final"
    assert described.headers["etag"] == '"3"'


async def test_done_at_follows_done(user: httpx.AsyncClient) -> None:
    task = await create(user, "Walk")
    done = (await user.patch(f"/tasks/{task['id']}", json={"done": True})).json()
    assert done["done"] is True
    assert done["done_at"] is not None
    again = (await user.patch(f"/tasks/{task['id']}", json={"done": True, "title": "Walk the dog"})).json()
    assert again["done_at"] == done["done_at"]  # still done since then
    undone = (await user.patch(f"/tasks/{task['id']}", json={"done": False})).json()
    assert undone["done"] is False
    assert undone["done_at"] is None


async def test_if_match_guards_against_lost_updates(user: httpx.AsyncClient) -> None:
    task = await create(user, "Shared")
    url = f"/tasks/{task['id']}"
    ok = await user.patch(url, json={"title": "Mine"}, headers={"If-Match": '"1"'})
    assert ok.status_code == 200
    stale = await user.patch(url, json={"title": "Theirs"}, headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    assert stale.json()["message"]
    assert (await user.get(url)).json()["title"] == "Mine"
    weak = await user.patch(url, json={"title": "Weak"}, headers={"If-Match": 'W/"2"'})
    assert weak.status_code == 200
    garbage = await user.patch(url, json={"title": "x"}, headers={"If-Match": "abc"})
    assert garbage.status_code == 412


async def test_concurrent_patches_with_the_same_if_match_let_exactly_one_win(user: httpx.AsyncClient) -> None:
    task = await create(user, "Race")
    url = f"/tasks/{task['id']}"
    responses = await asyncio.gather(
        *(user.patch(url, json={"description": f"writer {i}"}, headers={"If-Match": '"1"'}) for i in range(6))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200, 412, 412, 412, 412, 412]
    winner = next(response.json() for response in responses if response.status_code == 200)
    assert (await user.get(url)).json() == winner
    assert winner["version"] == 2


async def test_concurrent_patches_without_if_match_all_apply(user: httpx.AsyncClient) -> None:
    task = await create(user, "Counter")
    url = f"/tasks/{task['id']}"
    responses = await asyncio.gather(*(user.patch(url, json={"title": f"t{i}"}) for i in range(5)))
    assert [response.status_code for response in responses] == [200] * 5
    assert sorted(response.json()["version"] for response in responses) == [2, 3, 4, 5, 6]


async def test_delete(user: httpx.AsyncClient) -> None:
    task = await create(user, "Temporary")
    response = await user.delete(f"/tasks/{task['id']}")
    assert response.status_code == 204
    assert response.content == b""
    assert (await user.get(f"/tasks/{task['id']}")).status_code == 404
    assert (await user.delete(f"/tasks/{task['id']}")).status_code == 404
    assert (await user.get("/tasks")).json() == []


async def test_another_users_task_does_not_exist_for_you(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    task = await create(user, "Private")
    other = make_client()
    await register(other, "eve@example.com")
    url = f"/tasks/{task['id']}"
    for response in (
        await other.get(url),
        await other.patch(url, json={"title": "Hacked"}),
        await other.patch(url, json={"title": "Hacked"}, headers={"If-Match": '"1"'}),
        await other.delete(url),
    ):
        assert response.status_code == 404
        assert response.json() == {"message": "Task not found"}
    assert (await other.get("/tasks")).json() == []
    assert (await user.get(url)).json()["title"] == "Private"


@pytest.mark.parametrize(
    "path", ["/tasks/999999", "/tasks/abc", "/tasks/99999999999999999999999", "/tasks/-1"]
)
async def test_unknown_task_ids_are_404(user: httpx.AsyncClient, path: str) -> None:
    for method in ("GET", "PATCH", "DELETE"):
        response = await user.request(method, path, json={"title": "x"} if method == "PATCH" else None)
        assert response.status_code == 404
        assert response.json() == {"message": "Task not found"}


@pytest.mark.parametrize(
    "title",
    [
        "Купить молоко 🥛",
        "日本語のタスク",
        "emoji 👩‍👩‍👧‍👦 family",
        "<img src=x onerror=alert(1)>",
        "x" * 200,
    ],
)
async def test_unicode_and_markup_titles_round_trip_unchanged(user: httpx.AsyncClient, title: str) -> None:
    task = await create(user, title, "описание ✓")
    fetched = (await user.get(f"/tasks/{task['id']}")).json()
    assert fetched["title"] == title
    assert fetched["description"] == "описание ✓"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "ok", "description": "x" * 10_001}, "description"),
        ({}, "title"),
        ({"title": "ok", "owner_id": 2}, "owner_id"),
        ({"title": 5}, "title"),
    ],
)
async def test_invalid_new_tasks_are_422(
    user: httpx.AsyncClient, body: dict[str, object], field: str
) -> None:
    response = await user.post("/tasks", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert (await user.get("/tasks")).json() == []


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"title": ""},
        {"title": None},
        {"done": "yes"},
        {"done": None},
        {"version": 3},
        {"title": "ok", "x": 1},
    ],
)
async def test_invalid_patches_are_422_and_change_nothing(
    user: httpx.AsyncClient, body: dict[str, object]
) -> None:
    task = await create(user, "Stable", "kept")
    response = await user.patch(f"/tasks/{task['id']}", json=body)
    assert response.status_code == 422
    assert response.json()["message"]
    assert (await user.get(f"/tasks/{task['id']}")).json() == task


async def test_tasks_take_json_only(user: httpx.AsyncClient) -> None:
    response = await user.post("/tasks", data={"title": "form"})
    assert response.status_code == 415
    assert response.json()["message"]


async def test_tasks_need_a_session(client: httpx.AsyncClient) -> None:
    for method, path in (
        ("GET", "/tasks"),
        ("POST", "/tasks"),
        ("GET", "/tasks/1"),
        ("PATCH", "/tasks/1"),
        ("DELETE", "/tasks/1"),
    ):
        response = await client.request(method, path, json={"title": "x"} if method != "GET" else None)
        assert response.status_code == 401, (method, path)
        assert response.json() == {"message": "Not authenticated"}


async def test_tasks_with_http_basic(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    await create(user, "Scripted")
    script = make_client()
    auth = httpx.BasicAuth("ada@example.com", "correct horse battery")
    listed = await script.get("/tasks", auth=auth)
    assert [task["title"] for task in listed.json()] == ["Scripted"]
    created = await script.post("/tasks", json={"title": "From a script"}, auth=auth)
    assert created.status_code == 201
    wrong = await script.get("/tasks", auth=httpx.BasicAuth("ada@example.com", "nope nope"))
    assert wrong.status_code == 401


@pytest.mark.parametrize("path", ["/tasks/²", "/tasks/١", "/tasks/1.0", "/tasks/%201"])
async def test_ids_in_other_scripts_or_shapes_are_404(user: httpx.AsyncClient, path: str) -> None:
    await create(user, "one")
    for method in ("GET", "PATCH", "DELETE"):
        response = await user.request(method, path, json={"title": "x"} if method == "PATCH" else None)
        assert response.status_code == 404, (method, path)


@pytest.mark.parametrize("if_match", ['"²"', '"99999999999"', '"1.0"', '""', "*x"])
async def test_versions_that_cannot_match_are_412(user: httpx.AsyncClient, if_match: str) -> None:
    task = await create(user, "Versioned")
    response = await user.patch(
        f"/tasks/{task['id']}", json={"title": "x"}, headers={"If-Match": if_match.encode()}
    )
    assert response.status_code == 412
    assert (await user.get(f"/tasks/{task['id']}")).json()["title"] == "Versioned"


@pytest.mark.parametrize(
    ("body", "field"),
    [({"title": "a\x00b"}, "title"), ({"title": "ok", "description": "\x00"}, "description")],
)
async def test_nul_characters_are_refused_on_both_databases(
    user: httpx.AsyncClient, body: dict[str, str], field: str
) -> None:
    response = await user.post("/tasks", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


@pytest.mark.parametrize("task_path", ["known", "unknown", "not-an-id"])
async def test_a_logged_out_token_can_neither_read_nor_change_a_task(
    user: httpx.AsyncClient, make_client: ClientFactory, task_path: str
) -> None:
    """Every task route checks the session in its own statement: the logout is effective on the
    very next request, and a dead session is a 401 whatever the id."""
    task = await create(user, "Water the plants")
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code == 204
    stolen = make_client()
    stolen.headers["Authorization"] = f"Bearer {token}"
    path = {"known": f"/tasks/{task['id']}", "unknown": "/tasks/999999", "not-an-id": "/tasks/x"}[task_path]

    assert (await stolen.get(path)).status_code == 401
    assert (await stolen.patch(path, json={"done": True})).status_code == 401
    assert (await stolen.patch(path, json={"done": True}, headers={"If-Match": '"1"'})).status_code == 401
    assert (await stolen.delete(path)).status_code == 401
    assert (await stolen.post("/tasks", json={"title": "Planted"})).status_code == 401

    ada = make_client()
    login = await ada.post("/session", json={"email": "ada@example.com", "password": "correct horse battery"})
    assert login.status_code == 200
    # Nothing was changed, deleted or added. (Compared field by field: PostgreSQL renders the
    # list's timestamps itself, without trailing zeros in the fraction of a second.)
    (listed,) = (await ada.get("/tasks")).json()
    unchanged = ("id", "title", "description", "done", "version")
    assert {field: listed[field] for field in unchanged} == {field: task[field] for field in unchanged}
    assert datetime.fromisoformat(listed["updated_at"]) == datetime.fromisoformat(str(task["updated_at"]))
