"""Lists in a real browser: the sidebar, a list's view, moving a task, delete with Undo."""

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .helpers import Stack, api_get, has_class, open_app, register_via_api, screenshot, wait_for

pytestmark = pytest.mark.e2e


def entry(page: Page, list_id: int | str) -> Locator:
    return page.locator(f".sidebar-list[data-list-id='{list_id}']")


def count(page: Page, list_id: int | str) -> Locator:
    return entry(page, list_id).locator(".sidebar-count")


def new_list(page: Page, context: BrowserContext, stack: Stack, name: str) -> int:
    field = page.locator("#new-list-name")
    field.fill(name)
    field.press("Enter")
    expect(field).to_have_value("")
    found = [item for item in api_get(context, stack, "/lists") if item["name"] == name]
    assert len(found) == 1
    list_id: int = found[0]["id"]
    expect(entry(page, list_id).locator(".sidebar-name")).to_have_text(name)
    # The new list is the one shown.
    expect(entry(page, list_id)).to_have_class(has_class("active"))
    expect(page.locator("#list-heading")).to_have_text(name)
    return list_id


def add_task(page: Page, title: str) -> None:
    field = page.locator("#new-task-title")
    field.fill(title)
    field.press("Enter")
    expect(field).to_have_value("")
    expect(page.locator("#open-tasks .task-title", has_text=title)).to_be_visible()


def task_named(context: BrowserContext, stack: Stack, title: str) -> dict[str, Any]:
    task: dict[str, Any] = next(task for task in api_get(context, stack, "/tasks") if task["title"] == title)
    return task


