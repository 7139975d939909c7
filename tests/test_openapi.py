"""The OpenAPI description is a contract: real schemas for every answer, one error schema, the
security schemes, and an interactive page that needs no internet. (That the API does what the
description says is tests/test_openapi_contract.py.)"""

import re
from typing import Any

import httpx
import jsonschema_rs
import pytest
from fastapi import FastAPI

from tasktracker.openapi import UNSAFE_METHODS
from tasktracker.tasks.schemas import CLEARABLE

ERROR_BODY = {"$ref": "#/components/schemas/ErrorBody"}


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, spec)
        for path, item in document["paths"].items()
        for method, spec in item.items()
    ]


def json_schema(response: dict[str, Any]) -> Any:
    return response.get("content", {}).get("application/json", {}).get("schema")


async def test_the_served_document_is_the_one_the_app_describes(
    document: dict[str, Any], app: FastAPI
) -> None:
    assert document == app.openapi()


async def test_the_task_list_documents_its_pages(document: dict[str, Any]) -> None:
    listing = document["paths"]["/tasks"]["get"]
    assert 'rel="next"' in listing["responses"]["200"]["headers"]["Link"]["description"]
    parameters = {parameter["name"]: parameter for parameter in listing["parameters"]}
    limit = parameters["limit"]["schema"]["anyOf"][0]
    assert (limit["type"], limit["minimum"], limit["maximum"]) == ("integer", 1, 500)
    assert parameters["cursor"]["description"]


async def test_the_autosave_documents_its_path_id_and_if_match(document: dict[str, Any]) -> None:
    """PATCH reads If-Match itself (the hot writes in tasks/router.py): the document still names both."""
    parameters = document["paths"]["/tasks/{task_id}"]["patch"]["parameters"]
    where = {(parameter["in"], parameter["name"]) for parameter in parameters}
    assert where == {("path", "task_id"), ("header", "If-Match")}
    assert document["paths"]["/tasks"]["post"]["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TaskCreate"
    }


async def test_successes_have_their_real_schemas(document: dict[str, Any]) -> None:
    paths = document["paths"]
    task = {"$ref": "#/components/schemas/TaskOut"}
    user = {"$ref": "#/components/schemas/UserOut"}
    assert json_schema(paths["/tasks"]["get"]["responses"]["200"]) == {
        "type": "array",
        "items": task,
        "title": "Response List Tasks Tasks Get",
    }
    created = paths["/tasks"]["post"]["responses"]["201"]
    assert json_schema(created) == task
    assert {"Location", "ETag"} <= set(created["headers"])
    assert json_schema(paths["/tasks/{task_id}"]["get"]["responses"]["200"]) == task
    assert json_schema(paths["/tasks/{task_id}"]["patch"]["responses"]["200"]) == task
    for method, path in [
        ("get", "/user"),
        ("post", "/user"),
        ("post", "/session"),
        ("post", "/session/refresh"),
    ]:
        assert json_schema(paths[path][method]["responses"]["200"]) == user, (method, path)
    for method, path in [("delete", "/session"), ("delete", "/tasks/{task_id}")]:
        assert "content" not in paths[path][method]["responses"]["204"]
    for method, path, spec in operations(document):
        for status, response in spec["responses"].items():
            assert json_schema(response) != {"type": "string"}, (method, path, status)


