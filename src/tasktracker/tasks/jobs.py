"""The search vectors' refresh, run by the worker on beat's schedule (tasks.queries.refresh_search)."""

import logging

from tasktracker.config import get_settings
from tasktracker.errors import DatabaseUnavailable
from tasktracker.tasks import job_names, service
from tasktracker.worker.app import celery_app
from tasktracker.worker.runtime import run_with_db

log = logging.getLogger(__name__)

# Idempotent (a filled vector is not stale any more), so a redelivery is harmless: acknowledged
# once done. Until it runs, a search reads the stale tasks' text, so nothing is missed: an
# outage retries a few times, then the next scheduled run catches up.
REFRESH_MAX_RETRIES = 3
REFRESH_RETRY_SECONDS = 30


@celery_app.task(
    name=job_names.REFRESH_SEARCH,
    acks_late=True,
    autoretry_for=(DatabaseUnavailable,),
    max_retries=REFRESH_MAX_RETRIES,
    default_retry_delay=REFRESH_RETRY_SECONDS,
)
def refresh_search() -> None:
    settings = get_settings()
    refreshed = run_with_db(
        lambda db: service.refresh_search(db, batch_size=settings.search_refresh_batch_size)
    )
    if refreshed:
        log.info("refreshed the search words of %d tasks", refreshed)
