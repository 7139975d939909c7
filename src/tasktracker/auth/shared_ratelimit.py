"""The failed-login limits of auth/ratelimit.py kept in Redis, for several API replicas.

The same three counts, rules, known owners' addresses and attempts in flight, so a limit means
the same with one process or many: each replica asks Redis, and one Lua script per step (admit,
finish) reads and writes every count of an attempt atomically, with no read-modify-write race
between replicas. The caller's clock gives the time (the replicas' clocks agree to well under
the one-second granularity of the delays).

An attempt in flight is a member of a sorted set per count, scored by when it must have ended;
a replica that dies mid-attempt leaves a member that expires after ATTEMPT_SECONDS instead of
holding the count forever. An attempt that finds its counts busy polls until one is free (rare:
it takes concurrent attempts beyond a count's free failures). Every key expires by itself once
its count would be forgotten.

Redis unreachable is a 503 (ServiceUnavailable): a login that cannot be counted is not checked.
"""

import asyncio
import math
import secrets
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from redis.asyncio import Redis
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from tasktracker.auth.ratelimit import (
    ACCOUNT_FREE_FAILURES_FACTOR,
    ACCOUNT_MAX_DELAY_SECONDS,
    KNOWN_SOURCE_SECONDS,
    LoginAttempt,
    wait_message,
)
from tasktracker.errors import SharedStoreUnavailable, TooManyRequests

# How long an attempt may stay in flight before its slot is taken back (a password check takes
# well under a second; a replica that died mid-attempt never finishes it).
ATTEMPT_SECONDS = 30.0
# How often an attempt that found its counts busy asks again.
BUSY_POLL_SECONDS = 0.05

# KEYS: the counts of the attempt (pair, then account and address unless the address is known),
# each a hash, and its set of attempts in flight; then the known-owner key.
# ARGV: now, window, attempt id, attempt deadline, then per count: free failures, max delay.
_COMMON = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local function counts_of(known_key)
  local known = tonumber(redis.call('GET', known_key) or '0')
  if known > now then return 1 end
  return 3
end
local function load(key, window)
  local failures, last_failure, blocked_until = unpack(
    redis.call('HMGET', key, 'failures', 'last_failure', 'blocked_until'))
  failures = tonumber(failures or '0')
  last_failure = tonumber(last_failure or '0')
  blocked_until = tonumber(blocked_until or '0')
  if failures > 0 and now - math.max(last_failure, blocked_until) >= window then
    failures = 0
  end
  return failures, last_failure, blocked_until
end
"""

# Returns {0, 0}: admitted; {1, seconds}: delayed; {2, 0}: busy, ask again.
_ADMIT = (
    _COMMON
    + """
local attempt, deadline = ARGV[3], tonumber(ARGV[4])
local n = counts_of(KEYS[7])
local wait = 0
local busy = false
for i = 1, n do
  local failures, _, blocked_until = load(KEYS[2 * i - 1], window)
  wait = math.max(wait, blocked_until - now)
  local flight = KEYS[2 * i]
  redis.call('ZREMRANGEBYSCORE', flight, '-inf', now)
  local free = tonumber(ARGV[3 + 2 * i])
  if redis.call('ZCARD', flight) >= math.max(1, free - failures) then busy = true end
end
if wait > 0 then return {1, tostring(wait)} end
if busy then return {2, '0'} end
for i = 1, n do
  redis.call('ZADD', KEYS[2 * i], deadline, attempt)
  redis.call('EXPIRE', KEYS[2 * i], math.ceil(deadline - now) + 1)
end
return {0, tostring(n)}
"""
)

# ARGV[5]: how many counts were admitted; ARGV[6]: 1 failed, 2 succeeded, 0 neither;
# ARGV[7]: the known-owner period. Then per count: free failures, max delay (from ARGV[8]).
_FINISH = (
    _COMMON
    + """
