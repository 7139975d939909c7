"""Checklists: the items inside a task, sent and stored whole, in their order."""

from typing import Any

import httpx
import pytest

from tests.conftest import register


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


def item(item_id: str, text: str, done: bool = False) -> dict[str, Any]:
    return {"id": item_id, "text": text, "done": done}


async def test_a_checklist_is_created_changed_reordered_and_emptied(user: httpx.AsyncClient) -> None:
    created = await user.post("/tasks", json={"title": "Trip", "checklist": [item("a", " Passport ")]})
    assert created.status_code == 201
    task = created.json()
    assert task["checklist"] == [item("a", "Passport")]
    assert (await user.post("/tasks", json={"title": "Plain"})).json()["checklist"] == []

    items = [item("b", "Tickets", done=True), item("a", "Passport"), item("c", "Charger")]
    changed = await user.patch(f"/tasks/{task['id']}", json={"checklist": items})
    assert changed.status_code == 200
    assert changed.json()["checklist"] == items
    # Listed and fetched the same, in the same order.
    listed = {t["title"]: t for t in (await user.get("/tasks")).json()}
    assert listed["Trip"]["checklist"] == items
    assert listed["Plain"]["checklist"] == []
    assert (await user.get(f"/tasks/{task['id']}")).json()["checklist"] == items

    emptied = await user.patch(f"/tasks/{task['id']}", json={"checklist": []})
    assert emptied.json()["checklist"] == []


async def test_completing_the_task_does_not_tick_its_items(user: httpx.AsyncClient) -> None:
    items = [item("a", "Milk"), item("b", "Bread", done=True)]
    task = (await user.post("/tasks", json={"title": "Shop", "checklist": items})).json()
    done = await user.patch(f"/tasks/{task['id']}", json={"done": True})
    assert done.json()["done"] is True
    assert done.json()["checklist"] == items


async def test_a_checklist_survives_other_changes_and_follows_if_match(user: httpx.AsyncClient) -> None:
    task = (await user.post("/tasks", json={"title": "Shop", "checklist": [item("a", "Milk")]})).json()
    renamed = await user.patch(f"/tasks/{task['id']}", json={"title": "Groceries"})
    assert renamed.json()["checklist"] == [item("a", "Milk")]
    stale = await user.patch(
        f"/tasks/{task['id']}", json={"checklist": []}, headers={"If-Match": f'"{task["version"]}"'}
    )
    assert stale.status_code == 412
    assert (await user.get(f"/tasks/{task['id']}")).json()["checklist"] == [item("a", "Milk")]


@pytest.mark.parametrize(
    "checklist",
    [
        [item("a", "One"), item("a", "Two")],  # ids repeat
        [item("a", "   ")],  # empty text
        [item("a", "x" * 501)],
        [item("a b", "Spaces in the id")],
        [item("", "No id")],
        [item(f"i{n}", "Many") for n in range(101)],
        [{"id": "a", "text": "Extra", "done": False, "colour": "red"}],
        [{"id": "a", "text": "Not a flag", "done": "yes"}],
        [item("a", "Bell\u0007")],
        None,
        "a, b",
    ],
)
async def test_a_malformed_checklist_is_refused(user: httpx.AsyncClient, checklist: Any) -> None:
    task = (await user.post("/tasks", json={"title": "Shop"})).json()
    changed = await user.patch(f"/tasks/{task['id']}", json={"checklist": checklist})
    assert changed.status_code == 422, changed.text
    assert "checklist" in changed.json()["message"]
    if checklist is not None:
        created = await user.post("/tasks", json={"title": "Shop", "checklist": checklist})
        assert created.status_code == 422
    assert (await user.get(f"/tasks/{task['id']}")).json()["checklist"] == []
