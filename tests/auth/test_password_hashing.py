"""Argon2 runs in a few threads of its own, at a lower CPU priority, never on the event loop; its
parameters are OWASP's, and hashes made with other parameters still verify."""

import asyncio
import os
import threading

import pytest
from argon2 import PasswordHasher

from tasktracker.auth import security
from tasktracker.config import Settings, get_settings


async def test_hashes_run_in_a_bounded_set_of_low_priority_threads() -> None:
    release = threading.Event()
    seen: list[tuple[int, str, int]] = []

    def hash_like() -> None:
        release.wait(timeout=60)  # every hash is queued before the first one ends
        native_id = threading.get_native_id()
        niceness = os.getpriority(os.PRIO_PROCESS, native_id)
        seen.append((native_id, threading.current_thread().name, niceness))

    hashes = [asyncio.ensure_future(security.in_hashing_thread(hash_like)) for _ in range(8)]
    await asyncio.sleep(0)  # let each task hand its hash to the threads
    release.set()
    await asyncio.gather(*hashes)
    threads = {native_id for native_id, _, _ in seen}
    allowed = get_settings().password_hash_threads or max(1, (os.cpu_count() or 1) // 2)
    assert 1 <= len(threads) <= allowed
    assert threading.get_native_id() not in threads
    assert all(name.startswith("argon2") and nice == security.HASHING_NICENESS for _, name, nice in seen)


def test_the_production_parameters_are_owasps_and_cannot_be_lowered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PASSWORD_HASH_MEMORY_KIB")  # the test run's own cheap ones
    monkeypatch.delenv("PASSWORD_HASH_ITERATIONS")
    defaults = Settings(_env_file=None, environment="production", jwt_secret="s" * 40)  # type: ignore[call-arg]
    hashed = security.hasher_for(defaults).hash("correct horse battery")
    assert hashed.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    for weaker in ({"password_hash_memory_kib": 8}, {"password_hash_iterations": 1}):
        with pytest.raises(ValueError, match="PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_ITERATIONS"):
            Settings(_env_file=None, environment="production", jwt_secret="s" * 40, **weaker)  # type: ignore[arg-type]


def test_this_test_run_hashes_cheaply_and_old_hashes_still_verify() -> None:
    # tests/conftest.py sets the least Argon2 allows, for speed; production cannot (above).
    assert security.hash_password("correct horse battery").startswith("$argon2id$v=19$m=8,t=1,p=1$")
    # The library's defaults before (64 MiB, 3 iterations, 4 lanes): stored hashes of that time.
    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash("correct horse battery")
    assert security.verify_password("correct horse battery", old)
    assert not security.verify_password("wrong horse battery", old)
