"""Entry points of `tasktracker worker` and `tasktracker beat`."""

import os

from tasktracker.broker import prepare_data_dir
from tasktracker.config import Settings
from tasktracker.worker.app import celery_app


def run_worker(settings: Settings) -> None:
    """`settings` is the process's get_settings(), which the app was built from."""
    prepare_data_dir(settings)
    # A node name per process: two workers on one host (dev, tests, a scaled Compose service on
    # a shared network namespace) must not fight over the same remote-control queue.
    argv = ["worker", "--loglevel=INFO", f"--hostname=tasktracker-{os.getpid()}@%h"]
    if not settings.celery_broker_url:
        # The filesystem transport serves one local worker: no peers to sync or gossip with.
        argv += ["--pool=solo", "--without-mingle", "--without-gossip", "--without-heartbeat"]
    celery_app.worker_main(argv)


def run_beat(settings: Settings) -> None:
    """Run exactly one (a second cannot double-send, but publishes every tick twice). Its
    schedule state lives in DATA_DIR."""
    prepare_data_dir(settings)
    celery_app.start(["beat", "--loglevel=INFO"])
