"""Failed-login limits per client IP and per email: a sliding window kept in process memory.

One API process is the embedded and the default production shape; with several replicas each
keeps its own counters (see docs/architecture.md for moving them to a shared store)."""

import time
from collections import deque
from collections.abc import Callable

from tasktracker.errors import TooManyRequests


class SlidingWindowCounter:
    def __init__(self, limit: int, window_seconds: float, clock: Callable[[], float]) -> None:
        self.limit = limit
        self.window = window_seconds
        self._clock = clock
        self._events: dict[str, deque[float]] = {}

    def _live(self, key: str) -> deque[float] | None:
        events = self._events.get(key)
        if events is None:
            return None
        cutoff = self._clock() - self.window
        while events and events[0] <= cutoff:
            events.popleft()
        if not events:
            del self._events[key]
            return None
        return events

    def retry_after(self, key: str) -> float:
        """Seconds until `key` may try again; 0 when it is under the limit."""
        events = self._live(key)
        if events is None or len(events) < self.limit:
            return 0
        return events[-self.limit] + self.window - self._clock()

    def add(self, key: str) -> None:
        self._live(key)
        self._events.setdefault(key, deque()).append(self._clock())
        # Bound memory under a flood of distinct keys: forget the key added first.
        if len(self._events) > 100_000:
            del self._events[next(iter(self._events))]

    def remove_one(self, key: str) -> None:
        events = self._events.get(key)
        if events:
            events.pop()

    def clear(self, key: str) -> None:
        self._events.pop(key, None)


class LoginRateLimiter:
    def __init__(
        self,
        *,
        max_per_email: int,
        max_per_ip: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._by_email = SlidingWindowCounter(max_per_email, window_seconds, clock)
        self._by_ip = SlidingWindowCounter(max_per_ip, window_seconds, clock)

    def check(self, ip: str, email: str) -> None:
        wait = max(self._by_ip.retry_after(ip), self._by_email.retry_after(email.lower()))
        if wait > 0:
            raise TooManyRequests(int(wait) + 1)

    def record_attempt(self, ip: str, email: str) -> None:
        """Counted as a failure before the (slow) password check, so concurrent guesses cannot
        all pass `check` first; a success takes it back."""
        self._by_ip.add(ip)
        self._by_email.add(email.lower())

    def record_success(self, ip: str, email: str) -> None:
        self._by_ip.remove_one(ip)
        self._by_email.clear(email.lower())
