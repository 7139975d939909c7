"""One-click unsubscribe with real parts: a digest sent by `tasktracker worker` over SMTP carries
List-Unsubscribe (one HTTPS-style URL of the API, on one line) and List-Unsubscribe-Post; POSTing
the RFC 8058 body to that URL, as a mail provider does, turns the digest off, and the next
morning's tick sends nothing."""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import time_machine

from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.notifications import digest
from tasktracker.notifications.publisher import celery_app_for, publish_emails

from .conftest import SmtpServer, StartService, add_task, add_user, api_client

# 07:00 in Tokyo on 2026-03-09.
TOKYO_SEVEN = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)


async def run_tick(db: Database, settings: Settings, moment: datetime) -> digest.DigestTickReport:
    app = celery_app_for(settings)
    with time_machine.travel(moment, tick=False):
        return await digest.run_digest_tick(
            db, now=datetime.now(UTC), settings=settings, publish=lambda ids: publish_emails(app, ids)
        )


async def test_the_sent_digest_unsubscribes_in_one_click(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    settings = mail_settings.model_copy(
        update={"public_url": "https://tasks.example", "api_url": "https://api.tasks.example"}
    )
    user_id = await add_user(db, "ada@example.com", timezone="Asia/Tokyo")
    async with db.transaction() as conn:
        await conn.execute("UPDATE users SET digest_hour = 7, locale = 'ru' WHERE id = :id", id=user_id)
    await add_task(db, user_id, "Написать отчёт")
    await start_service("worker", settings)

    report = await run_tick(db, settings, TOKYO_SEVEN + timedelta(minutes=1))
    assert (report.users_claimed, report.emails_enqueued) == (1, 1)

    (mail,) = await smtp_server.handler.wait_for(1)
    assert mail.message["Subject"] == "У вас 1 незавершённая задача"
    raw = dict(mail.message.raw_items())
    one_click = raw["List-Unsubscribe"]
    # One URL in angle brackets, on one line: no folding, no encoded words.
    assert one_click.startswith("<https://api.tasks.example/unsubscribe?token=") and one_click.endswith(">")
    assert "=?" not in one_click and "\n" not in one_click and " " not in one_click
    assert raw["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert raw["Auto-Submitted"] == "auto-generated"
    url = urlsplit(one_click.strip("<>"))
    token = url.query.removeprefix("token=")
    page = f"https://tasks.example/#unsubscribe={token}"
    assert f"Отписаться от этих писем: {page}\n" in mail.part("plain")
    assert f'href="{page}"' in mail.part("html")

    async with api_client(settings) as http:
        response = await http.post(
            f"{url.path}?{url.query}",
            content=b"List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 200, response.text
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT digest_enabled FROM users WHERE id = :id", id=user_id) in (
            False,
            0,
        )

    next_morning = await run_tick(db, settings, TOKYO_SEVEN + timedelta(days=1, minutes=1))
    assert (next_morning.users_claimed, next_morning.emails_enqueued) == (0, 0)
