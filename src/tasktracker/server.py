"""The API's HTTP server: uvicorn, with the limits on clients it does not have of its own.

The API is published directly (port 8080), so these hold in the API process, not only in Nginx.
uvicorn's httptools protocol keeps reading a request head of any size (four 48 MB headers took
the API from 111 MB to 392 MB, and got a 200), and it waits as long as a client likes for the
head and for the body, so a client sending a byte now and then holds its connection forever.
Here:

- the request line and headers together are at most MAX_HEADER_BYTES: larger is a 431, and the
  connection is closed without reading the rest;
- they must arrive within HEADER_TIMEOUT_SECONDS of the connection opening, or on a kept-alive
  connection of the request's first byte (idle time between requests is uvicorn's keep-alive
  timeout, 5 s): later is a 408, and the connection is closed;
- the body must arrive within BODY_TIMEOUT_SECONDS of the head: later, reading it fails with a
  408 rendered by the app like any error, and the connection is closed;
- a response sent before its request's body has arrived (a 413, a route that reads none) closes
  the connection instead of reading the rest of the body for nothing.

`tasktracker api` and `tasktracker dev` both start the server with `serve`."""

import asyncio
import weakref
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar, Literal, TypedDict, cast

import httptools
import orjson
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from tasktracker.app import create_app
from tasktracker.config import Settings, get_settings
from tasktracker.errors import AppError
from tasktracker.observability.logging import logging_config


class RequestTimeout(AppError):
    status_code = 408
    message = "The request body was not received in time"

    def __init__(self) -> None:
        super().__init__(headers={"Connection": "close"})


@dataclass(frozen=True, slots=True)
class HeadLimits:
    max_bytes: int
    timeout_seconds: float


class _HeadTooLarge(Exception):
    pass


