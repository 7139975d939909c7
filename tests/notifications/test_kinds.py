"""The email kinds registry: every kind has its own subject, payload type and templates."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from tasktracker.config import Settings
from tasktracker.notifications.kinds import EMAIL_KINDS, MailKind
from tasktracker.notifications.messages import build_message, check_every_kind_is_complete
from tasktracker.notifications.outbox import ClaimedEmail

PAYLOADS: dict[MailKind, dict[str, Any]] = {
    MailKind.WELCOME: {},
    MailKind.DIGEST: {
        "local_date": "2026-03-08",
        "open": {"count": 2, "titles": ["Water the plants", "Call Bob"]},
        "completed": {"count": 1, "titles": ["Pay rent"]},
    },
    MailKind.PASSWORD_RESET: {"token": "s3cr3t-token", "locale": "en"},
    MailKind.PASSWORD_CHANGED: {"locale": "en", "device": "Firefox 133 on Linux", "ip": "203.0.113.7"},
    MailKind.REMINDER: {"task_id": 5, "title": "Call mum", "due_date": "2026-03-09", "due_time": "18:00"},
}
SUBJECTS = {
    MailKind.WELCOME: "Welcome to Task Tracker",
    MailKind.DIGEST: "Today you completed 1 task · You have 2 unfinished tasks",
    MailKind.PASSWORD_RESET: "Reset your Task Tracker password",
    MailKind.PASSWORD_CHANGED: "Your Task Tracker password was changed",
    MailKind.REMINDER: "Reminder: Call mum",
}


def claimed(kind: MailKind) -> ClaimedEmail:
    return ClaimedEmail(
        outbox_id=7,
        kind=kind,
        recipient="ada@example.com",
        payload=PAYLOADS[kind],
        attempts=1,
        created_at=datetime(2026, 3, 8, 12, tzinfo=UTC),
        user_id=3,
    )


@pytest.mark.parametrize("kind", list(MailKind))
def test_every_kind_gets_its_own_subject_and_body(kind: MailKind) -> None:
    message = build_message(claimed(kind), Settings(_env_file=None), now=datetime(2026, 3, 9, tzinfo=UTC))  # type: ignore[call-arg]
    assert message["Subject"] == SUBJECTS[kind]
    assert message["Message-ID"].startswith(f"<{kind}.7.")
    bodies = [part.get_content_type() for part in message.iter_parts()]
    assert bodies == ["text/plain", "text/html"]
    # Only scheduled mail carries the bulk headers.
    assert ("List-Unsubscribe" in message) is EMAIL_KINDS[kind].bulk


def test_a_digest_payload_is_read_back_typed() -> None:
    payload = EMAIL_KINDS[MailKind.DIGEST].payload(PAYLOADS[MailKind.DIGEST])
    assert payload.local_date == date(2026, 3, 8)
    assert payload.open.more == 0


def test_a_kind_missing_from_the_registry_is_refused() -> None:
    incomplete = {kind: spec for kind, spec in EMAIL_KINDS.items() if kind is not MailKind.DIGEST}
    with pytest.raises(LookupError, match="digest"):
        check_every_kind_is_complete(incomplete)


def test_a_payload_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValueError, match="local_date"):
        EMAIL_KINDS[MailKind.DIGEST].payload({"open": {"count": 0, "titles": []}})
