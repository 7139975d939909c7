"""A clock the login limiter reads, moved by the test."""

import pytest
from fastapi import FastAPI

from tasktracker.auth.ratelimit import LoginRateLimiter
from tasktracker.config import Settings


class Clock:
    """The limiter's clock, moved by the test: delays are checked exactly, without sleeping."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(app: FastAPI, settings: Settings) -> Clock:
    clock = Clock()
    app.state.login_limiter = LoginRateLimiter(
        max_per_email=settings.login_max_failures_per_email,
        max_per_ip=settings.login_max_failures_per_ip,
        window_seconds=settings.login_failure_window_seconds,
        clock=clock,
    )
    return clock
