"""The user's own order of open tasks in a real browser: drag and drop (within the list and onto a
list of the sidebar), Alt+ArrowUp/Down with announcements, and a refused move taken back."""

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Locator, Page, Route, expect
from sqlalchemy.ext.asyncio import create_async_engine

from tasktracker.db import sqlalchemy_url

from .helpers import Stack, api_get, create_task_via_api, open_app, register_via_api, screenshot, wait_for

pytestmark = pytest.mark.e2e


def with_tasks(page: Page, context: BrowserContext, stack: Stack, *titles: str) -> tuple[str, list[int]]:
    email = register_via_api(context, stack)
    ids = [create_task_via_api(context, stack, title)["id"] for title in titles]
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-item")).to_have_count(len(titles))
    return email, ids


def row(page: Page, task_id: int) -> Locator:
    return page.locator(f"#open-tasks .task-item[data-task-id='{task_id}']")


def shown_order(page: Page) -> list[int]:
    return [
        int(key)
        for key in page.locator("#open-tasks .task-item").evaluate_all(
            "rows => rows.map(row => row.getAttribute('data-task-id'))"
        )
    ]


def expect_order(page: Page, ids: list[int]) -> None:
    expect(page.locator("#open-tasks .task-item")).to_have_count(len(ids))
    for index, task_id in enumerate(ids):
        expect(page.locator("#open-tasks .task-item").nth(index)).to_have_attribute(
            "data-task-id", str(task_id)
        )


def saved_order(context: BrowserContext, stack: Stack) -> list[int]:
    return [task["id"] for task in api_get(context, stack, "/tasks?done=false")]


def wait_for_saved_order(page: Page, context: BrowserContext, stack: Stack, ids: list[int]) -> None:
    wait_for(lambda: saved_order(context, stack) == ids, page)


def drag(page: Page, source: Locator, x: float, y: float) -> None:
    """Press on the row, move in small steps (as a hand does) to (x, y) and let go."""
    box = source.bounding_box()
    assert box is not None
    start_x, start_y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(start_x, start_y)
    page.mouse.down()
    page.mouse.move(start_x, start_y + 8, steps=4)
    page.mouse.move(x, y, steps=20)
    page.mouse.up()


