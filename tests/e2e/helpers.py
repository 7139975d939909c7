"""Helpers for the browser tests: the running stack, API calls with the browser's cookie jar,
screenshots, and what counts as a problem on a page."""

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import BrowserContext, ConsoleMessage, Locator, Page, Route, expect

from tests.ports import free_port

from .servers import REPO, Backend, Nginx

ARTIFACTS = REPO / "test-artifacts" / "e2e"
PASSWORD = "correct horse battery"

_emails = itertools.count(1)


@dataclass
class Stack:
    api_url: str
    frontend_url: str
    backend: Backend
    nginx: Nginx


@dataclass
class PageProblems:
    """Console errors and uncaught exceptions seen by a page.

    Chromium logs every non-2xx response as "Failed to load resource"; for the API those are the
    protocol (401 for a visitor, 409 for a taken email, an aborted request in a retry test), so only
    the ones from the frontend's own origin (a missing file, a CSP violation) count as problems.
    """

    api_url: str
    errors: list[str] = field(default_factory=list)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        location = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and location.startswith(self.api_url):
            return
        self.errors.append(f"console error: {message.text} ({location})")

    def on_page_error(self, error: Any) -> None:
        self.errors.append(f"uncaught exception: {error}")


def context_options(locale: str = "en-US", **overrides: Any) -> dict[str, Any]:
    return {
        "locale": locale,
        "timezone_id": "Europe/Moscow",
        "viewport": {"width": 1280, "height": 800},
        **overrides,
    }


def screenshot(page: Page, name: str) -> None:
    """Saves a screenshot as a test artifact (test-artifacts/ is not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    page.screenshot(path=str(ARTIFACTS / f"{safe}.png"), full_page=True)


def new_email(prefix: str = "user") -> str:
    return f"{prefix}-{next(_emails)}-{free_port()}@example.com"


def register_via_api(context: BrowserContext, stack: Stack, email: str | None = None) -> str:
    """Signs a user up through the API with the context's cookie jar: the browser is logged in."""
    address = email or new_email()
    response = context.request.post(f"{stack.api_url}/user", data={"email": address, "password": PASSWORD})
    assert response.status == 200, response.text()
    return address


def api_get(context: BrowserContext, stack: Stack, path: str) -> Any:
    response = context.request.get(f"{stack.api_url}{path}")
    assert response.ok, f"GET {path}: {response.status} {response.text()}"
    return response.json()


def create_task_via_api(context: BrowserContext, stack: Stack, title: str, **fields: Any) -> dict[str, Any]:
    response = context.request.post(f"{stack.api_url}/tasks", data={"title": title, **fields})
    assert response.status == 201, response.text()
    task: dict[str, Any] = response.json()
    return task


def open_app(page: Page, stack: Stack) -> None:
    """Loads the app and waits until it has decided between the visitor and the logged-in view."""
    page.goto(stack.frontend_url + "/")
    page.wait_for_selector("#app-loading", state="hidden")
    page.wait_for_selector("#welcome:not([hidden]), #tasks-view:not([hidden])")


def has_class(class_name: str) -> re.Pattern[str]:
    """For expect(...).to_have_class: the element has this class among others."""
    return re.compile(rf"(^|\s){re.escape(class_name)}(\s|$)")


def wait_for(condition: Callable[[], bool], page: Page, timeout_ms: int = 30_000) -> None:
    """Polls a condition checked outside the browser, e.g. through the API."""
    for _ in range(timeout_ms // 100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("condition not met in time")


def open_account_menu(page: Page) -> None:
    """Below 992 px Settings, Log out and the language and theme selects sit in the header's menu."""
    toggle = page.locator("#account-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()


def task_row(page: Page, task_id: int) -> Locator:
    """A task's row in the open or the done list."""
    return page.locator(f"#task-lists .task-item[data-task-id='{task_id}']")


def with_tasks(page: Page, context: BrowserContext, stack: Stack, *titles: str) -> list[dict[str, Any]]:
    """A new user with these tasks (made through the API), their list open and shown."""
    register_via_api(context, stack)
    tasks = [create_task_via_api(context, stack, title) for title in titles]
    open_app(page, stack)
    for task in tasks:
        expect(task_row(page, task["id"])).to_be_visible()
    return tasks


@contextmanager
def user_answer_held(page: Page, stack: Stack) -> Iterator[None]:
    """GET /user waits until the block ends: what the page shows meanwhile is what it shows before
    the account's answer."""
    held: list[Route] = []

    def hold(route: Route) -> None:
        if route.request.method == "GET":
            held.append(route)
        else:
            route.continue_()

    page.route(f"{stack.api_url}/user", hold)
    try:
        yield
        wait_for(lambda: len(held) == 1, page)
    finally:
        for route in held:
            route.continue_()
        page.unroute(f"{stack.api_url}/user")
