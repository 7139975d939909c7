"""The password reset email in each of its languages: the subject, both parts in that language,
and the link to the web app's reset page built from PUBLIC_URL."""

from datetime import UTC, datetime

import pytest

from tasktracker.config import Settings
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail

TOKEN = "Zm9vYmFy-token_0123456789abcdefghijklmnopq"
NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


def reset_email(payload: dict[str, str]) -> ClaimedEmail:
    return ClaimedEmail(
        outbox_id=3,
        kind=MailKind.PASSWORD_RESET,
        recipient="ada@example.com",
        payload=payload,
        attempts=1,
        created_at=NOW,
    )


def settings(public_url: str) -> Settings:
    return Settings(_env_file=None, public_url=public_url)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("locale", "subject", "words", "html_lang"),
    [
        ("en", "Reset your Task Tracker password", ("within 30 minutes", "Choose a new password"), "en"),
        ("ru", "Сброс пароля в Task Tracker", ("в течение 30 минут", "Задать новый пароль"), "ru"),
    ],
)
def test_the_email_is_in_the_language_asked_for(
    locale: str, subject: str, words: tuple[str, str], html_lang: str
) -> None:
    message = build_message(
        reset_email({"token": TOKEN, "locale": locale}), settings("https://tt.example"), now=NOW
    )
    assert message["Subject"] == subject
    assert message["Message-ID"].startswith("<password_reset.3.")
    assert "List-Unsubscribe" not in message  # an answer to the user, not bulk mail
    text, html = (part.get_content() for part in message.iter_parts())
    link = f"https://tt.example/#reset={TOKEN}"
    assert f"\n{link}\n" in text
    assert f'href="{link}"' in html
    assert words[0] in text and words[0] in html
    assert words[1] in html
    assert f'<html lang="{html_lang}">' in html
    assert "ada@example.com" in text


def test_the_link_has_one_slash_whatever_public_url_ends_with() -> None:
    message = build_message(reset_email({"token": TOKEN}), settings("https://tt.example/app/"), now=NOW)
    text = message.get_body(("plain",))
    assert text is not None
    assert f"https://tt.example/app/#reset={TOKEN}" in text.get_content()


def test_a_row_without_a_language_is_in_english() -> None:
    message = build_message(reset_email({"token": TOKEN}), settings("https://tt.example"), now=NOW)
    assert message["Subject"] == "Reset your Task Tracker password"