def test_lists_in_the_sidebar(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    open_app(page, stack)
    expect(entry(page, "inbox")).to_be_visible()

    work = new_list(page, context, stack, "Work")
    expect(page.locator("#open-empty")).to_be_visible()
    add_task(page, "Write report")
    add_task(page, "Send invoice")
    expect(page.locator("#open-tasks .task-title")).to_have_text(["Write report", "Send invoice"])
    expect(count(page, work)).to_have_text("2")
    expect(count(page, "inbox")).to_be_hidden()
    assert task_named(context, stack, "Send invoice")["list_id"] == work

    home = new_list(page, context, stack, "Home")
    expect(page.locator("#open-tasks .task-item")).to_have_count(0)
    entry(page, work).locator("[data-action='show-list']").click()
    expect(page.locator("#list-heading")).to_have_text("Work")

    # Moving a task to another list in the editor.
    invoice = task_named(context, stack, "Send invoice")
    page.locator(f".task-item[data-task-id='{invoice['id']}'] [data-action='open']").click()
    expect(page.locator("#task-modal")).to_be_visible()
    expect(page.locator("#task-list")).to_have_value(str(work))
    page.locator("#task-list").select_option(label="Home")
    wait_for(lambda: task_named(context, stack, "Send invoice")["list_id"] == home, page)
    page.locator("#task-modal").get_by_role("button", name="Close").click()
    expect(page.locator("#task-modal")).to_be_hidden()
    expect(page.locator("#open-tasks .task-title")).to_have_text(["Write report"])
    expect(count(page, work)).to_have_text("1")
    expect(count(page, home)).to_have_text("1")

    # The Inbox: tasks of no list.
    entry(page, "inbox").locator("[data-action='show-list']").click()
    expect(page.locator("#list-heading")).to_have_text("Inbox")
    add_task(page, "Buy milk")
    expect(count(page, "inbox")).to_have_text("1")
    assert task_named(context, stack, "Buy milk")["list_id"] is None

    # Rename and colour through the list's menu.
    entry(page, home).locator("[data-action='list-menu']").click()
    entry(page, home).locator("[data-action='color-list'][data-color='teal']").click()
    expect(entry(page, home).locator(".sidebar-entry .list-dot")).to_have_attribute("data-color", "teal")
    entry(page, home).locator("[data-action='list-menu']").click()
    entry(page, home).locator("[data-action='rename-list']").click()
    rename = entry(page, home).locator(".sidebar-rename [name='name']")
    expect(rename).to_be_focused()
    rename.fill("House")
    rename.press("Enter")
    expect(entry(page, home).locator(".sidebar-name")).to_have_text("House")
    assert [(item["name"], item["color"]) for item in api_get(context, stack, "/lists")] == [
        ("Work", None),
        ("House", "teal"),
    ]
    screenshot(page, "lists-sidebar")

    # Deleting a list takes its tasks to the trash; Undo brings both back.
    report = task_named(context, stack, "Write report")
    entry(page, work).locator("[data-action='show-list']").click()
    entry(page, work).locator("[data-action='list-menu']").click()
    entry(page, work).locator("[data-action='delete-list']").click()
    expect(entry(page, work)).to_have_count(0)
    expect(page.locator("#list-heading")).to_have_text("Inbox")
    toast = page.locator("#toasts .toast")
    expect(toast).to_contain_text("Work")
    assert context.request.get(f"{stack.api_url}/tasks/{report['id']}").status == 404
    assert [item["name"] for item in api_get(context, stack, "/lists")] == ["House"]
    toast.locator("[data-action='undo']").click()
    expect(entry(page, work)).to_be_visible()
    expect(count(page, work)).to_have_text("1")
    assert api_get(context, stack, f"/tasks/{report['id']}")["list_id"] == work
    entry(page, work).locator("[data-action='show-list']").click()
    expect(page.locator("#open-tasks .task-title")).to_have_text(["Write report"])

    # All tasks: every list's.
    page.locator("#task-views [data-view='all']").click()
    expect(page.locator("#list-heading")).to_be_hidden()
    expect(page.locator("#open-tasks .task-item")).to_have_count(3)


def test_quick_add_puts_a_tagged_task_in_its_list(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    created = context.request.post(f"{stack.api_url}/lists", data={"name": "Errands"})
    assert created.status == 201
    errands = created.json()["id"]
    open_app(page, stack)
    expect(entry(page, errands)).to_be_visible()
    field = page.locator("#new-task-title")
    field.fill("Pick up parcel #errands")
    expect(page.locator("#new-task-chips [data-part='list']")).to_contain_text("Errands")
    field.press("Enter")
    expect(field).to_have_value("")
    wait_for(
        lambda: any(task["title"] == "Pick up parcel" for task in api_get(context, stack, "/tasks")), page
    )
    assert task_named(context, stack, "Pick up parcel")["list_id"] == errands
    expect(count(page, errands)).to_have_text("1")
    # Escape keeps the tag as text, as it does a date.
    field.fill("Call #errands desk")
    expect(page.locator("#new-task-chips [data-part='list']")).to_contain_text("Errands")
    field.press("Escape")
    expect(page.locator("#new-task-chips [data-part='list']")).to_have_count(0)
    field.press("Enter")
    expect(field).to_have_value("")
    wait_for(
        lambda: any(task["title"] == "Call #errands desk" for task in api_get(context, stack, "/tasks")), page
    )
    assert task_named(context, stack, "Call #errands desk")["list_id"] is None


def test_on_a_phone_the_sidebar_folds_above_the_tasks(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    assert context.request.post(f"{stack.api_url}/lists", data={"name": "Errands"}).status == 201
    page.set_viewport_size({"width": 390, "height": 800})
    open_app(page, stack)
    toggle = page.locator("#sidebar-toggle")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#sidebar-lists")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#sidebar-lists .sidebar-name")).to_have_text(["Errands"])
    sidebar = page.locator("#sidebar").bounding_box()
    tasks = page.locator("#task-lists").bounding_box()
    assert sidebar is not None and tasks is not None
    assert sidebar["y"] + sidebar["height"] <= tasks["y"]
    screenshot(page, "lists-sidebar-phone")