def test_a_dragged_task_keeps_its_new_place_after_a_reload(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    _, (a, b, c, d) = with_tasks(page, context, stack, "Alpha", "Bravo", "Charlie", "Delta")
    target = row(page, a).bounding_box()
    assert target is not None
    drag(page, row(page, d), target["x"] + target["width"] / 2, target["y"] + 4)
    expect_order(page, [d, a, b, c])
    wait_for_saved_order(page, context, stack, [d, a, b, c])
    expect(page.locator("#order-announcer")).to_have_text("Moved to position 1 of 4")

    middle = row(page, c).bounding_box()
    assert middle is not None
    drag(page, row(page, d), middle["x"] + middle["width"] / 2, middle["y"] + middle["height"] - 4)
    expect_order(page, [a, b, c, d])
    wait_for_saved_order(page, context, stack, [a, b, c, d])
    third = row(page, c).bounding_box()
    assert third is not None
    drag(page, row(page, a), third["x"] + third["width"] / 2, third["y"] + third["height"] - 4)
    wait_for_saved_order(page, context, stack, [b, c, a, d])

    page.reload()
    expect_order(page, [b, c, a, d])
    screenshot(page, "order-after-reload")


def test_a_title_click_still_opens_the_editor(page: Page, context: BrowserContext, stack: Stack) -> None:
    _, (a, _) = with_tasks(page, context, stack, "Alpha", "Bravo")
    row(page, a).locator("[data-action='open']").click()
    expect(page.locator("#task-modal")).to_be_visible()


def test_alt_arrows_move_the_focused_task_and_announce_it(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    _, (a, b, c) = with_tasks(page, context, stack, "Alpha", "Bravo", "Charlie")
    announcer = page.locator("#order-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    row(page, b).locator("[data-action='open']").focus()
    page.keyboard.press("Alt+ArrowUp")
    expect_order(page, [b, a, c])
    expect(announcer).to_have_text("Moved to position 1 of 3")
    expect(row(page, b).locator("[data-action='open']")).to_be_focused()
    page.keyboard.press("Alt+ArrowUp")
    expect(announcer).to_have_text("Already first")
    wait_for_saved_order(page, context, stack, [b, a, c])

    page.keyboard.press("Alt+ArrowDown")
    expect_order(page, [a, b, c])
    page.keyboard.press("Alt+ArrowDown")
    expect_order(page, [a, c, b])
    expect(announcer).to_have_text("Moved to position 3 of 3")
    expect(row(page, b).locator("[data-action='open']")).to_be_focused()
    wait_for_saved_order(page, context, stack, [a, c, b])

    # From the checkbox too.
    row(page, c).locator("[data-action='toggle']").focus()
    page.keyboard.press("Alt+ArrowUp")
    expect_order(page, [c, a, b])
    wait_for_saved_order(page, context, stack, [c, a, b])
    page.reload()
    expect_order(page, [c, a, b])


@pytest.mark.browser_context(locale="ru-RU")
def test_moves_are_announced_in_russian(page: Page, context: BrowserContext, stack: Stack) -> None:
    _, (a, b) = with_tasks(page, context, stack, "Альфа", "Браво")
    row(page, a).locator("[data-action='open']").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect_order(page, [b, a])
    expect(page.locator("#order-announcer")).to_have_text("Перемещено на место 2 из 2")
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#order-announcer")).to_have_text("Уже последняя")


def test_a_refused_move_is_taken_back_with_a_message(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    _, (a, b, c) = with_tasks(page, context, stack, "Alpha", "Bravo", "Charlie")
    requests: list[str] = []

    def refuse(route: Route) -> None:
        requests.append(route.request.post_data or "")
        route.fulfill(status=503, json={"message": "The database is unavailable, try again shortly"})

    page.route(f"{stack.api_url}/tasks/*/move", refuse)
    row(page, a).locator("[data-action='open']").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(page.locator("#notice")).to_be_visible()
    expect(page.locator("#notice .notice-text")).to_have_text(
        "The task could not be moved. Check your connection and try again."
    )
    expect_order(page, [a, b, c])
    expect(page.locator("#order-announcer")).to_have_text(
        "The task could not be moved. Check your connection and try again."
    )
    assert requests and all(f'"after_id":{b}' in body.replace(" ", "") for body in requests)

    target = row(page, a).bounding_box()
    assert target is not None
    drag(page, row(page, c), target["x"] + target["width"] / 2, target["y"] + 4)
    expect(page.locator("#notice")).to_be_visible()
    expect_order(page, [a, b, c])
    assert saved_order(context, stack) == [a, b, c]


def test_a_task_dropped_on_a_sidebar_list_moves_there(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    a, b = (create_task_via_api(context, stack, title)["id"] for title in ("Alpha", "Bravo"))
    created = context.request.post(f"{stack.api_url}/lists", data={"name": "Work"})
    assert created.ok, created.text()
    work = created.json()["id"]
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-item")).to_have_count(2)
    entry = page.locator(f"#sidebar .sidebar-list[data-list-id='{work}']")
    expect(entry).to_be_visible()
    box = entry.bounding_box()
    assert box is not None
    drag(page, row(page, b), box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("#order-announcer")).to_have_text("Moved to Work")
    wait_for(lambda: api_get(context, stack, f"/tasks/{b}")["list_id"] == work, page)

    # In the list's own view the task is there; dropped on the Inbox, it goes back.
    entry.locator("[data-action='show-list']").click()
    expect_order(page, [b])
    inbox = page.locator("#sidebar .sidebar-list[data-list-id='inbox']").bounding_box()
    assert inbox is not None
    drag(page, row(page, b), inbox["x"] + inbox["width"] / 2, inbox["y"] + inbox["height"] / 2)
    expect(page.locator("#order-announcer")).to_have_text("Moved to Inbox")
    wait_for(lambda: api_get(context, stack, f"/tasks/{b}")["list_id"] is None, page)
    expect(page.locator("#open-tasks .task-item")).to_have_count(0)
    assert api_get(context, stack, f"/tasks/{a}")["list_id"] is None
    expect(page.locator(".sidebar-list.drop-target")).to_have_count(0)


def test_done_tasks_cannot_be_dragged(page: Page, context: BrowserContext, stack: Stack) -> None:
    _, (a, b) = with_tasks(page, context, stack, "Alpha", "Bravo")
    row(page, a).locator("[data-action='toggle']").click()
    done = page.locator(f"#done-tasks .task-item[data-task-id='{a}']")
    expect(done).to_be_visible()
    wait_for(lambda: api_get(context, stack, f"/tasks/{a}")["done"] is True, page)
    expect(row(page, b)).to_be_visible()
    target = row(page, b).bounding_box()
    assert target is not None
    drag(page, done, target["x"] + target["width"] / 2, target["y"] + 4)
    expect_order(page, [b])
    expect(done).to_be_visible()


async def insert_tied_tasks(database_url: str, email: str, titles: list[str]) -> None:
    """Tasks inserted by a script, without a position: they all take the default key, 'z'."""
    engine = create_async_engine(sqlalchemy_url(database_url))
    now = datetime.now(UTC)
    try:
        async with engine.begin() as connection:
            for title in titles:
                await connection.execute(
                    sa.text(
                        "INSERT INTO tasks (owner_id, title, created_at, updated_at) "
                        "SELECT id, :title, :now, :now FROM users WHERE email = :email"
                    ),
                    {"title": title, "now": now, "email": email},
                )
    finally:
        await engine.dispose()


def test_moving_among_tied_keys_shows_the_servers_order(
    page: Page, context: BrowserContext, stack: Stack, database_url: str
) -> None:
    email = register_via_api(context, stack)
    with ThreadPoolExecutor(1) as executor:
        executor.submit(asyncio.run, insert_tied_tasks(database_url, email, ["One", "Two", "Three"])).result()
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-item")).to_have_count(3)
    one, two, three = shown_order(page)
    row(page, one).locator("[data-action='open']").focus()
    page.keyboard.press("Alt+ArrowDown")
    # No key fits between tied ones in the page: the server respaces them and the list is reloaded.
    expect_order(page, [two, one, three])
    expect(page.locator("#order-announcer")).to_have_text("Moved to position 2 of 3")
    expect(row(page, one).locator("[data-action='open']")).to_be_focused()
    wait_for_saved_order(page, context, stack, [two, one, three])
    keys = [task["position"] for task in api_get(context, stack, "/tasks")]
    assert len(set(keys)) == 3
    page.keyboard.press("Alt+ArrowDown")
    expect_order(page, [two, three, one])
    wait_for_saved_order(page, context, stack, [two, three, one])
