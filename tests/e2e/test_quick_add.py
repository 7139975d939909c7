"""Quick add in a real browser: what the new-task field recognises is shown as chips before the
task is added (in English and Russian, on the account's calendar, not the browser's), and a
recognition undone keeps the words as they were typed."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import PASSWORD, Stack, api_get, new_email, open_app
from .test_tasks import row

pytestmark = pytest.mark.e2e

# A day ahead of the browser's zone (Europe/Moscow) most of the time: "tomorrow" is the account's.
ZONE = "Pacific/Kiritimati"


def local_day(offset: int = 0) -> str:
    return (datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=offset)).isoformat()


def sign_up(page: Page, context: BrowserContext, stack: Stack) -> None:
    response = context.request.post(
        f"{stack.api_url}/user", data={"email": new_email(), "password": PASSWORD, "timezone": ZONE}
    )
    assert response.status == 200, response.text()
    open_app(page, stack)


def only_task(context: BrowserContext, stack: Stack) -> dict[str, Any]:
    tasks: list[dict[str, Any]] = api_get(context, stack, "/tasks")
    assert len(tasks) == 1, tasks
    return tasks[0]


def chips(page: Page) -> Any:
    return page.locator("#new-task-chips .quick-add-chip-text")


def test_quick_add_in_english_shows_and_creates_what_it_recognised(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.press_sequentially("Call mum tomorrow 18:00")
    expect(chips(page)).to_have_text(["Tomorrow 18:00"])
    expect(page.locator("#new-task-announcer")).to_have_text("Recognised: Tomorrow 18:00")
    field.press("Enter")

    expect(page.locator("#open-tasks .task-title")).to_have_text(["Call mum"])
    task = only_task(context, stack)
    assert (task["title"], task["due_date"], task["due_time"]) == ("Call mum", local_day(1), "18:00")
    expect(row(page, task["id"]).locator(".task-due")).to_have_text("Tomorrow 18:00")
    expect(field).to_have_value("")
    expect(page.locator("#new-task-chips")).to_be_hidden()


@pytest.mark.browser_context(locale="ru-RU")
def test_quick_add_in_russian(page: Page, context: BrowserContext, stack: Stack) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.press_sequentially("завтра в 10 позвонить маме")
    expect(chips(page)).to_have_text(["Завтра 10:00"])
    field.press("Enter")

    expect(page.locator("#open-tasks .task-title")).to_have_text(["позвонить маме"])
    task = only_task(context, stack)
    assert (task["title"], task["due_date"], task["due_time"]) == ("позвонить маме", local_day(1), "10:00")

    field.press_sequentially("каждый понедельник отчёт")
    expect(page.locator("#new-task-chips [data-part='recurrence'] .quick-add-chip-text")).to_have_text(
        "Каждую неделю: пн"
    )


def test_escape_keeps_a_recognised_date_as_text(page: Page, context: BrowserContext, stack: Stack) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.press_sequentially("Call mum tomorrow 18:00")
    expect(chips(page)).to_have_text(["Tomorrow 18:00"])
    field.press("Escape")
    expect(page.locator("#new-task-chips")).to_be_hidden()
    expect(page.locator("#new-task-announcer")).to_have_text("Kept as text: Tomorrow 18:00")
    # Still literal as the text grows.
    field.press_sequentially("!")
    page.wait_for_timeout(600)
    expect(page.locator("#new-task-chips")).to_be_hidden()
    field.press("Enter")

    expect(page.locator("#open-tasks .task-title")).to_have_text(["Call mum tomorrow 18:00!"])
    task = only_task(context, stack)
    assert (task["due_date"], task["due_time"]) == (None, None)


def test_the_chips_button_keeps_a_repetition_as_text(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.press_sequentially("Pay rent every month on the 1st")
    repetition = page.locator("#new-task-chips [data-part='recurrence']")
    expect(repetition.locator(".quick-add-chip-text")).to_have_text("Every month on day 1")
    expect(page.locator("#new-task-chips [data-part='due']")).to_be_visible()
    repetition.get_by_role("button", name="Keep as text: Every month on day 1").click()
    expect(page.locator("#new-task-chips")).to_be_hidden()
    expect(field).to_be_focused()
    field.press("Enter")

    expect(page.locator("#open-tasks .task-title")).to_have_text(["Pay rent every month on the 1st"])
    task = only_task(context, stack)
    assert (task["due_date"], task["recurrence"]) == (None, None)


def test_a_repetition_is_kept_or_the_page_says_it_was_not(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.press_sequentially("Report every weekday")
    chip = page.locator("#new-task-chips [data-part='recurrence']")
    expect(chip).to_have_text("Every weekday")
    expect(chip.locator(".bi-arrow-repeat[aria-hidden='true']")).to_have_count(1)
    field.press("Enter")

    expect(page.locator("#open-tasks .task-title")).to_have_text(["Report"])
    task = only_task(context, stack)
    assert task["due_date"] is not None
    if task["recurrence"] is None:  # a server without repeating tasks
        expect(page.locator("#notice")).to_contain_text("added without repeating")
    else:
        assert task["recurrence"] == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"


def test_enter_right_away_still_adds_the_task(page: Page, context: BrowserContext, stack: Stack) -> None:
    sign_up(page, context, stack)
    field = page.locator("#new-task-title")
    field.fill("Buy milk tomorrow")
    field.press("Enter")
    expect(page.locator("#open-tasks .task-title")).to_have_text(["Buy milk"])
    assert only_task(context, stack)["due_date"] == local_day(1)
