"""What the scheduler (Celery beat) publishes, and when."""

from datetime import timedelta
from typing import Any

from celery.schedules import crontab

from tasktracker.auth import job_names as auth_jobs
from tasktracker.config import Settings
from tasktracker.notifications import job_names as notification_jobs
from tasktracker.tasks import job_names as task_jobs
from tasktracker.trash import job_names as trash_jobs


def beat_schedule(settings: Settings) -> dict[str, dict[str, Any]]:
    tick = settings.digest_tick_minutes
    sweep = settings.outbox_sweep_seconds
    return {
        # On the quarter hours, which is when every UTC offset in use reaches midnight.
        "digest-tick": {
            "task": notification_jobs.DIGEST_TICK,
            "schedule": crontab(minute=f"*/{tick}"),
            "options": {"expires": tick * 60},
        },
        "reminder-tick": {
            "task": notification_jobs.REMINDER_TICK,
            "schedule": timedelta(seconds=settings.reminder_tick_seconds),
            "options": {"expires": settings.reminder_tick_seconds},
        },
        "outbox-sweep": {
            "task": notification_jobs.SWEEP_OUTBOX,
            "schedule": timedelta(seconds=sweep),
            "options": {"expires": sweep},
        },
        "search-refresh": {
            "task": task_jobs.REFRESH_SEARCH,
            "schedule": timedelta(seconds=settings.search_refresh_seconds),
            "options": {"expires": settings.search_refresh_seconds},
        },
        "mail-purge": {
            "task": notification_jobs.PURGE_MAIL,
            "schedule": crontab(hour=3, minute=17),
            "options": {"expires": 3600},
        },
        "session-purge": {
            "task": auth_jobs.PURGE_SESSIONS,
            "schedule": crontab(hour=3, minute=47),
            "options": {"expires": 3600},
        },
        "trash-purge": {
            "task": trash_jobs.PURGE_TRASH,
            "schedule": crontab(hour=4, minute=7),
            "options": {"expires": 3600},
        },
    }
