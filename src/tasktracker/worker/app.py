"""The Celery app of the worker and the scheduler: every job module, and beat's schedule."""

from tasktracker.broker import create_celery_app
from tasktracker.config import get_settings
from tasktracker.worker.schedule import beat_schedule

JOB_MODULES = ("tasktracker.notifications.jobs", "tasktracker.auth.jobs")

celery_app = create_celery_app(get_settings(), include=JOB_MODULES)
celery_app.conf.beat_schedule = beat_schedule(get_settings())
