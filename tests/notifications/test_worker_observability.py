"""What the worker shows operators, with real parts: `tasktracker worker` with a pool of two
processes on RabbitMQ, its metrics endpoint and its JSON log lines."""

import json
import subprocess
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tasktracker.config import Settings
from tasktracker.notifications.publisher import celery_app_for

from .conftest import (
    TASKTRACKER,
    ServiceProcess,
    SmtpServer,
    api_client,
    free_port,
    service_environment,
)

PASSWORD = "correct horse battery"

StartWorker = Callable[[Settings], Awaitable[tuple[ServiceProcess, int]]]


@pytest.fixture
async def start_observed_worker(tmp_path: Path) -> AsyncIterator[StartWorker]:
    """`tasktracker worker` with JSON logs and its metrics on a free port; stopped after the test."""
    started: list[ServiceProcess] = []

    async def start(settings: Settings) -> tuple[ServiceProcess, int]:
        port = free_port()
        environment = service_environment(settings)
        environment.update({"LOG_FORMAT": "json", "WORKER_METRICS_PORT": str(port)})
        log_path = tmp_path / "worker.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [TASKTRACKER, "worker"], env=environment, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
            )
        worker = ServiceProcess(process, log_path)
        started.append(worker)
        await worker.wait_for_log("ready.")
        return worker, port

    yield start
    for worker in started:
        worker.stop()


def json_lines(worker: ServiceProcess) -> list[dict[str, Any]]:
    """The worker's log lines that are JSON (Celery's start-up banner is not a log line)."""
    return [json.loads(line) for line in worker.log.splitlines() if line.startswith("{")]


async def worker_metrics(port: int) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    async with httpx.AsyncClient() as http:
        response = await http.get(f"http://127.0.0.1:{port}/metrics")
    assert response.status_code == 200
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def register(settings: Settings, email: str, request_id: str) -> None:
    async with api_client(settings) as http:
        response = await http.post(
            "/user", json={"email": email, "password": PASSWORD}, headers={"X-Request-ID": request_id}
        )
    assert response.status_code == 200, response.text


async def test_the_pool_s_emails_and_ticks_show_at_one_endpoint_and_logs_carry_the_request_id(
    mail_settings: Settings, smtp_server: SmtpServer, start_observed_worker: StartWorker
) -> None:
    # Two pool processes: jobs run in the children, the endpoint is the main process's.
    worker, port = await start_observed_worker(
        mail_settings.model_copy(update={"celery_worker_concurrency": 2})
    )

    smtp_server.handler.replies.append("451 4.3.0 Mailbox busy, try again later")
    await register(mail_settings, "ada@example.com", "signup-ada")
    await worker.wait_for_log("sent to ada@example.com")
    smtp_server.handler.replies.append("550 5.1.1 No such user here")
    await register(mail_settings, "nobody@example.com", "signup-nobody")
    await worker.wait_for_log("to nobody@example.com refused permanently")
    celery_app_for(mail_settings).send_task("notifications.digest_tick")
    await worker.wait_for_log("Task notifications.digest_tick[", times=2)  # received, succeeded

    metrics = await worker_metrics(port)

    def value(name: str, **labels: str) -> float:
        return metrics.get((name, frozenset(labels.items())), 0.0)

    assert value("tasktracker_emails_total", kind="welcome", outcome="retried") == 1
    assert value("tasktracker_emails_total", kind="welcome", outcome="sent") == 1
    assert value("tasktracker_emails_total", kind="welcome", outcome="failed") == 1
    assert value("tasktracker_digest_tick_duration_seconds_count") == 1
    assert value("tasktracker_digest_tick_users_count") == 1
    if mail_settings.resolved_database_url.startswith("postgresql"):
        assert value("tasktracker_db_pool_acquire_seconds_count") > 0

    lines = json_lines(worker)
    by_message = {line["message"]: line for line in lines}
    sent = next(message for message in by_message if message.endswith("sent to ada@example.com"))
    retried = next(message for message in by_message if "to ada@example.com failed (attempt 1)" in message)
    refused = next(
        message for message in by_message if "to nobody@example.com refused permanently" in message
    )
    # The retry is a job of its own, published by the worker: it carries the id on.
    assert by_message[retried]["request_id"] == "signup-ada"
    assert by_message[sent]["request_id"] == "signup-ada"
    assert by_message[refused]["request_id"] == "signup-nobody"
    assert by_message[refused]["level"] == "ERROR"
    # The tick was published by no request; nor does it inherit the last job's id.
    tick_lines = [line for line in lines if "notifications.digest_tick[" in line["message"]]
    assert [line["request_id"] for line in tick_lines] == [None, None]
