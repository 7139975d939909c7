"""GET /events: the caller's changes (tasks, lists) as Server-Sent Events, from any device."""

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import orjson
from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent

from tasktracker.auth.dependencies import TasksReader
from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.queries import session_alive
from tasktracker.auth.service import Caller
from tasktracker.dependencies import request_database
from tasktracker.events.service import RESYNC, Broadcaster, Change
from tasktracker.openapi import CALLER, operation

router = APIRouter(tags=["tasks"])

# EVENTS_HEARTBEAT_SECONDS: how often a quiet stream says it is alive (proxies close idle
# connections) and checks that its session still is, so a logout ends it within that time.
# EVENTS_MAX_STREAM_SECONDS: a stream then ends and the browser opens a new one, authenticated
# again (an access token expires; a personal access token may have been revoked).
# What the browser waits before reconnecting (SSE `retry`).
RECONNECT_MILLISECONDS = 2000


def _event(message: Change | str) -> ServerSentEvent:
    if not isinstance(message, Change):
        return ServerSentEvent(event=RESYNC, data="{}")
    return ServerSentEvent(event=message.kind, data=orjson.dumps({"items": message.items}).decode())


async def _alive(request: Request, caller: Caller) -> bool:
    """A token caller's session is alive (a password or personal token was checked already)."""
    if caller.session_id is None:
        return True
    async with request_database(request).connection() as conn:
        return await session_alive(conn, caller.user_id, caller.session_id, datetime.now(UTC))


async def _stream(
    request: Request, caller: Caller, broadcaster: Broadcaster
) -> AsyncIterator[ServerSentEvent]:
    settings = request.app.state.settings
    heartbeat = settings.events_heartbeat_seconds
    ends_at = time.monotonic() + settings.events_max_stream_seconds
    async with broadcaster.subscribe(caller.user_id) as queue:
        # Told first: the stream is open and listening, so what the client loads now and the
        # changes that follow leave no gap.
        yield ServerSentEvent(event="ready", data="{}", retry=RECONNECT_MILLISECONDS)
        while time.monotonic() < ends_at:
            try:
                message = await asyncio.wait_for(queue.get(), heartbeat)
            except TimeoutError:
                if not await _alive(request, caller):
                    return
                yield ServerSentEvent(comment="heartbeat")
                continue
            yield _event(message)


@router.get(
    "/events",
    response_class=EventSourceResponse,
    **operation(auth=CALLER, errors=[403]),
)
async def events(request: Request, caller: TasksReader) -> EventSourceResponse:
    """The caller's changes as they happen, from any device or script (`text/event-stream`).

    Events: `ready` once listening; `task` and `list` with `{"items": [{"id", "version"}]}`
    (what changed, committed; `items` null when a change touched too many to list: reload them
    all); `resync` when changes may have been missed (reload what is shown). A comment line every
    EVENTS_HEARTBEAT_SECONDS (15) keeps the connection alive. The stream ends after
    EVENTS_MAX_STREAM_SECONDS (600), or within a heartbeat of a logout; the browser's
    EventSource reconnects by itself."""
    if not await _alive(request, caller):
        raise SessionExpired
    broadcaster: Broadcaster = request.app.state.broadcaster
    return EventSourceResponse(_stream(request, caller, broadcaster), headers={"Cache-Control": "no-store"})
