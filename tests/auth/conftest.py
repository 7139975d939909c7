"""The login limits under test, in process memory and in Redis (the same tests run on both), and
a clock they read, moved by the test."""

import os
from collections.abc import AsyncIterator, Callable
from uuid import uuid4

import pytest
from fastapi import FastAPI
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tasktracker.auth.ratelimit import LoginLimits, LoginRateLimiter
from tasktracker.auth.shared_ratelimit import RedisLoginRateLimiter
from tasktracker.config import Settings
from tests.conftest import require_service

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


class Clock:
    """The limiter's clock, moved by the test: delays are checked exactly, without sleeping."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# Makes a limiter: (max_per_email, max_per_ip, window_seconds, clock) -> the limits.
LimitsFactory = Callable[[int, int, float, Clock], LoginLimits]


@pytest.fixture(params=["memory", "redis"])
async def make_limits(request: pytest.FixtureRequest) -> AsyncIterator[LimitsFactory]:
    if request.param == "memory":
        yield lambda per_email, per_ip, window, clock: LoginRateLimiter(
            max_per_email=per_email, max_per_ip=per_ip, window_seconds=window, clock=clock
        )
        return
    redis = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=5)
    try:
        await redis.ping()
    except (RedisError, OSError) as error:
        await redis.aclose()
        require_service("Redis", f"{TEST_REDIS_URL}: {error}")
    prefix = f"tasktracker-test:{uuid4().hex}:"
    yield lambda per_email, per_ip, window, clock: RedisLoginRateLimiter(
        redis, prefix=prefix, max_per_email=per_email, max_per_ip=per_ip, window_seconds=window, clock=clock
    )
    keys = [key async for key in redis.scan_iter(f"{prefix}*")]
    if keys:
        await redis.delete(*keys)
    await redis.aclose()


@pytest.fixture
def clock(app: FastAPI, settings: Settings, make_limits: LimitsFactory) -> Clock:
    clock = Clock()
    app.state.login_limiter = make_limits(
        settings.login_max_failures_per_email,
        settings.login_max_failures_per_ip,
        settings.login_failure_window_seconds,
        clock,
    )
    return clock
