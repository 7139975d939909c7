"""The Celery app of the email sender (`tasktracker worker`) and the scheduler (`tasktracker beat`).

The API uses the same configuration only to publish jobs (see notifications.publisher).

Celery runs jobs synchronously, while the database layer is asyncio (tasktracker.db). Rather than
a second, synchronous copy of the SQL, each worker process keeps one event loop (an
asyncio.Runner) and one connected Database for its whole life, and runs the async service
functions on it: the rules and queries stay written once, a job pays no loop or pool set-up,
and asyncpg's prepared statements are reused from job to job.
"""

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_shutdown, worker_shutdown

from tasktracker.auth import jobs as auth_jobs
from tasktracker.config import Settings, get_settings
from tasktracker.db import Database, create_database
from tasktracker.notifications import jobs

T = TypeVar("T")

# A worker process runs one job at a time: two connections cover a job and nothing else.
WORKER_DB_POOL_SIZE = 2
# Publishing happens after the user's request has been answered, but must not hold a thread
# for long when the broker is unreachable: the outbox sweep publishes the job later anyway.
BROKER_CONNECT_TIMEOUT_SECONDS = 3.0
DEV_STOP_TIMEOUT_SECONDS = 10.0


def broker(settings: Settings) -> tuple[str, dict[str, Any]]:
    """RabbitMQ (or any Kombu URL) from CELERY_BROKER_URL; without one, Kombu's filesystem
    transport in DATA_DIR/broker, so the embedded setup needs no service."""
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


def create_celery_app(settings: Settings) -> Celery:
    broker_url, transport_options = broker(settings)
    app = Celery("tasktracker", include=["tasktracker.notifications.tasks", "tasktracker.auth.tasks"])
    tick = settings.digest_tick_minutes
    sweep = settings.outbox_sweep_seconds
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
        beat_schedule={
            # On the quarter hours, which is when every UTC offset in use reaches midnight.
            "digest-tick": {
                "task": jobs.DIGEST_TICK,
                "schedule": crontab(minute=f"*/{tick}"),
                "options": {"expires": tick * 60},
            },
            "outbox-sweep": {
                "task": jobs.SWEEP_OUTBOX,
                "schedule": timedelta(seconds=sweep),
                "options": {"expires": sweep},
            },
            "mail-purge": {
                "task": jobs.PURGE_MAIL,
                "schedule": crontab(hour=3, minute=17),
                "options": {"expires": 3600},
            },
            "session-purge": {
                "task": auth_jobs.PURGE_SESSIONS,
                "schedule": crontab(hour=3, minute=47),
                "options": {"expires": 3600},
            },
        },
    )
    return app


celery_app = create_celery_app(get_settings())


class WorkerLocal(Generic[T]):
    """One T per worker process and thread, made on first use and closed when the worker
    process shuts down. A forked child makes its own rather than use its parent's (a socket
    must not be shared between processes), and each thread has its own (neither an event loop
    nor an SMTP connection may serve two threads at once)."""

    def __init__(self, create: Callable[[], T], close: Callable[[T], None]) -> None:
        self._create = create
        self._close = close
        self._local = threading.local()
        worker_process_shutdown.connect(self._on_shutdown, weak=False)
        worker_shutdown.connect(self._on_shutdown, weak=False)

    def get(self) -> T:
        held: tuple[int, T] | None = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            held = self._local.held = (os.getpid(), self._create())
        return held[1]

    def close(self) -> None:
        """Close this thread's, if it made one (a forked child leaves its parent's alone)."""
        held: tuple[int, T] | None = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None and held[0] == os.getpid():
            self._close(held[1])

    def _on_shutdown(self, **_: object) -> None:
        self.close()


class _DatabaseRuntime:
    def __init__(self, settings: Settings) -> None:
        self._runner = asyncio.Runner()
        self._settings = settings
        self._db: Database | None = None

    def run(self, job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
        return self._runner.run(self._with_db(job))

    async def _with_db(self, job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
        if self._db is None:
            db = create_database(self._settings.resolved_database_url, WORKER_DB_POOL_SIZE)
            await db.connect()
            self._db = db
        return await job(self._db)

    def close(self) -> None:
        if self._db is not None:
            self._runner.run(self._db.close())
            self._db = None
        self._runner.close()


_runtime = WorkerLocal(lambda: _DatabaseRuntime(get_settings()), _DatabaseRuntime.close)


def run_with_db(job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
    """Run an async database job on this process's (and thread's) long-lived event loop."""
    return _runtime.get().run(job)


def run_worker(settings: Settings) -> None:
    """`tasktracker worker`. `settings` is the process's get_settings(), which the app above was
    built from."""
    prepare_data_dir(settings)
    # A node name per process: two workers on one host (dev, tests, a scaled Compose service on
    # a shared network namespace) must not fight over the same remote-control queue.
    argv = ["worker", "--loglevel=INFO", f"--hostname=tasktracker-{os.getpid()}@%h"]
    if not settings.celery_broker_url:
        # The filesystem transport serves one local worker: no peers to sync or gossip with.
        argv += ["--pool=solo", "--without-mingle", "--without-gossip", "--without-heartbeat"]
    celery_app.worker_main(argv)


def run_beat(settings: Settings) -> None:
    """`tasktracker beat`: run exactly one (a second cannot double-send, but publishes every
    tick twice). Its schedule state lives in DATA_DIR."""
    prepare_data_dir(settings)
    celery_app.start(["beat", "--loglevel=INFO"])


def start_dev_services() -> list["subprocess.Popen[bytes]"]:
    """For `tasktracker dev`: the worker and beat as child processes, with the same environment
    (so the same embedded broker folder, database and mail outbox)."""
    return [
        # A fixed argv of our own interpreter and module, no shell.
        subprocess.Popen([sys.executable, "-m", "tasktracker", command])  # noqa: S603
        for command in ("worker", "beat")
    ]


def stop_dev_services(processes: Sequence["subprocess.Popen[bytes]"]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=DEV_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
