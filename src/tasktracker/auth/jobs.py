"""Scheduled housekeeping of sessions (and of the password reset tokens, credentials too), run by
the worker on beat's schedule."""

import logging
from datetime import UTC, datetime

from tasktracker.auth import job_names, service
from tasktracker.config import get_settings
from tasktracker.password_reset import service as password_reset
from tasktracker.worker.app import celery_app
from tasktracker.worker.runtime import run_in_transaction

log = logging.getLogger(__name__)


@celery_app.task(name=job_names.PURGE_SESSIONS)
def purge_sessions() -> None:
    now = datetime.now(UTC)
    sessions, tokens = run_in_transaction(
        lambda conn: service.purge_sessions(conn, settings=get_settings(), now=now)
    )
    reset_tokens = run_in_transaction(lambda conn: password_reset.purge_expired_tokens(conn, now=now))
    log.info(
        "purged %d ended sessions, %d old rotated refresh tokens and %d expired password reset tokens",
        sessions,
        tokens,
        reset_tokens,
    )
