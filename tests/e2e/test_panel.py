"""The task editor as a side panel beside the list and as a full-screen sheet on phones; the
row's details (list, checklist progress, description marker); a new task scrolled to and
highlighted."""

from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .helpers import (
    Stack,
    api_get,
    create_task_via_api,
    has_class,
    open_app,
    register_via_api,
    screenshot,
    task_row,
    wait_for,
)

pytestmark = pytest.mark.e2e


def opener(page: Page, task_id: int) -> Locator:
    return task_row(page, task_id).locator("[data-action='open']")


def saved_task(context: BrowserContext, stack: Stack, task_id: int) -> dict[str, Any]:
    task: dict[str, Any] = api_get(context, stack, f"/tasks/{task_id}")
    return task


@pytest.mark.browser_context(viewport={"width": 1280, "height": 800})
def test_the_panel_opens_beside_the_list_which_stays_usable(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    first = create_task_via_api(context, stack, "Water the plants")
    second = create_task_via_api(context, stack, "Call the plumber")
    open_app(page, stack)

    opener(page, first["id"]).click()
    panel = page.get_by_role("dialog", name="Edit task")
    expect(panel).to_be_visible()
    expect(page.locator("#task-title")).to_be_focused()
    expect(panel).not_to_have_attribute("aria-modal", "true")
    expect(task_row(page, first["id"])).to_have_class(has_class("task-open-row"))
    expect(opener(page, first["id"])).to_have_attribute("aria-current", "true")
    # One close control, and no "Close" button in the footer: the panel saves as you type.
    expect(panel.get_by_role("button", name="Close")).to_have_count(1)
    expect(panel.locator(".task-panel-header").get_by_role("button", name="Close")).to_be_visible()
    expect(page.locator("#task-save-status .save-text")).to_have_text("Changes are saved automatically.")

    panel_box = panel.bounding_box()
    rows_box = page.locator("#open-tasks").bounding_box()
    assert panel_box is not None and rows_box is not None
    assert panel_box["height"] >= 790  # the full height on the right
    assert rows_box["x"] + rows_box["width"] <= panel_box["x"]  # beside, not under, the panel
    expect(page.locator("#new-task-title")).not_to_have_attribute("inert", "")

    page.locator("#task-description").fill("Ficus: one cup")
    expect(page.locator("#task-save-status .save-text")).to_have_text("Saved")
    screenshot(page, "panel-desktop")

    # Another row, clicked while the panel is open, switches the panel to that task.
    opener(page, second["id"]).click()
    expect(page.locator("#task-title")).to_have_value("Call the plumber")
    expect(page.locator("#task-description")).to_have_value("")
    expect(page.locator("#task-title")).to_be_focused()
    expect(task_row(page, second["id"])).to_have_class(has_class("task-open-row"))
    expect(task_row(page, first["id"])).not_to_have_class(has_class("task-open-row"))
    wait_for(lambda: saved_task(context, stack, first["id"])["description"] == "Ficus: one cup", page)

    # The rows' checkboxes work with the panel open.
    task_row(page, first["id"]).locator("[data-action='toggle']").check()
    expect(page.locator("#done-tasks").locator(f"[data-task-id='{first['id']}']")).to_be_visible()
    wait_for(lambda: saved_task(context, stack, first["id"])["done"] is True, page)

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(opener(page, second["id"])).to_be_focused()
    expect(task_row(page, second["id"])).not_to_have_class(has_class("task-open-row"))


@pytest.mark.browser_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
def test_on_a_phone_the_editor_is_a_full_screen_sheet(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Pack for the trip", description="Passport")
    open_app(page, stack)
    panel = page.locator("#task-modal")

    opener(page, task["id"]).tap()
    expect(page.locator("#task-title")).to_be_focused()
    expect(panel).to_have_attribute("aria-modal", "true")
    panel.evaluate("panel => Promise.all(panel.getAnimations().map(animation => animation.finished))")
    box = panel.bounding_box()
    assert box is not None
    assert abs(box["x"]) <= 1 and abs(box["y"]) <= 1
    assert abs(box["width"] - 390) <= 1 and abs(box["height"] - 844) <= 1
    assert page.evaluate("document.getElementById('main').inert")
    # The footer with the save state and delete is on screen, below a body that scrolls.
    footer = panel.locator(".task-panel-footer").bounding_box()
    assert footer is not None and footer["y"] + footer["height"] <= 845
    screenshot(page, "panel-phone")

    panel.get_by_role("button", name="Close").tap()
    expect(panel).to_be_hidden()
    expect(opener(page, task["id"])).to_be_focused()
    assert not page.evaluate("document.getElementById('main').inert")

    opener(page, task["id"]).tap()
    expect(page.locator("#task-title")).to_be_focused()
    page.locator("#task-description").focus()
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(opener(page, task["id"])).to_be_focused()


@pytest.mark.browser_context(viewport={"width": 1280, "height": 800})
def test_the_row_shows_list_checklist_progress_and_a_description_marker(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    created = context.request.post(f"{stack.api_url}/lists", data={"name": "Errands", "color": "teal"})
    assert created.status == 201, created.text()
    errands = created.json()
    task = create_task_via_api(
        context,
        stack,
        "Buy paint",
        list_id=errands["id"],
        description="Matt white",
        checklist=[
            {"id": "a1", "text": "Brush", "done": True},
            {"id": "a2", "text": "Roller", "done": False},
        ],
    )
    plain = create_task_via_api(context, stack, "Nothing more")
    open_app(page, stack)

    info = task_row(page, task["id"]).locator(".task-info")
    expect(info.locator(".task-list-name")).to_have_text("List: Errands")
    expect(info.locator(".task-list-name .list-dot")).to_have_attribute("data-color", "teal")
    expect(info.locator(".task-progress")).to_have_text("1/2")
    expect(info.locator(".task-progress-label")).to_have_text("1 of 2 checklist items done")
    expect(info.locator(".task-note")).to_be_visible()
    expect(info.locator(".task-note")).to_have_text("Has a description")
    expect(opener(page, task["id"])).to_contain_text("List: Errands")
    expect(task_row(page, plain["id"]).locator(".task-info")).to_be_hidden()
    screenshot(page, "panel-row-details")

    # The list's own view leaves its name out.
    page.locator(f".sidebar-list[data-list-id='{errands['id']}'] [data-action='show-list']").click()
    expect(task_row(page, task["id"]).locator(".task-list-name")).to_have_count(0)
    expect(task_row(page, task["id"]).locator(".task-progress")).to_have_text("1/2")

    page.get_by_role("button", name="All tasks").click()
    page.locator("#language-select").select_option("ru")
    expect(task_row(page, task["id"]).locator(".task-list-name")).to_have_text("Список: Errands")
    expect(task_row(page, task["id"]).locator(".task-note")).to_have_text("Есть описание")

    # Search results show it too.
    page.locator("#language-select").select_option("en")
    page.locator("#search-input").fill("paint")
    result = page.locator(f"#search-results .task-item[data-task-id='{task['id']}']")
    expect(result.locator(".task-list-name")).to_have_text("List: Errands")
    expect(result.locator(".task-progress")).to_have_text("1/2")


def open_a_long_list(page: Page, context: BrowserContext, stack: Stack) -> None:
    """A new user's list of 40 tasks, longer than the window: a task added goes below the fold."""
    register_via_api(context, stack)
    for number in range(40):
        create_task_via_api(context, stack, f"Task {number + 1}")
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-item")).to_have_count(40)


@pytest.mark.browser_context(viewport={"width": 1280, "height": 800})
def test_a_new_task_is_scrolled_into_view_and_highlighted(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    open_a_long_list(page, context, stack)

    page.locator("#new-task-title").fill("The forty-first")
    page.locator("#new-task-title").press("Enter")
    expect(page.locator("#open-tasks .task-item")).to_have_count(41)
    new_row = page.locator("#open-tasks .task-item").last
    expect(new_row.locator(".task-title")).to_have_text("The forty-first")
    expect(new_row).to_have_class(has_class("task-revealed"))
    expect(new_row).to_be_in_viewport()
    expect(page.locator("#new-task-title")).to_be_focused()
    screenshot(page, "panel-new-task-revealed")
    expect(new_row).not_to_have_class(has_class("task-revealed"), timeout=5000)
    # Typing the next one brings the whole form back into view, its label included.
    page.locator("#new-task-title").press("T")
    expect(page.locator("label[for='new-task-title']")).to_be_in_viewport()


@pytest.mark.browser_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
def test_with_reduced_motion_the_new_task_is_not_animated(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    open_a_long_list(page, context, stack)

    page.locator("#new-task-title").fill("Quietly added")
    page.locator("#new-task-title").press("Enter")
    new_row = page.locator("#open-tasks .task-item").last
    expect(new_row).to_have_class(has_class("task-revealed"))
    expect(new_row).to_be_in_viewport()  # reached at once, with no smooth scroll
    assert new_row.evaluate("row => getComputedStyle(row).animationName") == "none"


@pytest.mark.browser_context(viewport={"width": 800, "height": 900})
def test_between_phone_and_wide_screens_the_panel_is_a_sheet_on_the_right(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Read the manual")
    open_app(page, stack)
    panel = page.locator("#task-modal")

    opener(page, task["id"]).click()
    expect(page.locator("#task-title")).to_be_focused()
    expect(panel).to_have_attribute("aria-modal", "true")
    panel.evaluate("panel => Promise.all(panel.getAnimations().map(animation => animation.finished))")
    box = panel.bounding_box()
    assert box is not None
    assert box["width"] < 800 and abs(box["x"] + box["width"] - 800) <= 1
    assert page.evaluate("document.getElementById('main').inert")
    screenshot(page, "panel-tablet")
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(opener(page, task["id"])).to_be_focused()
