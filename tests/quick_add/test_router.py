"""POST /tasks/parse: the quick-add table through the API, in the caller's timezone and
language, on both databases; its input rules and who may call it."""

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import time_machine

from tests.access_tokens.test_access_tokens import bearer, create_token
from tests.quick_add.phrases import ENGLISH, NOW, RUSSIAN, ZONE

PASSWORD = "correct horse battery"


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
async def user(client: httpx.AsyncClient, frozen: None) -> httpx.AsyncClient:
    response = await client.post(
        "/user", json={"email": "ada@example.com", "password": PASSWORD, "timezone": ZONE}
    )
    assert response.status_code == 200, response.text
    return client


async def parse(http: httpx.AsyncClient, text: str, **extra: Any) -> dict[str, Any]:
    response = await http.post("/tasks/parse", json={"text": text, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_the_whole_table_in_the_callers_timezone(user: httpx.AsyncClient) -> None:
    for locale, table in (("en", ENGLISH), ("ru", RUSSIAN)):
        for text, (title, due_date, due_time, recurrence) in table.items():
            assert await parse(user, text, locale=locale) == {
                "title": title,
                "due_date": due_date,
                "due_time": due_time,
                "recurrence": recurrence,
                "list_id": None,
            }, text


async def test_a_user_without_a_timezone_gets_the_default_one(
    client: httpx.AsyncClient, frozen: None
) -> None:
    assert (
        await client.post("/user", json={"email": "bo@example.com", "password": PASSWORD})
    ).status_code == 200
    # 22:30 on Monday in UTC: tomorrow is Tuesday there.
    assert (await parse(client, "Call mum tomorrow 18:00"))["due_date"] == "2026-03-10"


async def test_the_locale_defaults_to_the_accounts_language(user: httpx.AsyncClient) -> None:
    # 04/05 is the 5th of April in English, the 4th of May in Russian.
    assert (await parse(user, "Pay on 04/05"))["due_date"] == "2026-04-05"
    assert (await user.patch("/user", json={"locale": "ru"})).status_code == 200
    assert (await parse(user, "Pay on 04/05"))["due_date"] == "2026-05-04"
    assert (await parse(user, "Pay on 04/05", locale="en"))["due_date"] == "2026-04-05"


async def test_parts_kept_literal_stay_in_the_title(user: httpx.AsyncClient) -> None:
    parsed = await parse(user, "Call mum tomorrow 18:00", literal=["due"])
    assert parsed == {
        "title": "Call mum tomorrow 18:00",
        "due_date": None,
        "due_time": None,
        "recurrence": None,
        "list_id": None,
    }
    parsed = await parse(user, "Report every weekday", literal=["recurrence"])
    assert (parsed["title"], parsed["recurrence"]) == ("Report every weekday", None)


async def test_what_it_parses_is_what_post_tasks_accepts(user: httpx.AsyncClient) -> None:
    parsed = await parse(user, "Call mum tomorrow 18:00")
    fields = {key: parsed[key] for key in ("title", "due_date", "due_time")}
    created = await user.post("/tasks", json=fields)
    assert created.status_code == 201, created.text
    assert {key: created.json()[key] for key in fields} == fields
    assert (await user.get("/tasks")).json()[0]["title"] == "Call mum"


@pytest.mark.parametrize(
    "body",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "Call\u0007 mum tomorrow"},
        {"text": "Call mum\n tomorrow"},
        {"text": "Call \u202emum"},
        {"text": "x" * 501},
        {"text": 42},
        {},
        {"text": "Call mum", "locale": "de"},
        {"text": "Call mum", "literal": ["title"]},
        {"text": "Call mum", "list_id": None},
    ],
)
async def test_bad_input_is_refused(user: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await user.post("/tasks/parse", json=body)
    assert response.status_code == 422, response.text


async def test_the_longest_text_is_parsed(user: httpx.AsyncClient) -> None:
    text = "Call mum tomorrow " + "x" * (500 - len("Call mum tomorrow "))
    assert (await parse(user, text))["due_date"] == "2026-03-11"


async def test_it_needs_a_caller_and_reads_with_a_read_token(
    user: httpx.AsyncClient, make_client: Any
) -> None:
    stranger: httpx.AsyncClient = make_client("198.51.100.9")
    assert (await stranger.post("/tasks/parse", json={"text": "Call mum"})).status_code == 401
    reader = await create_token(user, scopes=["tasks:read"])
    writer = await create_token(user, "writer", scopes=["tasks:write"])
    read = await stranger.post(
        "/tasks/parse", json={"text": "Call mum tomorrow"}, headers=bearer(reader["token"])
    )
    assert read.status_code == 200 and read.json()["due_date"] == "2026-03-11"
    refused = await stranger.post("/tasks/parse", json={"text": "Call mum"}, headers=bearer(writer["token"]))
    assert refused.status_code == 403


async def test_a_logged_out_session_cannot_parse(user: httpx.AsyncClient) -> None:
    cookie = user.cookies.get("access_token")
    assert (await user.delete("/session")).status_code == 204
    user.cookies.set("access_token", str(cookie))
    assert (await user.post("/tasks/parse", json={"text": "Call mum"})).status_code == 401
