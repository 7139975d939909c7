"""What the API process registers: the request middleware, the login counters and /metrics."""

import hmac
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import cast

from fastapi import FastAPI, Request, Response
from prometheus_client.metrics_core import Metric

from tasktracker.auth.errors import InvalidCredentials
from tasktracker.config import Settings
from tasktracker.db import Database
from tasktracker.errors import AppError, NotAuthenticated, TooManyRequests
from tasktracker.notifications.outbox import outbox_stats
from tasktracker.observability.metrics import (
    LOGIN_FAILURES,
    THROTTLED_REQUESTS,
    exposition,
    outbox_metrics,
    pool_metrics,
    watch_pool_acquires,
)
from tasktracker.observability.middleware import RequestObservabilityMiddleware, route_template

log = logging.getLogger(__name__)

METRICS_PATH = "/metrics"


def install_observability(app: FastAPI, settings: Settings) -> None:
    """Call last in the factory, after the other middlewares (this one must wrap them all) and
    after the error handlers (the login counters hand the rendering on to the AppError one)."""
    app.add_middleware(
        RequestObservabilityMiddleware, skip_paths=frozenset({METRICS_PATH}), access_log=settings.access_log
    )
    _count_login_errors(app)
    watch_pool_acquires()
    if settings.metrics_enabled:
        _add_metrics_route(app, settings.metrics_token)


def _count_login_errors(app: FastAPI) -> None:
    """Failed password checks and failed-login throttling are counted where their errors are
    rendered, whichever route and service raised them."""
    # web.install_error_handlers' handler, which is a coroutine function.
    render = cast(Callable[[Request, Exception], Awaitable[Response]], app.exception_handlers[AppError])

    async def invalid_credentials(request: Request, exc: Exception) -> Response:
        LOGIN_FAILURES.labels(route_template(request.scope)).inc()
        return await render(request, exc)

    async def too_many_requests(request: Request, exc: Exception) -> Response:
        THROTTLED_REQUESTS.labels(route_template(request.scope)).inc()
        return await render(request, exc)

    app.add_exception_handler(InvalidCredentials, invalid_credentials)
    app.add_exception_handler(TooManyRequests, too_many_requests)


def _add_metrics_route(app: FastAPI, token: str) -> None:
    expected = f"Bearer {token}".encode()

    async def metrics(request: Request) -> Response:
        """Prometheus metrics of this API process, and the outbox's state (docs/operations.md)."""
        if token and not hmac.compare_digest(request.headers.get("authorization", "").encode(), expected):
            raise NotAuthenticated("A metrics token is required")
        database: Database = request.app.state.database
        body, content_type = exposition(
            request.headers.get("accept", ""), [*pool_metrics(database), *await _outbox(database)]
        )
        return Response(body, media_type=content_type)

    app.add_api_route(METRICS_PATH, metrics, methods=["GET"], include_in_schema=False)


async def _outbox(database: Database) -> list[Metric]:
    """The outbox gauges, or none when the database does not answer (its outage is logged by
    the database layer; the scrape still serves the process's own metrics)."""
    try:
        stats = await outbox_stats(database)
    except Exception:
        log.warning("metrics: the outbox could not be read", exc_info=True)
        return []
    return outbox_metrics(stats, datetime.now(UTC))
