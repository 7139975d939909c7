"""CORS with credentials for the configured origins, and the Origin check on unsafe requests."""

import httpx

from tests.conftest import ClientFactory, register

ALLOWED = "http://localhost"
FOREIGN = "https://evil.example"


async def test_preflight_from_an_allowed_origin(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/tasks",
        headers={
            "Origin": ALLOWED,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "content-type, if-match",
        },
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == ALLOWED
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "PATCH" in response.headers["access-control-allow-methods"]
    assert "If-Match" in response.headers["access-control-allow-headers"]


async def test_preflight_from_a_foreign_origin_is_refused_with_json(client: httpx.AsyncClient) -> None:
    response = await client.options(
        "/tasks", headers={"Origin": FOREIGN, "Access-Control-Request-Method": "POST"}
    )
    assert response.status_code == 403
    assert "access-control-allow-origin" not in response.headers
    assert response.json()["message"]


async def test_actual_responses_carry_cors_headers_only_for_allowed_origins(
    client: httpx.AsyncClient,
) -> None:
    await register(client)
    allowed = await client.get("/user", headers={"Origin": ALLOWED})
    assert allowed.headers["access-control-allow-origin"] == ALLOWED
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert "ETag" in allowed.headers["access-control-expose-headers"]
    # The web app follows GET /tasks's pages by their Link header.
    assert "Link" in allowed.headers["access-control-expose-headers"]
    foreign = await client.get("/user", headers={"Origin": FOREIGN})
    assert "access-control-allow-origin" not in foreign.headers
    assert "*" not in allowed.headers["access-control-allow-origin"]


async def test_unsafe_cookie_requests_from_a_foreign_origin_are_403(
    client: httpx.AsyncClient, make_client: ClientFactory
) -> None:
    await register(client)
    created = await client.post("/tasks", json={"title": "mine"})
    task_id = created.json()["id"]
    for method, path, body in (
        ("POST", "/tasks", {"title": "forged"}),
        ("PATCH", f"/tasks/{task_id}", {"done": True}),
        ("DELETE", f"/tasks/{task_id}", None),
        ("DELETE", "/session", None),
    ):
        response = await client.request(method, path, json=body, headers={"Origin": FOREIGN})
        assert response.status_code == 403, (method, path)
        assert response.json()["message"]
    # Nothing happened, and the same requests from our own origin work.
    assert (await client.get(f"/tasks/{task_id}")).json()["done"] is False
    ok = await client.patch(f"/tasks/{task_id}", json={"done": True}, headers={"Origin": ALLOWED})
    assert ok.status_code == 200
    # A script with a Bearer token is not a browser riding on cookies.
    token = client.cookies["access_token"]
    script = make_client()
    bearer = await script.post(
        "/tasks", json={"title": "script"}, headers={"Origin": FOREIGN, "Authorization": f"Bearer {token}"}
    )
    assert bearer.status_code == 201
