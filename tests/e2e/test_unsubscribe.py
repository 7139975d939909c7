"""One-click unsubscribe in a real browser: the digest the tick wrote for a user carries a link to
the web app's page; opened signed out, it asks, and confirming turns the user's digest off."""

import asyncio
import json
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tasktracker.config import Settings
from tasktracker.db import Connection, Database, create_database
from tasktracker.notifications import digest
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.outbox import ClaimedEmail
from tests.conftest import TEST_JWT_SECRET

from .helpers import Stack, api_get, create_task_via_api, new_email, register_via_api, screenshot

pytestmark = pytest.mark.e2e

# A zone no other browser test's user has, so this user's digest hour is a group of its own. The
# tick may also claim other tests' users (those whose local midnight ended within the catch-up
# hours, as a CI run just after midnight UTC found): this test reads only its own user's digest.
ZONE = "Pacific/Chatham"
ResultT = TypeVar("ResultT")


def with_database(database_url: str, work: Callable[[Database], Awaitable[ResultT]]) -> ResultT:
    async def run() -> ResultT:
        database = create_database(database_url, pool_size=1)
        await database.connect()
        try:
            return await work(database)
        finally:
            await database.close()

    with ThreadPoolExecutor(1) as executor:  # asyncio.run must not meet Playwright's loop
        return executor.submit(asyncio.run, run()).result()


def next_local_hour(now: datetime) -> datetime:
    local = now.astimezone(ZoneInfo(ZONE))
    return (local.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)).astimezone(UTC)


def the_digest(database_url: str, user_id: int, settings: Settings) -> ClaimedEmail:
    """Gives the user the next local hour as digest hour and runs the tick just after it: the
    digest of the 24 hours before, written to the outbox (no worker runs in the stack)."""
    due = next_local_hour(datetime.now(UTC))

    async def work(database: Database) -> ClaimedEmail:
        async with database.transaction() as conn:
            await set_hour(conn, user_id, due.astimezone(ZoneInfo(ZONE)).hour)
        await digest.run_digest_tick(
            database, now=due + timedelta(minutes=1), settings=settings, publish=lambda ids: None
        )
        async with database.connection() as conn:
            rows = await conn.fetch(
                "SELECT id, recipient, payload, created_at FROM email_outbox"
                " WHERE kind = 'digest' AND user_id = :user_id",
                user_id=user_id,
            )
        assert len(rows) == 1  # the tick enqueued this user's digest, once
        row = rows[0]
        payload = json.loads(row["payload"])
        return ClaimedEmail(
            row["id"], MailKind.DIGEST, row["recipient"], payload, 0, row["created_at"], user_id
        )

    return with_database(database_url, work)


async def set_hour(conn: Connection, user_id: int, hour: int) -> None:
    await conn.execute(
        "UPDATE users SET timezone = :zone, digest_hour = :hour WHERE id = :id",
        zone=ZONE,
        hour=hour,
        id=user_id,
    )


def digest_enabled(database_url: str, user_id: int) -> bool:
    async def work(database: Database) -> bool:
        async with database.connection() as conn:
            return bool(await conn.fetchval("SELECT digest_enabled FROM users WHERE id = :id", id=user_id))

    return with_database(database_url, work)


def test_the_emailed_link_turns_the_digest_off_after_asking(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    email = register_via_api(context, stack, new_email("unsubscribe"))
    user_id = api_get(context, stack, "/user")["id"]
    create_task_via_api(context, stack, "Water the plants")
    # The backend's own secret and addresses: the links the worker would write.
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        jwt_secret=TEST_JWT_SECRET,
        public_url=stack.frontend_url,
        api_url=stack.api_url,
    )
    message = build_message(the_digest(database_url, user_id, settings), settings, now=datetime.now(UTC))
    assert message["To"] == email
    assert message["List-Unsubscribe"].startswith(f"<{stack.api_url}/unsubscribe?token=")
    text = message.get_body(("plain",))
    assert text is not None
    link = next(line for line in text.get_content().splitlines() if "#unsubscribe=" in line)
    link = link.removeprefix("Stop these emails: ")
    assert link.startswith(f"{stack.frontend_url}/#unsubscribe=")
    context.clear_cookies()  # whoever reads the email need not be signed in

    page.goto(link)

    expect(page.locator("#unsubscribe-modal")).to_be_visible()
    expect(page.locator("#unsubscribe-modal-title")).to_have_text("Stop the nightly digest?")
    expect(page.locator("#unsubscribe-form [type='submit']")).to_be_focused()
    assert "#unsubscribe=" not in page.url  # the token does not stay in the address or the history
    expect(page.locator("#welcome")).to_be_visible()  # over the signed-out view
    assert digest_enabled(database_url, user_id)  # opening the page changes nothing
    screenshot(page, "unsubscribe-asked")

    page.locator("#unsubscribe-form [type='submit']").click()

    notice = page.locator("#unsubscribe-form .form-notice")
    expect(notice).to_have_text("The nightly digest is off. You can turn it back on in Settings.")
    expect(page.locator("#unsubscribe-form [type='submit']")).to_be_hidden()
    screenshot(page, "unsubscribe-done")
    assert not digest_enabled(database_url, user_id)

    page.locator("#language-select").select_option("ru")
    expect(notice).to_have_text("Ежедневная сводка отключена. Включить её снова можно в настройках.")
    page.locator("#unsubscribe-form .modal-footer [data-bs-dismiss='modal']").click()
    expect(page.locator("#unsubscribe-modal")).to_be_hidden()


def test_a_tampered_link_says_so_and_changes_nothing(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    register_via_api(context, stack, new_email("tampered"))
    user_id = api_get(context, stack, "/user")["id"]
    context.clear_cookies()

    page.goto(f"{stack.frontend_url}/#unsubscribe=WzEsImFiYyJd.not-the-signature")
    expect(page.locator("#unsubscribe-modal")).to_be_visible()
    page.locator("#unsubscribe-form [type='submit']").click()

    expect(page.locator("#unsubscribe-form .form-error-summary")).to_have_text(
        "This unsubscribe link is invalid. Log in and turn the digest off in Settings instead."
    )
    assert digest_enabled(database_url, user_id)
