"""Delivery against a real SMTP server (aiosmtpd): multipart messages, one connection for many
messages, STARTTLS / implicit TLS with AUTH, and which failures are transient or permanent."""

import ssl
import subprocess
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tasktracker.config import Settings
from tasktracker.notifications import mailer as mailer_module
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.mailer import FileMailer, PermanentMailError, SmtpMailer, TransientMailError
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail
from tests.ports import free_port

from .conftest import SMTP_PASSWORD, SMTP_USER, SmtpServer, running_smtp_server

NOW = datetime(2026, 3, 9, 0, 5, tzinfo=UTC)


def welcome(outbox_id: int = 1, recipient: str = "ada@example.com") -> ClaimedEmail:
    return ClaimedEmail(
        outbox_id=outbox_id,
        kind=MailKind.WELCOME,
        recipient=recipient,
        payload={},
        attempts=1,
        created_at=datetime(2026, 3, 8, 12, 0, tzinfo=UTC),
    )


def smtp_settings(port: int, **changes: object) -> Settings:
    values: dict[str, object] = {
        "smtp_host": "127.0.0.1",
        "smtp_port": port,
        "smtp_security": "none",
        "smtp_user": SMTP_USER,
        "smtp_password": SMTP_PASSWORD,
        "smtp_timeout_seconds": 5.0,
        "mail_from": "Task Tracker <robot@tasks.example>",
    }
    values.update(changes)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture
def smtp_mailer(smtp_server: SmtpServer) -> Iterator[SmtpMailer]:
    mailer = SmtpMailer(smtp_settings(smtp_server.port))
    yield mailer
    mailer.close()


async def test_messages_go_out_multipart_over_one_authenticated_connection(
    smtp_server: SmtpServer, smtp_mailer: SmtpMailer
) -> None:
    settings = smtp_settings(smtp_server.port)
    for outbox_id, recipient in [(1, "ada@example.com"), (2, "grace@example.com")]:
        smtp_mailer.send(build_message(welcome(outbox_id, recipient), settings, now=NOW), recipient)

    first, second = smtp_server.handler.received
    assert first.connection == second.connection
    assert smtp_server.handler.logins == [(SMTP_USER, SMTP_PASSWORD)]
    assert first.sender == "robot@tasks.example"
    assert first.recipients == ["ada@example.com"]
    assert second.recipients == ["grace@example.com"]
    message = first.message
    assert message["From"] == "Task Tracker <robot@tasks.example>"
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Welcome to Task Tracker"
    assert message["Date"] == "Mon, 09 Mar 2026 00:05:00 +0000"
    assert message["Message-ID"] == "<welcome.1.1772971200000000@tasks.example>"
    assert message.get_content_type() == "multipart/alternative"
    assert "ada@example.com is ready" in first.part("plain")
    assert "<strong>ada@example.com</strong> is ready" in first.part("html")
    assert "List-Unsubscribe" not in message


async def test_a_4xx_reply_is_transient_and_the_next_message_goes_through(
    smtp_server: SmtpServer, smtp_mailer: SmtpMailer
) -> None:
    settings = smtp_settings(smtp_server.port)
    smtp_server.handler.replies.append("451 4.3.0 Mailbox busy, try again later")

    with pytest.raises(TransientMailError, match="451"):
        smtp_mailer.send(build_message(welcome(1), settings, now=NOW), "ada@example.com")
    smtp_mailer.send(build_message(welcome(1), settings, now=NOW), "ada@example.com")

    assert [mail.recipients for mail in smtp_server.handler.received] == [["ada@example.com"]]


async def test_a_5xx_reply_is_permanent(smtp_server: SmtpServer, smtp_mailer: SmtpMailer) -> None:
    smtp_server.handler.replies.append("550 5.1.1 No such user here")

    with pytest.raises(PermanentMailError, match=r"550 5\.1\.1 No such user here"):
        smtp_mailer.send(
            build_message(welcome(), smtp_settings(smtp_server.port), now=NOW), "ada@example.com"
        )


async def test_a_wrong_password_is_permanent_and_not_in_the_error(smtp_server: SmtpServer) -> None:
    settings = smtp_settings(smtp_server.port, smtp_password="not-the-password")
    mailer = SmtpMailer(settings)

    with pytest.raises(PermanentMailError, match="535") as failure:
        mailer.send(build_message(welcome(), settings, now=NOW), "ada@example.com")

    assert "not-the-password" not in str(failure.value)
    assert smtp_server.handler.received == []


