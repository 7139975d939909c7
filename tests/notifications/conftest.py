"""Real parts for the email tests: an SMTP server in this process (aiosmtpd) that records what it
receives and can be told to answer 4xx or 5xx, RabbitMQ, and `tasktracker worker` / `beat` as
real subprocesses on the test's database."""

import asyncio
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session
from kombu import Connection

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tests.conftest import require_service
from tests.ports import free_port

RABBITMQ_URL = os.environ.get("TEST_RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")
# How long a test waits for something to happen before it fails: generous, so a machine busy
# with other work (another test run, a build) slows a test down instead of failing it. A
# condition met early returns at once.
CONDITION_TIMEOUT = 120.0
TASKTRACKER = str(Path(sys.executable).parent / "tasktracker")
PASSWORD = "correct horse battery"
SMTP_USER = "mailer"
SMTP_PASSWORD = "s3cret-smtp-password-never-logged"
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage
    connection: int
    smtp_utf8: bool

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        assert body is not None and body.get_content_type() == f"text/{subtype}"
        content: str = body.get_content()
        # SMTP carries CRLF line ends; compare text as it was written.
        return content.replace("\r\n", "\n")


@dataclass
class RecordingSmtpHandler:
    """Accepts mail and keeps it; `replies` are answered to the next DATA commands instead.
    `during_next_data`, when set, runs once, while the client waits for the reply to its next
    DATA command (on the server's own event loop): what else happens in the middle of a send."""

    received: list[ReceivedMail] = field(default_factory=list)
    replies: deque[str] = field(default_factory=deque)
    data_commands: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    during_next_data: Callable[[], Awaitable[None]] | None = None

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        self.data_commands += 1
        if self.during_next_data is not None:
            during, self.during_next_data = self.during_next_data, None
            await during()
        if self.replies:
            return self.replies.popleft()
        assert isinstance(envelope.content, bytes)
        message = BytesParser(policy=policy.default).parsebytes(envelope.content)
        assert isinstance(message, EmailMessage)
        self.received.append(
            ReceivedMail(
                sender=str(envelope.mail_from),
                recipients=list(envelope.rcpt_tos),
                message=message,
                connection=id(session),
                smtp_utf8=envelope.smtp_utf8,
            )
        )
        return "250 2.0.0 Message accepted"

    def authenticate(
        self, server: Any, session: Session, envelope: Envelope, mechanism: str, auth_data: Any
    ) -> AuthResult:
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        # handled=False: aiosmtpd itself answers 535 to a failed login.
        return AuthResult(success=(login, password) == (SMTP_USER, SMTP_PASSWORD), handled=False)

    async def wait_for(self, count: int, timeout: float = CONDITION_TIMEOUT) -> list[ReceivedMail]:
        deadline = time.monotonic() + timeout
        while len(self.received) < count:
            if time.monotonic() > deadline:
                pytest.fail(f"expected {count} emails, the SMTP server got {len(self.received)}")
            await asyncio.sleep(0.1)
        return self.received


@dataclass
class SmtpServer:
    handler: RecordingSmtpHandler
    host: str
    port: int


