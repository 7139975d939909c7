"""Scale-out on this machine: two `tasktracker api` processes behind the project's API balancer
(real Nginx, round robin), two workers and two beats, on PostgreSQL, RabbitMQ and Redis.

What must hold with several replicas: the failed-login limit counts across them, a logout on one
is a 401 on the other at once, queued emails are sent exactly once by two workers, and two
schedulers running at once send no digest twice, and a change written through one replica
reaches a GET /events listener on the other."""

import asyncio
import json
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import httpx
import pytest
from redis import Redis

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications.publisher import celery_app_for, publish_emails
from tests.auth.conftest import TEST_REDIS_URL
from tests.conftest import require_service
from tests.e2e.servers import Backend, nginx_binary, start_backend, stop, wait_until_serving
from tests.events.test_events import open_stream
from tests.nginx_support import render_api_balancer
from tests.notifications.conftest import (
    CONDITION_TIMEOUT,
    PASSWORD,
    SmtpServer,
    StartService,
    add_task,
    add_user,
    service_environment,
)
from tests.notifications.test_worker import zone_just_past_midnight
from tests.ports import free_port

REPO = Path(__file__).resolve().parents[2]
BALANCER_TEMPLATE = REPO / "deploy" / "nginx" / "api-balancer.conf.template"
EMAILS = 2_000

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """Redis for the replicas, under a prefix of this test's own; its keys removed after."""
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=5)
    try:
        client.ping()
    except Exception as error:
        client.close()
        require_service("Redis", f"{TEST_REDIS_URL}: {error}")
    prefix = f"tasktracker-test:{uuid4().hex}:"
    yield prefix
    keys = list(client.scan_iter(f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


def replica_environment(settings: Settings, redis_prefix: str) -> dict[str, str]:
    return {
        **service_environment(settings),
        "REDIS_URL": TEST_REDIS_URL,
        "REDIS_KEY_PREFIX": redis_prefix,
        "DIGEST_TICK_MINUTES": "1",
    }


@pytest.fixture
def replicas(
    mail_settings: Settings, redis_prefix: str, tmp_path: Path, nginx: str
) -> Iterator[tuple[str, list[Backend]]]:
    """Two API processes and the balancer in front of them: (the balancer's URL, the replicas)."""
    environment = replica_environment(mail_settings, redis_prefix)
    backends: list[Backend] = []
    balancer = None
    try:
        for number in range(2):
            workdir = tmp_path / f"api-{number}"
            workdir.mkdir()
            backends.append(start_backend(workdir, free_port(), environment))
        port = free_port()
        config = render_api_balancer(
            tmp_path / "balancer",
            template=BALANCER_TEMPLATE,
            upstreams=[backend.url.removeprefix("http://") for backend in backends],
            port=port,
        )
        log = tmp_path / "balancer" / "error.log"
        balancer = subprocess.Popen(
            [nginx, "-p", str(config.parent), "-c", str(config), "-e", str(log), "-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        wait_until_serving(f"{url}/health", balancer, log)
        yield url, backends
    finally:
        if balancer is not None:
            stop(balancer)
        for backend in backends:
            stop(backend.process)


@pytest.fixture
def nginx() -> str:
    binary = nginx_binary()
    if binary is None:
        require_service("nginx", "apt-get install -y nginx")
    return binary


def requests_served(backend: Backend, line: str) -> int:
    return backend.log.read_text(errors="replace").count(line)


async def test_the_login_limit_and_a_logout_hold_across_replicas(
    replicas: tuple[str, list[Backend]], settings: Settings
) -> None:
    balancer, (first, second) = replicas
    email = "ada@example.com"
    async with httpx.AsyncClient(base_url=balancer, timeout=30) as http:
        assert (await http.post("/user", json={"email": email, "password": PASSWORD})).status_code == 200
        statuses = []
        for _ in range(settings.login_max_failures_per_email + 1):
            response = await http.post("/session", json={"email": email, "password": "not the password"})
            statuses.append(response.status_code)
    # The free failures are the account's on both replicas together, not on each.
    assert statuses == [401] * settings.login_max_failures_per_email + [429]
    # Round robin: both replicas took part.
    assert requests_served(first, ": POST /session ") >= 2
    assert requests_served(second, ": POST /session ") >= 2

    async with httpx.AsyncClient(base_url=first.url, timeout=30) as on_first:
        # From another address than the guesses' (the replica trusts X-Forwarded-For from this
        # host, as from the balancer): its owner is not held to the guesser's delay.
        login = await on_first.post(
            "/session",
            json={"email": email, "password": PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.9"},
        )
        assert login.status_code == 200, login.text
        token = login.cookies["access_token"]
        async with httpx.AsyncClient(
            base_url=second.url, timeout=30, headers={"Authorization": f"Bearer {token}"}
        ) as on_second:
            assert (await on_second.get("/tasks")).status_code == 200
            assert (await on_first.delete("/session")).status_code == 204
            # Ended on the first replica: refused by the second on the very next request.
            refused = await on_second.get("/tasks")
            assert refused.status_code == 401
            assert refused.json()["message"]


async def add_welcome_emails(db: Database, count: int) -> list[int]:
    now = datetime.now(UTC)
    payload = json.dumps({"locale": "en"})
    async with db.transaction() as conn:
        ids: list[int] = []
        for number in range(count):
            user_id = await conn.fetchval(
                "INSERT INTO users (email, password_hash, created_at)"
                " VALUES (:email, 'x', :now) RETURNING id",
                email=f"user{number}@example.com",
                now=now,
            )
            ids.append(
                await conn.fetchval(
                    "INSERT INTO email_outbox"
                    " (kind, user_id, recipient, payload, status, available_at, created_at)"
                    " VALUES ('welcome', :user_id, :recipient, :payload, 'pending', :now, :now)"
                    " RETURNING id",
                    user_id=user_id,
                    recipient=f"user{number}@example.com",
                    payload=payload,
                    now=now,
                )
            )
    return ids


async def unsent(db: Database) -> int:
    async with db.connection() as conn:
        count: int = await conn.fetchval("SELECT count(*) FROM email_outbox WHERE status <> 'sent'")
    return count


async def test_two_workers_send_each_of_two_thousand_emails_exactly_once(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    workers = [await start_service("worker", mail_settings) for _ in range(2)]
    ids = await add_welcome_emails(db, EMAILS)
    app = celery_app_for(mail_settings)
    # Every email published twice, as a redelivery or a sweep racing the first publish would.
    await asyncio.to_thread(publish_emails, app, ids)
    await asyncio.to_thread(publish_emails, app, list(reversed(ids)))

    deadline = time.monotonic() + CONDITION_TIMEOUT * 2
    while await unsent(db):
        if time.monotonic() > deadline:
            pytest.fail(f"{await unsent(db)} emails not sent")
        await asyncio.sleep(0.5)
    for worker in workers:
        await worker.wait_for_log("succeeded")
    await asyncio.sleep(1)  # a second copy, if one were sent, would arrive now

    recipients = [recipient for mail in smtp_server.handler.received for recipient in mail.recipients]
    assert len(recipients) == EMAILS
    assert len(set(recipients)) == EMAILS
    # Both workers did part of the work.
    for worker in workers:
        assert "notifications.send_emails" in worker.log


async def test_two_schedulers_at_once_send_each_digest_once(
    mail_settings: Settings,
    smtp_server: SmtpServer,
    start_service: StartService,
    db: Database,
    tmp_path: Path,
) -> None:
    # The digest goes out in the user's midnight hour: not while that hour is about to end.
    if datetime.now(UTC).minute >= 57:
        await asyncio.sleep((60 - datetime.now(UTC).minute) * 60 + 5)
    zone = zone_just_past_midnight()
    for number in range(20):
        user_id = await add_user(db, f"night{number}@example.com", timezone=zone)
        await add_task(db, user_id, "Water the plants")
    schedule = mail_settings.model_copy(update={"digest_tick_minutes": 1})
    workers = [await start_service("worker", schedule) for _ in range(2)]
    # Each scheduler with its own state file, as on two machines.
    beats = [
        await start_service("beat", schedule.model_copy(update={"data_dir": tmp_path / f"beat-{number}"}))
        for number in range(2)
    ]

    # Each beat publishes a tick on the minute; both are taken, by either worker, and the
    # digests' daily claim lets only one send each user's.
    await smtp_server.handler.wait_for(20)
    deadline = time.monotonic() + CONDITION_TIMEOUT
    # Received and succeeded, for each scheduler's tick.
    while sum(worker.log.count("Task notifications.digest_tick[") for worker in workers) < 4:
        if time.monotonic() > deadline:
            pytest.fail(
                "both schedulers' ticks were not run:\n" + "\n".join(worker.log for worker in workers)
            )
        await asyncio.sleep(0.2)
    await asyncio.sleep(2)
    recipients = sorted(recipient for mail in smtp_server.handler.received for recipient in mail.recipients)
    assert recipients == sorted(f"night{number}@example.com" for number in range(20))
    for beat in beats:
        assert "Sending due task digest-tick" in beat.log


async def test_a_change_through_one_replica_reaches_a_listener_on_the_other(
    replicas: tuple[str, list[Backend]],
) -> None:
    _, (first, second) = replicas
    async with httpx.AsyncClient(base_url=first.url, timeout=30) as writer:
        assert (
            await writer.post("/user", json={"email": "ada@example.com", "password": PASSWORD})
        ).status_code == 200
        async with httpx.AsyncClient(base_url=second.url, timeout=30) as listener:
            login = await listener.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
            assert login.status_code == 200
            async with open_stream(listener) as stream:
                created = (await writer.post("/tasks", json={"title": "Told everywhere"})).json()
                # PostgreSQL's NOTIFY reaches every replica's LISTEN, not only the writer's.
                event = await stream.next_of("task")
                assert event.data == {"items": [{"id": created["id"], "version": 1}]}
