"""Search as you type in a real browser: results with the matches highlighted, text kept text,
Escape back to the view the user was in."""

import pytest
from playwright.sync_api import BrowserContext, Page, Route, expect

from .helpers import Stack, create_task_via_api, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e

HOSTILE_TITLE = '<img src=x onerror="window.__searchXss = 1"> Milk <b>bold</b>'


def test_typing_shows_the_matches_highlighted_and_escape_goes_back(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    milk = create_task_via_api(context, stack, "Buy milk")
    create_task_via_api(context, stack, "Weekend", description="Get oat milk from the market, and bread.")
    create_task_via_api(
        context, stack, "Trip", checklist=[{"id": "a1", "text": "Pack the milk flask", "done": False}]
    )
    create_task_via_api(context, stack, "Call the plumber")
    open_app(page, stack)
    page.locator("#task-views [data-view='today']").click()
    expect(page.locator("#due-view")).to_be_visible()

    search = page.locator("#search-input")
    search.press_sequentially("mil", delay=30)
    results = page.locator("#search-results .task-item")
    expect(results).to_have_count(3)
    expect(page.locator("#due-view")).to_be_hidden()
    expect(page.locator("#search-heading")).to_have_text("3 tasks match “mil”")
    expect(results.nth(0).locator(".task-title mark")).to_have_text("milk")
    expect(results.nth(1).locator(".search-snippet")).to_contain_text("Get oat milk from the market")
    expect(results.nth(1).locator(".search-snippet mark")).to_have_text("milk")
    expect(results.nth(2).locator(".search-snippet mark")).to_have_text("milk")
    screenshot(page, "search-results")

    search.press_sequentially("k bread", delay=30)
    expect(results).to_have_count(1)
    expect(results.nth(0).locator(".search-snippet mark")).to_have_text(["milk", "bread"])

    search.fill("nothing like it")
    expect(page.locator("#search-empty .tt-empty-text")).to_have_text("No tasks match “nothing like it”.")
    expect(results).to_have_count(0)

    search.fill("buy")
    expect(results).to_have_count(1)
    results.nth(0).locator("[data-action='open']").click()
    expect(page.locator("#task-modal")).to_be_visible()
    expect(page.locator("#task-title")).to_have_value("Buy milk")
    expect(page.locator("#task-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#task-modal")).to_be_hidden()
    result = page.locator(f"#search-results .task-item[data-task-id='{milk['id']}']")
    expect(result.locator("[data-action='open']")).to_be_focused()

    search.focus()
    search.press("Escape")
    expect(search).to_have_value("")
    expect(page.locator("#search-view")).to_be_hidden()
    expect(page.locator("#due-view")).to_be_visible()
    expect(page.locator("#task-views [data-view='today']")).to_have_attribute("aria-pressed", "true")


def test_a_title_with_markup_stays_text(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    create_task_via_api(context, stack, HOSTILE_TITLE)
    open_app(page, stack)
    page.locator("#search-input").fill("milk")
    title = page.locator("#search-results .task-title")
    expect(title).to_have_text(HOSTILE_TITLE)
    expect(title.locator("mark")).to_have_text("Milk")
    expect(page.locator("#search-results img, #search-results b")).to_have_count(0)
    page.locator("#search-input").fill("milk bold")
    expect(title.locator("mark")).to_have_text(["Milk", "bold"])
    expect(title).to_have_text(HOSTILE_TITLE)
    assert page.evaluate("window.__searchXss") is None


def test_a_late_answer_to_an_older_text_is_dropped(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    create_task_via_api(context, stack, "Alpha report")
    create_task_via_api(context, stack, "Beta report")
    open_app(page, stack)
    held: list[Route] = []

    def hold_alpha(route: Route) -> None:
        if "q=alpha" in route.request.url:
            held.append(route)
        else:
            route.continue_()

    page.route("**/tasks?q=*", hold_alpha)
    search = page.locator("#search-input")
    search.fill("alpha")
    page.wait_for_timeout(400)  # past the debounce: the request for "alpha" is held
    assert len(held) == 1
    search.fill("beta")
    results = page.locator("#search-results .task-item")
    expect(results).to_have_count(1)
    expect(results.locator(".task-title")).to_have_text("Beta report")
    held[0].continue_()
    page.wait_for_timeout(300)
    expect(results.locator(".task-title")).to_have_text("Beta report")


@pytest.mark.browser_context(locale="ru-RU")
def test_russian_interface(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    create_task_via_api(context, stack, "Задачи на неделю")
    open_app(page, stack)
    expect(page.locator("#search-input")).to_have_attribute("placeholder", "Поиск задач")
    page.locator("#search-input").fill("задач")
    expect(page.locator("#search-heading")).to_have_text("1 задача по запросу «задач»")
    expect(page.locator("#search-results .task-title mark")).to_have_text("Задачи")
    page.locator("#search-input").fill("ничего")
    expect(page.locator("#search-empty .tt-empty-text")).to_have_text("Нет задач по запросу «ничего».")
