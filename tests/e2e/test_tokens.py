"""Personal access tokens in a real browser: made in the settings, the secret shown once (and
copied), used by a script (httpx, as a script would) against the API, then revoked from the
list, after which it no longer works."""

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, new_email, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e


def open_settings(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()


@pytest.mark.browser_context(permissions=["clipboard-read", "clipboard-write"])
def test_a_token_is_made_shown_once_used_and_revoked(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack, new_email("tokens"))
    open_settings(page, stack)
    card = page.locator("#settings-tokens")
    expect(card.locator("#tokens-empty")).to_have_text("You have no tokens.")

    # What the page checks itself: a name, a permission, a number of days in range.
    card.locator("#token-scope-read").uncheck()
    card.locator("#token-expiry").select_option("custom")
    expect(card.locator("#token-days")).to_be_focused()
    card.locator("#token-days").fill("400")
    card.locator("#token-form [type='submit']").click()
    expect(card.locator("[name='name'] ~ .invalid-feedback")).to_have_text("Enter a name for the token.")
    expect(card.locator("#token-scope-write ~ .invalid-feedback")).to_have_text(
        "Choose at least one permission."
    )
    expect(card.locator("[name='expires_in_days'] ~ .invalid-feedback")).to_have_text(
        "Enter a whole number of days from 1 to 366."
    )
    expect(card.locator("#token-name")).to_be_focused()

    card.locator("#token-name").fill("Nightly <b>backup</b>")
    card.locator("#token-scope-read").check()
    card.locator("#token-scope-write").check()
    card.locator("#token-expiry").select_option("90")
    expect(card.locator("#token-days-field")).to_be_hidden()
    card.locator("#token-form [type='submit']").click()

    created = card.locator("#token-created")
    expect(created).to_be_visible()
    expect(created).to_contain_text("you will not see it again")
    secret_field = card.locator("#token-secret")
    expect(secret_field).to_be_focused()
    expect(secret_field).to_have_attribute("readonly", "")
    secret = secret_field.input_value()
    assert secret.startswith("ttp_") and len(secret) >= 4 + 43
    card.locator("#token-copy").click()
    expect(card.locator("#token-copy-status")).to_have_text("Copied to the clipboard.")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    screenshot(page, "token-created")

    item = card.locator(".token-item")
    expect(item).to_have_count(1)
    expect(item.locator(".token-name")).to_have_text("Nightly <b>backup</b>")  # text, not markup
    expect(item.locator(".token-prefix")).to_have_text(secret[:12] + "…")
    expect(item.locator(".token-scopes")).to_have_text("tasks:read, tasks:write")
    expect(item.locator(".token-dates")).to_contain_text("never used")
    expect(card.locator("#tokens-empty")).to_be_hidden()
    # The form is ready for the next token.
    expect(card.locator("#token-name")).to_have_value("")

    # A script uses it, as its owner would: no cookies, only the header.
    headers = {"Authorization": f"Bearer {secret}"}
    made = httpx.post(f"{stack.api_url}/tasks", json={"title": "Made by a script"}, headers=headers)
    assert made.status_code == 201, made.text
    listed = httpx.get(f"{stack.api_url}/tasks", headers=headers)
    assert listed.status_code == 200
    assert [task["title"] for task in listed.json()] == ["Made by a script"]

    card.locator("#token-created-done").click()
    expect(created).to_be_hidden()
    expect(secret_field).to_have_value("")
    # Shown once: after a reload the page knows only the list, which says it was used.
    page.reload()
    open_settings(page, stack)
    expect(item.locator(".token-dates")).to_contain_text("last used")
    assert secret not in page.content()
    assert secret[12:] not in page.content()

    item.locator("[data-action='revoke']").click()
    expect(item.locator(".token-revoke-confirm")).to_contain_text("Scripts using it stop working at once.")
    expect(item.locator("[data-action='revoke-no']")).to_be_focused()
    item.locator("[data-action='revoke-no']").click()
    expect(item.locator("[data-action='revoke']")).to_be_focused()
    item.locator("[data-action='revoke']").click()
    item.locator("[data-action='revoke-yes']").click()
    expect(card.locator(".token-item")).to_have_count(0)
    expect(card.locator("#tokens-empty")).to_be_visible()
    screenshot(page, "token-revoked")

    refused = httpx.get(f"{stack.api_url}/tasks", headers=headers)
    assert refused.status_code == 401
    assert refused.json() == {"message": "This access token is invalid, revoked or expired"}


def test_the_card_follows_the_interface_language(page: Page, context: BrowserContext, stack: Stack) -> None:
    """The card follows the interface language, the list included."""
    register_via_api(context, stack, new_email("tokens-ru"))
    made = context.request.post(
        f"{stack.api_url}/user/tokens", data={"name": "cron", "scopes": ["tasks:read"], "expires_in_days": 7}
    )
    assert made.status == 201, made.text()
    open_settings(page, stack)
    item = page.locator("#settings-tokens .token-item")
    expect(item.locator(".token-dates")).to_contain_text("never used")
    page.locator("#language-select").select_option("ru")
    expect(page.locator("#settings-tokens-heading")).to_have_text("Токены доступа")
    expect(page.locator("#settings-tokens [type='submit']")).to_have_text("Создать токен")
    expect(item.locator(".token-dates")).to_contain_text("ни разу не использован")
    expect(item.locator("[data-action='revoke']")).to_have_text("Отозвать")
    expect(item.locator("[data-action='revoke']")).to_have_attribute("aria-label", "Отозвать «cron»")


def test_the_docs_page_authorizes_with_a_token(page: Page, context: BrowserContext, stack: Stack) -> None:
    """The API's own /docs page: *Authorize* takes a personal access token, and *Try it out*
    then sends it."""
    register_via_api(context, stack, new_email("tokens-docs"))
    made = context.request.post(
        f"{stack.api_url}/user/tokens", data={"name": "docs", "scopes": ["tasks:read"], "expires_in_days": 1}
    )
    assert made.status == 201, made.text()
    context.request.post(f"{stack.api_url}/tasks", data={"title": "Seen through /docs"})
    context.clear_cookies()  # only the token can authenticate the page's requests

    page.goto(f"{stack.api_url}/docs")
    page.locator(".auth-wrapper .authorize").click()
    scheme = page.locator(".auth-container").filter(has_text="bearerToken")
    expect(scheme).to_contain_text("personal access token")
    scheme.locator("input").fill(made.json()["token"])
    scheme.locator("button.authorize").click()
    expect(scheme.locator("button", has_text="Logout")).to_be_visible()  # Swagger UI's "authorized"
    page.locator(".modal-ux-header .close-modal").click()

    operation = page.locator("#operations-tasks-list_tasks_tasks_get")
    operation.locator(".opblock-summary").click()
    operation.locator(".try-out__btn").click()
    operation.locator(".execute").click()
    response = operation.locator(".live-responses-table .response")
    expect(response.locator(".response-col_status")).to_have_text("200")
    expect(response.locator(".response-col_description")).to_contain_text("Seen through /docs")
    screenshot(page, "token-docs-authorize")
