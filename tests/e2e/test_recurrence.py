"""Recurring tasks in a real browser: a schedule set in the editor (autosaved), ticked in the list,
moving to its next date each time, with each completed occurrence recorded."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import PASSWORD, Stack, create_task_via_api, new_email, open_app, screenshot
from .test_settings import run_sql
from .test_tasks import open_editor, row, saved_task, wait_for_saved

pytestmark = pytest.mark.e2e

ZONE = "Europe/Moscow"  # the browser's zone too
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def test_a_weekly_task_completed_twice_moves_twice(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    response = context.request.post(
        f"{stack.api_url}/user", data={"email": new_email(), "password": PASSWORD, "timezone": ZONE}
    )
    assert response.status == 200, response.text()
    today = datetime.now(ZoneInfo(ZONE)).date()
    later = today + timedelta(days=3)
    task = create_task_via_api(context, stack, "Weekly report", due_date=today.isoformat())
    open_app(page, stack)

    # Weekly, on today's weekday (picked for the user) and the one three days on.
    open_editor(page, task["id"])
    page.locator("#task-repeat-freq").select_option("weekly")
    expect(page.locator(f"#task-repeat-day-{WEEKDAYS[today.weekday()]}")).to_be_checked()
    page.locator(f"#task-repeat-day-{WEEKDAYS[later.weekday()]}").check()
    days = ",".join(day for day in WEEKDAYS if day in {WEEKDAYS[today.weekday()], WEEKDAYS[later.weekday()]})
    wait_for_saved(context, stack, task["id"], page, recurrence=f"FREQ=WEEKLY;BYDAY={days}")
    names = page.evaluate(
        "days => days.map(d => new Intl.DateTimeFormat('en', {weekday: 'short', timeZone: 'UTC'})"
        ".format(new Date(d + 'T00:00:00Z')))",
        sorted([today.isoformat(), later.isoformat()], key=lambda d: date.fromisoformat(d).weekday()),
    )
    expect(page.locator("#task-repeat-summary")).to_have_text(f"Every week on {', '.join(names)}")
    expect(page.locator("#task-repeat-skip")).to_be_visible()
    screenshot(page, "recurrence-editor-weekly")
    page.keyboard.press("Escape")
    expect(row(page, task["id"]).locator(".task-repeat .visually-hidden")).to_have_text(
        f"Repeats: Every week on {', '.join(names)}"
    )

    # Ticked in the list: it stays open and moves to its next date, twice.
    next_week = today + timedelta(days=7)
    for due in (later, next_week):
        # A click, not check(): the box does not stay ticked, the task moves on instead.
        row(page, task["id"]).locator("[data-action='toggle']").click()
        label = page.evaluate("day => TT.i18n.formatDay(day)", due.isoformat())
        expect(row(page, task["id"]).locator(".task-due")).to_contain_text(label)
        # One toast says where it went, with no Undo: the occurrence is recorded for good.
        toast = page.locator("#toasts .toast", has_text="“Weekly report” is done — next:")
        day = page.evaluate("day => TT.tasks.due.dayName(day, TT.tasks.due.now())", due.isoformat())
        expect(toast).to_contain_text(f"next: {day}.")
        expect(toast.locator("[data-action='undo']")).to_have_count(0)
        toast.locator("[data-action='dismiss-toast']").click()
        expect(page.locator(f"#open-tasks .task-item[data-task-id='{task['id']}']")).to_have_count(1)
        expect(row(page, task["id"]).locator("[data-action='toggle']")).not_to_be_checked()
        wait_for_saved(context, stack, task["id"], page, due_date=due.isoformat(), done=False)
    expect(page.locator("#done-tasks .task-item")).to_have_count(0)

    occurrences = run_sql(
        database_url,
        "SELECT due_date FROM task_occurrences WHERE task_id = :task_id ORDER BY id",
        task_id=task["id"],
    )
    assert [row["due_date"] for row in occurrences] == [today, later]

    # Skip this one: the next date without an occurrence; stop repeating: an ordinary task.
    open_editor(page, task["id"])
    page.locator("#task-repeat-skip").click()
    skipped = later + timedelta(days=7)
    wait_for_saved(context, stack, task["id"], page, due_date=skipped.isoformat())
    expect(page.locator("#task-due-date")).to_have_value(skipped.isoformat())
    page.locator("#task-repeat-stop").click()
    wait_for_saved(context, stack, task["id"], page, recurrence=None)
    expect(page.locator("#task-repeat-freq")).to_have_value("none")
    expect(page.locator("#task-repeat-skip")).to_be_hidden()
    page.keyboard.press("Escape")
    expect(row(page, task["id"]).locator(".task-repeat")).to_be_empty()
    assert (
        len(
            run_sql(
                database_url, "SELECT id FROM task_occurrences WHERE task_id = :task_id", task_id=task["id"]
            )
        )
        == 2
    )
    assert saved_task(context, stack, task["id"])["done"] is False


SUMMARIES = {
    "en": [
        ("FREQ=DAILY", "Every day"),
        ("FREQ=DAILY;INTERVAL=3", "Every 3 days"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "Every week on Mon, Thu"),
        ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks on Fri"),  # the due date's weekday
        ("FREQ=MONTHLY", "Every month on day 4"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "Every month on the last day"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "Every month on the last Fri"),
        ("FREQ=YEARLY", "Every year"),
        ("FREQ=DAILY;INTERVAL=3;X-AFTER=COMPLETION", "Every 3 days, counted from completion"),
        ("FREQ=MONTHLY;BYDAY=2TU", "Repeats: FREQ=MONTHLY;BYDAY=2TU"),
    ],
    "ru": [
        ("FREQ=DAILY;INTERVAL=5", "Каждые 5 дней"),
        ("FREQ=DAILY;INTERVAL=21", "Каждый 21 день"),
        ("FREQ=WEEKLY;BYDAY=MO,TH", "Каждую неделю: пн, чт"),
        ("FREQ=MONTHLY;INTERVAL=2", "Каждые 2 месяца, 4-го числа"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "По будням"),
    ],
}


def test_the_repeat_summaries_in_both_languages(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    for language, cases in SUMMARIES.items():
        page.evaluate("language => TT.i18n.setLanguage(language)", language)
        for rule, expected in cases:
            shown = page.evaluate("rule => TT.tasks.repeat.summary(rule, '2026-12-04')", rule)
            assert shown == expected, (language, rule)
