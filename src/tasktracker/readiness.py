"""What `/ready` answers, within READY_TIMEOUT_SECONDS whatever its dependencies do. Anyone may
call it, as often as they like, so a call costs little and opens nothing new:

- the database: a pooled connection and `SELECT 1` (`db.ping`), an outage logged once there;
- the broker, when one is configured: one connection attempt in a thread of the probe's own (not
  the default executor, where passwords are hashed), at most one attempt at a time, and its answer
  kept for READY_BROKER_CACHE_SECONDS, so any number of callers make at most one broker connection
  per period. A change of answer is logged, once;
- Redis, when configured: a PING on its pooled connection.
"""

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

from redis.asyncio import Redis
from redis.exceptions import RedisError

from tasktracker.config import Settings
from tasktracker.db import Database, ping
from tasktracker.errors import BrokerUnavailable, SharedStoreUnavailable
from tasktracker.notifications.publisher import probe_broker

log = logging.getLogger(__name__)


class BrokerProbe:
    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="broker-probe")
        self._attempt: asyncio.Future[str | None] | None = None
        self._problem: str | None = None
        self._answered_at = -float("inf")

    async def reachable(self, *, within: float) -> bool:
        """The broker's answer, fresh or at most READY_BROKER_CACHE_SECONDS old; False when no
        attempt answers within `within` seconds."""
        if self._attempt is None:
            if time.monotonic() - self._answered_at < self._settings.ready_broker_cache_seconds:
                return self._problem is None
            self._attempt = asyncio.wrap_future(self._executor.submit(self._connect, within))
            self._attempt.add_done_callback(self._record)
        try:
            # Shielded: a caller that stops waiting leaves the attempt to answer the next ones.
            problem = await asyncio.wait_for(asyncio.shield(self._attempt), within)
        except TimeoutError:
            return False
        return problem is None

    def _connect(self, connect_timeout: float) -> str | None:
        """In the probe's thread: None when the broker accepted a connection, else why not."""
        try:
            probe_broker(self._settings, connect_timeout)
        except Exception as error:
            return f"{type(error).__name__}: {error}"
        return None

    def _record(self, attempt: "asyncio.Future[str | None]") -> None:
        self._attempt = None
        if attempt.cancelled():
            return
        problem = attempt.result()
        if problem is not None and self._problem is None:
            log.error("message broker unreachable (%s); /ready answers 503 until it is back", problem)
        elif problem is None and self._problem is not None:
            log.warning("message broker reachable again")
        self._problem, self._answered_at = problem, time.monotonic()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


class Readiness:
    def __init__(self, settings: Settings, database: Database, redis: Redis | None = None) -> None:
        self._settings = settings
        self._database = database
        self._broker = BrokerProbe(settings) if settings.celery_broker_url else None
        self._redis = redis

    async def check(self) -> None:
        """Return when every dependency answers; else raise DatabaseUnavailable,
        BrokerUnavailable or SharedStoreUnavailable, within READY_TIMEOUT_SECONDS (all are
        asked at once)."""
        within = self._settings.ready_timeout_seconds
        _, broker_reachable, redis_reachable = await asyncio.gather(
            ping(self._database, within=within), self._broker_reachable(within), self._redis_reachable(within)
        )
        if not broker_reachable:
            raise BrokerUnavailable()
        if not redis_reachable:
            raise SharedStoreUnavailable()

    async def _redis_reachable(self, within: float) -> bool:
        """Redis, when configured: one PING on its pooled connection."""
        if self._redis is None:
            return True
        try:
            return bool(await asyncio.wait_for(self._redis.ping(), within))
        except (TimeoutError, RedisError, OSError):
            return False

    async def _broker_reachable(self, within: float) -> bool:
        return self._broker is None or await self._broker.reachable(within=within)

    def close(self) -> None:
        if self._broker is not None:
            self._broker.close()
