"""The settings page in a real browser: preferences saved at once and kept after a reload, the
password changed, another device signed out, the account deleted."""

import asyncio
import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tasktracker.db import Row, create_database

from .helpers import (
    PASSWORD,
    Stack,
    api_get,
    context_options,
    create_task_via_api,
    open_app,
    register_via_api,
    user_answer_held,
)

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a brand new passphrase"
PHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1"
)


@pytest.fixture
def phone(browser: Browser) -> Iterator[BrowserContext]:
    """Another device of the same person."""
    instance = browser.new_context(**context_options(user_agent=PHONE))
    yield instance
    instance.close()


def run_sql(database_url: str, sql: str, **params: Any) -> list[Row]:
    """A statement on the browser tests' database (what the API offers no way to do: an account
    made by an external provider has no password)."""

    async def run() -> list[Row]:
        database = create_database(database_url, 1)
        await database.connect()
        try:
            async with database.transaction() as conn:
                return list(await conn.fetch(sql, **params))
        finally:
            await database.close()

    with ThreadPoolExecutor(1) as executor:  # asyncio.run must not meet Playwright's loop
        return executor.submit(asyncio.run, run()).result()


def log_in_via_api(context: BrowserContext, stack: Stack, email: str, password: str = PASSWORD) -> int:
    return context.request.post(
        f"{stack.api_url}/session", data={"email": email, "password": password}
    ).status


def status_of(context: BrowserContext, stack: Stack, path: str) -> int:
    return context.request.get(f"{stack.api_url}{path}").status


