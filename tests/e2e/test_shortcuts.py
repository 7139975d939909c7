"""Keyboard shortcuts of the task list (q / j k x e Enter Delete # z ?), their help dialog, and the
Undo toast of completing a task, in a real browser."""

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from . import helpers
from .helpers import (
    Stack,
    api_get,
    screenshot,
    task_row,
    wait_for,
)

pytestmark = pytest.mark.e2e


def title_button(page: Page, task_id: int) -> Locator:
    return task_row(page, task_id).locator("[data-action='open']")


def with_tasks(page: Page, context: BrowserContext, stack: Stack, *titles: str) -> list[dict[str, Any]]:
    tasks = helpers.with_tasks(page, context, stack, *titles)
    # Focus on the page, on no field: where a user starts using shortcuts.
    page.locator("#tasks-heading").evaluate("element => document.activeElement.blur()")
    return tasks


def announcer(page: Page) -> Locator:
    return page.locator("#shortcut-announcer")


def toast_announcer(page: Page) -> Locator:
    """What a toast says is announced once, here; the shortcut's own region stays quiet then."""
    return page.locator("#toast-announcer")


def test_q_and_slash_focus_the_new_task_field_and_search(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    with_tasks(page, context, stack, "Buy milk")
    expect(page.locator("#new-task-title")).to_have_attribute("aria-keyshortcuts", "Q")
    expect(page.locator("#search-input")).to_have_attribute("aria-keyshortcuts", "/")

    page.keyboard.press("q")
    expect(page.locator("#new-task-title")).to_be_focused()
    expect(page.locator("#new-task-title")).to_have_value("")

    page.locator("#new-task-title").evaluate("element => element.blur()")
    page.keyboard.press("/")
    expect(page.locator("#search-input")).to_be_focused()
    expect(page.locator("#search-input")).to_have_value("")


def test_no_shortcut_fires_while_typing_in_the_new_task_field_or_search(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    (task,) = with_tasks(page, context, stack, "Buy milk")

    field = page.locator("#new-task-title")
    field.click()
    field.press_sequentially("jkxez?/q#")
    field.press("Delete")
    expect(field).to_have_value("jkxez?/q#")
    expect(field).to_be_focused()
    expect(page.locator("#shortcuts-modal")).to_be_hidden()
    expect(page.locator("#toasts .toast")).to_have_count(0)

    search = page.locator("#search-input")
    search.click()
    search.press_sequentially("qx")
    expect(search).to_have_value("qx")
    expect(search).to_be_focused()
    expect(page.locator("#shortcuts-modal")).to_be_hidden()
    assert api_get(context, stack, f"/tasks/{task['id']}")["done"] is False


def test_j_and_k_move_through_the_open_then_the_done_tasks(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    first, second, finished = with_tasks(page, context, stack, "Buy milk", "Call mum", "Pay rent")
    task_row(page, finished["id"]).locator("[data-action='toggle']").check()
    expect(page.locator(f"#done-tasks .task-item[data-task-id='{finished['id']}']")).to_be_visible()
    page.locator("#toasts [data-action='dismiss-toast']").click()
    page.locator("#tasks-heading").evaluate("element => document.activeElement.blur()")

    page.keyboard.press("j")
    expect(title_button(page, first["id"])).to_be_focused()
    page.keyboard.press("j")
    expect(title_button(page, second["id"])).to_be_focused()
    page.keyboard.press("j")
    expect(title_button(page, finished["id"])).to_be_focused()
    page.keyboard.press("j")
    expect(title_button(page, finished["id"])).to_be_focused()
    expect(announcer(page)).to_have_text("This is the last task.")
    page.keyboard.press("k")
    expect(title_button(page, second["id"])).to_be_focused()
    page.keyboard.press("k")
    expect(title_button(page, first["id"])).to_be_focused()
    # The rows' own Tab order is unchanged: from a title button to the next row's checkbox.
    page.keyboard.press("Tab")
    expect(task_row(page, second["id"]).locator("[data-action='toggle']")).to_be_focused()


def test_x_completes_and_z_undoes_it(page: Page, context: BrowserContext, stack: Stack) -> None:
    first, second = with_tasks(page, context, stack, "Buy milk", "Call mum")

    page.keyboard.press("j")
    page.keyboard.press("x")
    expect(page.locator(f"#done-tasks .task-item[data-task-id='{first['id']}']")).to_be_visible()
    expect(page.locator("#toasts .toast-text")).to_have_text("“Buy milk” is done.")
    expect(toast_announcer(page)).to_have_text("“Buy milk” is done.")
    expect(announcer(page)).to_have_text("")
    # Focus stays where the user works: on the task that took its place.
    expect(title_button(page, second["id"])).to_be_focused()
    wait_for(lambda: api_get(context, stack, f"/tasks/{first['id']}")["done"] is True, page)
    screenshot(page, "shortcuts-completed-toast")

    page.keyboard.press("z")
    expect(page.locator("#toasts .toast")).to_have_count(0)
    expect(toast_announcer(page)).to_have_text("Undone.")
    expect(page.locator(f"#open-tasks .task-item[data-task-id='{first['id']}']")).to_be_visible()
    wait_for(lambda: api_get(context, stack, f"/tasks/{first['id']}")["done"] is False, page)

    # x on a done task makes it open again, with no toast.
    page.keyboard.press("k")
    page.keyboard.press("x")
    expect(toast_announcer(page)).to_have_text("“Buy milk” is done.")
    page.locator("#toasts [data-action='dismiss-toast']").click()
    title_button(page, first["id"]).focus()
    page.keyboard.press("x")
    expect(page.locator(f"#open-tasks .task-item[data-task-id='{first['id']}']")).to_be_visible()
    expect(announcer(page)).to_have_text("Not done: Buy milk")
    expect(page.locator("#toasts .toast")).to_have_count(0)
    wait_for(lambda: api_get(context, stack, f"/tasks/{first['id']}")["done"] is False, page)


def test_the_checkbox_shows_an_undo_toast_that_reopens_the_task(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    (task,) = with_tasks(page, context, stack, "Buy milk")

    task_row(page, task["id"]).locator("[data-action='toggle']").check()
    toast = page.locator("#toasts .toast")
    expect(toast.locator(".toast-text")).to_have_text("“Buy milk” is done.")
    wait_for(lambda: api_get(context, stack, f"/tasks/{task['id']}")["done"] is True, page)
    version = api_get(context, stack, f"/tasks/{task['id']}")["version"]

    toast.locator("[data-action='undo']").click()
    expect(toast).to_have_count(0)
    expect(page.locator(f"#open-tasks .task-item[data-task-id='{task['id']}']")).to_be_visible()
    wait_for(lambda: api_get(context, stack, f"/tasks/{task['id']}")["done"] is False, page)
    reopened = api_get(context, stack, f"/tasks/{task['id']}")
    assert reopened["version"] == version + 1
    assert reopened["done_at"] is None


def test_e_and_enter_open_the_editor(page: Page, context: BrowserContext, stack: Stack) -> None:
    (task,) = with_tasks(page, context, stack, "Buy milk")

    page.keyboard.press("j")
    page.keyboard.press("e")
    expect(page.locator("#task-modal")).to_be_visible()
    expect(page.locator("#task-title")).to_have_value("Buy milk")
    expect(page.locator("#task-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#task-modal")).to_be_hidden()
    expect(title_button(page, task["id"])).to_be_focused()

    page.keyboard.press("Enter")
    expect(page.locator("#task-title")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#task-modal")).to_be_hidden()

    # Enter on the row's checkbox opens the editor too.
    task_row(page, task["id"]).locator("[data-action='toggle']").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#task-title")).to_be_focused()
    # Shortcuts are off while a dialog is open: x from a button of the dialog does nothing.
    page.locator("#task-delete").focus()
    page.keyboard.press("x")
    expect(page.locator("#toasts .toast")).to_have_count(0)
    page.keyboard.press("Escape")
    assert api_get(context, stack, f"/tasks/{task['id']}")["done"] is False


@pytest.mark.parametrize("key", ["Delete", "#"])
def test_delete_moves_the_task_to_the_trash_with_undo(
    page: Page, context: BrowserContext, stack: Stack, key: str
) -> None:
    first, second = with_tasks(page, context, stack, "Buy milk", "Call mum")

    page.keyboard.press("j")
    page.keyboard.press(key)
    expect(task_row(page, first["id"])).to_have_count(0)
    expect(page.locator("#toasts .toast-text")).to_have_text("“Buy milk” moved to the trash.")
    expect(toast_announcer(page)).to_have_text("“Buy milk” moved to the trash.")
    expect(announcer(page)).to_have_text("")
    expect(title_button(page, second["id"])).to_be_focused()
    trashed = api_get(context, stack, "/trash")
    assert [task["id"] for task in trashed] == [first["id"]]

    page.keyboard.press("z")
    expect(title_button(page, first["id"])).to_be_focused()
    assert api_get(context, stack, "/trash") == []
    assert page.locator("#open-tasks .task-title").all_inner_texts() == ["Buy milk", "Call mum"]


def test_z_with_nothing_to_undo_says_so(page: Page, context: BrowserContext, stack: Stack) -> None:
    with_tasks(page, context, stack, "Buy milk")
    page.keyboard.press("z")
    expect(announcer(page)).to_have_text("Nothing to undo.")


def test_the_help_dialog_is_labelled_and_closes_with_escape(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    (task,) = with_tasks(page, context, stack, "Buy milk")
    expect(page.locator("#shortcuts-hint")).to_have_text("Press ? for keyboard shortcuts")

    page.keyboard.press("j")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Keyboard shortcuts")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Move the task to the trash")
    expect(page.locator("#shortcuts-modal")).to_be_focused()
    screenshot(page, "shortcuts-help")
    # No shortcut fires behind the dialog.
    page.keyboard.press("x")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(title_button(page, task["id"])).to_be_focused()
    assert api_get(context, stack, f"/tasks/{task['id']}")["done"] is False

    page.locator("#shortcuts-hint").click()
    expect(page.locator("#shortcuts-modal")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#shortcuts-hint")).to_be_focused()


@pytest.mark.browser_context(locale="ru-RU")
def test_russian_help_dialog(page: Page, context: BrowserContext, stack: Stack) -> None:
    with_tasks(page, context, stack, "Купить молоко")
    page.keyboard.press("?")
    dialog = page.get_by_role("dialog", name="Сочетания клавиш")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Переместить задачу в корзину")
    expect(page.locator("#shortcuts-modal")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.keyboard.press("q")
    expect(page.locator("#new-task-title")).to_be_focused()


def test_escape_in_the_help_dialog_leaves_the_editor_panel_open(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    first, second = with_tasks(page, context, stack, "Buy milk", "Call mum")

    page.keyboard.press("j")
    page.keyboard.press("e")
    expect(page.locator("#task-title")).to_be_focused()
    # Keys typed in the panel are the editor's: no shortcut fires from its buttons.
    page.locator("#task-delete").focus()
    page.keyboard.press("j")
    expect(page.locator("#task-delete")).to_be_focused()
    # Beside the panel (wide screens) the list's shortcuts work.
    title_button(page, second["id"]).focus()
    page.keyboard.press("k")
    expect(title_button(page, first["id"])).to_be_focused()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-modal")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts-modal")).to_be_hidden()
    expect(page.locator("#task-modal")).to_be_visible()
    expect(title_button(page, first["id"])).to_be_focused()


# Live regions on the page whose text holds a given text: an announcement made once is in one.
LIVE_REGIONS_SAYING = """text => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]
  .filter(element => element.getAttribute('aria-live') !== 'off' && element.textContent.includes(text))
  .length"""


def test_the_editors_done_box_shows_the_same_undo_toast(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    (task,) = with_tasks(page, context, stack, "Buy milk")
    title_button(page, task["id"]).click()
    expect(page.locator("#task-title")).to_be_focused()

    page.locator("#task-done").check()
    toast = page.locator("#toasts .toast")
    expect(toast.locator(".toast-text")).to_have_text("“Buy milk” is done.")
    expect(toast_announcer(page)).to_have_text("“Buy milk” is done.")
    # Said once: the toast is no live region of its own, and the shortcut's region is quiet.
    assert page.evaluate(LIVE_REGIONS_SAYING, "Buy milk") == 1
    wait_for(lambda: api_get(context, stack, f"/tasks/{task['id']}")["done"] is True, page)
    version = api_get(context, stack, f"/tasks/{task['id']}")["version"]
    screenshot(page, "shortcuts-editor-done-toast")

    toast.locator("[data-action='undo']").click()
    expect(toast).to_have_count(0)
    expect(toast_announcer(page)).to_have_text("Undone.")
    expect(page.locator("#task-done")).not_to_be_checked()
    wait_for(lambda: api_get(context, stack, f"/tasks/{task['id']}")["done"] is False, page)
    assert api_get(context, stack, f"/tasks/{task['id']}")["version"] == version + 1

    # Unticked by hand: the toast has nothing left to undo and goes.
    page.locator("#task-done").check()
    expect(toast).to_have_count(1)
    page.locator("#task-done").uncheck()
    expect(toast).to_have_count(0)
    wait_for(lambda: api_get(context, stack, f"/tasks/{task['id']}")["done"] is False, page)


def test_a_recurring_task_done_in_the_editor_says_its_next_date_without_undo(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    helpers.register_via_api(context, stack)
    due = page.evaluate("() => new Date().toISOString().slice(0, 10)")
    task = helpers.create_task_via_api(
        context, stack, "Water the plants", due_date=due, recurrence="FREQ=DAILY"
    )
    helpers.open_app(page, stack)
    title_button(page, task["id"]).click()
    expect(page.locator("#task-title")).to_be_focused()

    # A click, not check(): the box does not stay ticked, the task moves on instead.
    page.locator("#task-done").click()
    toast = page.locator("#toasts .toast")
    expect(toast.locator(".toast-text")).to_contain_text("“Water the plants” is done — next: ")
    moved = api_get(context, stack, f"/tasks/{task['id']}")
    assert moved["done"] is False and moved["due_date"] > due
    day = page.evaluate("day => TT.tasks.due.dayName(day, TT.tasks.due.now())", moved["due_date"])
    expect(toast.locator(".toast-text")).to_have_text(f"“Water the plants” is done — next: {day}.")
    # No Undo: the API records the occurrence for good (see completion.js).
    expect(toast.locator("[data-action='undo']")).to_have_count(0)
    expect(page.locator("#task-done")).not_to_be_checked()
    expect(page.locator("#task-due-date")).to_have_value(moved["due_date"])
    expect(toast_announcer(page)).to_contain_text("Water the plants")
    expect(page.locator("#repeat-notice")).to_be_hidden()
    assert page.evaluate(LIVE_REGIONS_SAYING, "Water the plants") == 1
    screenshot(page, "shortcuts-recurring-done-toast")

    page.keyboard.press("Escape")
    expect(page.locator("#task-modal")).to_be_hidden()
    page.keyboard.press("z")
    expect(announcer(page)).to_have_text("Nothing to undo.")
    assert api_get(context, stack, f"/tasks/{task['id']}")["due_date"] == moved["due_date"]
