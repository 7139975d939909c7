"""Fixtures for the browser tests: the real API on its own port, the frontend through real nginx with
the project's config on another port (cross-origin, as in production), and headless Debian Chromium.

The database is PostgreSQL (a `tasktracker_e2e_<pid>` database on the TEST_DATABASE_URL server)
when TEST_DATABASE_URL is set, else a temporary SQLite file. Every test signs up its own user, so
tests share one backend without seeing each other's tasks.
"""

import asyncio
import os
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Playwright, expect, sync_playwright

from tests.conftest import (
    TEST_DATABASE_URL,
    TEST_JWT_SECRET,
    drop_postgres_database,
    recreate_postgres_database,
    require_service,
    with_database,
)
from tests.ports import free_port

from .helpers import PageProblems, Stack, context_options, screenshot
from .servers import Backend, Nginx, PortTaken, nginx_binary, start_backend, start_nginx, stop

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
E2E_DATABASE = "tasktracker_e2e"
# How long a step may wait for the page: generous, so a machine busy with other work slows a
# test down instead of failing it (a condition met early returns at once). Tests that assert a
# deadline of the app's own (a backoff, a debounce) pass their own shorter timeout.
STEP_TIMEOUT_MS = 30_000
expect.set_options(timeout=STEP_TIMEOUT_MS)


def _run_async(coroutine: Coroutine[Any, Any, None]) -> None:
    with ThreadPoolExecutor(1) as executor:  # asyncio.run must not meet pytest-asyncio's loop
        executor.submit(asyncio.run, coroutine).result()


@pytest.fixture(scope="package")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """PostgreSQL when TEST_DATABASE_URL is set: a database of this run's own (runs of other
    developers on the same server must not drop it under us), removed afterwards."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'tasktracker.db'}"
        return
    url = with_database(TEST_DATABASE_URL, f"{E2E_DATABASE}_{os.getpid()}")
    try:
        _run_async(recreate_postgres_database(url))
    except OSError as exc:
        pytest.fail(f"TEST_DATABASE_URL is set but PostgreSQL is unreachable: {exc}")
    yield url
    _run_async(drop_postgres_database(url))


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[Stack]:
    nginx = nginx_binary()
    if nginx is None:
        require_service("nginx", "install Debian's nginx (apt-get install -y nginx)")
        raise AssertionError("unreachable")
    workdir = tmp_path_factory.mktemp("e2e")
    backend, nginx_process = _start_stack(nginx, workdir, database_url)
    try:
        yield Stack(backend.url, nginx_process.url, backend, nginx_process)
    finally:
        stop(nginx_process.process)
        stop(backend.process)


PORT_ATTEMPTS = 5


def _start_stack(nginx: str, workdir: Path, database_url: str) -> tuple[Backend, Nginx]:
    """The API and Nginx on ports of their own; other ports when another test run took one."""
    for _ in range(PORT_ATTEMPTS):
        api_port, frontend_port = free_port(), free_port()
        try:
            backend = start_backend(
                workdir, api_port, _backend_environment(database_url, workdir, frontend_port)
            )
        except PortTaken:
            continue
        try:
            return backend, start_nginx(nginx, workdir / "nginx", frontend_port, backend.url)
        except PortTaken:
            stop(backend.process)
        except BaseException:
            stop(backend.process)
            raise
    raise RuntimeError(f"no free ports for the browser tests' servers in {PORT_ATTEMPTS} attempts")


def _backend_environment(database_url: str, workdir: Path, frontend_port: int) -> dict[str, str]:
    return {
        "ENVIRONMENT": "test",
        "DATA_DIR": str(workdir / "data"),
        "DATABASE_URL": database_url,
        "JWT_SECRET": TEST_JWT_SECRET,
        "CORS_ORIGINS": f"http://127.0.0.1:{frontend_port}",
        # Empty: the embedded filesystem broker under DATA_DIR, so no RabbitMQ is needed.
        "CELERY_BROKER_URL": "",
        "SMTP_HOST": "",
        "LOGIN_MAX_FAILURES_PER_IP": "1000",
    }


# Package scope, not session: while Playwright's sync API is started, its event loop counts as
# running in this thread, so the tests after tests/e2e could not use asyncio.run or pytest-asyncio.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        require_service("chromium", "install Debian's chromium (apt-get install -y chromium)")
    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield instance
    instance.close()


# The app's service worker is blocked in the `context` fixture except where a test is about it: in
# every new context it would install after the first page load and download the whole shell (about
# 60 files) into its cache, competing with the test's own steps. Measured on tests/e2e/test_tasks.py
# and test_auth.py (28 tests, -n 2, busy machine, two rounds each): 148 s and 133 s with the worker,
# 95 s and 85 s blocked. The offline tests' module keeps it (the file is named here because its
# tests carry no marker); any other test opts in with @pytest.mark.browser_context(service_workers="allow").
SERVICE_WORKER_MODULES = {"tests.e2e.test_offline"}


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    marker = request.node.get_closest_marker("browser_context")
    service_workers = "allow" if request.module.__name__ in SERVICE_WORKER_MODULES else "block"
    options = context_options(**{"service_workers": service_workers, **(marker.kwargs if marker else {})})
    instance = browser.new_context(**options)
    instance.set_default_timeout(STEP_TIMEOUT_MS)
    yield instance
    instance.close()


@pytest.fixture
def page(context: BrowserContext, stack: Stack, request: pytest.FixtureRequest) -> Iterator[Page]:
    instance = context.new_page()
    problems = PageProblems(stack.api_url)
    instance.on("console", problems.on_console)
    instance.on("pageerror", problems.on_page_error)
    dialogs: list[str] = []

    def refuse_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    instance.on("dialog", refuse_dialog)
    yield instance
    screenshot(instance, f"{request.node.name}-final")
    assert not dialogs, f"unexpected dialogs (script injection?): {dialogs}"
    assert not problems.errors, "\n".join(problems.errors)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser_context(**options): Playwright context options for the test")