@contextmanager
def running_smtp_server(*, authenticate: bool = True, **options: Any) -> Iterator[SmtpServer]:
    """An aiosmtpd server on a free local port that records what it receives; `options` go to
    aiosmtpd's Controller (TLS, timeouts)."""
    handler = RecordingSmtpHandler()
    port = free_port()
    if authenticate:
        options["authenticator"] = handler.authenticate
    controller = Controller(handler, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer(handler, "127.0.0.1", port)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    with running_smtp_server(auth_require_tls=False) as server:
        yield server


@pytest.fixture(scope="session")
def rabbitmq_url() -> str:
    try:
        with Connection(RABBITMQ_URL, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:
        require_service("RabbitMQ", f"{RABBITMQ_URL}: {exc}")
    return RABBITMQ_URL


@pytest.fixture
def queue_name(rabbitmq_url: str) -> Iterator[str]:
    """A queue of this test's own, so parallel runs and stray workers never take its jobs."""
    name = f"tasktracker-test-{uuid.uuid4().hex[:12]}"
    yield name
    with Connection(rabbitmq_url, connect_timeout=3) as conn:
        conn.default_channel.queue_delete(name)


@pytest.fixture
def mail_settings(
    settings: Settings, smtp_server: SmtpServer, rabbitmq_url: str, queue_name: str
) -> Settings:
    """The lead's test settings, pointed at RabbitMQ, this test's queue and the SMTP server."""
    return settings.model_copy(
        update={
            "celery_broker_url": rabbitmq_url,
            "celery_queue": queue_name,
            "smtp_host": smtp_server.host,
            "smtp_port": smtp_server.port,
            "smtp_security": "none",
            "smtp_user": SMTP_USER,
            "smtp_password": SMTP_PASSWORD,
            "smtp_timeout_seconds": 5.0,
            "outbox_sweep_seconds": 2,
            "mail_retry_base_seconds": 0.5,
            "mail_retry_max_seconds": 2.0,
            "mail_max_retries": 3,
            # A test's worker starts fast: one process, no pidbox queue to declare.
            "celery_worker_concurrency": 1,
            "celery_remote_control": False,
        }
    )


def service_environment(settings: Settings) -> dict[str, str]:
    """The settings as the environment variables a `tasktracker` subprocess reads."""
    names = [
        "environment", "data_dir", "database_url", "jwt_secret", "celery_broker_url", "celery_queue",
        "smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_password",
        "smtp_timeout_seconds", "outbox_sweep_seconds", "mail_retry_base_seconds",
        "mail_retry_max_seconds", "mail_max_retries", "digest_default_timezone", "mail_from",
        "celery_worker_concurrency", "celery_remote_control", "public_url", "api_url",
        "digest_tick_minutes",
    ]  # fmt: skip
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.upper() not in {name.upper() for name in Settings.model_fields}
    }
    environment.update({name.upper(): str(getattr(settings, name)) for name in names})
    environment["PYTHONUNBUFFERED"] = "1"
    return environment


@dataclass
class ServiceProcess:
    process: "subprocess.Popen[bytes]"
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    async def wait_for_log(self, text: str, timeout: float = CONDITION_TIMEOUT, times: int = 1) -> None:
        deadline = time.monotonic() + timeout
        while self.log.count(text) < times:
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared in the log:\n{self.log}")
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        """After the test: a cold shutdown (SIGQUIT), which ends a worker and its pool at once;
        SIGTERM's warm one waits seconds for the pool, and the test has seen what it needed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


StartService = Callable[[str, Settings], Awaitable[ServiceProcess]]


@pytest.fixture
async def start_service(tmp_path: Path) -> AsyncIterator[StartService]:
    """Start `tasktracker worker` or `tasktracker beat` on the given settings; stopped after the test."""
    started: list[ServiceProcess] = []

    async def start(command: str, settings: Settings) -> ServiceProcess:
        log_path = tmp_path / f"{command}-{len(started)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [TASKTRACKER, command],
                env=service_environment(settings),
                cwd=tmp_path,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        service = ServiceProcess(process, log_path)
        started.append(service)
        await service.wait_for_log("ready." if command == "worker" else "beat: Starting")
        return service

    yield start
    for service in started:
        service.stop()


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Database]:
    """A connection pool of the test's own on the test database, beside the app's."""
    database = create_database(settings.resolved_database_url, pool_size=2)
    await database.connect()
    try:
        yield database
    finally:
        await database.close()


async def add_user(
    db: Database, email: str, *, timezone: str | None = None, created_at: datetime = LONG_AGO
) -> int:
    async with db.transaction() as conn:
        user_id: int = await conn.fetchval(
            "INSERT INTO users (email, password_hash, timezone, created_at)"
            " VALUES (:email, 'not-a-real-hash', :timezone, :created_at) RETURNING id",
            email=email,
            timezone=timezone,
            created_at=created_at,
        )
    return user_id


async def add_task(
    db: Database,
    owner_id: int,
    title: str,
    *,
    created_at: datetime = LONG_AGO,
    done_at: datetime | None = None,
) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO tasks (owner_id, title, done, done_at, created_at, updated_at)"
            " VALUES (:owner_id, :title, :done, :done_at, :created_at, :created_at)",
            owner_id=owner_id,
            title=title,
            done=done_at is not None,
            done_at=done_at,
            created_at=created_at,
        )


async def outbox_row(db: Database, outbox_id: int) -> dict[str, Any]:
    async with db.connection() as conn:
        row = await conn.fetchrow("SELECT * FROM email_outbox WHERE id = :id", id=outbox_id)
    assert row is not None
    return dict(row)


@asynccontextmanager
async def api_client(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The API on these settings, in process, as the users router runs it in production."""
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield http


async def register(settings: Settings, email: str) -> int:
    async with api_client(settings) as http:
        response = await http.post("/user", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    user_id: int = response.json()["id"]
    return user_id


async def wait_for_status(
    db: Database, outbox_id: int, status: str, timeout: float = CONDITION_TIMEOUT
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while (row := await outbox_row(db, outbox_id))["status"] != status:
        if time.monotonic() > deadline:
            pytest.fail(f"email {outbox_id} is {row['status']!r}, expected {status!r}: {row}")
        await asyncio.sleep(0.1)
    return row
