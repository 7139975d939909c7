"""GET /tasks?q=: search as you type over titles, descriptions and checklist items."""

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from alembic import command
from fastapi import FastAPI

from tasktracker.migrate import alembic_config
from tasktracker.tasks import search, service
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


async def found(http: httpx.AsyncClient, q: str, **params: Any) -> list[str]:
    response = await http.get("/tasks", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return [task["title"] for task in response.json()]


def item(text: str, item_id: str = "a1") -> dict[str, Any]:
    return {"id": item_id, "text": text, "done": False}


async def test_titles_descriptions_and_checklist_texts_are_searched(user: httpx.AsyncClient) -> None:
    await create(user, "Buy milk")
    await create(user, "Groceries", description="Oat milk and bread")
    await create(user, "Weekend", checklist=[item("Clean the garage"), item("Call the plumber", "b2")])
    await create(user, "Unrelated")
    assert await found(user, "milk") == ["Buy milk", "Groceries"]
    assert await found(user, "plumber") == ["Weekend"]
    assert await found(user, "GARAGE") == ["Weekend"]
    # Every word must match, wherever each one is.
    assert await found(user, "milk bread") == ["Groceries"]
    assert await found(user, "milk plumber") == []


async def test_the_checklist_json_itself_is_not_searched(user: httpx.AsyncClient) -> None:
    await create(user, "Trip", checklist=[item("Passport", "zq7x")])
    assert await found(user, "Passport") == ["Trip"]
    for key_or_id in ("text", "done", "false", "id", "zq7x"):
        assert await found(user, key_or_id) == [], key_or_id


async def test_changes_are_searched_as_soon_as_they_are_made(user: httpx.AsyncClient) -> None:
    task = await create(user, "Draft")
    assert await found(user, "invoice") == []
    patched = await user.patch(
        f"/tasks/{task['id']}", json={"description": "the invoice", "checklist": [item("Stamp it")]}
    )
    assert patched.status_code == 200
    assert await found(user, "invoice") == ["Draft"]
    assert await found(user, "stamp") == ["Draft"]
    assert (
        await user.patch(f"/tasks/{task['id']}", json={"title": "Final", "checklist": []})
    ).status_code == 200
    assert await found(user, "stamp") == []
    assert await found(user, "final") == ["Final"]
    assert await found(user, "draft") == []
    assert (await user.delete(f"/tasks/{task['id']}")).status_code == 204
    assert await found(user, "invoice") == []


async def test_only_a_change_of_the_text_parses_it_again(user: httpx.AsyncClient, app: FastAPI) -> None:
    """Writes that leave the title, description and checklist alone (done, dates, order, the
    trash) keep the stored words as they are; a text change replaces them."""
    task = await create(user, "Groceries")
    # A word the task does not contain, planted in its stored words: if a write parses the text
    # again, it disappears.
    planted = {
        "postgresql": "UPDATE tasks SET search = to_tsvector('simple', 'planted') WHERE id = :task_id",
        "sqlite": "UPDATE tasks_search SET title = 'planted' WHERE rowid = :task_id",
    }
    async with app.state.database.connection() as conn:
        await conn.execute(planted[conn.dialect], task_id=task["id"])
    assert await found(user, "planted") == ["Groceries"]
    for change in ({"done": True}, {"done": False}, {"due_date": "2026-12-24"}, {"title": "Groceries"}):
        assert (await user.patch(f"/tasks/{task['id']}", json=change)).status_code == 200
        assert await found(user, "planted") == ["Groceries"], change
    assert (await user.post(f"/tasks/{task['id']}/move", json={})).status_code == 200
    assert (await user.delete(f"/tasks/{task['id']}")).status_code == 204
    assert (await user.post(f"/tasks/{task['id']}/restore")).status_code == 200
    assert await found(user, "planted") == ["Groceries"]
    assert (await user.patch(f"/tasks/{task['id']}", json={"description": "milk"})).status_code == 200
    assert await found(user, "planted") == []
    assert await found(user, "milk") == ["Groceries"]


async def stored_words(app: FastAPI, task_id: int) -> str | None:
    async with app.state.database.connection() as conn:
        words: str | None = await conn.fetchval("SELECT search::text FROM tasks WHERE id = :id", id=task_id)
    return words


async def test_a_changed_text_is_found_before_and_after_its_words_are_refreshed(
    user: httpx.AsyncClient, app: FastAPI, database_url: str
) -> None:
    """PostgreSQL: a write only marks the words stale; a search reads a stale task's text, and
    the refresh (the job tasks.refresh_search) stores its words again. SQLite's index follows
    every write, so nothing is ever stale there."""
    if database_url.startswith("sqlite"):
        assert await service.refresh_search(app.state.database, batch_size=10) == 0
        return
    tasks = [await create(user, f"Draft {number}") for number in range(3)]
    await service.refresh_search(app.state.database, batch_size=10)
    for task in tasks:
        assert "'draft'" in (await stored_words(app, task["id"]) or "")
    patched = await user.patch(f"/tasks/{tasks[0]['id']}", json={"description": "the invoices"})
    assert patched.status_code == 200
    assert await stored_words(app, tasks[0]["id"]) is None
    # Stale, found all the same: by a word (the index's way), by a short prefix (the scan's way).
    assert await found(user, "invoice") == ["Draft 0"]
    assert await found(user, "the in") == ["Draft 0"]
    assert await found(user, "draft") == ["Draft 0", "Draft 1", "Draft 2"]
    # A write that leaves the text alone leaves the words stored.
    assert (await user.patch(f"/tasks/{tasks[1]['id']}", json={"done": True})).status_code == 200
    assert await stored_words(app, tasks[1]["id"]) is not None

    await create(user, "Invoice the client")
    assert await service.refresh_search(app.state.database, batch_size=1) == 2  # in two batches
    assert "'invoic'" in (await stored_words(app, tasks[0]["id"]) or "")
    assert await found(user, "invoice") == ["Draft 0", "Invoice the client"]
    assert await found(user, "the in") == ["Draft 0", "Invoice the client"]
    assert await service.refresh_search(app.state.database, batch_size=1) == 0


async def test_the_last_word_matches_as_it_is_typed(user: httpx.AsyncClient) -> None:
    await create(user, "Running shoes")
    await create(user, "Задачи на неделю")
    for typed in ("r", "ru", "run", "runn", "runni", "running"):
        assert await found(user, typed) == ["Running shoes"], typed
    for typed in ("з", "зад", "задач", "задачи"):
        assert await found(user, typed) == ["Задачи на неделю"], typed
    assert await found(user, "shoes ru") == ["Running shoes"]
    assert await found(user, "running sh") == ["Running shoes"]


async def test_diacritics_and_case_do_not_matter(user: httpx.AsyncClient, database_url: str) -> None:
    await create(user, "Café crème")
    assert await found(user, "CAFÉ") == ["Café crème"]
    if database_url.startswith("sqlite"):
        # FTS5's remove_diacritics; PostgreSQL's configurations keep accents (no unaccent).
        assert await found(user, "cafe creme") == ["Café crème"]


async def test_stems_in_english_and_russian(user: httpx.AsyncClient, database_url: str) -> None:
    await create(user, "Run the tests")
    await create(user, "Написать задача для команды")
    await create(user, "Pay the bills", description="Electricity invoices")
    await create(user, "Ёлка", checklist=[item("Купить игрушки")])
    if database_url.startswith("sqlite"):
        # No stemmer in development: every word matches as a prefix.
        assert await found(user, "run test") == ["Run the tests"]
        assert await found(user, "задач команд") == ["Написать задача для команды"]
        assert await found(user, "invoice bill") == ["Pay the bills"]
        assert await found(user, "running") == []
        return
    assert await found(user, "running tests") == ["Run the tests"]
    assert await found(user, "runs") == ["Run the tests"]
    assert await found(user, "задачи") == ["Написать задача для команды"]
    assert await found(user, "задачу команде") == ["Написать задача для команды"]
    assert await found(user, "invoice bill") == ["Pay the bills"]
    assert await found(user, "елки") == ["Ёлка"]
    assert await found(user, "игрушка") == ["Ёлка"]
    # A stop word of one configuration is still a word as written (simple).
    assert await found(user, "the") == ["Run the tests", "Pay the bills"]


async def test_results_come_in_the_list_order(user: httpx.AsyncClient) -> None:
    first = await create(user, "Report one")
    await create(user, "Report two")
    await create(user, "Report three")
    assert (await user.patch(f"/tasks/{first['id']}", json={"done": True})).status_code == 200
    assert await found(user, "report") == ["Report two", "Report three", "Report one"]
    assert await found(user, "report", done="false") == ["Report two", "Report three"]
    assert await found(user, "report", done="true") == ["Report one"]


async def test_blank_q_is_no_search_and_a_long_one_is_refused(user: httpx.AsyncClient) -> None:
    await create(user, "Alpha")
    await create(user, "Beta")
    assert await found(user, "") == ["Alpha", "Beta"]
    assert await found(user, "   ") == ["Alpha", "Beta"]
    assert await found(user, "a" * 200) == []
    response = await user.get("/tasks", params={"q": "a" * 201})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "q"


async def test_a_due_view_is_searched_too(user: httpx.AsyncClient) -> None:
    await create(user, "Pay rent", due_date="2020-01-01")
    await create(user, "Pay the gym", due_date="2020-01-02")
    await create(user, "Pay later")
    await create(user, "Walk the dog", due_date="2020-01-01")
    assert await found(user, "pay", due="overdue") == ["Pay rent", "Pay the gym"]
    assert await found(user, "gym", due="today") == ["Pay the gym"]
    assert await found(user, "-", due="today") == []
    assert await found(user, " ", due="today") == ["Pay rent", "Walk the dog", "Pay the gym"]


async def test_another_users_tasks_are_never_found(
    user: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await create(user, "Secret plan")
    other = make_client()
    await register(other, "bob@example.com")
    await create(other, "Public plan")
    assert await found(other, "plan") == ["Public plan"]
    assert await found(other, "secret") == []
    assert await found(user, "plan") == ["Secret plan"]


async def test_trashed_tasks_are_never_found(user: httpx.AsyncClient, app: FastAPI) -> None:
    kept = await create(user, "Water the plants")
    trashed = await create(user, "Water the lawn")
    async with app.state.database.connection() as conn:
        await conn.execute(
            "UPDATE tasks SET deleted_at = :now WHERE id = :task_id",
            now=datetime.now(UTC),
            task_id=trashed["id"],
        )
    assert await found(user, "water") == [kept["title"]]
    assert await found(user, "lawn") == []


async def test_a_password_caller_searches_too(user: httpx.AsyncClient) -> None:
    await create(user, "Renew passport")
    user.cookies.clear()
    response = await user.get(
        "/tasks", params={"q": "passp"}, auth=("ada@example.com", "correct horse battery")
    )
    assert response.status_code == 200
    assert [task["title"] for task in response.json()] == ["Renew passport"]


async def test_a_search_needs_a_live_session(user: httpx.AsyncClient, make_client: ClientFactory) -> None:
    await create(user, "Anything")
    token = user.cookies["access_token"]
    assert (await user.delete("/session")).status_code == 204
    stolen = make_client()
    stolen.headers["Authorization"] = f"Bearer {token}"
    assert (await stolen.get("/tasks", params={"q": "anything"})).status_code == 401
    assert (await stolen.get("/tasks", params={"q": "-"})).status_code == 401


# (what is typed, whether "Milk and bread" is found): only its words are searched for; quotes,
# operators and column filters of either query syntax, SQL and control characters mean nothing.
HOSTILE = [
    ('"', False),
    ("'", False),
    ('"unbalanced', False),
    ("it's", False),
    ("*", False),
    ("milk*", True),
    ("* milk", True),
    ("NEAR", False),
    ("NEAR(milk bread)", False),
    ("NEAR(milk bread, 2)", False),
    ("milk AND", True),
    ("OR milk", False),
    ("NOT", False),
    ("-milk", True),
    ("milk -bread", True),
    ("^milk", True),
    ("title:milk", False),
    ("{title description}: milk", False),
    ("(", False),
    (")", False),
    ("(milk", True),
    ("milk & | ! <-> :* :A", True),
    ("'; DROP TABLE tasks; --", False),
    ("1 OR 1=1", False),
    ("\\", False),
    ("%_", False),
    ("\x00milk", True),
    ("😀 milk", True),
    ("中文", False),
    ("ʼ", False),
    ("²", False),
    ("½ milk", True),
    ("milk ²", True),
    ("e\u0301", False),
    ("milk_bread", True),
]


@pytest.mark.parametrize(("q", "matches"), HOSTILE)
async def test_hostile_input_is_only_words(user: httpx.AsyncClient, q: str, matches: bool) -> None:
    await create(user, "Milk and bread")
    assert await found(user, q) == (["Milk and bread"] if matches else []), q
    assert await found(user, "") == ["Milk and bread"]  # the table is still there


async def test_punctuation_alone_matches_nothing(user: httpx.AsyncClient) -> None:
    await create(user, "Milk")
    for q in ("-", "***", '""', "()", "—"):
        assert await found(user, q) == [], q


async def test_tasks_from_before_the_search_migration_are_found(
    user: httpx.AsyncClient, database_url: str
) -> None:
    await create(user, "Older task", checklist=[item("Kept item")])
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "0010")
    await asyncio.to_thread(command.upgrade, config, "head")
    assert await found(user, "older") == ["Older task"]
    assert await found(user, "kept item") == ["Older task"]


def test_a_short_prefix_being_typed_is_matched_without_the_index() -> None:
    assert search.filter_name("re") == "q_scan"
    assert search.filter_name("invoice z") == "q_scan"
    assert search.filter_name("rep") == "q"
    assert search.filter_name("a invoice") == "q"
    assert search.filter_name("-") == "q"


async def test_both_ways_find_the_same_tasks(user: httpx.AsyncClient) -> None:
    await create(user, "Renew the passport")
    await create(user, "Read a book")
    await create(user, "Call the plumber")
    # "re" (q_scan) and "ren" (q): the prefix as it grows.
    assert await found(user, "re") == ["Renew the passport", "Read a book"]
    assert await found(user, "ren") == ["Renew the passport"]
    assert await found(user, "the re") == ["Renew the passport"]
    assert await found(user, "the pl") == ["Call the plumber"]
