"""The SMTP envelope is exactly the stored address, never what the headers parse into; non-ASCII
addresses go out with SMTPUTF8 (and UTF-8 headers), or fail permanently, logged, where the server
cannot take them."""

import smtplib
from collections.abc import Iterator, Sequence
from email import policy
from email.message import EmailMessage
from email.parser import Parser
from pathlib import Path

import pytest

from tasktracker.config import Settings
from tasktracker.notifications.mailer import FileMailer, PermanentMailError, SmtpMailer

from .conftest import (
    SMTP_PASSWORD,
    SMTP_USER,
    SmtpServer,
    StartService,
    register,
    running_smtp_server,
)

SENDER = "robot@tasks.example"
NON_ASCII = "用户@例子.广告"


def smtp_settings(server: SmtpServer) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None,
        smtp_host=server.host,
        smtp_port=server.port,
        smtp_security="none",
        smtp_user=SMTP_USER,
        smtp_password=SMTP_PASSWORD,
        smtp_timeout_seconds=5.0,
        mail_from=f"Task Tracker <{SENDER}>",
    )


def message_to(recipient: str, subject: str = "Welcome to Task Tracker") -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Task Tracker <{SENDER}>"
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = "<welcome.1.1@tasks.example>"
    message.set_content(f"Your account {recipient} is ready.")
    return message


@pytest.fixture
def utf8_server() -> Iterator[SmtpServer]:
    with running_smtp_server(auth_require_tls=False, enable_SMTPUTF8=True) as server:
        yield server


@pytest.fixture
def ascii_only_server() -> Iterator[SmtpServer]:
    with running_smtp_server(auth_require_tls=False, enable_SMTPUTF8=False) as server:
        yield server


@pytest.mark.parametrize(
    "stored",
    [
        # Stored before addresses were checked: the header parser reads other domains into them.
        "=?utf-8?q?a=40evil.com=2C?=@example.com",
        "=?utf-8?q?victim=40other.org=2C_x=40third.net?=@example.com",
    ],
)
def test_the_envelope_is_the_stored_address_whatever_the_header_parses_into(
    smtp_server: SmtpServer, stored: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What goes on the wire as RCPT TO: aiosmtpd itself decodes encoded words in what it reads,
    # so the server's view alone cannot tell what the client sent.
    rcpt_commands: list[str] = []
    original_rcpt = smtplib.SMTP.rcpt

    def recording_rcpt(
        client: smtplib.SMTP, recipient: str, options: Sequence[str] = ()
    ) -> tuple[int, bytes]:
        rcpt_commands.append(recipient)
        return original_rcpt(client, recipient, options)

    monkeypatch.setattr(smtplib.SMTP, "rcpt", recording_rcpt)
    mailer = SmtpMailer(smtp_settings(smtp_server))
    try:
        mailer.send(message_to(stored), stored)
    finally:
        mailer.close()

    assert rcpt_commands == [stored]
    (mail,) = smtp_server.handler.received
    assert mail.sender == SENDER
    assert len(mail.recipients) == 1


def test_a_non_ascii_address_is_sent_with_smtputf8_and_utf8_headers(utf8_server: SmtpServer) -> None:
    mailer = SmtpMailer(smtp_settings(utf8_server))
    try:
        mailer.send(message_to(NON_ASCII, subject="Bienvenue, José"), NON_ASCII)
        mailer.send(message_to("ada@example.com"), "ada@example.com")
    finally:
        mailer.close()

    utf8, ascii_only = utf8_server.handler.received
    assert (utf8.recipients, utf8.smtp_utf8) == ([NON_ASCII], True)
    assert str(utf8.message["To"]) == NON_ASCII
    assert str(utf8.message["Subject"]) == "Bienvenue, José"
    assert f"Your account {NON_ASCII} is ready." in utf8.part("plain")
    # SMTPUTF8 only where the address needs it.
    assert (ascii_only.recipients, ascii_only.smtp_utf8) == (["ada@example.com"], False)


def test_a_server_without_smtputf8_is_a_permanent_failure_and_the_next_message_goes_through(
    ascii_only_server: SmtpServer,
) -> None:
    mailer = SmtpMailer(smtp_settings(ascii_only_server))
    try:
        with pytest.raises(PermanentMailError, match="SMTPUTF8"):
            mailer.send(message_to(NON_ASCII), NON_ASCII)
        mailer.send(message_to("ada@example.com"), "ada@example.com")
    finally:
        mailer.close()

    assert [mail.recipients for mail in ascii_only_server.handler.received] == [["ada@example.com"]]
    assert ascii_only_server.handler.data_commands == 1


def test_an_eml_file_for_a_non_ascii_address_has_utf8_headers(tmp_path: Path) -> None:
    FileMailer(tmp_path).send(message_to(NON_ASCII), NON_ASCII)

    (written,) = tmp_path.iterdir()
    raw = written.read_bytes()
    assert f"To: {NON_ASCII}".encode() in raw
    parsed = Parser(policy=policy.default).parsestr(raw.decode("utf-8"))
    assert [address.addr_spec for address in parsed["To"].addresses] == [NON_ASCII]


async def test_a_user_registered_with_a_non_ascii_address_gets_the_welcome_email(
    mail_settings: Settings, utf8_server: SmtpServer, start_service: StartService
) -> None:
    settings = mail_settings.model_copy(update={"smtp_port": utf8_server.port})
    await start_service("worker", settings)

    await register(settings, NON_ASCII)

    (mail,) = await utf8_server.handler.wait_for(1)
    assert (mail.recipients, mail.smtp_utf8) == ([NON_ASCII], True)
    assert str(mail.message["To"]) == NON_ASCII


async def test_without_smtputf8_on_the_server_the_email_fails_permanently_and_is_logged(
    mail_settings: Settings, ascii_only_server: SmtpServer, start_service: StartService
) -> None:
    settings = mail_settings.model_copy(update={"smtp_port": ascii_only_server.port})
    worker = await start_service("worker", settings)

    await register(settings, NON_ASCII)

    await worker.wait_for_log(
        f"to {NON_ASCII} refused permanently, not retried: SMTP server does not support it"
    )
    assert "SMTPUTF8 capability" in worker.log
    assert ascii_only_server.handler.received == []
    assert ascii_only_server.handler.data_commands == 0
