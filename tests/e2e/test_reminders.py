"""Reminders in a real browser: chosen in the editor (autosaved as remind_at, an instant in the
account's timezone, not the browser's), shown as a bell on the row, and the task in Today."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import PASSWORD, Stack, create_task_via_api, new_email, open_app, screenshot, wait_for
from .test_tasks import open_editor, row

pytestmark = pytest.mark.e2e

# Six hours ahead of the browser's zone (Europe/Moscow), with no clock changes.
ZONE = ZoneInfo("Asia/Tokyo")


def local_day(offset: int = 0) -> str:
    return (datetime.now(ZONE).date() + timedelta(days=offset)).isoformat()


def local_instant(day: str, time: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=ZONE)


def wait_for_reminder(
    context: BrowserContext, stack: Stack, task_id: int, page: Page, expected: datetime | None
) -> None:
    def matches() -> bool:
        response = context.request.get(f"{stack.api_url}/tasks/{task_id}")
        if not response.ok:
            return False
        value = response.json()["remind_at"]
        return (None if value is None else datetime.fromisoformat(value)) == expected

    wait_for(matches, page)


def test_a_reminder_set_in_the_editor_is_saved_shown_and_the_task_is_in_today(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    response = context.request.post(
        f"{stack.api_url}/user", data={"email": new_email(), "password": PASSWORD, "timezone": "Asia/Tokyo"}
    )
    assert response.status == 200, response.text()
    task = create_task_via_api(context, stack, "Call mum")
    open_app(page, stack)
    expect(row(page, task["id"]).locator(".task-reminder")).to_be_hidden()

    open_editor(page, task["id"])
    remind = page.locator("#task-remind")
    expect(remind).to_have_value("none")
    # Without a due time only the morning of the day and a custom time make sense.
    expect(remind.locator("option[value='before30']")).to_be_disabled()
    page.locator("#task-due-date").fill(local_day())
    page.locator("#task-due-time").fill("23:59")
    expect(remind.locator("option[value='before30']")).to_be_enabled()
    remind.select_option("before30")
    wait_for_reminder(context, stack, task["id"], page, local_instant(local_day(), "23:29"))
    screenshot(page, "reminder-editor")
    page.keyboard.press("Escape")

    expect(page.locator("#task-modal")).to_be_hidden()
    bell = row(page, task["id"]).locator(".task-reminder")
    expect(bell).to_be_visible()
    expect(bell).to_have_attribute("aria-label", "Reminder: Today 23:29")
    screenshot(page, "reminder-row")

    page.locator("#task-views [data-view='today']").click()
    expect(page.locator("#due-view .task-item")).to_have_count(1)
    expect(row(page, task["id"]).locator(".task-reminder")).to_be_visible()

    # Reopened, the editor shows the choice; moving the due time moves the reminder with it.
    open_editor(page, task["id"])
    expect(remind).to_have_value("before30")
    page.locator("#task-due-time").fill("23:45")
    wait_for_reminder(context, stack, task["id"], page, local_instant(local_day(), "23:15"))

    remind.select_option("custom")
    expect(page.locator("#task-remind-custom")).to_be_visible()
    page.locator("#task-remind-custom").fill(f"{local_day(1)}T08:15")
    wait_for_reminder(context, stack, task["id"], page, local_instant(local_day(1), "08:15"))

    remind.select_option("none")
    wait_for_reminder(context, stack, task["id"], page, None)
    page.keyboard.press("Escape")
    expect(row(page, task["id"]).locator(".task-reminder")).to_be_hidden()
