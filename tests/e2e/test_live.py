"""Live sync in a real browser: a change made on another device (a second browser context, its
own session) or by a script appears in the open page without a reload, and an edit in progress
is not overwritten."""

from playwright.sync_api import Browser, BrowserContext, Page, Route, expect

from .helpers import (
    PASSWORD,
    Stack,
    context_options,
    create_task_via_api,
    open_app,
    register_via_api,
    wait_for,
)


def second_device(browser: Browser, stack: Stack, email: str) -> BrowserContext:
    """The same user signed in elsewhere: another browser, another session."""
    other = browser.new_context(**context_options())
    response = other.request.post(f"{stack.api_url}/session", data={"email": email, "password": PASSWORD})
    assert response.status == 200, response.text()
    return other


def test_a_task_added_on_another_device_appears_without_a_reload(
    page: Page, context: BrowserContext, browser: Browser, stack: Stack
) -> None:
    email = register_via_api(context, stack)
    open_app(page, stack)
    phone = second_device(browser, stack, email)
    try:
        phone_page = phone.new_page()
        open_app(phone_page, stack)
        field = phone_page.locator("#new-task-title")
        field.fill("Buy milk")
        field.press("Enter")
        expect(phone_page.locator("#open-tasks .task-title", has_text="Buy milk")).to_be_visible()

        # The laptop's page shows it, never having been reloaded.
        expect(page.locator("#open-tasks .task-title", has_text="Buy milk")).to_be_visible()

        # Done on the phone: done on the laptop too.
        phone_page.locator("#open-tasks li", has_text="Buy milk").locator("[data-action=toggle]").click()
        expect(phone_page.locator("#done-tasks .task-title", has_text="Buy milk")).to_be_visible()
        expect(page.locator("#done-tasks .task-title", has_text="Buy milk")).to_be_visible()
    finally:
        phone.close()


def test_a_script_edit_appears_and_a_trashed_task_goes(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Draft the plan")
    open_app(page, stack)
    expect(page.locator("#open-tasks .task-title", has_text="Draft the plan")).to_be_visible()

    renamed = context.request.patch(f"{stack.api_url}/tasks/{task['id']}", data={"title": "Final plan"})
    assert renamed.ok, renamed.text()
    expect(page.locator("#open-tasks .task-title", has_text="Final plan")).to_be_visible()

    trashed = context.request.delete(f"{stack.api_url}/tasks/{task['id']}")
    assert trashed.status == 204
    expect(page.locator("#open-tasks .task-title", has_text="Final plan")).to_have_count(0)


def test_a_change_made_while_the_page_subscribes_is_not_lost(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    """The first load does not wait for the stream, whose `ready` loads again: a task added
    after the page asked for /events, but before the server was listening for it, is still
    shown."""
    register_via_api(context, stack)
    create_task_via_api(context, stack, "There before the page")
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/events*", hold)
    page.goto(stack.frontend_url)
    wait_for(lambda: bool(held), page)
    expect(page.locator("#open-tasks .task-title", has_text="There before the page")).to_be_visible()
    create_task_via_api(context, stack, "Added while subscribing")
    held[0].continue_()
    page.unroute("**/events*")
    expect(page.locator("#open-tasks .task-title", has_text="Added while subscribing")).to_be_visible()
    # And the stream works: a later change arrives too.
    create_task_via_api(context, stack, "Added afterwards")
    expect(page.locator("#open-tasks .task-title", has_text="Added afterwards")).to_be_visible()


def test_an_open_editor_shows_a_change_made_elsewhere_and_keeps_what_is_typed_in_it(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Plan the trip")
    open_app(page, stack)
    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='open']").click()
    expect(page.locator("#task-title")).to_be_focused()

    # Another device writes the description while the editor is open here.
    changed = context.request.patch(
        f"{stack.api_url}/tasks/{task['id']}", data={"description": "Notes from the phone"}
    )
    assert changed.ok, changed.text()
    expect(page.locator("#task-description")).to_have_value("Notes from the phone")

    # Typing here goes on from that text, so nothing of the other device's is lost.
    page.locator("#task-description").press("End")
    page.locator("#task-description").type(" and the laptop")
    wait_for(
        lambda: (
            context.request.get(f"{stack.api_url}/tasks/{task['id']}").json()["description"]
            == "Notes from the phone and the laptop"
        ),
        page,
    )

    # A change elsewhere to another field leaves the title being typed alone.
    page.locator("#task-title").fill("Plan the trip to Rome")
    completed = context.request.patch(f"{stack.api_url}/tasks/{task['id']}", data={"done": True})
    assert completed.ok, completed.text()
    expect(page.locator("#task-done")).to_be_checked()
    expect(page.locator("#task-title")).to_have_value("Plan the trip to Rome")
