"""The text rule on the task endpoints: refused with a 422 naming the field, on create and update;
what is accepted is stored exactly as typed."""

import httpx
import pytest

from tests.conftest import register

# A sample of each kind the rule refuses; tests/test_text.py covers the rule itself.
REFUSED = ["\x00", "\x1b", "\r", "\x85", "\x9b", "\u202e", "\u2066", "\u200b", "\ufeff", "\u2028"]


@pytest.fixture
async def user(client: httpx.AsyncClient) -> httpx.AsyncClient:
    await register(client)
    return client


async def create(http: httpx.AsyncClient, body: dict[str, str]) -> httpx.Response:
    return await http.post("/tasks", json=body)


def assert_refused(response: httpx.Response, field: str, character: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert [error["field"] for error in body["errors"]] == [field]
    assert f"U+{ord(character):04X}" in body["message"]
    assert body["message"].startswith(f"{field}: The {field} contains a character that is not allowed")


@pytest.mark.parametrize("character", [*REFUSED, "\t", "\n"])
async def test_a_title_with_a_control_or_format_character_is_refused(
    user: httpx.AsyncClient, character: str
) -> None:
    assert_refused(await create(user, {"title": f"Buy{character} milk"}), "title", character)
    # At either end too: trimming the title must not quietly remove it.
    assert_refused(await create(user, {"title": f"Buy milk{character}"}), "title", character)
    assert (await user.get("/tasks")).json() == []


@pytest.mark.parametrize("character", REFUSED)
async def test_a_description_with_a_control_or_format_character_is_refused(
    user: httpx.AsyncClient, character: str
) -> None:
    response = await create(user, {"title": "Buy milk", "description": f"2 litres{character}"})
    assert_refused(response, "description", character)


async def test_an_update_follows_the_same_rule(user: httpx.AsyncClient) -> None:
    task = (await create(user, {"title": "Buy milk"})).json()

    title = await user.patch(f"/tasks/{task['id']}", json={"title": "Buy \x1b[2Jmilk"})
    description = await user.patch(f"/tasks/{task['id']}", json={"description": "a\r\nb"})

    assert_refused(title, "title", "\x1b")
    assert_refused(description, "description", "\r")
    stored = (await user.get(f"/tasks/{task['id']}")).json()
    assert (stored["title"], stored["description"], stored["version"]) == ("Buy milk", "", 1)


async def test_accepted_text_is_stored_exactly_as_typed(user: httpx.AsyncClient) -> None:
    title = "Plan 👨\u200d👩\u200d👧 trip to תל אביב"
    description = "Pack:\n\t- passports\n\t- می\u200cخواهم\n"

    created = await create(user, {"title": title, "description": description})

    assert created.status_code == 201, created.text
    stored = (await user.get(f"/tasks/{created.json()['id']}")).json()
    assert (stored["title"], stored["description"]) == (title, description)
