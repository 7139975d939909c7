"""Empty states: every view that can be empty says why and what to do next, with an icon, in
English and Russian; the search's names the searched text, inserted as text."""

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .helpers import Stack, create_task_via_api, open_app, register_via_api, screenshot, task_row

pytestmark = pytest.mark.e2e


def state(page: Page, placeholder: str) -> Locator:
    found = page.locator(placeholder)
    expect(found).to_be_visible()
    # The icon is decorative; the text says it all.
    icon = found.locator(".tt-empty-icon")
    expect(icon).to_have_attribute("aria-hidden", "true")
    expect(icon.locator(".bi")).to_have_count(1)
    return found


def expect_state(page: Page, placeholder: str, text: str, hint: str, button: str | None) -> Locator:
    found = state(page, placeholder)
    expect(found.locator(".tt-empty-text")).to_have_text(text)
    expect(found.locator(".tt-empty-hint")).to_contain_text(hint)
    if button is None:
        expect(found.get_by_role("button")).to_have_count(0)
    else:
        expect(found.get_by_role("button", name=button)).to_be_visible()
    return found


def show_view(page: Page, name: str) -> None:
    if (
        page.locator("#sidebar-toggle").is_visible()
        and page.locator("#sidebar-toggle").get_attribute("aria-expanded") != "true"
    ):
        page.locator("#sidebar-toggle").click()
    page.locator(f"#task-views [data-view='{name}']").click()


def test_each_empty_view_says_why_and_what_next(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    made = context.request.post(f"{stack.api_url}/lists", data={"name": "Errands"})
    assert made.status == 201, made.text()
    errands = made.json()["id"]
    open_app(page, stack)

    # A new user: no tasks at all; the button takes them to quick add.
    everything = expect_state(
        page, "#open-empty", "No tasks yet: your list starts with the first one.", "“#List”", "Add a task"
    )
    expect(everything.locator(".tt-empty-hint")).to_contain_text("Press Q")
    expect_state(page, "#done-empty", "No finished tasks yet.", "press X on it", None)
    screenshot(page, "empty-all-desktop")
    everything.get_by_role("button", name="Add a task").click()
    expect(page.locator("#new-task-title")).to_be_focused()

    page.locator(".sidebar-list[data-list-id='inbox'] [data-action='show-list']").click()
    expect_state(
        page,
        "#open-empty",
        "Your Inbox is empty: tasks that are in no list land here.",
        "press Q",
        "Add a task",
    )

    page.locator(f".sidebar-list[data-list-id='{errands}'] [data-action='show-list']").click()
    expect_state(page, "#open-empty", "Nothing to do in “Errands”.", "goes into this list", "Add a task")

    show_view(page, "today")
    expect_state(page, "#due-empty", "Nothing due today.", "“tomorrow 18:00”", "Add a task")
    show_view(page, "upcoming")
    expect_state(page, "#due-empty", "Nothing due in the next 7 days.", "“every Monday”", "Add a task")
    state(page, "#due-empty").get_by_role("button", name="Add a task").click()
    expect(page.locator("#new-task-title")).to_be_focused()

    show_view(page, "trash")
    expect_state(page, "#trash-none", "The trash is empty.", "30 days", None)

    # Everything done: a different reason, the same next step.
    show_view(page, "all")
    task = create_task_via_api(context, stack, "Water the plants")
    expect(task_row(page, task["id"])).to_be_visible()
    expect(page.locator("#open-empty")).to_be_hidden()
    task_row(page, task["id"]).locator("[data-action='toggle']").check()
    expect_state(page, "#open-empty", "All done: nothing left to do.", "Enter", "Add a task")
    expect(page.locator("#done-empty")).to_be_hidden()
    screenshot(page, "empty-all-done-desktop")


def test_a_search_without_a_match_names_the_text_as_text(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    search = page.locator("#search-input")
    search.fill("<b>nothing</b>")
    found = expect_state(
        page, "#search-empty", "No tasks match “<b>nothing</b>”.", "another word", "Clear the search"
    )
    expect(found.locator("b")).to_have_count(0)
    screenshot(page, "empty-search-desktop")

    found.get_by_role("button", name="Clear the search").click()
    expect(search).to_have_value("")
    expect(search).to_be_focused()
    expect(page.locator("#search-view")).to_be_hidden()
    expect(page.locator("#open-tasks .task-title")).to_have_text(["Water the plants"])


@pytest.mark.browser_context(
    locale="ru-RU",
    color_scheme="dark",
    viewport={"width": 390, "height": 844},
    is_mobile=True,
    has_touch=True,
)
def test_empty_states_in_russian_on_a_dark_phone(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    open_app(page, stack)
    # A touch screen has no keys at hand: the hints say what to tap instead.
    everything = expect_state(
        page, "#open-empty", "Задач пока нет: список начнётся с первой.", "«Добавить»", "Добавить задачу"
    )
    expect(everything.locator(".tt-empty-hint")).not_to_contain_text("Q")
    expect(page.locator("#done-empty .tt-empty-hint")).to_have_text(
        "Отметьте задачу галочкой, и она окажется здесь."
    )
    screenshot(page, "empty-all-phone-dark-ru")
    show_view(page, "today")
    expect_state(page, "#due-empty", "На сегодня сроков нет.", "«завтра 18:00»", "Добавить задачу")
    show_view(page, "trash")
    expect_state(page, "#trash-none", "Корзина пуста.", "30 дней", None)

    show_view(page, "all")
    page.locator("#search-input").fill("ничего")
    expect_state(page, "#search-empty", "Нет задач по запросу «ничего».", "другое слово", "Очистить поиск")
    screenshot(page, "empty-search-phone-dark-ru")
    # The language switch translates it again, the searched text kept.
    page.locator("#account-toggle").click()
    page.locator("#language-select").select_option("en")
    page.keyboard.press("Escape")
    expect(page.locator("#search-empty .tt-empty-text")).to_have_text("No tasks match “ничего”.")
    expect(page.locator("#search-empty").get_by_role("button")).to_have_text("Clear the search")
