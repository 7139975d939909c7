"""Outbox rows → MIME messages: multipart plain text + HTML rendered from the package templates."""

from collections.abc import Mapping
from datetime import datetime
from email import policy
from email.headerregistry import BaseHeader, HeaderRegistry, UnstructuredHeader
from email.message import EmailMessage
from email.policy import Policy
from email.utils import format_datetime, parseaddr
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tasktracker.config import Settings
from tasktracker.notifications.kinds import EMAIL_KINDS, EmailKind, MailKind, count_russian, count_tasks
from tasktracker.notifications.outbox import ClaimedEmail
from tasktracker.notifications.schemas import DEFAULT_LANGUAGE
from tasktracker.unsubscribe.service import unsubscribe_links

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
_templates.filters["ru_count"] = count_russian


class UnfoldedHeader(UnstructuredHeader, BaseHeader):
    """Written on one line, as given: the email library folds a long unstructured header by
    turning it into RFC 2047 encoded words, and a URL in encoded words is no URL to the mail
    provider. Only for ASCII values well under the 998-character line limit."""

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


_headers = HeaderRegistry()
_headers.map_to_type("list-unsubscribe", UnfoldedHeader)
MESSAGE_POLICY = policy.default.clone(header_factory=_headers)


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
    message = EmailMessage(policy=MESSAGE_POLICY)
    message["From"] = settings.mail_from
    message["To"] = email.recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    # Derived from the outbox row, so a resent copy carries the same id and can be deduplicated.
    created = int(email.created_at.timestamp() * 1_000_000)
    sender_domain = sender.rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<{email.kind}.{email.outbox_id}.{created}@{sender_domain}>"
    if spec.bulk:
        if email.user_id is None:
            raise ValueError(f"{email.kind} email {email.outbox_id} has no user to unsubscribe")
        links = unsubscribe_links(email.user_id, email.recipient, settings)
        # RFC 8058: the provider POSTs "List-Unsubscribe=One-Click" to the HTTPS URL.
        message["List-Unsubscribe"] = f"<{links.one_click}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message["Auto-Submitted"] = "auto-generated"
        context["unsubscribe_url"] = links.page
    text, html = (
        _templates.get_template(template_name(email.kind, language, ext)) for ext in TEMPLATE_FORMATS
    )
    message.set_content(text.render(context))
    message.add_alternative(html.render(context), subtype="html")
    return message
