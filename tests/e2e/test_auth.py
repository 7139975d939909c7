"""Signing up, logging in and out, staying logged in, and losing the session, in a real browser."""

import re

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, Request, Route, expect

from .helpers import (
    PASSWORD,
    Stack,
    api_get,
    create_task_via_api,
    has_class,
    new_email,
    open_app,
    register_via_api,
    screenshot,
    wait_for,
)

pytestmark = pytest.mark.e2e


def open_signup(page: Page) -> None:
    page.locator("#visitor-actions [data-action='open-signup']").click()
    expect(page.locator("#signup-modal")).to_be_visible()
    expect(page.locator("#signup-email")).to_be_focused()


def fill_signup(page: Page, email: str, password: str, confirmation: str) -> None:
    page.locator("#signup-email").fill(email)
    page.locator("#signup-password").fill(password)
    page.locator("#signup-password-confirm").fill(confirmation)
    page.locator("#signup-password-confirm").press("Enter")


def field_error(page: Page, name: str) -> Locator:
    return page.locator(f"#signup-form [name='{name}'] ~ .invalid-feedback")


def log_in(page: Page, email: str, password: str) -> None:
    page.locator("#visitor-actions [data-action='open-login']").click()
    expect(page.locator("#login-email")).to_be_focused()
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(password)
    page.locator("#login-password").press("Enter")


