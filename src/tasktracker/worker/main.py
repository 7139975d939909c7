"""Entry points of `tasktracker worker` and `tasktracker beat`."""

import os
from pathlib import Path
from typing import Any

from celery.signals import beat_init, worker_ready
from celery.utils.dispatch import Signal

from tasktracker.broker import prepare_data_dir
from tasktracker.config import Settings
from tasktracker.observability.worker import serve_worker_metrics
from tasktracker.worker.app import celery_app


def _create_when(ready: Signal, path: Path | None) -> None:
    """Create `path` once the process is ready (`tasktracker dev` waits for it)."""
    if path is not None:

        def create(**_: Any) -> None:
            path.touch()

        ready.connect(create, weak=False)


def run_worker(settings: Settings, ready_file: Path | None = None) -> None:
    """`settings` is the process's get_settings(), which the app was built from."""
    prepare_data_dir(settings)
    _create_when(worker_ready, ready_file)
    # A node name per process: two workers on one host (dev, tests, a scaled Compose service on
    # a shared network namespace) must not fight over the same remote-control queue.
    argv = ["worker", "--loglevel=INFO", f"--hostname=tasktracker-{os.getpid()}@%h"]
    # No mingle (syncing revoked ids and clocks with peers at start, a second or more) and no
    # gossip: jobs are never revoked, and the outbox, not the workers, knows what is done.
    argv += ["--without-mingle", "--without-gossip"]
    if not settings.celery_broker_url:
        # The filesystem transport serves one local worker: no peers, no event heartbeats.
        argv += ["--pool=solo", "--without-heartbeat"]
    if settings.celery_worker_concurrency:
        argv.append(f"--concurrency={settings.celery_worker_concurrency}")
    if not settings.celery_remote_control:
        celery_app.conf.worker_enable_remote_control = False
    serve_worker_metrics(settings)
    celery_app.worker_main(argv)


def run_beat(settings: Settings, ready_file: Path | None = None) -> None:
    """Run exactly one (a second cannot double-send, but publishes every tick twice). Its
    schedule state lives in DATA_DIR."""
    prepare_data_dir(settings)
    _create_when(beat_init, ready_file)
    celery_app.start(["beat", "--loglevel=INFO"])
