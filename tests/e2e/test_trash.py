"""The trash in a real browser: deleting asks nothing and offers Undo; the Trash view restores,
deletes forever and empties (after an inline confirmation), in English and Russian."""

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .helpers import Stack, api_get, screenshot, task_row, with_tasks

pytestmark = pytest.mark.e2e


def trash_row(page: Page, task_id: int) -> Locator:
    return page.locator(f"#trash-tasks .trash-item[data-task-id='{task_id}']")


def delete_in_editor(page: Page, task_id: int) -> None:
    task_row(page, task_id).locator("[data-action='open']").click()
    expect(page.locator("#task-modal")).to_be_visible()
    page.locator("#task-delete").click()
    expect(page.locator("#task-modal")).to_be_hidden()
    expect(task_row(page, task_id)).to_have_count(0)


def open_titles(page: Page) -> list[str]:
    return page.locator("#open-tasks .task-title").all_inner_texts()


def test_undo_brings_a_deleted_task_back_where_it_was(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    _, middle, _ = with_tasks(page, context, stack, "Buy milk", "Call mum", "Pay rent")

    delete_in_editor(page, middle["id"])

    toast = page.locator("#toasts .toast")
    expect(toast.locator(".toast-text")).to_have_text("“Call mum” moved to the trash.")
    expect(page.locator("#open-count")).to_have_text("2")
    screenshot(page, "trash-undo-toast")
    toast.locator("[data-action='undo']").click()

    expect(toast).to_have_count(0)
    expect(task_row(page, middle["id"])).to_be_visible()
    assert open_titles(page) == ["Buy milk", "Call mum", "Pay rent"]
    expect(task_row(page, middle["id"]).locator("[data-action='open']")).to_be_focused()
    restored = api_get(context, stack, f"/tasks/{middle['id']}")
    assert restored["deleted_at"] is None and restored["version"] == middle["version"] + 2
    assert api_get(context, stack, "/trash") == []
    page.reload()
    expect(task_row(page, middle["id"])).to_be_visible()
    assert open_titles(page) == ["Buy milk", "Call mum", "Pay rent"]


def test_restore_and_delete_forever_in_the_trash_view(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    _, restored, gone = with_tasks(page, context, stack, "Water the plants", "Read a book", "Old idea")
    delete_in_editor(page, restored["id"])
    delete_in_editor(page, gone["id"])

    page.locator("#task-views [data-view='trash']").click()
    expect(page.locator("#task-views [data-view='trash']")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#trash-view")).to_be_visible()
    expect(page.locator("#task-lists")).to_be_hidden()
    expect(page.locator("#new-task-form")).to_be_hidden()
    # Most recently deleted first, each with when it goes for good.
    expect(page.locator("#trash-tasks .task-title")).to_have_text(["Old idea", "Read a book"])
    expect(trash_row(page, gone["id"]).locator(".trash-meta")).to_contain_text("deleted for good on")
    screenshot(page, "trash-view")

    trash_row(page, restored["id"]).locator("[data-action='restore']").click()
    expect(trash_row(page, restored["id"])).to_have_count(0)
    expect(page.locator("#trash-status")).to_have_text("“Read a book” is back in your tasks.")
    trash_row(page, gone["id"]).locator("[data-action='delete-forever']").click()
    expect(trash_row(page, gone["id"])).to_have_count(0)
    expect(page.locator("#trash-none")).to_be_visible()
    expect(page.locator("#trash-heading")).to_be_focused()
    assert api_get(context, stack, "/trash") == []
    assert context.request.get(f"{stack.api_url}/tasks/{gone['id']}").status == 404

    page.locator("#task-views [data-view='all']").click()
    expect(page.locator("#trash-view")).to_be_hidden()
    expect(page.locator("#new-task-form")).to_be_visible()
    assert open_titles(page) == ["Water the plants", "Read a book"]


def test_empty_trash_asks_inline_first(page: Page, context: BrowserContext, stack: Stack) -> None:
    tasks = with_tasks(page, context, stack, "One", "Two", "Three")
    for task in tasks[:2]:
        assert context.request.delete(f"{stack.api_url}/tasks/{task['id']}").status == 204
    page.on("dialog", lambda dialog: pytest.fail(f"a browser dialog: {dialog.message}"))

    page.locator("#task-views [data-view='trash']").click()
    expect(page.locator("#trash-tasks .trash-item")).to_have_count(2)
    page.locator("#trash-empty").click()
    expect(page.locator("#trash-empty-yes")).to_be_focused()
    screenshot(page, "trash-empty-confirmation")
    page.locator("#trash-empty-no").click()
    expect(page.locator("#trash-empty")).to_be_focused()
    expect(page.locator("#trash-tasks .trash-item")).to_have_count(2)

    page.locator("#trash-empty").click()
    page.locator("#trash-empty-yes").click()
    expect(page.locator("#trash-tasks .trash-item")).to_have_count(0)
    expect(page.locator("#trash-none")).to_be_visible()
    expect(page.locator("#trash-empty")).to_be_hidden()
    assert api_get(context, stack, "/trash") == []
    assert [task["title"] for task in api_get(context, stack, "/tasks")] == ["Three"]


@pytest.mark.browser_context(locale="ru-RU")
def test_the_trash_in_russian(page: Page, context: BrowserContext, stack: Stack) -> None:
    (task,) = with_tasks(page, context, stack, "Купить хлеб")
    delete_in_editor(page, task["id"])
    expect(page.locator("#toasts .toast-text")).to_have_text("Задача «Купить хлеб» перемещена в корзину.")
    expect(page.locator("#toasts [data-action='undo']")).to_have_text("Отменить")

    page.locator("#task-views [data-view='trash']").click()
    expect(page.locator("#trash-heading")).to_have_text("Корзина")
    item = trash_row(page, task["id"])
    expect(item.locator("[data-action='restore']")).to_have_text("Восстановить")
    expect(item.locator("[data-action='delete-forever']")).to_have_text("Удалить навсегда")
    expect(item.locator(".trash-meta")).to_contain_text("будет удалена навсегда")
    expect(page.locator("#trash-empty")).to_have_text("Очистить корзину")