def open_settings(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()


def test_the_cards_wait_for_the_accounts_values(page: Page, context: BrowserContext, stack: Stack) -> None:
    """A switch shown before GET /user answers would be flipped back by the answer."""
    register_via_api(context, stack)
    open_app(page, stack)
    with user_answer_held(page, stack):
        page.locator("#settings-link").click()
        expect(page.locator("#settings-loading")).to_be_visible()
        expect(page.locator("#settings-sections")).to_be_hidden()
    expect(page.locator("#settings-sections")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()
    expect(page.locator("#settings-digest-enabled")).to_be_checked()


def test_preferences_are_saved_at_once_and_kept_after_a_reload(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    open_settings(page, stack)
    profile = page.locator("#settings-profile")
    expect(page.locator("#settings-profile-email")).to_have_text(email)
    # The browser's zone (the context's, Europe/Moscow) is offered first.
    detected = page.locator("#settings-timezone optgroup").first
    expect(detected).to_have_attribute("label", "Detected on this device")
    expect(detected.locator("option")).to_have_text("Europe/Moscow")

    page.locator("#settings-timezone").select_option("Asia/Tokyo")
    expect(profile.locator(".settings-status")).to_have_text("Saved")
    email_card = page.locator("#settings-email")
    expect(page.locator("#settings-digest-hour-hint")).to_have_text("In your timezone, Asia/Tokyo.")
    page.locator("#settings-digest-hour").select_option("7")
    expect(email_card.locator(".settings-status")).to_have_text("Saved")
    page.locator("#settings-digest-enabled").uncheck()
    expect(email_card.locator(".settings-status")).to_have_text("Saved")
    expect(page.locator("#settings-digest-hour")).to_be_disabled()
    page.locator("#settings-locale").select_option("ru")
    # The page follows the account's language.
    expect(page.locator("#settings-heading")).to_have_text("Настройки")
    expect(profile.locator(".settings-status")).to_have_text("Сохранено")
    expect(page.locator("#language-select")).to_have_value("ru")

    user = api_get(context, stack, "/user")
    assert (user["timezone"], user["locale"], user["digest"]) == (
        "Asia/Tokyo",
        "ru",
        {"enabled": False, "hour": 7},
    )
    page.reload()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-timezone")).to_have_value("Asia/Tokyo")
    expect(page.locator("#settings-locale")).to_have_value("ru")
    expect(page.locator("#settings-digest-enabled")).not_to_be_checked()
    expect(page.locator("#settings-digest-hour")).to_have_value("7")
    expect(page.locator("#settings-digest-hour option[value='7']")).to_have_text("07:00")

    # The header's switch is saved to the account too: the emails follow it.
    page.locator("#language-select").select_option("en")
    expect(page.locator("#settings-heading")).to_have_text("Settings")
    expect(page.locator("#settings-locale")).to_have_value("en")
    expect(profile.locator(".settings-status")).to_have_text("Saved")
    assert api_get(context, stack, "/user")["locale"] == "en"


def test_the_password_is_changed_and_the_other_devices_signed_out(
    page: Page, context: BrowserContext, phone: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    assert log_in_via_api(phone, stack, email) == 200
    open_settings(page, stack)
    form = page.locator("#settings-password-form")
    page.locator("#settings-current-password").fill("not my password")
    page.locator("#settings-new-password").fill(NEW_PASSWORD)
    page.locator("#settings-new-password-confirm").fill(NEW_PASSWORD)
    form.locator("[type='submit']").click()
    expect(form.locator("[name='current_password'] ~ .invalid-feedback")).to_have_text(
        "The password is wrong."
    )
    expect(page.locator("#settings-current-password")).to_be_focused()
    assert status_of(phone, stack, "/user") == 200

    page.locator("#settings-current-password").fill(PASSWORD)
    page.locator("#settings-new-password").fill(NEW_PASSWORD)
    page.locator("#settings-new-password-confirm").fill(NEW_PASSWORD)
    form.locator("[type='submit']").click()
    expect(form.locator(".settings-status")).to_have_text(
        "Your password is changed. Your other devices were signed out."
    )
    expect(page.locator("#settings-current-password")).to_have_value("")
    # This device stays signed in; the phone does not, and only the new password works.
    assert status_of(context, stack, "/user") == 200
    assert status_of(phone, stack, "/user") == 401
    expect(page.locator("#settings-sessions-list li")).to_have_count(1)
    assert log_in_via_api(phone, stack, email, PASSWORD) == 401
    assert log_in_via_api(phone, stack, email, NEW_PASSWORD) == 200


def test_another_device_is_signed_out_from_the_list(
    page: Page, context: BrowserContext, phone: BrowserContext, browser: Browser, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    assert log_in_via_api(phone, stack, email) == 200
    open_settings(page, stack)
    sessions = page.locator("#settings-sessions-list li")
    expect(sessions).to_have_count(2)
    this_device = sessions.filter(has_text="This device")
    expect(this_device).to_have_count(1)
    expect(this_device.locator("[data-action='end-session']")).to_have_count(0)
    the_phone = sessions.filter(has_text="Mobile Safari 17 on iOS 17")
    expect(the_phone).to_contain_text("127.0.0.1")
    expect(the_phone).to_contain_text("signed in")
    expect(the_phone).to_contain_text("last active")

    the_phone.locator("[data-action='end-session']").click()
    expect(page.locator("#settings-sessions .settings-status")).to_have_text("The device is signed out.")
    expect(sessions).to_have_count(1)
    assert status_of(phone, stack, "/user") == 401

    # Every other device at once.
    laptop = browser.new_context(**context_options())
    tablet = browser.new_context(**context_options())
    try:
        for device in (laptop, tablet):
            assert log_in_via_api(device, stack, email) == 200
        page.reload()
        expect(sessions).to_have_count(3)
        page.locator("#settings-sessions [data-action='end-other-sessions']").click()
        expect(page.locator("#settings-sessions .settings-status")).to_have_text(
            "Every other device is signed out."
        )
        expect(sessions).to_have_count(1)
        expect(page.locator("#settings-sessions [data-action='end-other-sessions']")).to_be_hidden()
        assert [status_of(device, stack, "/user") for device in (laptop, tablet, context)] == [401, 401, 200]
    finally:
        laptop.close()
        tablet.close()


def test_the_account_is_deleted_after_a_confirmation_in_the_card(
    page: Page, context: BrowserContext, phone: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    create_task_via_api(context, stack, "Water the plants")
    open_settings(page, stack)
    card = page.locator("#settings-delete")
    form = page.locator("#settings-delete-form")
    expect(form).to_be_hidden()
    card.locator("[data-action='start-delete']").click()
    expect(form).to_be_visible()
    expect(page.locator("#settings-delete-question")).to_have_text(
        f"The account {email} and all its tasks will be deleted for good."
    )
    expect(page.locator("#settings-delete-password")).to_be_focused()
    # Cancelling closes it, and nothing happened.
    card.locator("[data-action='cancel-delete']").click()
    expect(form).to_be_hidden()
    card.locator("[data-action='start-delete']").click()

    page.locator("#settings-delete-password").fill("not my password")
    form.locator("[type='submit']").click()
    expect(form.locator("[name='password'] ~ .invalid-feedback")).to_have_text("The password is wrong.")
    assert status_of(context, stack, "/user") == 200

    page.locator("#settings-delete-password").fill(PASSWORD)
    form.locator("[type='submit']").click()
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#notice .notice-text")).to_have_text("Your account and all its tasks are deleted.")
    expect(page.locator("#settings-view")).to_be_hidden()
    expect(page.locator("#visitor-actions")).to_be_visible()
    assert "#settings" not in page.url
    assert status_of(context, stack, "/user") == 401
    assert log_in_via_api(phone, stack, email) == 401


def test_an_account_without_a_password_sets_one_by_email_and_is_deleted_after_a_recent_sign_in(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    email = register_via_api(context, stack)
    run_sql(
        database_url, "UPDATE users SET password_hash = NULL WHERE email = :email RETURNING id", email=email
    )
    open_settings(page, stack)
    expect(page.locator("#settings-password-form")).to_be_hidden()
    set_password = page.locator("#settings-set-password")
    expect(set_password).to_be_visible()
    set_password.locator("[data-action='send-set-password']").click()
    expect(set_password.locator(".settings-status")).to_have_text(
        f"We sent a link to {email}. It works once, for 30 minutes."
    )
    [reset_email] = run_sql(
        database_url,
        "SELECT payload FROM email_outbox WHERE kind = 'password_reset' AND recipient = :email",
        email=email,
    )
    assert json.loads(reset_email["payload"])["locale"] == "en"

    card = page.locator("#settings-delete")
    card.locator("[data-action='start-delete']").click()
    expect(page.locator("#settings-delete-password-field")).to_be_hidden()
    expect(page.locator("#settings-delete-recent")).to_be_visible()
    # Signed in longer ago than 10 minutes: refused, with the way out.
    run_sql(
        database_url,
        "UPDATE sessions SET created_at = :at WHERE user_id = (SELECT id FROM users WHERE email = :email)"
        " RETURNING id",
        at=datetime.now(UTC) - timedelta(minutes=11),
        email=email,
    )
    form = page.locator("#settings-delete-form")
    form.locator("[type='submit']").click()
    expect(form.locator(".form-error-summary")).to_have_text(
        "You signed in more than 10 minutes ago. Log out, sign in again, then delete the account."
    )
    run_sql(
        database_url,
        "UPDATE sessions SET created_at = :at WHERE user_id = (SELECT id FROM users WHERE email = :email)"
        " RETURNING id",
        at=datetime.now(UTC),
        email=email,
    )
    form.locator("[type='submit']").click()
    expect(page.locator("#notice .notice-text")).to_have_text("Your account and all its tasks are deleted.")
    assert run_sql(database_url, "SELECT id FROM users WHERE email = :email", email=email) == []
