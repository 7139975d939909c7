"""Due dates in a real browser: set in the editor (autosaved), shown on the row, and the Today and
Upcoming views on the user's own calendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import PASSWORD, Stack, create_task_via_api, new_email, open_app
from .test_tasks import open_editor, row, wait_for_saved

pytestmark = pytest.mark.e2e

# A day ahead of UTC most of the time, and of the browser's zone (Europe/Moscow): the views must
# follow the account's timezone, not the browser's.
ZONE = "Pacific/Kiritimati"


def local_day(offset: int = 0) -> str:
    return (datetime.now(ZoneInfo(ZONE)).date() + timedelta(days=offset)).isoformat()


def test_a_due_date_set_in_the_editor_puts_the_task_in_today_and_upcoming(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    response = context.request.post(
        f"{stack.api_url}/user", data={"email": new_email(), "password": PASSWORD, "timezone": ZONE}
    )
    assert response.status == 200, response.text()
    late = create_task_via_api(context, stack, "Pay the bill", due_date=local_day(-1))
    plain = create_task_via_api(context, stack, "Water the plants")
    later = create_task_via_api(context, stack, "Book the trip", due_date=local_day(3))
    open_app(page, stack)

    expect(row(page, late["id"]).locator(".task-due")).to_have_text("Overdue · Yesterday")
    expect(page.locator("#today-count")).to_have_text("1")

    page.locator("#task-views [data-view='today']").click()
    expect(page.locator("#due-view")).to_be_visible()
    expect(page.locator("#task-lists")).to_be_hidden()
    expect(page.locator("#due-view .task-item")).to_have_count(1)
    expect(row(page, late["id"])).to_be_visible()

    page.locator("#task-views [data-view='all']").click()
    open_editor(page, plain["id"])
    expect(page.locator("#task-due-time")).to_be_disabled()
    page.locator("#task-due-date").fill(local_day())
    expect(page.locator("#task-due-time")).to_be_enabled()
    page.locator("#task-due-time").fill("23:59")
    wait_for_saved(context, stack, plain["id"], page, due_date=local_day(), due_time="23:59")
    page.keyboard.press("Escape")
    expect(row(page, plain["id"]).locator(".task-due")).to_have_text("Today 23:59")

    page.locator("#task-views [data-view='today']").click()
    expect(page.locator("#due-view .task-item")).to_have_count(2)
    # Overdue first, then today's.
    expect(page.locator("#due-view .task-title")).to_have_text(["Pay the bill", "Water the plants"])

    page.locator("#task-views [data-view='upcoming']").click()
    expect(page.locator("#due-groups h3")).to_have_text(
        ["Today", page.evaluate("day => TT.i18n.formatDay(day)", local_day(3))]
    )
    expect(row(page, later["id"])).to_be_visible()
    expect(row(page, late["id"])).to_have_count(0)

    # Added while looking at Upcoming: due today, so it shows up where it was added.
    page.locator("#new-task-title").fill("Call mum")
    page.locator("#new-task-title").press("Enter")
    expect(page.locator("#due-view .task-title", has_text="Call mum")).to_be_visible()

    # Clearing the date takes the task out of the views.
    page.locator("#task-views [data-view='today']").click()
    open_editor(page, plain["id"])
    page.locator("#task-due-clear").click()
    wait_for_saved(context, stack, plain["id"], page, due_date=None, due_time=None)
    page.keyboard.press("Escape")
    expect(row(page, plain["id"])).to_have_count(0)
    expect(page.locator("#today-count")).to_have_text("2")
