"""Export, import and the calendar feed in a real browser: a Todoist CSV imported from the
settings (the report, then the tasks), a JSON export downloaded through the page, and a calendar
address made, replaced and turned off."""

import re
from pathlib import Path

import httpx
import orjson
import pytest
from icalendar import Calendar
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, new_email, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e

FIXTURE = Path(__file__).parent.parent / "transfer" / "fixtures" / "todoist.csv"


def open_settings(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()


def test_a_todoist_file_is_imported_and_everything_exported(
    page: Page, context: BrowserContext, stack: Stack, tmp_path: Path
) -> None:
    register_via_api(context, stack, new_email("import"))
    open_settings(page, stack)
    card = page.locator("#settings-transfer")

    card.locator("#import-form [type='submit']").click()
    expect(card.locator("[name='file'] ~ .invalid-feedback")).to_have_text("Choose a file to import.")

    card.locator("#import-file").set_input_files(str(FIXTURE))
    card.locator("#import-form [type='submit']").click()
    report = card.locator("#import-report")
    expect(report).to_be_visible()
    expect(card.locator("#import-summary")).to_have_text("7 tasks imported · 2 new lists · 5 rows skipped")
    problems = card.locator("#import-problems li")
    expect(problems).to_have_count(10)
    expect(problems.first).to_have_text("Line 2: A Todoist view setting, not a task")
    expect(problems.filter(has_text="Line 20: Malformed row")).to_have_count(1)
    screenshot(page, "import-report")

    page.locator("#settings-back").click()
    expect(page.locator("#tasks-view")).to_be_visible()
    titles = page.locator("#open-tasks .task-title")
    expect(titles.filter(has_text="Renew passport")).to_have_count(1)
    expect(titles.filter(has_text="Позвонить клиенту")).to_have_count(1)
    expect(titles).to_have_count(7)

    open_settings(page, stack)
    with page.expect_download() as download_info:
        card.locator("[data-action='export'][data-format='json']").click()
    download = download_info.value
    assert download.suggested_filename.startswith("tasktracker-")
    assert download.suggested_filename.endswith(".json")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    exported = orjson.loads(saved.read_bytes())
    assert exported["format"] == "tasktracker"
    assert [item["name"] for item in exported["lists"]] == ["Home", "Работа"]
    assert len(exported["tasks"]) == 7
    expect(card.locator("#export-status")).to_have_text(f"Downloaded {download.suggested_filename}.")

    with page.expect_download() as csv_info:
        card.locator("[data-action='export'][data-format='csv']").click()
    csv_path = tmp_path / "export.csv"
    csv_info.value.save_as(csv_path)
    assert "Renew passport" in csv_path.read_text(encoding="utf-8-sig")


@pytest.mark.browser_context(permissions=["clipboard-read", "clipboard-write"])
def test_a_calendar_address_is_made_replaced_and_turned_off(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack, new_email("calendar"))
    made = context.request.post(f"{stack.api_url}/tasks", data={"title": "Dentist", "due_date": "2026-12-10"})
    assert made.status == 201, made.text()
    open_settings(page, stack)
    card = page.locator("#settings-calendar")
    expect(card.locator("#calendar-state")).to_have_text("The feed is off.")

    card.locator("#calendar-create").click()
    url_field = card.locator("#calendar-url")
    expect(url_field).to_be_focused()
    first = url_field.input_value()
    assert first.endswith(".ics") and "/calendar/" in first
    expect(card.locator("#calendar-state")).to_contain_text("The feed is on.")
    card.locator("#calendar-copy").click()
    expect(card.locator("#calendar-copy-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == first
    screenshot(page, "calendar-feed")

    # A calendar app fetches it with nothing but the address.
    feed = httpx.get(first)
    assert feed.status_code == 200
    assert feed.headers["content-type"].startswith("text/calendar")
    summaries = [str(event["SUMMARY"]) for event in Calendar.from_ical(feed.content).walk("VEVENT")]
    assert summaries == ["Dentist"]

    card.locator("#calendar-renew").click()
    # Emptied at the click, then the new address once the API answers.
    expect(url_field).to_have_value(re.compile(r"/calendar/[A-Za-z0-9_-]{43}\.ics$"))
    second = url_field.input_value()
    assert second != first
    assert httpx.get(first).status_code == 404
    assert httpx.get(second).status_code == 200

    card.locator("#calendar-turn-off").click()
    expect(card.locator("#calendar-status")).to_have_text("The feed is off: its address no longer works.")
    expect(card.locator("#calendar-created")).to_be_hidden()
    expect(card.locator("#calendar-create")).to_be_visible()
    assert httpx.get(second).status_code == 404
