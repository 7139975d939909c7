"""Failed-login limits: delays that grow with the failures of an account from one address, of an
account, and of an address.

OWASP's advice (Authentication and Credential Stuffing Prevention cheat sheets) rather than a
hard lock: a lock after N failures per email lets anyone lock anyone out. Three counts of recent
failures, each forgotten once `window_seconds` pass without a new one after its last delay ended:

- per (email, client address): `max_per_email` failures are free, then each further one makes
  that pair wait 1 s, 2 s, 4 s ... up to `window_seconds`. A guesser on one address is slowed to
  a crawl; the account's owner elsewhere is not affected.
- per email, from every address together: ten times as many free failures, then delays of at
  most a minute, against guessing spread over many addresses without locking the owner out.
- per client address, over every email: `max_per_ip` free failures, then delays up to
  `window_seconds`, against one address trying one password on many accounts.

An address that logged in to an account recently is its owner's: for that account it is held
only to its own pair's delays, never to the account's or the address's, which an attacker fills.

Only failures count. Attempts in flight are counted apart: each count admits at most as many at
once as it has free failures left (one once delays began), and a further attempt waits for one
to finish rather than being refused, so concurrent logins with the right password all succeed and
concurrent wrong guesses still cannot spend more than the free failures.

The counters are in process memory: one API process is the embedded and the default production
shape. With several replicas, REDIS_URL puts the same counts in Redis (auth.shared_ratelimit),
behind the same `attempt` interface (LoginLimits).

Password reset requests (tasktracker.password_reset) have a limiter of their own with the same
three counts, where every request counts as a failure: each one sends an email."""

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

from tasktracker.errors import TooManyRequests

# How much more failures an account may take from every address than from one, and how long the
# delays of that count may grow: short, since its owner may be one of those addresses.
ACCOUNT_FREE_FAILURES_FACTOR = 10
ACCOUNT_MAX_DELAY_SECONDS = 60.0
# How long a successful login makes an address its account owner's.
KNOWN_SOURCE_SECONDS = 30 * 24 * 3600.0
# Bound memory under a flood of distinct emails or addresses: the least recently used go first.
MAX_TRACKED_KEYS = 100_000


@dataclass(frozen=True, slots=True)
class _Rule:
    free_failures: int
    max_delay: float

    def delay_after(self, failures: int) -> float:
        """How long to wait after the `failures`-th recent failure: 0 while free, then 1 s, 2 s, 4 s ..."""
        if failures < self.free_failures:
            return 0.0
        return min(self.max_delay, 2.0 ** min(failures - self.free_failures, 32))

    def admits(self, failures: int, in_flight: int) -> bool:
        return in_flight < max(1, self.free_failures - failures)


@dataclass(slots=True)
class _Count:
    rule: _Rule
    failures: int = 0
    last_failure: float = 0.0
    blocked_until: float = 0.0
    in_flight: int = 0


class LoginAttempt:
    """One password check in flight; its outcome is told with `failed()` or `succeeded()`.
    Neither (the check broke off: a database error, a cancelled request) counts as nothing."""

    def __init__(self) -> None:
        self.outcome: bool | None = None

    def failed(self) -> None:
        self.outcome = False

    def succeeded(self) -> None:
        self.outcome = True


class LoginLimits(Protocol):
    """What the routes need of the limits: kept here in process memory (LoginRateLimiter), or in
    Redis for several replicas (auth.shared_ratelimit), with the same meaning."""

    def attempt(self, ip: str, email: str) -> AbstractAsyncContextManager[LoginAttempt]: ...


