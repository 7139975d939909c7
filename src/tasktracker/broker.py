"""Where jobs travel: RabbitMQ (or any Kombu URL) from CELERY_BROKER_URL, or, without one,
Kombu's filesystem transport in DATA_DIR/broker, so the embedded setup needs no service.

Shared by the API (which only publishes) and the worker and scheduler processes; nothing here
imports Celery's worker machinery."""

from pathlib import Path
from typing import Any

from celery import Celery

from tasktracker.config import Settings

# Publishing happens after the user's request has been answered, but must not hold a thread
# for long when the broker is unreachable: the outbox sweep publishes the job later anyway.
BROKER_CONNECT_TIMEOUT_SECONDS = 3.0


def broker(settings: Settings) -> tuple[str, dict[str, Any]]:
    """The broker URL and its transport options."""
    if settings.celery_broker_url:
        return settings.celery_broker_url, {}
    queue, control = _broker_folders(settings)
    return "filesystem://", {
        "data_folder_in": str(queue),
        "data_folder_out": str(queue),
        "control_folder": str(control),
    }


def _broker_folders(settings: Settings) -> tuple[Path, Path]:
    folder = (settings.data_dir / "broker").resolve()
    return folder / "queue", folder / "control"


def prepare_data_dir(settings: Settings) -> None:
    """Create what the processes expect under DATA_DIR (the filesystem broker's folders, beat's
    schedule file's folder); done by the process that is about to use them, not on import."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    if not settings.celery_broker_url:
        for folder in _broker_folders(settings):
            folder.mkdir(parents=True, exist_ok=True)


def create_celery_app(settings: Settings, *, include: tuple[str, ...] = ()) -> Celery:
    """A Celery app on the configured broker with the project's message conventions. The API
    makes one with no jobs, only to publish; the worker's includes every job module."""
    broker_url, transport_options = broker(settings)
    app = Celery("tasktracker", include=list(include))
    app.conf.update(
        broker_url=broker_url,
        broker_transport_options=transport_options,
        broker_connection_timeout=BROKER_CONNECT_TIMEOUT_SECONDS,
        broker_connection_retry_on_startup=True,
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        task_ignore_result=True,
        # A job is acknowledged only once done, and given back when its worker dies: with the
        # outbox claims in the database, running a job twice is harmless, losing it is not.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_default_queue=settings.celery_queue,
        timezone="UTC",
        enable_utc=True,
        beat_schedule_filename=str(settings.data_dir / "celerybeat-schedule"),
    )
    return app
