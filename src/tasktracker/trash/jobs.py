"""The daily purge of the trash, run by the worker on beat's schedule."""

import logging
from datetime import UTC, datetime

from tasktracker.config import get_settings
from tasktracker.errors import DatabaseUnavailable
from tasktracker.trash import job_names, service
from tasktracker.worker.app import celery_app
from tasktracker.worker.runtime import run_with_db

log = logging.getLogger(__name__)

# Idempotent (what is purged is gone; a second run finds nothing more), so a redelivery is
# harmless: acknowledged once done. A database outage retries a few times within the hour,
# then the next day's run catches up.
PURGE_MAX_RETRIES = 3
PURGE_RETRY_SECONDS = 600


@celery_app.task(
    name=job_names.PURGE_TRASH,
    acks_late=True,
    autoretry_for=(DatabaseUnavailable,),
    max_retries=PURGE_MAX_RETRIES,
    default_retry_delay=PURGE_RETRY_SECONDS,
)
def purge_trash() -> None:
    settings = get_settings()
    report = run_with_db(
        lambda db: service.purge(
            db,
            now=datetime.now(UTC),
            retention_days=settings.trash_retention_days,
            batch_size=settings.trash_purge_batch_size,
        )
    )
    log.info(
        "purged %d tasks and %d lists trashed more than %d days ago",
        report.tasks,
        report.lists,
        settings.trash_retention_days,
    )
