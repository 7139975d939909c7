"""End to end with real parts: the API in process, RabbitMQ, `tasktracker worker` (and `beat`) as
subprocesses on the test database, and an SMTP server in this process."""

import asyncio
from datetime import UTC, datetime, timedelta

import time_machine

from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tasktracker.notifications import digest, outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.publisher import celery_app_for, publish_emails
from tasktracker.notifications.schemas import WelcomePayload

from .conftest import (
    SMTP_PASSWORD,
    SmtpServer,
    StartService,
    add_task,
    add_user,
    free_port,
    outbox_row,
    register,
    wait_for_status,
)


async def welcome_outbox_id(db: Database, user_id: int) -> int:
    async with db.connection() as conn:
        outbox_id: int = await conn.fetchval(
            "SELECT id FROM email_outbox WHERE user_id = :user_id AND kind = 'welcome'", user_id=user_id
        )
    return outbox_id


async def test_registration_sends_the_welcome_email(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    await start_service("worker", mail_settings)

    user_id = await register(mail_settings, "Ada@Example.com")

    (mail,) = await smtp_server.handler.wait_for(1)
    assert mail.recipients == ["ada@example.com"]
    assert mail.message["To"] == "ada@example.com"
    assert mail.message["Subject"] == "Welcome to Task Tracker"
    assert mail.message["Message-ID"]
    assert mail.message["Date"]
    assert "Your account ada@example.com is ready." in mail.part("plain")
    assert "<strong>ada@example.com</strong> is ready" in mail.part("html")
    row = await wait_for_status(db, await welcome_outbox_id(db, user_id), "sent")
    assert row["attempts"] == 1


async def test_with_the_broker_down_registration_succeeds_and_the_sweep_delivers_once(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    broker_down = mail_settings.model_copy(
        update={"celery_broker_url": f"amqp://guest:guest@127.0.0.1:{free_port()}//"}
    )

    user_id = await register(broker_down, "ada@example.com")

    outbox_id = await welcome_outbox_id(db, user_id)
    assert (await wait_for_status(db, outbox_id, "pending"))["publish_count"] == 0
    assert smtp_server.handler.received == []

    # The broker is reachable again: beat's sweep republishes the row, the worker sends it.
    worker = await start_service("worker", mail_settings)
    await start_service("beat", mail_settings)
    (mail,) = await smtp_server.handler.wait_for(1)
    assert mail.recipients == ["ada@example.com"]
    await wait_for_status(db, outbox_id, "sent")

    # The same job delivered again (as after a redelivery) finds the email sent and does nothing.
    publish_emails(celery_app_for(mail_settings), [outbox_id, outbox_id])
    await worker.wait_for_log(f"email {outbox_id} is sent, failed, being sent or not due: nothing to do")
    # Nor is a sent row republished by the sweeps that follow.
    await asyncio.sleep(2 * mail_settings.outbox_sweep_seconds + 1)
    assert len(smtp_server.handler.received) == 1
    row = await wait_for_status(db, outbox_id, "sent")
    assert (row["attempts"], row["publish_count"]) == (1, 1)


async def test_a_4xx_reply_is_retried_and_the_email_delivered_once(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    smtp_server.handler.replies.append("451 4.3.0 Mailbox busy, try again later")
    worker = await start_service("worker", mail_settings)

    user_id = await register(mail_settings, "ada@example.com")

    (mail,) = await smtp_server.handler.wait_for(1)
    assert mail.recipients == ["ada@example.com"]
    row = await wait_for_status(db, await welcome_outbox_id(db, user_id), "sent")
    assert row["attempts"] == 2
    assert smtp_server.handler.data_commands == 2
    assert "retrying in" in worker.log


async def test_a_5xx_reply_is_not_retried_and_is_logged_with_the_recipient_only(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    smtp_server.handler.replies.extend(["550 5.1.1 No such user here"] * 3)
    worker = await start_service("worker", mail_settings)

    user_id = await register(mail_settings, "nobody@example.com")

    outbox_id = await welcome_outbox_id(db, user_id)
    row = await wait_for_status(db, outbox_id, "failed")
    assert row["attempts"] == 1
    assert row["last_error"] == "550 5.1.1 No such user here"
    await worker.wait_for_log(
        f"welcome email {outbox_id} to nobody@example.com refused permanently, not retried: 550 5.1.1"
    )
    # Longer than the longest retry delay of these settings: nothing is tried again.
    await asyncio.sleep(mail_settings.mail_retry_max_seconds + 1)
    assert smtp_server.handler.data_commands == 1
    assert smtp_server.handler.logins == [("mailer", SMTP_PASSWORD)]
    assert SMTP_PASSWORD not in worker.log


async def test_a_worker_whose_claim_was_taken_over_mid_send_leaves_the_email_to_the_new_claim(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    """Worker A's SMTP exchange outlives its claim, worker B claims the email, then A's server
    answers 4xx: A must neither hand B's claim back as pending nor retry, or the email could go
    out twice."""
    user_id = await add_user(db, "ada@example.com")
    async with db.transaction() as conn:
        outbox_id = await outbox.enqueue(
            conn, MailKind.WELCOME, WelcomePayload(), user_id=user_id, now=datetime.now(UTC)
        )

    claims_of_b: list[outbox.ClaimedEmail | None] = []

    async def worker_b_claims_after_the_claim_of_a_expired() -> None:
        # On the SMTP server's event loop, so with a connection pool of its own.
        worker_b = create_database(mail_settings.resolved_database_url, pool_size=1)
        await worker_b.connect()
        try:
            claims_of_b.append(
                await outbox.claim_email(
                    worker_b,
                    outbox_id,
                    now=datetime.now(UTC) + timedelta(hours=1),
                    claim_for=timedelta(minutes=5),
                )
            )
        finally:
            await worker_b.close()

    smtp_server.handler.during_next_data = worker_b_claims_after_the_claim_of_a_expired
    smtp_server.handler.replies.append("451 4.3.0 Mailbox busy, try again later")
    worker = await start_service("worker", mail_settings)

    publish_emails(celery_app_for(mail_settings), [outbox_id])

    await worker.wait_for_log(f"welcome email {outbox_id} to ada@example.com: claim lost")
    (claim_of_b,) = claims_of_b
    assert claim_of_b is not None and claim_of_b.attempts == 2
    # Longer than the longest retry delay of these settings: A tried nothing again.
    await asyncio.sleep(mail_settings.mail_retry_max_seconds + 1)
    assert smtp_server.handler.data_commands == 1
    assert smtp_server.handler.received == []
    assert "retrying in" not in worker.log
    row = await wait_for_status(db, outbox_id, "sending")
    assert (row["attempts"], row["last_error"]) == (2, None)
    assert row["available_at"] > datetime.now(UTC) + timedelta(minutes=30)


async def test_an_outbox_folder_that_cannot_be_written_is_retried_not_failed(
    mail_settings: Settings, start_service: StartService, db: Database
) -> None:
    file_settings = mail_settings.model_copy(
        update={"smtp_host": "", "mail_retry_base_seconds": 1.0, "mail_max_retries": 5}
    )
    # A file where the outbox folder should be: every write fails until it is gone, as on a full
    # disk or a folder with the wrong owner (which root, running these tests, would ignore).
    file_settings.data_dir.mkdir(parents=True, exist_ok=True)
    file_settings.outbox_dir.write_text("not a folder")
    user_id = await add_user(db, "ada@example.com")
    async with db.transaction() as conn:
        outbox_id = await outbox.enqueue(
            conn, MailKind.WELCOME, WelcomePayload(), user_id=user_id, now=datetime.now(UTC)
        )
    worker = await start_service("worker", file_settings)

    publish_emails(celery_app_for(file_settings), [outbox_id])

    await worker.wait_for_log(f"welcome email {outbox_id} to ada@example.com failed (attempt 1), retrying in")
    assert (await outbox_row(db, outbox_id))["status"] == "pending"
    file_settings.outbox_dir.unlink()
    row = await wait_for_status(db, outbox_id, "sent")
    assert row["attempts"] >= 2
    (written,) = file_settings.outbox_dir.glob("*.eml")
    assert "To: ada@example.com" in written.read_text()


async def test_the_digest_reaches_the_user_through_the_worker(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    user_id = await add_user(db, "ada@example.com", timezone="Asia/Tokyo")
    await add_task(db, user_id, "Write the report")
    await add_task(db, user_id, "Buy milk", done_at=datetime(2026, 3, 8, 3, 0, tzinfo=UTC))
    await start_service("worker", mail_settings)
    app = celery_app_for(mail_settings)

    tokyo_midnight = datetime(2026, 3, 8, 15, 0, tzinfo=UTC)
    with time_machine.travel(tokyo_midnight + timedelta(minutes=1), tick=False):
        report = await digest.run_digest_tick(
            db,
            now=datetime.now(UTC),
            settings=mail_settings,
            publish=lambda outbox_ids: publish_emails(app, outbox_ids),
        )
    assert (report.users_claimed, report.emails_enqueued, report.publish_failed) == (1, 1, False)

    (mail,) = await smtp_server.handler.wait_for(1)
    assert mail.recipients == ["ada@example.com"]
    assert mail.message["Subject"] == "Today you completed 1 task · You have 1 unfinished task"
    assert mail.message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = mail.part("plain")
    assert text.startswith("Your day, Sunday, 8 March 2026\n")
    assert "Today you completed 1 task:\n  - Buy milk\n" in text
    assert "You have 1 unfinished task:\n  - Write the report\n" in text
    assert "<li>Buy milk</li>" in mail.part("html")


async def test_a_batch_sends_each_email_once_and_retries_only_the_one_that_failed(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    outbox_ids = []
    for name in ("ada", "grace", "alan"):
        user_id = await add_user(db, f"{name}@example.com")
        async with db.transaction() as conn:
            outbox_ids.append(
                await outbox.enqueue(
                    conn, MailKind.WELCOME, WelcomePayload(), user_id=user_id, now=datetime.now(UTC)
                )
            )
    smtp_server.handler.replies.append("421 4.7.0 Too many connections, slow down")
    worker = await start_service("worker", mail_settings)

    publish_emails(celery_app_for(mail_settings), outbox_ids)

    received = await smtp_server.handler.wait_for(3)
    assert sorted(recipient for mail in received for recipient in mail.recipients) == [
        "ada@example.com",
        "alan@example.com",
        "grace@example.com",
    ]
    attempts = [(await wait_for_status(db, outbox_id, "sent"))["attempts"] for outbox_id in outbox_ids]
    assert attempts == [2, 1, 1]
    assert "notifications.send_emails" in worker.log
    await asyncio.sleep(mail_settings.mail_retry_max_seconds + 1)
    assert len(smtp_server.handler.received) == 3


def zone_just_past_midnight() -> str:
    """A fixed-offset zone whose local time is now between 00:00 and 00:59."""
    offset = -datetime.now(UTC).hour
    if offset < -11:
        offset += 24
    # POSIX-style names: Etc/GMT+5 is five hours behind UTC.
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"


async def test_the_scheduled_tick_job_sends_each_digest_once(
    mail_settings: Settings, smtp_server: SmtpServer, start_service: StartService, db: Database
) -> None:
    zone = zone_just_past_midnight()
    user_id = await add_user(db, "ada@example.com", timezone=zone)
    await add_task(db, user_id, "Water the plants")
    await add_user(db, "idle@example.com", timezone=zone)
    worker = await start_service("worker", mail_settings)
    app = celery_app_for(mail_settings)

    # What beat publishes on the quarter hours, run twice.
    app.send_task("notifications.digest_tick")
    (mail,) = await smtp_server.handler.wait_for(1)
    app.send_task("notifications.digest_tick")
    await worker.wait_for_log("Task notifications.digest_tick[", times=4)  # received, succeeded: twice
    await asyncio.sleep(1)

    assert len(smtp_server.handler.received) == 1
    assert mail.recipients == ["ada@example.com"]
    assert mail.message["Subject"] == "You have 1 unfinished task"
    assert worker.log.count(f"digest tick: 2 users claimed, 1 emails enqueued, zones {zone}") == 1
