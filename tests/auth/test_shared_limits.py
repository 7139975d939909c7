"""The login limits in Redis (REDIS_URL): what several replicas share, and what Redis being away
does. The rules themselves are the tests of test_login_limits.py, run on both stores."""

from collections.abc import AsyncIterator
from uuid import uuid4

import httpx
import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from tasktracker.app import create_app
from tasktracker.auth.shared_ratelimit import ATTEMPT_SECONDS, RedisLoginRateLimiter
from tasktracker.config import Settings
from tasktracker.errors import SharedStoreUnavailable, TooManyRequests
from tests.auth.conftest import TEST_REDIS_URL, Clock
from tests.conftest import BASE_URL, register, require_service
from tests.ports import free_port

EMAIL = "grace@example.com"
IP = "198.51.100.50"


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(TEST_REDIS_URL, socket_connect_timeout=5)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        await client.aclose()
        require_service("Redis", f"{TEST_REDIS_URL}: {error}")
    yield client
    await client.aclose()


def replica(redis: Redis, prefix: str, clock: Clock) -> RedisLoginRateLimiter:
    return RedisLoginRateLimiter(
        redis, prefix=prefix, max_per_email=2, max_per_ip=100, window_seconds=900, clock=clock
    )


async def fail(limits: RedisLoginRateLimiter) -> None:
    async with limits.attempt(IP, EMAIL) as attempt:
        attempt.failed()


async def test_two_replicas_count_the_same_failures(redis: Redis) -> None:
    prefix = f"tasktracker-test:{uuid4().hex}:"
    clock = Clock()
    first, second = replica(redis, prefix, clock), replica(redis, prefix, clock)
    await fail(first)
    await fail(second)
    # Two free failures in all, not two per replica: the third attempt waits, on either.
    for limits in (first, second):
        with pytest.raises(TooManyRequests):
            await fail(limits)
    clock.advance(1)
    await fail(second)


async def test_an_attempt_a_dead_replica_never_finished_frees_its_slot(redis: Redis) -> None:
    prefix = f"tasktracker-test:{uuid4().hex}:"
    clock = Clock()
    limits = RedisLoginRateLimiter(
        redis, prefix=prefix, max_per_email=1, max_per_ip=100, window_seconds=900, clock=clock
    )
    # Admitted, then the process "dies": the context manager is never left.
    abandoned = limits.attempt(IP, EMAIL)
    await abandoned.__aenter__()
    clock.advance(ATTEMPT_SECONDS + 1)
    async with limits.attempt(IP, EMAIL) as attempt:
        attempt.succeeded()


async def test_the_app_counts_logins_in_redis_when_configured(settings: Settings, redis: Redis) -> None:
    prefix = f"tasktracker-test:{uuid4().hex}:"
    shared = settings.model_copy(update={"redis_url": TEST_REDIS_URL, "redis_key_prefix": prefix})
    apps = [create_app(shared), create_app(shared)]
    try:
        async with apps[0].router.lifespan_context(apps[0]), apps[1].router.lifespan_context(apps[1]):
            clients = [
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=app, client=(IP, 50000)), base_url=BASE_URL
                )
                for app in apps
            ]
            await register(clients[0], EMAIL)
            statuses = []
            for number in range(settings.login_max_failures_per_email + 1):
                response = await clients[number % 2].post(
                    "/session", json={"email": EMAIL, "password": "wrong one"}
                )
                statuses.append(response.status_code)
            # Five free failures across both "replicas", then a delay: not five on each.
            assert statuses == [401] * settings.login_max_failures_per_email + [429]
            assert [key async for key in redis.scan_iter(f"{prefix}login:*")]
            for http in clients:
                await http.aclose()
    finally:
        keys = [key async for key in redis.scan_iter(f"{prefix}*")]
        if keys:
            await redis.delete(*keys)


async def test_redis_away_is_a_503_for_logins_and_for_ready(settings: Settings) -> None:
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    away = create_app(settings.model_copy(update={"redis_url": unreachable}))
    async with (
        away.router.lifespan_context(away),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=away), base_url=BASE_URL) as http,
    ):
        login = await http.post("/session", json={"email": EMAIL, "password": "whatever it is"})
        assert login.status_code == 503
        assert login.json() == {"message": SharedStoreUnavailable.message}
        assert login.headers["Retry-After"]
        ready = await http.get("/ready")
        assert ready.status_code == 503
        assert ready.json() == {"message": SharedStoreUnavailable.message}
