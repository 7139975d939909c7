"""The OpenAPI description of personal access tokens: the bearer scheme (what the /docs page's
*Authorize* dialog offers) takes one, and the token routes and the scoped task routes say so."""

from typing import Any

import httpx
import pytest

CALLER = [{"accessCookie": []}, {"bearerToken": []}, {"basicAuth": []}]


@pytest.fixture
async def document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


async def test_the_bearer_scheme_takes_a_personal_access_token(document: dict[str, Any]) -> None:
    scheme = document["components"]["securitySchemes"]["bearerToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    # Not declared as a JWT only: Swagger UI's Authorize dialog takes any bearer value.
    assert "bearerFormat" not in scheme
    assert "personal access token" in scheme["description"]
    assert "`ttp_…`" in scheme["description"] and "POST /user/tokens" in scheme["description"]


async def test_the_token_routes_are_described(document: dict[str, Any]) -> None:
    tokens = document["paths"]["/user/tokens"]
    assert tokens["get"]["security"] == tokens["post"]["security"] == CALLER
    listed = tokens["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["items"] == {"$ref": "#/components/schemas/AccessTokenOut"}
    created = tokens["post"]["responses"]["201"]["content"]["application/json"]["schema"]
    assert created == {"$ref": "#/components/schemas/CreatedAccessToken"}
    assert {"401", "403", "422"} <= set(tokens["post"]["responses"])
    assert "403" in tokens["get"]["responses"]
    revoke = document["paths"]["/user/tokens/{token_id}"]["delete"]
    assert {"204", "401", "403", "404"} <= set(revoke["responses"])

    schemas = document["components"]["schemas"]
    assert "token" in schemas["CreatedAccessToken"]["required"]
    assert "token" not in schemas["AccessTokenOut"]["properties"]
    body = schemas["AccessTokenCreate"]
    assert set(body["required"]) == {"name", "scopes", "expires_in_days"}
    assert body["properties"]["scopes"]["items"]["enum"] == ["tasks:read", "tasks:write"]
    assert body["properties"]["scopes"]["minItems"] == 1
    days = body["properties"]["expires_in_days"]
    assert (days["minimum"], days["maximum"]) == (1, 366)


async def test_task_reads_document_the_scope_refusal(document: dict[str, Any]) -> None:
    for method, path in [("get", "/tasks"), ("get", "/tasks/{task_id}")]:
        assert "403" in document["paths"][path][method]["responses"], (method, path)
    assert "personal access token" in document["paths"]["/tasks"]["get"]["responses"]["403"]["description"]
