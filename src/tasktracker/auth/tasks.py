"""Scheduled housekeeping of sessions, run by the worker on beat's schedule."""

import logging
from datetime import UTC, datetime

from tasktracker.auth import jobs, service
from tasktracker.config import get_settings
from tasktracker.worker import celery_app, run_with_db

log = logging.getLogger(__name__)


@celery_app.task(name=jobs.PURGE_SESSIONS)
def purge_sessions() -> None:
    now = datetime.now(UTC)
    sessions, tokens = run_with_db(lambda db: service.purge_sessions(db, settings=get_settings(), now=now))
    log.info("purged %d ended sessions and %d old rotated refresh tokens", sessions, tokens)
