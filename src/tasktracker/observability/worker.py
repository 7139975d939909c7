"""The worker's side: its metrics endpoint, its logging, and the request id of the job it runs.

**Metrics in multiprocess mode.** Celery's prefork pool runs jobs in child processes, each with
counters of its own, that the pool replaces when one dies. prometheus_client's multiprocess mode
(PROMETHEUS_MULTIPROC_DIR) has every process write its values to memory-mapped files in one
directory, which the worker's main process sums for each scrape: one endpoint per worker
whatever its concurrency, and the counts of a replaced child are kept. A port per child would
have given Prometheus a target per process that moves whenever the pool replaces one, and would
have lost a dead child's counts. The worker's metrics are all counters and histograms, which
that mode sums without further bookkeeping.

prometheus_client chooses how it stores values when it is first imported: nothing this module
imports at import time loads it, and `serve_worker_metrics` chooses the mode before it does.
"""

import atexit
import logging
import os
import shutil
import sys
import tempfile
from typing import Any

from celery.signals import setup_logging, task_postrun, task_prerun

from tasktracker.config import Settings, get_settings
from tasktracker.observability.context import JOB_HEADER, request_id
from tasktracker.observability.logging import configure_logging

log = logging.getLogger(__name__)

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"


def serve_worker_metrics(settings: Settings) -> None:
    """Serve the metrics of this worker and of every process of its pool on
    WORKER_METRICS_PORT (0: not at all). Call in the worker's main process before the pool
    starts. A port already taken is logged and the worker runs on: email matters more."""
    port = settings.worker_metrics_port
    if not port:
        return
    if "prometheus_client" in sys.modules:
        raise RuntimeError("prometheus_client was imported before the worker chose multiprocess mode")
    directory = tempfile.mkdtemp(prefix="tasktracker-worker-metrics-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    os.environ[MULTIPROCESS_DIR_VARIABLE] = directory
    # Only now, with the mode chosen (see the module's docstring).
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    from tasktracker.observability.metrics import watch_pool_acquires

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    watch_pool_acquires()  # the pool's children inherit the observer when they fork
    try:
        start_http_server(port, registry=registry)
    except OSError as error:
        log.error("worker metrics: cannot listen on port %d (%s); running without them", port, error)
        return
    log.info("worker metrics on http://0.0.0.0:%d/metrics", port)


@setup_logging.connect
def _configure_logging(**_: Any) -> None:
    """Celery configures logging of its own unless told otherwise: the worker and beat log
    like every other process (LOG_FORMAT), whoever started them."""
    configure_logging(get_settings())


@task_prerun.connect
def _enter_request(task: Any, **_: Any) -> None:
    """A job published by a request runs with its request id, so its log lines carry it."""
    request_id.set(getattr(task.request, JOB_HEADER, None))


@task_postrun.connect
def _leave_request(**_: Any) -> None:
    request_id.set(None)
