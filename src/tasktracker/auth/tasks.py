"""Scheduled housekeeping of sessions, run by the worker on beat's schedule."""

import logging
from datetime import UTC, datetime

from tasktracker.auth import jobs, service
from tasktracker.worker import celery_app, run_with_db

log = logging.getLogger(__name__)


@celery_app.task(name=jobs.PURGE_SESSIONS)
def purge_sessions() -> None:
    now = datetime.now(UTC)
    purged = run_with_db(lambda db: service.purge_ended_sessions(db, now=now))
    log.info("purged %d ended sessions", purged)
