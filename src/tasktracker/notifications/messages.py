"""Outbox rows → MIME messages: multipart plain text + HTML rendered from the package templates."""

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from tasktracker.config import Settings
from tasktracker.notifications.service import ClaimedEmail, DigestContent, MailKind

WELCOME_SUBJECT = "Welcome to Task Tracker"


def count_tasks(count: int, noun: str = "task") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


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


def digest_subject(content: DigestContent) -> str:
    parts = []
    if content.completed.count:
        parts.append(f"Today you completed {count_tasks(content.completed.count)}")
    if content.open.count:
        parts.append(f"You have {count_tasks(content.open.count, 'unfinished task')}")
    return " · ".join(parts)


def build_message(email: ClaimedEmail, settings: Settings, *, now: datetime) -> EmailMessage:
    context: dict[str, object] = {"recipient": email.recipient, "public_url": settings.public_url}
    if email.kind is MailKind.DIGEST:
        content = DigestContent.from_payload(email.payload)
        subject = digest_subject(content)
        context |= {
            "day": content.local_date.strftime("%A, %-d %B %Y"),
            "open": content.open,
            "completed": content.completed,
        }
    else:
        subject = WELCOME_SUBJECT
    context["subject"] = subject

    sender_domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.recipient
    message["Subject"] = subject
    message["Date"] = format_datetime(now)
    # Derived from the outbox row, so a resent copy carries the same id and can be deduplicated.
    created = int(email.created_at.timestamp() * 1_000_000)
    message["Message-ID"] = f"<{email.kind}.{email.outbox_id}.{created}@{sender_domain}>"
    if email.kind is MailKind.DIGEST:
        message["List-Unsubscribe"] = f"<mailto:{parseaddr(settings.mail_from)[1]}?subject=unsubscribe>"
        message["Auto-Submitted"] = "auto-generated"
    message.set_content(_templates.get_template(f"{email.kind}.txt").render(context))
    message.add_alternative(_templates.get_template(f"{email.kind}.html").render(context), subtype="html")
    return message
