"""Running a scheduled job in a test as the worker runs it, with the test's settings."""

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest

from tasktracker.config import Settings
from tasktracker.worker import runtime


def give_the_worker(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, jobs: ModuleType, **changes: Any
) -> Settings:
    """The job module's and the worker runtime's settings become the test's, with `changes`."""
    patched = settings.model_copy(update=changes)
    monkeypatch.setattr(jobs, "get_settings", lambda: patched)
    monkeypatch.setattr(runtime, "get_settings", lambda: patched)
    return patched


def run_as_worker(job: Callable[[], None]) -> None:
    """The job as a worker runs it: on this thread's worker runtime, closed afterwards."""
    try:
        job()
    finally:
        runtime._runtime.close()
