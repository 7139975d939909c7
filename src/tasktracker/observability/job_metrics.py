"""The worker's Prometheus metrics: email outcomes and digest ticks (docs/operations.md).

Imported by the job modules only, so the API's /metrics does not list them. The worker serves
them in prometheus_client's multiprocess mode (`observability.worker`)."""

from prometheus_client import Counter, Histogram

EMAILS = Counter(
    "tasktracker_emails",
    "Outcomes of delivery attempts by the worker: sent, retried (a transient failure, tried "
    "again later) or failed (given up), by email kind.",
    ["kind", "outcome"],
)
DIGEST_TICK_DURATION = Histogram(
    "tasktracker_digest_tick_duration_seconds",
    "How long a digest tick took (claiming users, writing and publishing their emails).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 600.0),
)
DIGEST_TICK_USERS = Histogram(
    "tasktracker_digest_tick_users",
    "Users whose digest a tick claimed.",
    buckets=(0, 1, 10, 100, 1_000, 10_000, 100_000, 1_000_000),
)
