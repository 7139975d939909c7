"""The first paint's guess (js/boot.js, css/boot.css): before GET /user answers, a browser that keeps
no signed-in user shows the welcome and a returning user's shows the tasks view, inert, its lists
unseen until they have loaded; a wrong guess gives way to the answer, and the list arriving moves
nothing on the page."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import (
    Stack,
    create_task_via_api,
    open_app,
    register_via_api,
    task_row,
    user_answer_held,
    wait_for,
)

pytestmark = pytest.mark.e2e

USER_KEY = "tasktracker.offline.user"

# The page's layout shifts so far that no input caused (what CLS adds up), read from the buffered
# entries: their sum and the elements that moved; a page without any gives no callback, hence the
# timer.
LAYOUT_SHIFTS = """() => new Promise((resolve) => {
  new PerformanceObserver((list) => {
    const shifts = list.getEntries().filter((entry) => !entry.hadRecentInput);
    resolve({
      sum: shifts.reduce((sum, entry) => sum + entry.value, 0),
      moved: shifts.flatMap((entry) =>
        entry.sources.map((source) => source.node && source.node.outerHTML.slice(0, 80))),
    });
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve({ sum: 0, moved: [] }), 500);
})"""


def kept_user(page: Page) -> str | None:
    """The signed-in user's id as offline.js keeps it in localStorage (None: no user kept)."""
    kept: str | None = page.evaluate("(key) => localStorage.getItem(key)", USER_KEY)
    return kept


def is_inert(page: Page, selector: str) -> bool:
    return bool(page.evaluate("(selector) => document.querySelector(selector).inert", selector))


def test_a_visitor_sees_the_welcome_before_the_answer_and_its_buttons_once_it_came(
    page: Page, stack: Stack
) -> None:
    with user_answer_held(page, stack):
        page.goto(stack.frontend_url + "/")
        expect(page.locator("#welcome-heading")).to_be_visible()
        expect(page.locator("#welcome [data-action='open-signup']")).to_be_hidden()
        expect(page.locator("#app-loading")).to_be_hidden()
        expect(page.locator("#tasks-view")).to_be_hidden()
    expect(page.locator("#welcome [data-action='open-signup']")).to_be_visible()
    expect(page.locator("html")).not_to_have_class("tt-visitor-likely")


def test_a_returning_user_sees_the_tasks_view_before_the_answer_inert_and_the_rows_once_loaded(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    expect(task_row(page, task["id"])).to_be_visible()
    wait_for(lambda: kept_user(page) is not None, page)

    with user_answer_held(page, stack):
        page.reload()
        expect(page.locator("#new-task-hint")).to_be_visible()
        expect(page.locator("#welcome")).to_be_hidden()
        expect(page.locator("#app-loading")).to_be_hidden()
        assert is_inert(page, "#tasks-view"), "the view answers input before the app knows the user"
        # In their place but unseen: an empty state now would be wrong.
        expect(page.locator("#task-lists")).to_be_hidden()
        expect(page.locator("#open-heading")).to_be_hidden()

    expect(task_row(page, task["id"])).to_be_visible()
    expect(page.locator("#open-heading")).to_be_visible()
    expect(page.locator("#tasks-loading")).to_be_hidden()
    assert not is_inert(page, "#tasks-view")
    expect(page.locator("html")).not_to_have_class("tt-user-likely")
    page.locator("#new-task-title").fill("Buy bread")
    page.locator("#new-task-title").press("Enter")
    expect(page.locator("#open-tasks .task-item", has_text="Buy bread")).to_be_visible()


def test_the_list_arriving_moves_nothing_on_the_page(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    for title in ("First", "Second", "Third"):
        create_task_via_api(context, stack, title)
    open_app(page, stack)
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 800}):
        page.set_viewport_size(viewport)
        page.reload()
        expect(page.locator("#open-tasks .task-item")).to_have_count(3)
        expect(page.locator("#done-empty")).to_be_visible()
        shifts = page.evaluate(LAYOUT_SHIFTS)
        assert shifts["sum"] == 0, f"at {viewport['width']} px: {shifts['moved']}"


def test_a_returning_user_whose_session_ended_gets_the_welcome(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    open_app(page, stack)
    expect(page.locator("#tasks-view")).to_be_visible()
    wait_for(lambda: kept_user(page) is not None, page)
    context.clear_cookies()

    page.reload()
    expect(page.locator("#welcome [data-action='open-signup']")).to_be_visible()
    expect(page.locator("#tasks-view")).to_be_hidden()
    assert kept_user(page) is None
