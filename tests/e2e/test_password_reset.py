"""Forgot password, in a real browser: ask for the link from the login form, open the link from
the email, set a new password, and log in with it; every earlier session has ended."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tasktracker.config import Settings
from tasktracker.db import create_database
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail

from .helpers import Stack, new_email, open_app, register_via_api, screenshot, wait_for

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a brand new passphrase"
LATEST_RESET_EMAIL = """
SELECT id, recipient, payload, created_at FROM email_outbox
WHERE kind = :kind AND recipient = :recipient ORDER BY id DESC LIMIT 1
"""


def latest_reset_email(database_url: str, recipient: str) -> ClaimedEmail | None:
    """The newest reset email to `recipient` in the stack's outbox (no worker runs in the stack,
    so that is where its emails wait)."""

    async def read() -> ClaimedEmail | None:
        database = create_database(database_url, pool_size=1)
        await database.connect()
        try:
            async with database.connection() as conn:
                row = await conn.fetchrow(
                    LATEST_RESET_EMAIL, kind=MailKind.PASSWORD_RESET, recipient=recipient
                )
        finally:
            await database.close()
        if row is None:
            return None
        return ClaimedEmail(
            row["id"],
            MailKind.PASSWORD_RESET,
            row["recipient"],
            json.loads(row["payload"]),
            0,
            row["created_at"],
        )

    with ThreadPoolExecutor(1) as executor:  # asyncio.run must not meet Playwright's loop
        return executor.submit(asyncio.run, read()).result()


def test_a_forgotten_password_is_reset_from_the_emailed_link(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    email = register_via_api(context, stack, new_email("reset"))
    old_access_token = next(
        cookie["value"] for cookie in context.cookies() if cookie["name"] == "access_token"
    )
    context.clear_cookies()
    open_app(page, stack)

    page.locator("#visitor-actions [data-action='open-login']").click()
    # Each dialog is used once it is shown (its first field focused), as a person would: Bootstrap
    # ignores a hide() while a dialog is still fading in.
    expect(page.locator("#login-email")).to_be_focused()
    page.locator("#login-email").fill(email)
    page.locator("#login-form [data-action='open-forgot']").click()
    expect(page.locator("#forgot-modal")).to_be_visible()
    expect(page.locator("#forgot-email")).to_have_value(email)
    expect(page.locator("#forgot-email")).to_be_focused()
    page.locator("#forgot-email").press("Enter")
    sent = page.locator("#forgot-form .form-notice")
    expect(sent).to_have_text(
        f"If an account exists for {email}, we sent it a link. The link works once, for 30 minutes."
    )
    expect(page.locator("#forgot-email")).to_be_hidden()
    screenshot(page, "password-reset-requested")
    page.locator("#forgot-form .modal-footer [data-bs-dismiss='modal']").click()
    expect(page.locator("#forgot-modal")).to_be_hidden()

    wait_for(lambda: latest_reset_email(database_url, email) is not None, page)
    claimed = latest_reset_email(database_url, email)
    assert claimed is not None
    message = build_message(
        claimed, Settings(_env_file=None, public_url=stack.frontend_url), now=datetime.now(UTC)
    )  # type: ignore[call-arg]
    text = message.get_body(("plain",))
    assert text is not None
    link = next(line for line in text.get_content().splitlines() if "#reset=" in line)
    assert link.startswith(f"{stack.frontend_url}/#reset=")

    page.goto(link)
    expect(page.locator("#reset-modal")).to_be_visible()
    expect(page.locator("#reset-password")).to_be_focused()
    assert "#reset=" not in page.url  # the secret does not stay in the address or the history
    page.locator("#reset-password").fill("short")
    page.locator("#reset-password-confirm").fill("short")
    page.locator("#reset-password-confirm").press("Enter")
    expect(page.locator("#reset-form [name='new_password'] ~ .invalid-feedback")).to_have_text(
        "The password must be at least 8 characters long."
    )
    page.locator("#reset-password").fill(NEW_PASSWORD)
    page.locator("#reset-password-confirm").fill(NEW_PASSWORD)
    page.locator("#reset-password-confirm").press("Enter")

    expect(page.locator("#reset-modal")).to_be_hidden()
    expect(page.locator("#login-modal")).to_be_visible()
    expect(page.locator("#login-form .form-notice")).to_have_text(
        "Your password is changed and you are logged out on every device. Log in with the new password."
    )
    expect(page.locator("#login-email")).to_be_focused()
    screenshot(page, "password-reset-done")
    # The session the account had before the reset has ended.
    before = context.request.get(
        f"{stack.api_url}/user", headers={"Authorization": f"Bearer {old_access_token}"}
    )
    assert before.status == 401

    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(NEW_PASSWORD)
    page.locator("#login-password").press("Enter")
    expect(page.locator("#login-modal")).to_be_hidden()
    expect(page.locator("#user-email")).to_have_text(email)
    expect(page.locator("#tasks-view")).to_be_visible()
