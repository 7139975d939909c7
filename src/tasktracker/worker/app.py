"""The Celery app of the worker and the scheduler: every job module, and beat's schedule."""

import tasktracker.observability.worker  # noqa: F401 (its signals: logging, a job's request id)
from tasktracker.broker import create_celery_app
from tasktracker.config import get_settings
from tasktracker.errors import DatabaseUnavailable
from tasktracker.worker.schedule import beat_schedule

JOB_MODULES = (
    "tasktracker.notifications.jobs",
    "tasktracker.auth.jobs",
    "tasktracker.trash.jobs",
    "tasktracker.tasks.jobs",
)

celery_app = create_celery_app(get_settings(), include=JOB_MODULES)
# The database layer logs an outage once; each job it then fails is an expected failure for
# Celery (one line, no traceback), left to the outbox sweep or the job's next scheduled run.
celery_app.Task.throws = (DatabaseUnavailable,)
celery_app.conf.beat_schedule = beat_schedule(get_settings())
