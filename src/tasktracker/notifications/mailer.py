"""Delivery: SMTP through smtplib, or `.eml` files in the outbox folder when no SMTP host is set.

Failures come out as one of two exceptions, so the job knows whether to retry: transient
(connection refused or dropped, timeouts, 4xx replies, an .eml file that cannot be written) or
permanent (5xx replies, a server that cannot do what the configuration or the address asks).
The password is only ever handed to smtplib.

The envelope is never read back from the headers: the recipient is the stored address, passed in,
and the sender is MAIL_FROM's address. Header parsing decodes and splits what it reads (an RFC 2047
word in an address can become several recipients on other domains); the envelope is what the
server delivers to. A non-ASCII address is sent with SMTPUTF8 and UTF-8 headers (smtplib asks for
it when the envelope is not ASCII); a server without SMTPUTF8 is a permanent failure.
"""

import logging
import os
import re
import smtplib
import ssl
import tempfile
import time
from email import policy
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from tasktracker.config import Settings, SmtpSecurity

log = logging.getLogger(__name__)

# A connection idle longer than this may have been dropped by the server: probe it with NOOP.
IDLE_PROBE_SECONDS = 15.0


class TransientMailError(Exception):
    """Worth retrying later: the same message may well be accepted."""


class PermanentMailError(Exception):
    """Retrying cannot help: the server refused this message or this configuration."""


class Mailer(Protocol):
    def send(self, message: EmailMessage, recipient: str) -> None: ...
    def close(self) -> None: ...


def create_mailer(settings: Settings) -> Mailer:
    if settings.smtp_host:
        return SmtpMailer(settings)
    return FileMailer(settings.outbox_dir)


def classify_reply(code: int, text: str) -> TransientMailError | PermanentMailError:
    error = f"{code} {text}"
    return TransientMailError(error) if 400 <= code < 500 else PermanentMailError(error)


def _reply_text(raw: bytes | str) -> str:
    return raw.decode(errors="replace") if isinstance(raw, bytes) else raw


class SmtpMailer:
    """Keeps one SMTP connection per worker process and sends every message over it, reconnecting
    when the server has dropped it. Not thread-safe: one per process (the worker runs one job at
    a time per process)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._sender = parseaddr(settings.mail_from)[1]
        self._client: smtplib.SMTP | None = None
        self._last_used = 0.0

    def send(self, message: EmailMessage, recipient: str) -> None:
        try:
            client = self._connection()
            client.send_message(message, from_addr=self._sender, to_addrs=[recipient])
        except smtplib.SMTPRecipientsRefused as exc:
            self._discard()
            # One recipient per message: its refusal is the answer.
            code, reply = next(iter(exc.recipients.values()))
            raise classify_reply(code, _reply_text(reply)) from exc
        except smtplib.SMTPResponseException as exc:
            self._discard()
            raise classify_reply(exc.smtp_code, _reply_text(exc.smtp_error)) from exc
        except smtplib.SMTPNotSupportedError as exc:
            self._discard()
            # Such as SMTPUTF8, which a non-ASCII address needs: no retry makes the server learn it.
            raise PermanentMailError(f"SMTP server does not support it: {exc}") from exc
        except smtplib.SMTPServerDisconnected as exc:
            self._discard()
            raise TransientMailError(f"connection dropped: {exc}") from exc
        except smtplib.SMTPException as exc:
            # Such as no authentication method in common: the configuration, not the moment.
            self._discard()
            raise PermanentMailError(str(exc)) from exc
        except OSError as exc:
            # Refused, reset, unreachable, timed out, TLS handshake cut short.
            self._discard()
            raise TransientMailError(f"{type(exc).__name__}: {exc}") from exc
        self._last_used = time.monotonic()

    def close(self) -> None:
        if self._client is None:
            return
        try:
            self._client.quit()
        except (smtplib.SMTPException, OSError):
            self._client.close()
        self._client = None

    def _connection(self) -> smtplib.SMTP:
        if self._client is not None and time.monotonic() - self._last_used > IDLE_PROBE_SECONDS:
            try:
                alive = self._client.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if not alive:
                self._discard()
        if self._client is None:
            self._client = self._connect()
        return self._client

    def _connect(self) -> smtplib.SMTP:
        settings = self._settings
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if settings.smtp_security is SmtpSecurity.TLS:
            client = smtplib.SMTP_SSL(
                settings.smtp_host,
                settings.smtp_port,
                timeout=settings.smtp_timeout_seconds,
                context=context,
            )
        else:
            client = smtplib.SMTP(
                settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds
            )
        try:
            client.ehlo()
            if settings.smtp_security is SmtpSecurity.STARTTLS:
                client.starttls(context=context)
                client.ehlo()
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
        except BaseException:
            client.close()
            raise
        return client

    def _discard(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


class FileMailer:
    """The embedded default: every message becomes an .eml file, named after its Message-ID so a
    resent copy replaces the first instead of adding a second."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def send(self, message: EmailMessage, recipient: str) -> None:
        name = re.sub(r"[^A-Za-z0-9._-]", "_", str(message["Message-ID"]).strip("<>"))
        target = self.folder / f"{name}.eml"
        # As smtplib writes it: UTF-8 headers when the address needs them, else encoded words.
        content = message.as_bytes(policy=message.policy if recipient.isascii() else policy.SMTPUTF8)
        try:
            self._write(target, content)
        except OSError as exc:
            # A full disk, a folder with the wrong owner: the machine's state, not the message's.
            raise TransientMailError(f"{type(exc).__name__}: {exc}") from exc
        log.info("mail to %s written to %s", recipient, target)

    def close(self) -> None:
        """Nothing is held open between messages."""

    def _write(self, target: Path, content: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed, so a reader never sees half a message; what a failed write
        # left is removed, or every retry would leave another.
        descriptor, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(content)
            os.replace(temporary, target)
        except BaseException:
            os.unlink(temporary)
            raise