local attempt = ARGV[3]
local n = tonumber(ARGV[5])
local outcome = tonumber(ARGV[6])
for i = 1, n do
  local key, flight = KEYS[2 * i - 1], KEYS[2 * i]
  redis.call('ZREM', flight, attempt)
  local failures, last_failure, blocked_until = load(key, window)
  if outcome == 1 then
    local free, max_delay = tonumber(ARGV[6 + 2 * i]), tonumber(ARGV[7 + 2 * i])
    failures = failures + 1
    last_failure = now
    local delay = 0
    if failures >= free then delay = math.min(max_delay, 2 ^ math.min(failures - free, 32)) end
    blocked_until = math.max(blocked_until, now + delay)
  elseif outcome == 2 and i == 1 then
    failures, blocked_until = 0, 0
  end
  if failures > 0 or blocked_until > now then
    redis.call('HSET', key, 'failures', failures, 'last_failure', last_failure,
      'blocked_until', blocked_until)
    redis.call('EXPIRE', key, math.ceil(math.max(last_failure, blocked_until) + window - now) + 1)
  else
    redis.call('DEL', key)
  end
end
if outcome == 2 then
  local period = tonumber(ARGV[7])
  redis.call('SET', KEYS[7], tostring(now + period), 'EX', math.ceil(period))
end
return n
"""
)


class RedisLoginRateLimiter:
    """auth.ratelimit.LoginRateLimiter's `attempt`, its counts in Redis under `prefix`."""

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str,
        max_per_email: int,
        max_per_ip: int,
        window_seconds: float,
        clock: Callable[[], float] = time.time,
        counted: str = "failed logins",
    ) -> None:
        self._redis = redis
        self._prefix = prefix
        # (free failures, max delay) of the pair, the account and the address, in KEYS order.
        self._rules = [
            (max_per_email, float(window_seconds)),
            (max_per_email * ACCOUNT_FREE_FAILURES_FACTOR, ACCOUNT_MAX_DELAY_SECONDS),
            (max_per_ip, float(window_seconds)),
        ]
        self._window = float(window_seconds)
        self._clock = clock
        self._counted = counted
        self._admit = redis.register_script(_ADMIT)
        self._finish = redis.register_script(_FINISH)

    def _keys(self, ip: str, email: str) -> list[str]:
        counts = [f"pair:{email}:{ip}", f"email:{email}", f"ip:{ip}"]
        keys = []
        for count in counts:
            keys += [f"{self._prefix}{count}", f"{self._prefix}{count}:flight"]
        return [*keys, f"{self._prefix}known:{email}:{ip}"]

    def _rule_args(self) -> list[float]:
        return [value for rule in self._rules for value in rule]

    @asynccontextmanager
    async def attempt(self, ip: str, email: str) -> AsyncIterator[LoginAttempt]:
        """As LoginRateLimiter.attempt: admitted, delayed (TooManyRequests) or waiting."""
        email = email.lower()
        keys = self._keys(ip, email)
        attempt_id = secrets.token_hex(8)
        admitted = await self._admit_when_free(keys, attempt_id)
        attempt = LoginAttempt()
        try:
            yield attempt
        finally:
            outcome = {None: 0, False: 1, True: 2}[attempt.outcome]
            now = self._clock()
            # Shielded: a cancelled request still hands its slot back and records its outcome.
            await asyncio.shield(
                self._call(
                    self._finish,
                    keys,
                    [
                        now,
                        self._window,
                        attempt_id,
                        0,
                        admitted,
                        outcome,
                        KNOWN_SOURCE_SECONDS,
                        *self._rule_args(),
                    ],
                )
            )

    async def _admit_when_free(self, keys: list[str], attempt_id: str) -> int:
        while True:
            now = self._clock()
            status, value = await self._call(
                self._admit, keys, [now, self._window, attempt_id, now + ATTEMPT_SECONDS, *self._rule_args()]
            )
            if int(status) == 0:
                return int(value)
            if int(status) == 1:
                wait = float(value)
                raise TooManyRequests(math.ceil(wait), wait_message(self._counted, wait))
            await asyncio.sleep(BUSY_POLL_SECONDS)

    async def _call(self, script: AsyncScript, keys: list[str], args: list[float | str | int]) -> Any:
        try:
            result = await script(keys=keys, args=args)
        except (RedisError, OSError) as error:
            raise SharedStoreUnavailable() from error
        return result
