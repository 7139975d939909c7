"""The password reset email with real parts: asked for while the broker is down, it waits in the
outbox, and once the broker is back beat's sweep and `tasktracker worker` deliver it over SMTP,
in the language asked for, with a link that resets the password."""

import re

from tasktracker.config import Settings
from tasktracker.db import Database

from .conftest import PASSWORD, SmtpServer, StartService, api_client, free_port, register, wait_for_status

NEW_PASSWORD = "a brand new passphrase"


async def test_a_reset_asked_for_with_the_broker_down_is_delivered_later_with_a_working_link(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    await register(mail_settings, "ada@example.com")
    broker_down = mail_settings.model_copy(
        update={"celery_broker_url": f"amqp://guest:guest@127.0.0.1:{free_port()}//"}
    )
    async with api_client(broker_down) as http:
        asked = await http.post("/password-reset", json={"email": "ada@example.com", "locale": "ru"})
    assert asked.status_code == 202
    async with db.connection() as conn:
        outbox_id: int = await conn.fetchval("SELECT id FROM email_outbox WHERE kind = 'password_reset'")
    assert (await wait_for_status(db, outbox_id, "pending"))["publish_count"] == 0

    await start_service("worker", mail_settings)
    await start_service("beat", mail_settings)
    # The welcome email of the registration, queued before the worker started, comes too.
    mails = await smtp_server.handler.wait_for(2)
    (mail,) = [mail for mail in mails if "#reset=" in mail.part("plain")]
    assert mail.recipients == ["ada@example.com"]
    assert mail.message["Subject"] == "Сброс пароля в Task Tracker"
    link = re.search(r"(\S+)/#reset=([\w-]+)", mail.part("plain"))
    assert link is not None
    assert link[1] == mail_settings.public_url.rstrip("/")
    assert f'href="{link[0]}"' in mail.part("html")
    await wait_for_status(db, outbox_id, "sent")

    async with api_client(mail_settings) as http:
        done = await http.post(
            "/password-reset/confirm", json={"token": link[2], "new_password": NEW_PASSWORD}
        )
        assert done.status_code == 204
        old = await http.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
        assert old.status_code == 401
        new = await http.post("/session", json={"email": "ada@example.com", "password": NEW_PASSWORD})
        assert new.status_code == 200
