"""Errors every route shares, and the operations endpoints."""

import os
import socket
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.errors import AppError
from tests.conftest import require_service


async def test_unknown_route_is_json_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/nope")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found"}


async def test_wrong_method_is_json_405(client: httpx.AsyncClient) -> None:
    response = await client.put("/tasks")
    assert response.status_code == 405
    assert response.json() == {"message": "Method not allowed"}


async def test_oversized_bodies_are_413(client: httpx.AsyncClient) -> None:
    big = "x" * (65 * 1024)
    response = await client.post("/user", json={"email": "a@example.com", "password": big})
    assert response.status_code == 413
    assert "larger than" in response.json()["message"]


async def test_oversized_streamed_bodies_without_length_are_413(client: httpx.AsyncClient) -> None:
    async def chunks():  # type: ignore[no-untyped-def]
        for _ in range(70):
            yield b"x" * 1024

    response = await client.post("/user", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_unexpected_errors_are_500_without_internals(app: FastAPI, settings) -> None:  # type: ignore[no-untyped-def]
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("SELECT secret FROM internals")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        response = await http.get("/boom", headers={"Origin": "http://localhost"})
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}
    assert "SELECT" not in response.text
    # The web app's script can read it: the error carries the CORS headers of an allowed origin.
    assert response.headers["access-control-allow-origin"] == "http://localhost"


async def test_app_errors_render_their_status_message_and_headers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    @app.get("/teapot")
    async def teapot() -> None:
        raise AppError("I am a teapot", status_code=418, headers={"X-Why": "tea"})

    response = await client.get("/teapot")
    assert response.status_code == 418
    assert response.json() == {"message": "I am a teapot"}
    assert response.headers["x-why"] == "tea"


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/ready")
    assert ready.status_code == 200


async def test_ready_is_503_when_the_database_is_gone(app: FastAPI, client: httpx.AsyncClient) -> None:
    await app.state.database.close()
    response = await client.get("/ready")
    assert response.status_code == 503
    assert response.json()["message"]
    await app.state.database.connect()


async def test_openapi_describes_the_contract(client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/user",
        "/session",
        "/session/refresh",
        "/tasks",
        "/tasks/{task_id}",
        "/health",
        "/ready",
    } <= set(schema["paths"])
    register_body = schema["paths"]["/user"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= set(register_body)
    assert (await client.get("/docs")).status_code == 200


@pytest.mark.parametrize("path", ["/health", "/openapi.json"])
async def test_operations_need_no_session(client: httpx.AsyncClient, path: str) -> None:
    assert (await client.get(path)).status_code == 200


async def ready_status(settings: Settings, broker_url: str) -> int:
    application = create_app(settings.model_copy(update={"celery_broker_url": broker_url}))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            response = await http.get("/ready")
    if response.status_code != 200:
        assert response.json() == {"message": "The message broker is unavailable"}
    return response.status_code


async def test_ready_is_503_when_the_configured_broker_is_unreachable(settings: Settings) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    assert await ready_status(settings, f"amqp://guest:guest@127.0.0.1:{closed_port}//") == 503


async def test_ready_checks_a_reachable_broker(settings: Settings) -> None:
    broker_url = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
    host = urlsplit(broker_url)
    try:
        socket.create_connection((host.hostname or "127.0.0.1", host.port or 5672), timeout=2).close()
    except OSError as exc:
        require_service("RabbitMQ", str(exc))
    assert await ready_status(settings, broker_url) == 200
