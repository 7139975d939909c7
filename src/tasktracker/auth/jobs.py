"""Scheduled housekeeping of sessions, run by the worker on beat's schedule."""

import logging
from datetime import UTC, datetime

from tasktracker.auth import job_names, service
from tasktracker.config import get_settings
from tasktracker.worker.app import celery_app
from tasktracker.worker.runtime import run_in_transaction

log = logging.getLogger(__name__)


@celery_app.task(name=job_names.PURGE_SESSIONS)
def purge_sessions() -> None:
    now = datetime.now(UTC)
    sessions, tokens = run_in_transaction(
        lambda conn: service.purge_sessions(conn, settings=get_settings(), now=now)
    )
    log.info("purged %d ended sessions and %d old rotated refresh tokens", sessions, tokens)