async def test_a_refused_connection_is_transient() -> None:
    settings = smtp_settings(free_port())

    with pytest.raises(TransientMailError, match="ConnectionRefusedError"):
        SmtpMailer(settings).send(build_message(welcome(), settings, now=NOW), "ada@example.com")


async def test_a_connection_the_server_dropped_while_idle_is_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(mailer_module, "IDLE_PROBE_SECONDS", 0.5)
    # The server hangs up on a client idle for more than a second.
    with running_smtp_server(authenticate=False, timeout=1) as server:
        settings = smtp_settings(server.port, smtp_user="")
        mailer = SmtpMailer(settings)
        try:
            mailer.send(build_message(welcome(1), settings, now=NOW), "ada@example.com")
            time.sleep(1.5)
            mailer.send(build_message(welcome(2), settings, now=NOW), "ada@example.com")
        finally:
            mailer.close()

    first, second = server.handler.received
    assert first.connection != second.connection


@pytest.fixture(scope="session")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "tls"])
async def test_tls_modes_verify_the_server_and_authenticate_over_it(
    security: str, certificate: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = certificate
    # The client trusts the system store; point it at the test CA instead.
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    tls_options: dict[str, object] = (
        {"tls_context": server_context, "require_starttls": True, "auth_require_tls": True}
        # aiosmtpd does not count an implicit TLS connection as TLS for AUTH; it is one.
        if security == "starttls"
        else {"ssl_context": server_context, "auth_require_tls": False}
    )
    with running_smtp_server(**tls_options) as server:
        settings = smtp_settings(server.port, smtp_host="localhost", smtp_security=security)
        mailer = SmtpMailer(settings)
        try:
            mailer.send(build_message(welcome(), settings, now=NOW), "ada@example.com")
        finally:
            mailer.close()

    handler = server.handler
    assert handler.logins == [(SMTP_USER, SMTP_PASSWORD)]
    assert [mail.recipients for mail in handler.received] == [["ada@example.com"]]


async def test_starttls_against_an_untrusted_certificate_fails_before_the_password_is_sent(
    certificate: tuple[Path, Path],
) -> None:
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    with running_smtp_server(tls_context=server_context, require_starttls=True) as server:
        settings = smtp_settings(server.port, smtp_host="localhost", smtp_security="starttls")
        with pytest.raises(TransientMailError, match="CERTIFICATE_VERIFY_FAILED"):
            SmtpMailer(settings).send(build_message(welcome(), settings, now=NOW), "ada@example.com")

    assert server.handler.logins == []


def test_without_smtp_host_mail_becomes_eml_files_and_a_resend_replaces_the_first(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    mailer = FileMailer(settings.outbox_dir)

    mailer.send(build_message(welcome(7), settings, now=NOW), "ada@example.com")
    mailer.send(build_message(welcome(7), settings, now=NOW), "ada@example.com")

    (written,) = settings.outbox_dir.iterdir()
    assert written.name == "welcome.7.1772971200000000_tasktracker.local.eml"
    text = written.read_text()
    assert "Subject: Welcome to Task Tracker" in text
    assert "Content-Type: text/html" in text


def test_an_outbox_folder_that_cannot_be_made_is_a_transient_error(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    settings.outbox_dir.write_text("a file where the folder should be")

    with pytest.raises(TransientMailError, match="FileExistsError"):
        FileMailer(settings.outbox_dir).send(build_message(welcome(7), settings, now=NOW), "ada@example.com")


def test_a_message_that_cannot_be_written_is_a_transient_error_and_leaves_no_partial_file(
    tmp_path: Path,
) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    # A folder under the message's own name: the final rename fails after the write.
    blocker = settings.outbox_dir / "welcome.7.1772971200000000_tasktracker.local.eml"
    blocker.mkdir(parents=True)

    with pytest.raises(TransientMailError, match="IsADirectoryError"):
        FileMailer(settings.outbox_dir).send(build_message(welcome(7), settings, now=NOW), "ada@example.com")

    assert list(settings.outbox_dir.iterdir()) == [blocker]
