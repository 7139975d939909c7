"""A task's checklist in a real browser: added, ticked, edited, moved by keyboard and deleted in the
editor, each change autosaved; the row shows the progress."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, wait_for
from .test_tasks import logged_in_with_task, open_editor, row, saved_task, wait_for_saved

pytestmark = pytest.mark.e2e


def shown_items(page: Page) -> list[str]:
    values: list[str] = page.locator("#task-checklist-items [data-action='item-text']").evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )
    return values


def test_a_checklist_is_edited_and_autosaved_in_the_editor(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    task_id = logged_in_with_task(page, context, stack, "Pack for the trip")

    def saved_items() -> list[tuple[str, bool]]:
        return [(item["text"], item["done"]) for item in saved_task(context, stack, task_id)["checklist"]]

    open_editor(page, task_id)
    new_item = page.locator("#task-checklist-new")
    for text in ("Passport", "Tickets", "Charger"):
        new_item.fill(text)
        new_item.press("Enter")
    expect(page.locator("#task-checklist-items .checklist-item")).to_have_count(3)
    expect(new_item).to_be_focused()
    wait_for(lambda: saved_items() == [("Passport", False), ("Tickets", False), ("Charger", False)], page)

    # Tick one, rename one, move it up with the keyboard.
    page.get_by_role("checkbox", name="Done: Tickets").check()
    third = page.get_by_role("textbox", name="Checklist item 3")
    third.fill("Phone charger")
    third.press("Alt+ArrowUp")
    expect(page.get_by_role("textbox", name="Checklist item 2")).to_be_focused()
    expect(page.locator("#task-checklist-status")).to_have_text("Phone charger moved to position 2 of 3")
    assert shown_items(page) == ["Passport", "Phone charger", "Tickets"]
    wait_for(
        lambda: saved_items() == [("Passport", False), ("Phone charger", False), ("Tickets", True)], page
    )

    page.get_by_role("button", name="Delete item: Passport").click()
    expect(page.locator("#task-checklist-items .checklist-item")).to_have_count(2)
    page.keyboard.press("Escape")
    expect(row(page, task_id).locator(".task-progress")).to_have_text("1/2")
    wait_for(lambda: saved_items() == [("Phone charger", False), ("Tickets", True)], page)

    # Completing the task leaves its items as they are; a reload shows the same list.
    row(page, task_id).locator("[data-action='toggle']").check()
    wait_for_saved(context, stack, task_id, page, done=True)
    assert saved_items() == [("Phone charger", False), ("Tickets", True)]
    page.reload()
    page.wait_for_selector("#app-loading", state="hidden")
    expect(row(page, task_id).locator(".task-progress")).to_have_text("1/2")
    open_editor(page, task_id)
    assert shown_items(page) == ["Phone charger", "Tickets"]
    expect(page.get_by_role("checkbox", name="Done: Tickets")).to_be_checked()
