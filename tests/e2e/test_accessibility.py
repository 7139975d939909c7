"""axe-core on every main screen, at desktop and phone sizes, in light and dark: no serious or
critical violations.

Screens are reached the way a person reaches them (a button, a link, a task's title) and waited
for by what they show, not by their exact markup, so the checks keep working as the design
changes. axe is the pinned tools/node_modules/axe-core; it is evaluated into the page through the
DevTools protocol, which the page's CSP (no inline scripts) does not govern, unlike a <script> tag.
"""

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .helpers import (
    PASSWORD,
    Stack,
    context_options,
    create_task_via_api,
    open_account_menu,
    open_app,
    register_via_api,
    screenshot,
)
from .servers import REPO

pytestmark = pytest.mark.e2e

AXE = REPO / "tools" / "node_modules" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")

LOOKS = {
    "desktop-light": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "light"},
    "desktop-dark": {"viewport": {"width": 1280, "height": 800}, "color_scheme": "dark"},
    "phone-light": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "light",
    },
    "phone-dark": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "color_scheme": "dark",
    },
}


def looks() -> list[Any]:
    return [
        pytest.param(name, marks=pytest.mark.browser_context(**options), id=name)
        for name, options in LOOKS.items()
    ]


@cache
def axe_source() -> str:
    assert AXE.exists(), f"{AXE} is missing: run `npm ci` in tools/"
    return AXE.read_text()


def serious_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results: dict[str, Any] = page.evaluate("() => axe.run(document, { resultTypes: ['violations'] })")
    return [item for item in results["violations"] if item["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for item in violations:
        lines.append(f"{item['id']} ({item['impact']}): {item['help']} <{item['helpUrl']}>")
        for node in item["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' > '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def check(page: Page, name: str) -> None:
    # A dialog or sheet still sliding or fading in would be read half-transparent.
    page.evaluate("() => Promise.all(document.getAnimations().map((animation) => animation.finished))")
    screenshot(page, f"a11y-{name}")
    violations = serious_violations(page)
    assert not violations, f"axe on {name}, {len(violations)} serious or critical:\n{describe(violations)}"


# The signed-in screens share one user with open and done tasks and a list; each test logs in
# with a session of its own (a shared cookie jar would rotate one refresh token from many pages).
@pytest.fixture(scope="module")
def user(browser: Browser, stack: Stack) -> str:
    context = browser.new_context(**context_options())
    try:
        email = register_via_api(context, stack)
        made = context.request.post(f"{stack.api_url}/lists", data={"name": "Errands"})
        assert made.status == 201, made.text()
        errands = made.json()["id"]
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).date().isoformat()
        create_task_via_api(context, stack, "Write the quarterly report", description="Figures from March")
        create_task_via_api(context, stack, "Buy milk", list_id=errands)
        create_task_via_api(context, stack, "Call the plumber", due_date=tomorrow)
        for title in ("Book the tickets", "Renew the passport"):
            task = create_task_via_api(context, stack, title)
            done = context.request.patch(f"{stack.api_url}/tasks/{task['id']}", data={"done": True})
            assert done.ok, done.text()
    finally:
        context.close()
    return email


def sign_in(page: Page, stack: Stack, email: str) -> None:
    response = page.context.request.post(
        f"{stack.api_url}/session", data={"email": email, "password": PASSWORD}
    )
    assert response.ok, response.text()
    open_app(page, stack)
    expect(page.locator("#tasks-view")).to_be_visible()
    expect(page.get_by_text("Renew the passport")).to_be_visible()


def landing(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    expect(page.locator("#welcome")).to_be_visible()


def visitor_dialog(action: str, first_field: str) -> Callable[[Page, Stack], None]:
    def show(page: Page, stack: Stack) -> None:
        landing(page, stack)
        page.locator(f"[data-action='{action}']:visible").first.click()
        # Focus moves in once the dialog has finished appearing: no contrast read mid-fade.
        expect(page.locator(first_field)).to_be_focused()

    return show


VISITOR_SCREENS = {
    "landing": landing,
    "signup": visitor_dialog("open-signup", "#signup-email"),
    "login": visitor_dialog("open-login", "#login-email"),
}


@pytest.mark.parametrize("look", looks())
@pytest.mark.parametrize("screen", VISITOR_SCREENS)
def test_visitor_screens_have_no_serious_violations(page: Page, stack: Stack, screen: str, look: str) -> None:
    VISITOR_SCREENS[screen](page, stack)
    check(page, f"{screen}-{look}")


def task_list(page: Page, stack: Stack, email: str) -> None:
    sign_in(page, stack, email)


def editor(page: Page, stack: Stack, email: str) -> None:
    sign_in(page, stack, email)
    page.locator(".task-item", has_text="Write the quarterly report").locator("[data-action='open']").click()
    expect(page.locator("#task-title")).to_be_focused()


def settings(page: Page, stack: Stack, email: str) -> None:
    sign_in(page, stack, email)
    open_account_menu(page)
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()
    expect(page.locator("#settings-sessions-list li").first).to_be_visible()


def empty_today(page: Page, stack: Stack, email: str) -> None:
    """An empty state: nothing is due today for this user."""
    sign_in(page, stack, email)
    if page.locator("#sidebar-toggle").is_visible():
        page.locator("#sidebar-toggle").click()
    page.locator("#task-views [data-view='today']").click()
    expect(page.locator("#due-empty .tt-empty-text")).to_be_visible()


def empty_search(page: Page, stack: Stack, email: str) -> None:
    """A search without a match, and the Undo toast of a task just completed (a task of its own)."""
    sign_in(page, stack, email)
    task = create_task_via_api(page.context, stack, "Water the ferns")
    row = page.locator(f".task-item[data-task-id='{task['id']}']")
    expect(row).to_be_visible()  # through live sync
    row.locator("[data-action='toggle']").check()
    # The pointer on the toast keeps it while axe reads the page.
    page.locator("#toasts .toast").hover()
    page.locator("#search-input").fill("nothing like it")
    expect(page.locator("#search-empty .tt-empty-text")).to_be_visible()
    expect(page.locator("#toasts [data-action='undo']")).to_be_visible()


USER_SCREENS = {
    "list": task_list,
    "editor": editor,
    "settings": settings,
    "empty-today": empty_today,
    "empty-search": empty_search,
}


@pytest.mark.parametrize("look", looks())
@pytest.mark.parametrize("screen", USER_SCREENS)
def test_signed_in_screens_have_no_serious_violations(
    page: Page, stack: Stack, user: str, screen: str, look: str
) -> None:
    USER_SCREENS[screen](page, stack, user)
    check(page, f"{screen}-{look}")
