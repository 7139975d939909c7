"""Live changes: who is listening, and what each of them is told.

Changes come from the database (events.queries: PostgreSQL's NOTIFY, sent by triggers at
commit, so every replica hears every committed change; on SQLite, a look at what changed every
half second), one event per owner and statement. The broadcaster hands each to that owner's open
streams. A stream that falls behind, or any stream after the source lost its connection, is told
to `resync` (reload what it shows) instead of being given a partial picture.
"""

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

# Events a stream may hold before it is told to resync instead.
QUEUE_SIZE = 100


@dataclass(frozen=True, slots=True)
class Change:
    """What changed for one owner: `kind` is "task" or "list"; `items` the [{"id", "version"}]
    changed, or None when there were too many to list."""

    owner_id: int
    kind: str
    items: list[dict[str, Any]] | None


RESYNC = "resync"
Message = Change | str
# Starts a process's change source for a broadcaster; returns what stops it.
ChangeSource = Callable[["Broadcaster"], Awaitable[Callable[[], Awaitable[None]]]]


class Broadcaster:
    """The open streams of this process, by owner; the change source runs while any is open."""

    def __init__(self, start_source: ChangeSource) -> None:
        self._streams: dict[int, set[asyncio.Queue[Message]]] = defaultdict(set)
        self._start_source = start_source
        self._stop_source: Callable[[], Awaitable[None]] | None = None
        self._starting = asyncio.Lock()

    @asynccontextmanager
    async def subscribe(self, owner_id: int) -> AsyncIterator["asyncio.Queue[Message]"]:
        async with self._starting:
            if self._stop_source is None:
                self._stop_source = await self._start_source(self)
        queue: asyncio.Queue[Message] = asyncio.Queue(QUEUE_SIZE)
        self._streams[owner_id].add(queue)
        try:
            yield queue
        finally:
            streams = self._streams[owner_id]
            streams.discard(queue)
            if not streams:
                del self._streams[owner_id]

    def publish(self, change: Change) -> None:
        for queue in self._streams.get(change.owner_id, ()):
            _offer(queue, change)

    def resync_all(self) -> None:
        """The source may have missed changes (it reconnected): every stream reloads."""
        for streams in self._streams.values():
            for queue in streams:
                _offer(queue, RESYNC)

    async def close(self) -> None:
        if self._stop_source is not None:
            await self._stop_source()
            self._stop_source = None


def _offer(queue: "asyncio.Queue[Message]", message: Message) -> None:
    try:
        queue.put_nowait(message)
    except asyncio.QueueFull:
        # Behind: what it holds no longer matters, a reload covers it all.
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(RESYNC)
