"""The API's Prometheus metrics, and the pool waits the worker counts too (the worker's own are
in `job_metrics`; docs/operations.md says what to watch).

Counters and histograms live in prometheus_client's default registry of the process that
updates them. Gauges that describe a state rather than count events (the connection pool, the
outbox) are read when /metrics is scraped.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime

from prometheus_client import REGISTRY, Counter, Histogram
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from tasktracker import db
from tasktracker.notifications.outbox import OutboxStats

# Request metrics are labelled by route template (`/tasks/{task_id}`), never by the raw path;
# requests no route matches share one label, and odd methods another, so no client can grow
# the number of series.
UNMATCHED_ROUTE = "unmatched"
OTHER_METHOD = "other"
KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

HTTP_REQUESTS = Counter(
    "tasktracker_http_requests",
    "HTTP requests answered by the API, by method, route template and status.",
    ["method", "route", "status"],
)
HTTP_REQUEST_DURATION = Histogram(
    "tasktracker_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response, by method and route template.",
    ["method", "route"],
)

LOGIN_FAILURES = Counter(
    "tasktracker_login_failures",
    "Password checks that failed (unknown email or wrong password), by route template.",
    ["route"],
)
THROTTLED_REQUESTS = Counter(
    "tasktracker_throttled_requests",
    "Requests refused with a 429 by the failed-login limits, by route template.",
    ["route"],
)

DB_POOL_ACQUIRE = Histogram(
    "tasktracker_db_pool_acquire_seconds",
    "Time spent waiting for a PostgreSQL connection from the process's pool.",
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


def watch_pool_acquires() -> None:
    """Time every wait for a pooled connection in this process (db.py calls its observers)."""
    if DB_POOL_ACQUIRE.observe not in db.acquire_wait_observers:
        db.acquire_wait_observers.append(DB_POOL_ACQUIRE.observe)


def pool_metrics(database: db.Database) -> list[Metric]:
    """The connection pool as it is now: in use, idle, and its bound. SQLite has no pool."""
    if not isinstance(database, db.PostgresDatabase):
        return []
    pool = database.pool
    connections = GaugeMetricFamily(
        "tasktracker_db_pool_connections",
        "Connections of the API process's PostgreSQL pool, by state, when scraped.",
        labels=["state"],
    )
    idle = pool.get_idle_size()
    connections.add_metric(["in_use"], pool.get_size() - idle)
    connections.add_metric(["idle"], idle)
    maximum = GaugeMetricFamily(
        "tasktracker_db_pool_max_connections",
        "The most connections the API process's pool opens (DATABASE_POOL_SIZE).",
        value=pool.get_max_size(),
    )
    return [connections, maximum]


def outbox_metrics(stats: OutboxStats, now: datetime) -> list[Metric]:
    emails = GaugeMetricFamily(
        "tasktracker_outbox_emails",
        "Emails in the outbox by status, when scraped: pending (waiting for a worker or a "
        "retry), sending (claimed by a worker), failed (given up; see `tasktracker outbox "
        "retry-failed`).",
        labels=["status"],
    )
    emails.add_metric(["pending"], stats.pending)
    emails.add_metric(["sending"], stats.sending)
    emails.add_metric(["failed"], stats.failed)
    oldest = stats.oldest_unsent_created_at
    age = GaugeMetricFamily(
        "tasktracker_outbox_oldest_unsent_age_seconds",
        "Age of the oldest email not sent yet (pending or sending); 0 when there is none.",
        value=max(0.0, (now - oldest).total_seconds()) if oldest else 0.0,
    )
    return [emails, age]


class _Scrape:
    """The process's registered metrics followed by the gauges read for this scrape."""

    def __init__(self, registry: Collector, extra: Sequence[Metric]) -> None:
        self._registry = registry
        self._extra = extra

    def collect(self) -> Iterable[Metric]:
        yield from self._registry.collect()
        yield from self._extra


def exposition(
    accept: str, extra: Sequence[Metric] = (), registry: Collector = REGISTRY
) -> tuple[bytes, str]:
    """The scrape's body and content type, in the format the scraper asked for."""
    encoder, content_type = choose_encoder(accept)
    return encoder(_Scrape(registry, extra)), content_type