# Set in a request's scope by LimitedHttpToolsProtocol once its whole body has arrived: reading
# it can no longer wait, so BodyDeadlineMiddleware reads it without a timer (most bodies arrive
# with their head, and a timer per read was a few per cent of a write's CPU).
BODY_COMPLETE = "tasktracker.body_complete"


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a size limit and a deadline on each request's head, and
    no reading on after a response that did not wait for its body."""

    def __init__(self, *args: Any, head_limits: HeadLimits, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.head_limits = head_limits
        self.reading_head = True
        # Bytes received while this request's head is read (the precise count is in
        # on_headers_complete; this one stops a head that never ends).
        self.head_bytes = 0
        # When this request's head began to arrive (loop time); None once it is complete.
        self.head_started: float | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self.head_started = self.loop.time()
        _HeadDeadlines.of(self.loop, self.head_limits.timeout_seconds).watch(self)

    def connection_lost(self, exc: Exception | None) -> None:
        _HeadDeadlines.of(self.loop, self.head_limits.timeout_seconds).forget(self)
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.transport.is_closing():
            return
        self._unset_keepalive_if_required()
        if self.reading_head:
            if self.head_started is None:
                self.head_started = self.loop.time()
            self.head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            return  # served as plain HTTP/1.1: the API upgrades to nothing (ws="none")
        except httptools.HttpParserError as exc:
            if isinstance(exc.__context__, _HeadTooLarge):
                self._refuse(431, "The request headers are too large")
            else:
                self.logger.warning("Invalid HTTP request received.")
                self.send_400_response("Invalid HTTP request received.")
            return
        if self.reading_head and self.head_bytes > self.head_limits.max_bytes:
            self._refuse(431, "The request headers are too large")

    def on_headers_complete(self) -> None:
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.head_limits.max_bytes:
            raise _HeadTooLarge  # stops the parser; data_received answers 431
        self.reading_head, self.head_bytes, self.head_started = False, 0, None
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        if self.cycle is not None:
            cast(dict[str, Any], self.cycle.scope)[BODY_COMPLETE] = True
        self.reading_head = True

    def on_response_complete(self) -> None:
        if not self.pipeline and self.cycle is not None and self.cycle.more_body:
            self.transport.close()  # the rest of the body would be read for nothing
        super().on_response_complete()

    def check_head_deadline(self, now: float) -> None:
        if self.head_started is not None and now - self.head_started >= self.head_limits.timeout_seconds:
            self.head_started = None
            self._head_timed_out()

    def _head_timed_out(self) -> None:
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.keep_alive = False  # still answering the request before: close after it
        else:
            self._refuse(408, "The request headers were not received in time")

    def _refuse(self, status: int, message: str) -> None:
        body = orjson.dumps({"message": message})
        head = [STATUS_LINE[status]]
        for name, value in self.server_state.default_headers:
            head += [name, b": ", value, b"\r\n"]
        head += [
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


class _HeadDeadlines:
    """The head deadlines of all of a loop's connections, checked by one timer a few times a
    second: a timer per request, armed and cancelled each time, cost the event loop more than
    the rest of the protocol (cancelled timers pile up in its heap)."""

    _by_loop: ClassVar["weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _HeadDeadlines]"] = (
        weakref.WeakKeyDictionary()
    )

    def __init__(self, loop: asyncio.AbstractEventLoop, timeout_seconds: float) -> None:
        self.loop = loop
        self.interval = min(1.0, timeout_seconds / 4)
        self.protocols: set[LimitedHttpToolsProtocol] = set()
        self.timer: asyncio.TimerHandle | None = None

    @classmethod
    def of(cls, loop: asyncio.AbstractEventLoop, timeout_seconds: float) -> "_HeadDeadlines":
        deadlines = cls._by_loop.get(loop)
        if deadlines is None:
            deadlines = cls._by_loop[loop] = cls(loop, timeout_seconds)
        return deadlines

    def watch(self, protocol: LimitedHttpToolsProtocol) -> None:
        self.protocols.add(protocol)
        if self.timer is None:
            self.timer = self.loop.call_later(self.interval, self._check)

    def forget(self, protocol: LimitedHttpToolsProtocol) -> None:
        self.protocols.discard(protocol)

    def _check(self) -> None:
        now = self.loop.time()
        for protocol in list(self.protocols):
            protocol.check_head_deadline(now)
        self.timer = self.loop.call_later(self.interval, self._check) if self.protocols else None


class BodyDeadlineMiddleware:
    """Every read of a request's body fails with RequestTimeout once `seconds` have passed since
    the request began, so the route answers 408 (JSON, like every error) and the connection ends."""

    def __init__(self, app: ASGIApp, seconds: float) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # A body that came with its head (most do) is read as it is.
        if scope["type"] != "http" or scope.get(BODY_COMPLETE):
            await self.app(scope, receive, send)
            return
        deadline = asyncio.get_running_loop().time() + self.seconds
        body_received = False

        async def receive_in_time() -> Message:
            nonlocal body_received
            # What follows the body is only the disconnect, whenever it comes; a body the server
            # already holds is there at once.
            if body_received or scope.get(BODY_COMPLETE):
                return await receive()
            try:
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                raise RequestTimeout from None
            body_received = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        await self.app(scope, receive_in_time, send)


def served_app(settings: Settings) -> ASGIApp:
    return BodyDeadlineMiddleware(create_app(settings), settings.body_timeout_seconds)


def create_served_app() -> ASGIApp:
    """The factory `tasktracker api` gives uvicorn (each worker process calls it)."""
    return served_app(get_settings())


class ServerOptions(TypedDict):
    host: str
    port: int
    http: type[asyncio.Protocol]
    ws: Literal["none"]
    access_log: bool
    proxy_headers: bool
    forwarded_allow_ips: str
    log_config: dict[str, Any]


def server_options(settings: Settings) -> ServerOptions:
    """uvicorn's options for the API, whatever starts it."""
    limits = HeadLimits(settings.max_header_bytes, settings.header_timeout_seconds)
    # uvicorn calls `http` like the class it usually is; a partial of a module-level class
    # survives the pickling that hands the configuration to worker processes.
    protocol = cast("type[asyncio.Protocol]", partial(LimitedHttpToolsProtocol, head_limits=limits))
    return ServerOptions(
        host=settings.api_host,
        port=settings.api_port,
        http=protocol,
        ws="none",
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # Applied by uvicorn in each of its processes: they all log like the CLI (LOG_FORMAT).
        log_config=logging_config(settings),
    )


def serve(app: ASGIApp | str, settings: Settings, *, workers: int = 1) -> None:
    """Serve `app` (or the app factory at that import path, which several workers need) until
    interrupted."""
    uvicorn.run(app, factory=isinstance(app, str), workers=workers, **server_options(settings))
