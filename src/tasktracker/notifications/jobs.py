"""Celery jobs of the email sender and the scheduler: ids in, idempotent, stable names."""

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from celery import Task

from tasktracker.config import get_settings
from tasktracker.errors import DatabaseUnavailable
from tasktracker.notifications import digest, job_names, outbox, reminders
from tasktracker.notifications.mailer import (
    Mailer,
    PermanentMailError,
    TransientMailError,
    create_mailer,
)
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.publisher import publish_emails
from tasktracker.observability.job_metrics import DIGEST_TICK_DURATION, DIGEST_TICK_USERS, EMAILS
from tasktracker.worker.app import celery_app
from tasktracker.worker.runtime import WorkerLocal, run_with_db

log = logging.getLogger(__name__)

# One mailer (so one SMTP connection) per worker process, reused from message to message.
_mailer: WorkerLocal[Mailer] = WorkerLocal(
    create=lambda: create_mailer(get_settings()),
    close=lambda mailer: mailer.close(),
)


def _now() -> datetime:
    return datetime.now(UTC)


def _publish(outbox_ids: Sequence[int]) -> None:
    publish_emails(celery_app, outbox_ids)


@dataclass(frozen=True, slots=True)
class _RetryLater:
    delay: float
    error: TransientMailError


# max_retries=None: the bound is MAIL_MAX_RETRIES counted in the outbox row, which also sees
# attempts made by republished copies of the job, not only by Celery's retry chain.
@celery_app.task(name=job_names.SEND_EMAIL, bind=True, max_retries=None)
def send_email(self: Task[[int], None], outbox_id: int) -> None:
    retry = _deliver(outbox_id)
    if retry is not None:
        raise self.retry(countdown=retry.delay, exc=retry.error)


@celery_app.task(name=job_names.SEND_EMAILS)
def send_emails(outbox_ids: list[int]) -> None:
    """A batch from the digest tick or the sweep, sent one after the other over the process's
    SMTP connection; an email to retry goes on alone, as `send_email` with its backoff."""
    for outbox_id in outbox_ids:
        retry = _deliver(outbox_id)
        if retry is not None:
            send_email.apply_async((outbox_id,), countdown=retry.delay)


def _deliver(outbox_id: int) -> _RetryLater | None:
    """Claim the row, send it, record the outcome; when to retry, if the failure is transient."""
    settings = get_settings()
    # Long enough for a slow SMTP exchange; after it, a worker that died mid-send is presumed dead.
    claim_for = timedelta(seconds=max(60.0, 10 * settings.smtp_timeout_seconds))
    email = run_with_db(lambda db: outbox.claim_email(db, outbox_id, now=_now(), claim_for=claim_for))
    if email is None:
        log.info("email %s is sent, failed, being sent or not due: nothing to do", outbox_id)
        return None
    try:
        _mailer.get().send(build_message(email, settings, now=_now()), email.recipient)
    except TransientMailError as exc:
        return _retry_later(email, exc)
    except PermanentMailError as exc:
        if _mark_failed(email, str(exc)):
            log.error(
                "%s email %s to %s refused permanently, not retried: %s",
                email.kind,
                outbox_id,
                email.recipient,
                exc,
            )
        return None
    except Exception as exc:
        # A bug (a template, a payload): retrying the same input would fail the same way.
        log.exception("%s email %s to %s could not be built", email.kind, outbox_id, email.recipient)
        _mark_failed(email, repr(exc))
        return None
    if run_with_db(lambda db: outbox.mark_sent(db, outbox_id, now=_now())):
        EMAILS.labels(email.kind, "sent").inc()
        log.info("%s email %s sent to %s", email.kind, outbox_id, email.recipient)
    else:
        log.warning(
            "%s email %s to %s sent, but its claim was lost: another worker had finished it already",
            email.kind,
            outbox_id,
            email.recipient,
        )
    return None


def _retry_later(email: outbox.ClaimedEmail, error: TransientMailError) -> _RetryLater | None:
    """Give the row back with its next due time: when to retry, or None when out of retries or
    when the claim was lost."""
    settings = get_settings()
    if email.attempts > settings.mail_max_retries:
        if _mark_failed(email, str(error)):
            log.error(
                "%s email %s to %s failed %d times, giving up: %s",
                email.kind,
                email.outbox_id,
                email.recipient,
                email.attempts,
                error,
            )
        return None
    delay = outbox.retry_delay(email.attempts, settings, random.random())
    due_at = _now() + timedelta(seconds=delay)
    released = run_with_db(lambda db: outbox.release_for_retry(db, email, due_at=due_at, error=str(error)))
    if not released:
        _log_claim_lost(email, str(error))
        return None
    EMAILS.labels(email.kind, "retried").inc()
    log.warning(
        "%s email %s to %s failed (attempt %d), retrying in %.1fs: %s",
        email.kind,
        email.outbox_id,
        email.recipient,
        email.attempts,
        delay,
        error,
    )
    return _RetryLater(delay, error)


def _mark_failed(email: outbox.ClaimedEmail, error: str) -> bool:
    if run_with_db(lambda db: outbox.mark_failed(db, email, error=error)):
        EMAILS.labels(email.kind, "failed").inc()
        return True
    _log_claim_lost(email, error)
    return False


def _log_claim_lost(email: outbox.ClaimedEmail, error: str) -> None:
    log.warning(
        "%s email %s to %s: claim lost (it expired and another worker claimed the email),"
        " the row is left to that worker; this attempt failed: %s",
        email.kind,
        email.outbox_id,
        email.recipient,
        error,
    )


@celery_app.task(name=job_names.DIGEST_TICK)
def digest_tick() -> None:
    settings = get_settings()
    with DIGEST_TICK_DURATION.time():
        report = run_with_db(
            lambda db: digest.run_digest_tick(db, now=_now(), settings=settings, publish=_publish)
        )
    DIGEST_TICK_USERS.observe(report.users_claimed)
    if report.zones_due:
        log.info(
            "digest tick: %d users claimed, %d emails enqueued, zones %s",
            report.users_claimed,
            report.emails_enqueued,
            ", ".join(report.zones_due),
        )


@celery_app.task(name=job_names.REMINDER_TICK)
def reminder_tick() -> None:
    """Idempotent like the digest tick: a redelivered or overlapping run finds the reminders it
    sent cleared already."""
    settings = get_settings()
    report = run_with_db(
        lambda db: reminders.run_reminder_tick(db, now=_now(), settings=settings, publish=_publish)
    )
    if report.claimed:
        log.info(
            "reminder tick: %d reminders claimed, %d emails enqueued", report.claimed, report.emails_enqueued
        )


@celery_app.task(name=job_names.SWEEP_OUTBOX)
def sweep_outbox() -> None:
    settings = get_settings()
    try:
        republished = run_with_db(
            lambda db: outbox.republish_due(db, now=_now(), settings=settings, publish=_publish)
        )
    except DatabaseUnavailable:
        raise  # not a publishing problem: logged once by the database layer, expected by Celery
    except Exception:
        log.warning("outbox sweep could not publish; next sweep retries", exc_info=True)
        return
    if republished:
        log.info("outbox sweep republished %d emails", republished)


@celery_app.task(name=job_names.PURGE_MAIL)
def purge_mail() -> None:
    purged = run_with_db(lambda db: outbox.purge_old_mail(db, now=_now(), settings=get_settings()))
    log.info("purged %d old outbox rows and digest claims", purged)
