"""Outbox rows → MIME messages: multipart plain text + HTML rendered from the package templates."""

from collections.abc import Mapping
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tasktracker.config import Settings
from tasktracker.notifications.kinds import EMAIL_KINDS, EmailKind, MailKind, count_tasks
from tasktracker.notifications.outbox import ClaimedEmail
from tasktracker.notifications.schemas import DEFAULT_LANGUAGE

TEMPLATE_FORMATS = ("txt", "html")

_templates = Environment(
    loader=PackageLoader("tasktracker.notifications", "templates"),
    # Task titles are user text: escaped in HTML, verbatim in the plain-text part.
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_templates.filters["tasks"] = count_tasks


def template_name(kind: MailKind, language: str, extension: str) -> str:
    """`<kind>.<extension>` in DEFAULT_LANGUAGE, `<kind>.<language>.<extension>` in the others."""
    return f"{kind}.{extension}" if language == DEFAULT_LANGUAGE else f"{kind}.{language}.{extension}"


def check_every_kind_is_complete(kinds: Mapping[MailKind, EmailKind[Any]] = EMAIL_KINDS) -> None:
    """At import, so a kind without its entry, subject or templates fails at start-up, not at
    the first email of that kind."""
    for kind in MailKind:
        spec = kinds.get(kind)
        if spec is None or DEFAULT_LANGUAGE not in spec.subjects:
            raise LookupError(f"email kind {kind!r} has no registry entry with a {DEFAULT_LANGUAGE} subject")
        for language in spec.subjects:
            for extension in TEMPLATE_FORMATS:
                _templates.get_template(template_name(kind, language, extension))


check_every_kind_is_complete()


def build_message(email: ClaimedEmail, settings: Settings, *, now: datetime) -> EmailMessage:
    spec = EMAIL_KINDS[email.kind]
    payload = spec.payload(email.payload)
    # A language the kind has no subject (so no templates) in falls back to the default.
    language = payload.language() if payload.language() in spec.subjects else DEFAULT_LANGUAGE
    subject = spec.subject(payload, language)
    context: dict[str, object] = {
        "recipient": email.recipient,
        "public_url": settings.public_url,
        "subject": subject,
        "language": language,
        **payload.template_context(),
    }

    sender = parseaddr(settings.mail_from)[1]
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    # Derived from the outbox row, so a resent copy carries the same id and can be deduplicated.
    created = int(email.created_at.timestamp() * 1_000_000)
    sender_domain = sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{email.kind}.{email.outbox_id}.{created}@{sender_domain}>"
    if spec.bulk:
        message["List-Unsubscribe"] = f"<mailto:{sender}?subject=unsubscribe>"
        message["Auto-Submitted"] = "auto-generated"
    text, html = (
        _templates.get_template(template_name(email.kind, language, ext)) for ext in TEMPLATE_FORMATS
    )
    message.set_content(text.render(context))
    message.add_alternative(html.render(context), subtype="html")
    return message