async def test_every_error_is_the_one_error_schema(document: dict[str, Any]) -> None:
    assert "detail" not in str(document)
    assert "HTTPValidationError" not in str(document)
    for method, path, spec in operations(document):
        errors = {status: response for status, response in spec["responses"].items() if status >= "400"}
        if path != "/health":
            assert "503" in errors, (method, path)
        for status, response in errors.items():
            assert json_schema(response) == ERROR_BODY, (method, path, status)
    error = document["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["message"]
    field_error = document["components"]["schemas"]["FieldError"]
    assert set(field_error["properties"]) == {"field", "message"}


async def test_each_kind_of_operation_documents_what_it_can_answer(document: dict[str, Any]) -> None:
    for method, path, spec in operations(document):
        responses = spec["responses"]
        security = spec.get("security", [])
        if security and {} not in security:
            assert "WWW-Authenticate" in responses["401"]["headers"], (method, path)
        if {"basicAuth": []} in security:
            assert "Retry-After" in responses["429"]["headers"], (method, path)
        if "requestBody" in spec:
            assert {"413", "415", "422"} <= set(responses), (method, path)
        if method in UNSAFE_METHODS:
            assert {"403", "413"} <= set(responses), (method, path)
    assert "422" in document["paths"]["/tasks"]["get"]["responses"]  # ?done=maybe
    assert "422" not in document["paths"]["/tasks/{task_id}"]["get"]["responses"]  # any id is a 404
    assert {"404", "412"} <= set(document["paths"]["/tasks/{task_id}"]["patch"]["responses"])
    assert "409" in document["paths"]["/user"]["post"]["responses"]


async def test_the_security_schemes_are_declared_and_used(document: dict[str, Any]) -> None:
    schemes = document["components"]["securitySchemes"]
    assert schemes["accessCookie"] == {
        **schemes["accessCookie"],
        "type": "apiKey",
        "in": "cookie",
        "name": "access_token",
    }
    assert schemes["refreshCookie"]["name"] == "refresh_token"
    assert schemes["bearerToken"]["scheme"] == "bearer"
    assert schemes["basicAuth"]["scheme"] == "basic"
    caller: list[dict[str, list[str]]] = [{"accessCookie": []}, {"bearerToken": []}, {"basicAuth": []}]
    paths = document["paths"]
    for method, path in [
        ("get", "/user"),
        ("get", "/tasks"),
        ("post", "/tasks"),
        ("get", "/tasks/{task_id}"),
        ("patch", "/tasks/{task_id}"),
        ("delete", "/tasks/{task_id}"),
    ]:
        assert paths[path][method]["security"] == caller, (method, path)
    assert paths["/session/refresh"]["post"]["security"] == [{"refreshCookie": []}]
    assert {} in paths["/session"]["delete"]["security"]  # logging out without a session is fine
    assert "security" not in paths["/user"]["post"] and "security" not in paths["/session"]["post"]


async def test_bodies_are_json_and_where_accepted_forms_without_null(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    for path in ("/user", "/session"):
        content = document["paths"][path]["post"]["requestBody"]["content"]
        assert set(content) == {"application/json", "application/x-www-form-urlencoded"}
        form = components[content["application/x-www-form-urlencoded"]["schema"]["$ref"].rsplit("/", 1)[1]]
        assert "null" not in str(form), path
    for method in ("post", "patch"):
        content = document["paths"]["/tasks" if method == "post" else "/tasks/{task_id}"][method][
            "requestBody"
        ]
        assert set(content["content"]) == {"application/json"}
    update = components["TaskUpdate"]
    assert update["minProperties"] == 1 and update["additionalProperties"] is False
    assert "null" not in str(
        {name: field for name, field in update["properties"].items() if name not in CLEARABLE}
    )
    for name in CLEARABLE:
        assert {"type": "null"} in update["properties"][name]["anyOf"]  # null clears it


async def test_request_schemas_state_the_rules(document: dict[str, Any]) -> None:
    components = document["components"]["schemas"]
    register = jsonschema_rs.validator_for(
        {**components["RegisterRequest"], "components": {"schemas": components}}
    )
    assert register.is_valid(
        {"email": "ada@example.com", "password": "correct horse", "timezone": "Europe/Paris"}
    )
    assert not register.is_valid({"email": "ada@example.com", "password": "short"})
    assert not register.is_valid(
        {"email": "ada@example.com", "password": "correct horse", "timezone": "Europe"}
    )
    create = jsonschema_rs.validator_for({**components["TaskCreate"], "components": {"schemas": components}})
    assert create.is_valid({"title": "  Water the plants  "})
    for title in ("", "   ", "a\u202eb", "bell\x07", "x" * 201):
        assert not create.is_valid({"title": title}), title
    assert create.is_valid(
        {
            "title": "Trip",
            "due_date": "2026-12-04",
            "due_time": "18:30",
            "checklist": [{"id": "a", "text": "Go"}],
        }
    )
    assert not create.is_valid({"title": "Trip", "due_time": "18:30"})  # a time needs its date
    assert not create.is_valid({"title": "Trip", "checklist": [{"id": "a b", "text": "Go"}]})
    assert not create.is_valid({"title": "Trip", "checklist": [{"id": "a", "text": "  "}]})


async def test_the_interactive_page_needs_no_internet(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert not re.search(r"(?:src|href|url)\s*[:=]\s*['\"]?(?:https?:)?//", page.text), page.text
    assets = re.findall(r"(?:src|href)=\"(/docs/[^\"]+)\"", page.text)
    assert len(assets) == 3
    for asset in assets:
        response = await client.get(asset)
        assert response.status_code == 200, asset
    script = await client.get("/docs/swagger-ui-bundle.js")
    assert "SwaggerUIBundle" in script.text
    assert "'/openapi.json'" in page.text


@pytest.mark.parametrize("path", ["/docs/swagger-ui.js", "/docs/..%2F..%2Fopenapi.py", "/redoc"])
async def test_nothing_else_is_served_from_the_docs(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found"}
