"""Handing outbox rows to the broker as `notifications.send_email` jobs.

Jobs carry the outbox id only; the worker reads everything else from the row. Publishing is
always after the commit that wrote the row, and never the only chance: rows still unsent are
republished by the outbox sweep, so a broker that is down costs a delay, not an email.
"""

import logging
import threading
from collections.abc import Sequence

from celery import Celery

from tasktracker.broker import create_celery_app, prepare_data_dir
from tasktracker.config import Settings, get_settings
from tasktracker.notifications import job_names
from tasktracker.observability.context import job_headers

log = logging.getLogger(__name__)

# Small enough that one job stays short next to RabbitMQ's consumer timeout even on a slow SMTP
# server, large enough that publishing is not the bottleneck of a digest tick.
EMAILS_PER_JOB = 100

_apps: dict[tuple[str, str, str], Celery] = {}
_apps_lock = threading.Lock()


def celery_app_for(settings: Settings) -> Celery:
    """One publish-only app (and producer pool) per broker configuration, made on first use and
    shared by the threads publishing. It knows no jobs: publishing needs only their names."""
    key = (settings.celery_broker_url, settings.celery_queue, str(settings.data_dir.resolve()))
    with _apps_lock:
        app = _apps.get(key)
        if app is None:
            prepare_data_dir(settings)
            app = _apps[key] = create_celery_app(settings)
            # One connection attempt per publish (bounded by the connect timeout), not Kombu's
            # default of retrying for seconds: the caller has an outbox row to fall back on.
            app.conf.broker_transport_options = {
                **app.conf.broker_transport_options,
                "max_retries": 0,
            }
    return app


def publish_emails(app: Celery, outbox_ids: Sequence[int]) -> None:
    """Publish the ids over a single broker connection: one `send_email` job for one id, else
    `send_emails` jobs of up to EMAILS_PER_JOB ids (a message per email would make the broker
    round trips, not the database, the cost of a 100,000-user digest tick). Raises when the
    broker is unreachable (connection refused, or no answer within the connect timeout). The jobs
    carry the current request id, if there is one, for their log lines."""
    headers = job_headers()
    with app.producer_or_acquire() as producer:
        if len(outbox_ids) == 1:
            app.send_task(
                job_names.SEND_EMAIL, args=(outbox_ids[0],), producer=producer, retry=False, headers=headers
            )
            return
        for start in range(0, len(outbox_ids), EMAILS_PER_JOB):
            chunk = list(outbox_ids[start : start + EMAILS_PER_JOB])
            app.send_task(
                job_names.SEND_EMAILS, args=(chunk,), producer=producer, retry=False, headers=headers
            )


def publish_outbox(outbox_id: int, settings: Settings | None = None) -> None:
    """Best-effort publish right after the registration commit, for a FastAPI background task
    (a plain function: it runs in the thread pool). Never raises: a failure is logged and the
    sweep publishes the row later."""
    try:
        publish_emails(celery_app_for(settings or get_settings()), [outbox_id])
    except Exception:
        log.warning("could not publish email %s now; the outbox sweep will", outbox_id, exc_info=True)


def probe_broker(settings: Settings, connect_timeout: float) -> None:
    """One connection attempt to the configured broker, not retried, within `connect_timeout`
    (the AMQP handshake included); raises when the broker is unreachable. Blocking: the
    readiness probe runs it in a thread of its own (tasktracker.readiness)."""
    with celery_app_for(settings).connection_for_write(connect_timeout=connect_timeout) as connection:
        connection.ensure_connection(max_retries=0)
