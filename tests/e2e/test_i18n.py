"""Interface language from the browser, the switcher, and dates in the user's locale."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, create_task_via_api, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e

DATE_FORMAT = "([iso, locale]) => new Intl.DateTimeFormat(locale, {dateStyle: 'medium', timeStyle: 'short'})"
FORMATTED = DATE_FORMAT + ".format(new Date(iso))"


@pytest.mark.browser_context(locale="ru-RU")
def test_russian_browser_gets_russian_and_the_switch_is_remembered(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    login = page.locator("#visitor-actions [data-action='open-login']")
    expect(login).to_have_text("Войти")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("#language-select")).to_have_value("ru")
    assert page.title() == "Планировщик задач"

    login.click()
    expect(page.locator("#login-email")).to_be_focused()  # shown: its focus move cannot land mid-typing
    page.locator("#login-email").fill("nobody@example.com")
    page.locator("#login-password").fill("wrong password")
    page.locator("#login-password").press("Enter")
    expect(page.locator("#login-form .form-error-summary")).to_have_text("Неверная почта или пароль.")
    screenshot(page, "russian-login-error")

    page.keyboard.press("Escape")
    page.locator("#language-select").select_option("en")
    expect(login).to_have_text("Log in")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("label[for='login-email']")).to_have_text("Email")

    page.reload()
    page.wait_for_selector("#app-loading", state="hidden")
    expect(login).to_have_text("Log in")
    expect(page.locator("#language-select")).to_have_value("en")


@pytest.mark.browser_context(locale="ru-RU")
def test_dates_follow_the_locale_and_lists_re_render_on_switch(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Полить цветы")
    done = context.request.patch(f"{stack.api_url}/tasks/{task['id']}", data={"done": True})
    assert done.ok, done.text()
    done_at = done.json()["done_at"]
    open_app(page, stack)

    meta = page.locator(f".task-item[data-task-id='{task['id']}'] .task-meta")
    expect(page.locator("#done-tasks")).to_contain_text("Полить цветы")
    expect(meta).to_have_text("Сделано " + page.evaluate(FORMATTED, [done_at, "ru-RU"]))
    expect(page.locator("#open-heading")).to_contain_text("Нужно сделать")
    screenshot(page, "russian-tasks")

    page.locator("#language-select").select_option("en")
    # The browser's region (ru-RU) is not an English variant, so plain English formats the date.
    expect(meta).to_have_text("Done " + page.evaluate(FORMATTED, [done_at, "en"]))
    expect(page.locator("#open-heading")).to_contain_text("To do")


def switch_language(page: Page, language: str) -> None:
    page.locator("#language-select").select_option(language)
    expect(page.locator("html")).to_have_attribute("lang", language)


@pytest.mark.browser_context(locale="ru-RU")
def test_server_refusals_are_shown_in_the_interface_language_and_follow_a_switch(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Полить цветы")
    open_app(page, stack)
    new_title = page.locator("#new-task-title")
    new_title_error = page.locator("#new-task-form .invalid-feedback")

    # The server refuses a NUL character (the page has no check of its own for it).
    new_title.fill("Купить\x00молоко")
    new_title.press("Enter")
    expect(new_title_error).to_have_text("Заголовок содержит недопустимый символ.")
    switch_language(page, "en")
    expect(new_title_error).to_have_text("The title contains a character that is not allowed.")
    switch_language(page, "ru")

    page.route(
        f"{stack.api_url}/tasks",
        lambda route: route.fulfill(
            status=413, json={"message": "The request body is larger than 65536 bytes"}
        ),
    )
    new_title.fill("Купить молоко")
    new_title.press("Enter")
    expect(new_title_error).to_have_text("Слишком много данных для одной отправки.")
    page.unroute(f"{stack.api_url}/tasks")

    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='open']").click()
    expect(page.locator("#task-title")).to_be_focused()
    page.locator("#task-description").fill("Фикус\x00")
    status = page.locator("#task-save-status .save-text")
    expect(status).to_have_text("Не сохранено: Описание содержит недопустимый символ.")
    screenshot(page, "russian-save-refused")
    switch_language(page, "en")
    expect(status).to_have_text("Not saved: The description contains a character that is not allowed.")
    page.locator("#task-description").fill("Ficus")
    expect(status).to_have_text("Saved")

    page.route(f"{stack.api_url}/tasks/*", lambda route: route.abort("connectionreset"))
    page.locator("#task-delete").click()
    delete_error = page.locator("#task-delete-error")
    expect(delete_error).to_have_text("The task could not be deleted. Try again.")
    switch_language(page, "ru")
    expect(delete_error).to_have_text("Не удалось удалить задачу. Попробуйте снова.")


@pytest.mark.browser_context(locale="ru-RU")
def test_a_message_with_a_number_is_translated_again_on_a_switch(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    # As the API answers: CORS headers that let the page read Retry-After.
    headers = {
        "Access-Control-Allow-Origin": stack.frontend_url,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Expose-Headers": "Retry-After",
        "Retry-After": "30",
    }
    page.route(
        f"{stack.api_url}/session",
        lambda route: route.fulfill(
            status=429, headers=headers, json={"message": "Too many attempts, try again later"}
        ),
    )
    page.locator("#visitor-actions [data-action='open-login']").click()
    expect(page.locator("#login-email")).to_be_focused()
    page.locator("#login-email").fill("nobody@example.com")
    page.locator("#login-password").fill("wrong password")
    page.locator("#login-password").press("Enter")
    summary = page.locator("#login-form .form-error-summary")
    expect(summary).to_have_text("Слишком много попыток. Повторите через 30 секунд.")

    switch_language(page, "en")
    expect(summary).to_have_text("Too many attempts. Try again in 30 seconds.")
