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
    expect(page.locator("#tasks-view h2").first).to_contain_text("Нужно сделать")
    screenshot(page, "russian-tasks")

    page.locator("#language-select").select_option("en")
    # The browser's region (ru-RU) is not an English variant, so plain English formats the date.
    expect(meta).to_have_text("Done " + page.evaluate(FORMATTED, [done_at, "en"]))
    expect(page.locator("#tasks-view h2").first).to_contain_text("To do")