def test_sign_up_logs_in_sends_the_timezone_and_survives_a_reload(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    open_app(page, stack)
    expect(page.locator("#welcome")).to_be_visible()
    screenshot(page, "visitor")
    email = new_email("signup")

    open_signup(page)
    screenshot(page, "signup-dialog")
    fill_signup(page, email, PASSWORD, PASSWORD)

    expect(page.locator("#signup-modal")).to_be_hidden()
    expect(page.locator("#user-email")).to_have_text(email)
    expect(page.locator("#tasks-view")).to_be_visible()
    expect(page.locator("#new-task-title")).to_be_focused()
    assert api_get(context, stack, "/user")["timezone"] == "Europe/Moscow"

    page.reload()
    page.wait_for_selector("#app-loading", state="hidden")
    expect(page.locator("#user-email")).to_have_text(email)
    expect(page.locator("#tasks-view")).to_be_visible()
    screenshot(page, "logged-in-empty")


def test_sign_up_shows_errors_next_to_the_fields(page: Page, context: BrowserContext, stack: Stack) -> None:
    taken = register_via_api(context, stack)
    context.clear_cookies()
    open_app(page, stack)
    open_signup(page)
    email = page.locator("#signup-email")
    password = page.locator("#signup-password")
    confirmation = page.locator("#signup-password-confirm")
    summary = page.locator("#signup-form .form-error-summary")

    fill_signup(page, taken.upper(), PASSWORD, PASSWORD)
    expect(email).to_have_class(has_class("is-invalid"))
    expect(field_error(page, "email")).to_have_text("This email is already taken.")
    expect(summary).to_have_text("This email is already taken.")
    expect(email).to_be_focused()
    screenshot(page, "signup-email-taken")

    fill_signup(page, new_email(), PASSWORD, PASSWORD + "x")
    expect(confirmation).to_have_class(has_class("is-invalid"))
    expect(field_error(page, "password_confirm")).to_have_text("The passwords do not match.")
    expect(summary).to_have_text("Please correct the highlighted fields.")
    expect(email).not_to_have_class(has_class("is-invalid"))

    fill_signup(page, new_email(), "short", "short")
    expect(password).to_have_class(has_class("is-invalid"))
    expect(field_error(page, "password")).to_have_text("The password must be at least 8 characters long.")

    fill_signup(page, "not-an-email", PASSWORD, PASSWORD)
    expect(field_error(page, "email")).to_have_text("Enter a valid email address.")

    # Passes the browser's loose check; the server's validation refuses it (422) and says which field.
    fill_signup(page, "someone@invalid", PASSWORD, PASSWORD)
    expect(field_error(page, "email")).to_have_text("Enter a valid email address.")
    expect(summary).to_have_text("Please correct the highlighted fields.")
    expect(email).to_have_value("someone@invalid")

    expect(page.locator("#signup-modal")).to_be_visible()
    expect(page.locator("#visitor-actions")).to_be_visible()
    assert context.request.get(f"{stack.api_url}/user").status == 401


def test_log_out_then_log_in_with_a_wrong_and_the_right_password(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    open_app(page, stack)
    expect(page.locator("#user-email")).to_have_text(email)

    page.locator("[data-action='logout']").click()
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#user-actions")).to_be_hidden()
    expect(page.locator("#visitor-actions [data-action='open-login']")).to_be_focused()
    page.reload()
    page.wait_for_selector("#app-loading", state="hidden")
    expect(page.locator("#welcome")).to_be_visible()

    log_in(page, email, "wrong password")
    expect(page.locator("#login-form .form-error-summary")).to_have_text("Invalid email or password.")
    expect(page.locator("#login-password")).to_have_value("")
    expect(page.locator("#login-password")).to_be_focused()
    expect(page.locator("#login-email")).to_have_value(email)
    screenshot(page, "login-wrong-password")

    page.locator("#login-password").fill(PASSWORD)
    page.locator("#login-password").press("Enter")
    expect(page.locator("#login-modal")).to_be_hidden()
    expect(page.locator("#user-email")).to_have_text(email)
    expect(page.locator("#tasks-view")).to_be_visible()


def test_an_expired_access_token_is_refreshed_once_for_concurrent_calls(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    first = create_task_via_api(context, stack, "first")
    second = create_task_via_api(context, stack, "second")
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-item")).to_have_count(2)

    # The access cookie expires after minutes; dropping it is the same for the server.
    access = [cookie for cookie in context.cookies() if cookie["name"] == "access_token"]
    assert access, context.cookies()
    context.clear_cookies(name="access_token")
    refreshes: list[Request] = []
    page.on(
        "request", lambda request: refreshes.append(request) if "/session/refresh" in request.url else None
    )

    page.locator(f".task-item[data-task-id='{first['id']}'] [data-action='toggle']").click()
    page.locator(f".task-item[data-task-id='{second['id']}'] [data-action='toggle']").click()

    expect(page.locator("#done-tasks .task-item")).to_have_count(2)
    expect(page.locator("#done-count")).to_have_text("2")
    page.wait_for_function("() => !document.querySelector('#background-saves:not([hidden])')")
    # The API is asked with the browser's cookies once the refresh has set the new access cookie.
    wait_for(lambda: any(cookie["name"] == "access_token" for cookie in context.cookies()), page)
    wait_for(lambda: all(task["done"] for task in api_get(context, stack, "/tasks")), page)
    assert len(refreshes) == 1, [request.url for request in refreshes]
    expect(page.locator("#welcome")).to_be_hidden()


def test_a_revoked_session_returns_to_the_visitor_view(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    open_app(page, stack)
    expect(page.locator("#tasks-view")).to_be_visible()

    # Logged out elsewhere (the session is revoked server-side; this jar loses its cookies too).
    assert context.request.delete(f"{stack.api_url}/session").status == 204

    page.locator("#new-task-title").fill("written after the session ended")
    page.locator("#new-task-title").press("Enter")
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#visitor-actions")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("Your session has ended")
    expect(page.locator("#open-tasks .task-item")).to_have_count(0)
    screenshot(page, "session-ended")


def test_dialogs_work_with_the_keyboard(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    trigger = page.locator("#visitor-actions [data-action='open-login']")
    trigger.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#login-email")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#login-password")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#login-modal")).to_be_hidden()
    expect(trigger).to_be_focused()

    page.keyboard.press("Tab")  # from "Log in" to "Sign up"
    page.keyboard.press("Enter")
    expect(page.locator("#signup-email")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#visitor-actions [data-action='open-signup']")).to_be_focused()


def test_edits_cut_off_by_the_end_of_the_session_are_saved_after_logging_in_again(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Draft the report")
    open_app(page, stack)
    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='open']").click()
    expect(page.locator("#task-title")).to_be_focused()
    assert context.request.delete(f"{stack.api_url}/session").status == 204

    page.locator("#task-description").fill("typed while the session was already gone")
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#notice")).to_contain_text("Your session has ended")

    log_in(page, email, PASSWORD)
    expect(page.locator("#user-email")).to_have_text(email)
    wait_for(
        lambda: (
            api_get(context, stack, f"/tasks/{task['id']}")["description"]
            == "typed while the session was already gone"
        ),
        page,
    )


def test_log_in_reports_too_many_attempts_and_network_failures(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    context.clear_cookies()
    open_app(page, stack)
    summary = page.locator("#login-form .form-error-summary")

    page.route(f"{stack.api_url}/session", lambda route: route.abort("internetdisconnected"))
    log_in(page, email, PASSWORD)
    expect(summary).to_have_text("The server cannot be reached. Check your connection and try again.")
    page.unroute(f"{stack.api_url}/session")

    for attempt in range(10):
        page.locator("#login-password").fill(f"wrong password {attempt}")
        page.locator("#login-password").press("Enter")
        expect(page.locator("#login-form")).not_to_have_attribute("aria-busy", "true")
        if "Too many attempts" in (summary.text_content() or ""):
            break
    # The first delays are seconds: 1 s after the free failures, then 2 s, 4 s ...
    expect(summary).to_have_text(re.compile(r"^Too many attempts\. Try again in \d+ seconds?\.$"))
    screenshot(page, "login-too-many-attempts")


@pytest.mark.browser_context(locale="ru-RU")
def test_a_long_wait_is_told_in_minutes_in_the_interface_language(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    # As the API answers after many failures (its delays reach 15 minutes), with the CORS headers
    # that let the page read Retry-After.
    headers = {
        "Access-Control-Allow-Origin": stack.frontend_url,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Expose-Headers": "Retry-After",
        "Retry-After": "892",
    }
    page.route(
        f"{stack.api_url}/session",
        lambda route: route.fulfill(
            status=429, headers=headers, json={"message": "Too many failed logins; try again in 15 minutes"}
        ),
    )
    log_in(page, "nobody@example.com", "wrong password")
    summary = page.locator("#login-form .form-error-summary")
    expect(summary).to_have_text("Слишком много попыток. Повторите через 15 минут.")
    screenshot(page, "login-wait-in-minutes")
    page.locator("#language-select").select_option("en")
    expect(summary).to_have_text("Too many attempts. Try again in 15 minutes.")

    headers["Retry-After"] = "60"
    page.locator("#login-password").press("Enter")
    expect(summary).to_have_text("Too many attempts. Try again in 1 minute.")
    page.locator("#language-select").select_option("ru")
    expect(summary).to_have_text("Слишком много попыток. Повторите через 1 минуту.")
    headers["Retry-After"] = "150"  # rounded up: never sooner than the server allows
    page.locator("#login-password").press("Enter")
    expect(summary).to_have_text("Слишком много попыток. Повторите через 3 минуты.")


def test_two_tabs_refreshing_at_once_stay_logged_in(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    """The server revokes the session when a rotated refresh token comes back, so the second tab's
    refresh must wait for the first and send the cookie it received."""
    register_via_api(context, stack)
    first = create_task_via_api(context, stack, "first")
    second = create_task_via_api(context, stack, "second")
    other = context.new_page()
    open_app(page, stack)
    open_app(other, stack)
    context.clear_cookies(name="access_token")  # expired in both tabs

    held: list[Route] = []
    sent_cookies: list[str] = []
    holding = True

    def hold_refreshes(route: Route) -> None:
        sent_cookies.append(route.request.headers.get("cookie", ""))
        if holding:
            held.append(route)
        else:
            route.continue_()

    context.route(f"{stack.api_url}/session/refresh", hold_refreshes)
    page.locator(f".task-item[data-task-id='{first['id']}'] [data-action='toggle']").click()
    other.locator(f".task-item[data-task-id='{second['id']}'] [data-action='toggle']").click()
    wait_for(lambda: len(held) == 1, page)
    page.wait_for_timeout(1000)  # time for the other tab's refresh, if it did not wait
    overlapping = len(held)
    holding = False
    for route in held:
        route.continue_()

    # Each tab's own task is done there (live sync soon shows the other tab's too, so no count).
    for tab, task in ((page, first), (other, second)):
        expect(
            tab.locator(f"#done-tasks .task-item[data-task-id='{task['id']}']"),
            "a tab was logged out or its save failed",
        ).to_be_visible()
        tab.wait_for_function("() => !document.querySelector('#background-saves:not([hidden])')")
    for tab in (page, other):
        expect(tab.locator("#tasks-view")).to_be_visible()
        expect(tab.locator("#notice")).to_be_hidden()
    # The counts above are the tabs' own views; the saves reach the server a moment later.
    wait_for(lambda: all(task["done"] for task in api_get(context, stack, "/tasks")), page)
    assert overlapping == 1, "the second tab refreshed while the first one's refresh was in flight"
    assert len(sent_cookies) == 2
    assert sent_cookies[0] != sent_cookies[1], "the second tab sent the refresh token already used"
    assert context.request.get(f"{stack.api_url}/user").status == 200
    other.close()