class LoginRateLimiter:
    def __init__(
        self,
        *,
        max_per_email: int,
        max_per_ip: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        counted: str = "failed logins",
    ) -> None:
        self._pair = _Rule(max_per_email, window_seconds)
        self._account = _Rule(max_per_email * ACCOUNT_FREE_FAILURES_FACTOR, ACCOUNT_MAX_DELAY_SECONDS)
        self._source = _Rule(max_per_ip, window_seconds)
        self._window = window_seconds
        self._clock = clock
        # What the 429's message says there were too many of.
        self._counted = counted
        self._counts: OrderedDict[tuple[str, ...], _Count] = OrderedDict()
        self._known_sources: OrderedDict[tuple[str, str], float] = OrderedDict()
        # Set (and replaced) whenever an attempt finishes: what admission waits for.
        self._finished = asyncio.Event()

    @asynccontextmanager
    async def attempt(self, ip: str, email: str) -> AsyncIterator[LoginAttempt]:
        """Admit one password check for `email` from `ip`, or raise TooManyRequests (with the
        seconds to wait) while a count that applies is delayed. Waits while as many checks as
        allowed are already in flight."""
        email = email.lower()
        counts = await self._admit(ip, email)
        attempt = LoginAttempt()
        try:
            yield attempt
        finally:
            self._finish(ip, email, counts, attempt.outcome)
            finished, self._finished = self._finished, asyncio.Event()
            finished.set()

    async def _admit(self, ip: str, email: str) -> list[_Count]:
        # No await between the checks and the count of the admitted attempt: they are one step.
        while True:
            counts = self._counts_for(ip, email)
            wait = max(count.blocked_until for count in counts) - self._clock()
            if wait > 0:
                raise TooManyRequests(math.ceil(wait), wait_message(self._counted, wait))
            if all(count.rule.admits(count.failures, count.in_flight) for count in counts):
                for count in counts:
                    count.in_flight += 1
                return counts
            await self._finished.wait()

    def _finish(self, ip: str, email: str, counts: list[_Count], outcome: bool | None) -> None:
        now = self._clock()
        for count in counts:
            count.in_flight -= 1
            if outcome is False:
                count.failures += 1
                count.last_failure = now
                count.blocked_until = max(count.blocked_until, now + count.rule.delay_after(count.failures))
        if outcome:
            pair = counts[0]  # the right password: the pair's failures were its owner's typos
            pair.failures, pair.blocked_until = 0, 0.0
            self._known_sources[(email, ip)] = now + KNOWN_SOURCE_SECONDS
            self._known_sources.move_to_end((email, ip))
            if len(self._known_sources) > MAX_TRACKED_KEYS:
                self._known_sources.popitem(last=False)

    def _counts_for(self, ip: str, email: str) -> list[_Count]:
        keys: list[tuple[tuple[str, ...], _Rule]] = [(("pair", email, ip), self._pair)]
        if not self._is_known_source(ip, email):
            keys += [(("email", email), self._account), (("ip", ip), self._source)]
        return [self._count(key, rule) for key, rule in keys]

    def _count(self, key: tuple[str, ...], rule: _Rule) -> _Count:
        count = self._counts.get(key)
        if count is None:
            count = self._counts[key] = _Count(rule)
            self._evict_least_recently_used()
        elif count.failures and self._clock() - max(count.last_failure, count.blocked_until) >= self._window:
            count.failures = 0
        self._counts.move_to_end(key)
        return count

    def _evict_least_recently_used(self) -> None:
        while len(self._counts) > MAX_TRACKED_KEYS:
            key, oldest = next(iter(self._counts.items()))
            if oldest.in_flight:
                return  # in use this very moment; the next eviction will pass it
            del self._counts[key]

    def _is_known_source(self, ip: str, email: str) -> bool:
        until = self._known_sources.get((email, ip))
        return until is not None and until > self._clock()


def wait_message(counted: str, seconds: float) -> str:
    """In seconds under a minute, else in minutes rounded up, as the web app says it."""
    amount, unit = math.ceil(seconds), "second"
    if amount >= 60:
        amount, unit = math.ceil(amount / 60), "minute"
    return f"Too many {counted}; try again in {amount} {unit}{'' if amount == 1 else 's'}"
