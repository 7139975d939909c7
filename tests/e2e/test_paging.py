"""The done list in pages: the first 100, more as the user scrolls or with the button."""

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .helpers import Stack, create_task_via_api, open_app, register_via_api

pytestmark = pytest.mark.e2e


def with_tasks(context: BrowserContext, stack: Stack, *, open_count: int, done_count: int) -> list[str]:
    """A new user with tasks made through the API; the done ones' titles, most recently done first."""
    register_via_api(context, stack)
    for i in range(open_count):
        create_task_via_api(context, stack, f"Open {i:03}")
    for i in range(done_count):
        task = create_task_via_api(context, stack, f"Done {i:03}")
        response = context.request.patch(f"{stack.api_url}/tasks/{task['id']}", data={"done": True})
        assert response.ok, response.text()
    return [f"Done {i:03}" for i in reversed(range(done_count))]


def done_rows(page: Page) -> Locator:
    return page.locator("#done-tasks .task-item")


def done_titles(page: Page) -> list[str]:
    return done_rows(page).locator(".task-title").all_inner_texts()


def test_scrolling_to_the_end_of_the_done_list_loads_the_rest(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    titles = with_tasks(context, stack, open_count=2, done_count=130)
    open_app(page, stack)
    expect(done_rows(page)).to_have_count(100)
    expect(page.locator("#done-count")).to_have_text("100+")
    expect(page.locator("#open-tasks .task-item")).to_have_count(2)
    expect(page.locator("#done-more")).to_be_visible()
    assert done_titles(page) == titles[:100]

    page.mouse.move(900, 400)
    for _ in range(40):
        page.mouse.wheel(0, 600)
        if done_rows(page).count() == 130:
            break
        page.wait_for_timeout(100)
    expect(done_rows(page)).to_have_count(130)
    expect(page.locator("#done-count")).to_have_text("130")
    expect(page.locator("#done-more")).to_be_hidden()
    assert done_titles(page) == titles


def test_the_load_more_button_works_by_keyboard(page: Page, context: BrowserContext, stack: Stack) -> None:
    # Without IntersectionObserver (old browsers), the button is the only way, as for a keyboard.
    page.add_init_script("delete window.IntersectionObserver;")
    titles = with_tasks(context, stack, open_count=0, done_count=105)
    open_app(page, stack)
    expect(done_rows(page)).to_have_count(100)
    last = done_rows(page).nth(99).locator("[data-action='open']")
    last.focus()
    page.keyboard.press("Tab")
    button = page.locator("#done-more [data-action='load-more-done']")
    expect(button).to_be_focused()
    expect(button).to_have_text("Show more done tasks")
    page.keyboard.press("Enter")
    expect(done_rows(page)).to_have_count(105)
    # Reading goes on at the first task the page added.
    expect(done_rows(page).nth(100).locator("[data-action='open']")).to_be_focused()
    expect(page.locator("#done-more")).to_be_hidden()
    expect(page.locator("#done-count")).to_have_text("105")
    assert done_titles(page) == titles


def test_completing_and_reopening_while_paged_keeps_each_task_once(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    titles = with_tasks(context, stack, open_count=1, done_count=104)
    open_app(page, stack)
    expect(page.locator("#done-count")).to_have_text("100+")
    page.locator("#open-tasks .task-item [data-action='toggle']").click()
    expect(page.locator("#done-count")).to_have_text("101+")
    expect(done_rows(page).first.locator(".task-title")).to_have_text("Open 000")
    reopened = done_rows(page).filter(has_text=titles[5])
    reopened.locator("[data-action='toggle']").click()
    expect(page.locator("#open-tasks .task-item .task-title")).to_have_text([titles[5]])
    expect(page.locator("#done-count")).to_have_text("100+")

    # Scrolled to, the sentinel loads the rest by itself; a click on its button raced that load
    # (scrolling for the click started it, and the button hid before the click landed).
    page.locator("#done-more").scroll_into_view_if_needed()
    expect(page.locator("#done-count")).to_have_text("104")
    expect(page.locator("#done-more")).to_be_hidden()
    assert done_titles(page) == ["Open 000", *titles[:5], *titles[6:]]
