"""Per request: the request id, the request metrics and one log line.

The outermost middleware, so that what the others answer themselves (a 413, a foreign origin's
403, an unexpected error's 500) is counted, logged and carries the request id too."""

import logging
import time
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import Match

from tasktracker.observability.context import (
    REQUEST_ID_HEADER,
    accepted_request_id,
    new_request_id,
    request_id,
)
from tasktracker.observability.metrics import (
    HTTP_REQUEST_DURATION,
    HTTP_REQUESTS,
    KNOWN_METHODS,
    OTHER_METHOD,
    UNMATCHED_ROUTE,
)
from tasktracker.web import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("tasktracker.access")

_HEADER_NAME = REQUEST_ID_HEADER.lower().encode()


def route_template(scope: Scope) -> str:
    """The path template of the route that answered (`/tasks/{task_id}`), or UNMATCHED_ROUTE.

    The router records its route in the scope. A request answered before routing (by a
    middleware), or routed on a copy of the scope (HEAD runs as a GET), is matched here the
    way the router matches it."""
    route = scope.get("route")
    if route is None:
        route = _matching_route(scope)
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else UNMATCHED_ROUTE


def _matching_route(scope: Scope) -> Any:
    app = scope.get("app")
    if app is None:
        return None
    routed = {**scope, "method": "GET"} if scope["method"] == "HEAD" else scope
    partial = None
    for route in iter_route_contexts(app.router.routes):
        match, _ = route.matches(routed)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route  # the path is right, the method is not (a 405)
    return partial


class RequestObservabilityMiddleware:
    """Accepts the client's `X-Request-ID` (when short and plain) or makes one, keeps it in the
    context for every log line of the request and the jobs it publishes, and echoes it in the
    response. Counts and times the request by route template, and logs one line for it.
    `skip_paths` (the metrics endpoint) are neither counted nor logged."""

    def __init__(
        self, app: ASGIApp, *, skip_paths: frozenset[str] = frozenset(), access_log: bool = True
    ) -> None:
        self.app = app
        self.skip_paths = skip_paths
        self.access_log = access_log
        # The labelled series, looked up once each: `labels()` takes a lock and builds a key.
        self._counters: dict[tuple[str, str, int], Any] = {}
        self._histograms: dict[tuple[str, str], Any] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in self.skip_paths:
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == _HEADER_NAME), None)
        current = accepted_request_id(given.decode("latin-1") if given is not None else None)
        current = current or new_request_id()
        token = request_id.set(current)
        started = time.perf_counter()
        status = 500  # what the server answers when the app raised before starting a response

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (_HEADER_NAME, current.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            self._record(scope, status, time.perf_counter() - started)
            request_id.reset(token)

    def _record(self, scope: Scope, status: int, seconds: float) -> None:
        method = scope["method"] if scope["method"] in KNOWN_METHODS else OTHER_METHOD
        route = route_template(scope)
        counter = self._counters.get((method, route, status))
        if counter is None:
            counter = self._counters[method, route, status] = HTTP_REQUESTS.labels(method, route, str(status))
        counter.inc()
        histogram = self._histograms.get((method, route))
        if histogram is None:
            histogram = self._histograms[method, route] = HTTP_REQUEST_DURATION.labels(method, route)
        histogram.observe(seconds)
        if not self.access_log or not access_log.isEnabledFor(logging.INFO):
            return
        client = scope.get("client")
        client_ip = client[0] if client else None
        duration_ms = round(seconds * 1000, 1)
        # A record made here rather than by `info()`, which would walk the stack to find the
        # caller's file and line: the same one each time, at a few per cent of a request.
        record = access_log.makeRecord(
            access_log.name,
            logging.INFO,
            __file__,
            0,
            "%s %s %d %.1f ms (route %s, client %s)",
            (scope["method"], scope["path"], status, duration_ms, route, client_ip),
            None,
            extra={
                "method": scope["method"],
                "path": scope["path"],
                "route": route,
                "status": status,
                "duration_ms": duration_ms,
                "client_ip": client_ip,
            },
        )
        access_log.handle(record)
