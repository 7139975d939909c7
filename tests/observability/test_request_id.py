"""X-Request-ID: accepted or made up, echoed, on every log line of the request, carried to its jobs."""

import json
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from tasktracker.config import Settings
from tasktracker.notifications.publisher import celery_app_for, publish_emails
from tasktracker.observability.logging import JsonFormatter, RequestIdFilter
from tests.conftest import register

GENERATED = re.compile(r"[0-9a-f]{32}")


AccessLines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def access_lines(caplog: pytest.LogCaptureFixture) -> AccessLines:
    """The access log's lines so far, as LOG_FORMAT=json writes them: the request id is put on
    each record as it is emitted, as by the configured handler."""
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    formatter = JsonFormatter()

    def lines() -> list[dict[str, Any]]:
        return [json.loads(formatter.format(r)) for r in caplog.records if r.name == "tasktracker.access"]

    return lines


async def test_a_given_request_id_is_echoed_and_logged(
    client: httpx.AsyncClient, access_lines: AccessLines
) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "edge-7f3a.1:retry_2"})
    assert response.headers["x-request-id"] == "edge-7f3a.1:retry_2"
    (line,) = access_lines()
    assert line["request_id"] == "edge-7f3a.1:retry_2"
    assert line["method"] == "GET"
    assert line["route"] == "/health"
    assert line["path"] == "/health"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["client_ip"] == "203.0.113.7"
    assert line["logger"] == "tasktracker.access"
    assert line["level"] == "INFO"


async def test_a_request_without_one_gets_a_new_one(
    client: httpx.AsyncClient, access_lines: AccessLines
) -> None:
    first = (await client.get("/health")).headers["x-request-id"]
    second = (await client.get("/health")).headers["x-request-id"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second
    assert [line["request_id"] for line in access_lines()] == [first, second]


@pytest.mark.parametrize(
    "given",
    ["", "has space", "x" * 65, 'quote"d', "new\nline-attempt", "é-accent", "semi;colon", "<script>"],
    ids=["empty", "space", "too long", "quote", "newline", "non-ascii", "semicolon", "markup"],
)
async def test_an_unsafe_request_id_is_replaced(
    client: httpx.AsyncClient, access_lines: AccessLines, given: str
) -> None:
    response = await client.get("/health", headers={b"X-Request-ID": given.encode("utf-8")})
    echoed = response.headers["x-request-id"]
    assert GENERATED.fullmatch(echoed)
    assert [line["request_id"] for line in access_lines()] == [echoed]


async def test_error_responses_carry_the_request_id_and_are_logged(
    client: httpx.AsyncClient, access_lines: AccessLines
) -> None:
    response = await client.get("/tasks/12", headers={"X-Request-ID": "missing-task"})
    assert response.status_code == 401
    assert response.headers["x-request-id"] == "missing-task"
    (line,) = access_lines()
    assert (line["route"], line["path"], line["status"]) == ("/tasks/{task_id}", "/tasks/12", 401)


def _queued_messages(settings: Settings) -> list[dict[str, Any]]:
    """The messages waiting in the filesystem broker's queue folder (no worker is running)."""
    folder: Path = settings.data_dir / "broker" / "queue"
    return [json.loads(path.read_text()) for path in sorted(folder.glob("*.msg"))]


async def test_the_job_a_request_publishes_carries_its_request_id(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    assert not settings.celery_broker_url  # the filesystem broker in DATA_DIR
    response = await client.post(
        "/user",
        json={"email": "ada@example.com", "password": "correct horse battery"},
        headers={"X-Request-ID": "signup-42"},
    )
    assert response.status_code == 200
    (message,) = _queued_messages(settings)
    headers = message["headers"]
    assert headers["task"] == "notifications.send_email"
    assert headers["request_id"] == "signup-42"


async def test_a_job_published_outside_a_request_carries_none(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    """The digest tick and the sweep publish with no request: no stale id leaks into them."""
    await register(client)
    publish_emails(celery_app_for(settings), [1, 2])
    messages = _queued_messages(settings)
    assert len(messages) == 2
    batch = next(m for m in messages if m["headers"]["task"] == "notifications.send_emails")
    assert "request_id" not in batch["headers"]
