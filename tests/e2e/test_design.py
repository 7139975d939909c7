"""The design: header that fits without ellipsis, 44 px tap targets on phones, dark mode, reduced motion."""

from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, create_task_via_api, new_email, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

NOT_CUT = """el => el.scrollWidth <= el.clientWidth && getComputedStyle(el).textOverflow !== 'ellipsis'"""
NO_HORIZONTAL_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
BODY_LIGHTNESS = """() => {
  const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
  return (r + g + b) / 3;
}"""


HEADER_ROW_MAX_PX = 64


def header_fits(page: Page) -> None:
    """One row: nothing cut, no horizontal scroll, no second line of controls."""
    assert page.locator("#brand-name").evaluate(NOT_CUT)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    box = page.locator("body > header").bounding_box()
    assert box is not None and box["height"] <= HEADER_ROW_MAX_PX, box
    brand = page.locator(".tt-brand").bounding_box()
    actions = page.locator(".header-actions").bounding_box()
    assert brand is not None and actions is not None
    assert brand["x"] + brand["width"] <= actions["x"], (brand, actions)


def assert_tap_targets(page: Page, selector: str) -> None:
    targets = page.locator(selector)
    for index in range(targets.count()):
        target = targets.nth(index)
        if not target.is_visible():
            continue
        box = target.bounding_box()
        assert box is not None
        name = target.evaluate("el => el.outerHTML.slice(0, 80)")
        # Rounded: a sheet still finishing its opening animation measures 43.99999 for 44 px.
        assert round(box["width"]) >= 44 and round(box["height"]) >= 44, f"{name}: {box}"


HEADER_TARGETS = "header .btn, header select, header .dropdown-item"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_header_is_one_row_not_cut_and_phone_targets_are_44px(
    page: Page, context: BrowserContext, stack: Stack, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    phone = viewport == PHONE
    tag = "phone" if phone else "desktop"
    open_app(page, stack)
    expect(page.locator("#welcome")).to_be_visible()
    header_fits(page)
    expect(page.locator("#visitor-actions [data-action='open-login']")).to_be_visible()
    screenshot(page, f"design-landing-{tag}")
    menu = page.locator(".tt-account-menu")
    if phone:
        assert_tap_targets(page, HEADER_TARGETS)
        # Language and theme for visitors: behind the one round button.
        expect(page.locator("#language-select")).to_be_hidden()
        page.get_by_role("button", name="Language and theme").click()
        expect(menu).to_be_visible()
        assert_tap_targets(page, HEADER_TARGETS)
        screenshot(page, "design-landing-phone-menu")
        page.locator("#language-select").select_option("ru")
        # The longer Russian brand and buttons still make one row.
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        expect(page.locator("#brand-name")).to_have_text("Планировщик задач")
        screenshot(page, "design-landing-phone-ru")
        header_fits(page)
        page.get_by_role("button", name="Язык и тема").click()
        page.locator("#language-select").select_option("en")
        page.keyboard.press("Escape")
    else:
        expect(page.locator("#language-select")).to_be_visible()
        expect(page.locator("#theme-select")).to_be_visible()

    long_email = register_via_api(context, stack, new_email("a.rather.long.address.for.testing"))
    create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    expect(page.locator(".task-item")).to_have_count(1)
    expect(page.locator("#user-email")).to_have_text(long_email)
    header_fits(page)
    screenshot(page, f"design-list-{tag}")
    if phone:
        assert_tap_targets(page, HEADER_TARGETS + ", #new-task-form .btn, .task-item .task-toggle-hit")
        expect(page.locator("#user-email")).to_be_hidden()
        toggle = page.get_by_role("button", name=f"Account: {long_email}")
        expect(page.locator("#account-initial")).to_have_text("A")
        # Keyboard: Enter opens, arrows move between the items, Escape closes back to the button.
        toggle.focus()
        page.keyboard.press("Enter")
        expect(menu).to_be_visible()
        page.keyboard.press("ArrowDown")
        expect(page.locator("#settings-link")).to_be_focused()
        page.keyboard.press("Escape")
        expect(menu).to_be_hidden()
        expect(toggle).to_be_focused()
        toggle.click()
        for control in ["#user-email", "#settings-link", "#language-select", "#theme-select"]:
            expect(page.locator(control)).to_be_visible()
        expect(page.locator("header [data-action='logout']")).to_be_visible()
        assert_tap_targets(page, HEADER_TARGETS)
        screenshot(page, "design-list-phone-menu")
        # The selects keep their arrow keys inside the menu.
        page.locator("#theme-select").focus()
        page.keyboard.press("ArrowDown")
        expect(page.locator("#theme-select")).to_be_focused()
        page.locator("#theme-select").select_option("dark")
        expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
        expect(menu).to_be_visible()
        screenshot(page, "design-list-phone-menu-dark")
        page.keyboard.press("Escape")
        screenshot(page, "design-list-phone-dark")
        toggle.click()
        page.locator("#settings-link").click()
        expect(page.locator("#settings-view")).to_be_visible()
        expect(menu).to_be_hidden()
    else:
        expect(page.locator("#user-email")).to_be_visible()
        expect(page.locator("#settings-link")).to_be_visible()
        page.locator("#theme-select").select_option("dark")
        screenshot(page, "design-list-desktop-dark")
    assert page.locator(".user-email").evaluate(NOT_CUT)


@pytest.mark.browser_context(color_scheme="dark")
def test_dark_mode_follows_the_system_and_the_switch_sticks(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    open_app(page, stack)
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")
    assert page.evaluate(BODY_LIGHTNESS) < 80
    screenshot(page, "design-landing-dark")

    page.locator("#theme-select").select_option("light")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    assert page.evaluate(BODY_LIGHTNESS) > 200

    page.reload()
    page.wait_for_selector("#app-loading", state="hidden")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "light")
    expect(page.locator("#theme-select")).to_have_value("light")

    page.locator("#theme-select").select_option("system")
    expect(page.locator("html")).to_have_attribute("data-bs-theme", "dark")

    register_via_api(context, stack)
    create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    expect(page.locator(".task-item")).to_have_count(1)
    screenshot(page, "design-list-dark")
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    screenshot(page, "design-settings-dark")


@pytest.mark.browser_context(reduced_motion="reduce")
def test_reduced_motion_removes_transitions(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    duration = page.locator("#welcome [data-action='open-signup']").evaluate(
        "el => getComputedStyle(el).transitionDuration"
    )
    assert duration == "0s"


BRAND = """() => {
  const probe = document.createElement('span');
  probe.style.color = 'var(--tt-brand)';
  document.body.append(probe);
  const colour = getComputedStyle(probe).color;
  probe.remove();
  return colour;
}"""
BACKGROUND = "el => getComputedStyle(el).backgroundColor"
BOOTSTRAP_BLUE = "rgb(13, 110, 253)"


def user_with_a_list_and_a_task(context: BrowserContext, stack: Stack) -> tuple[int, dict[str, Any]]:
    register_via_api(context, stack)
    made = context.request.post(f"{stack.api_url}/lists", data={"name": "Errands"})
    assert made.status == 201, made.text()
    task = create_task_via_api(
        context,
        stack,
        "Water the plants",
        description="The ferns first",
        checklist=[{"id": "a", "text": "Ferns", "done": False}],
    )
    return made.json()["id"], task


def test_icons_are_the_vendored_set_and_decorative_unless_they_are_the_label(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    errands, task = user_with_a_list_and_a_task(context, stack)
    open_app(page, stack)
    row = page.locator(f".task-item[data-task-id='{task['id']}']")
    expect(row).to_be_visible()
    # Only the brand mark is an inline SVG; every other icon is one of the set's files.
    expect(page.locator("svg:not(.tt-logo)")).to_have_count(0)
    for entry in page.locator("#sidebar-inbox .sidebar-entry, #task-views [data-view]").all():
        expect(entry.locator(".bi")).to_have_count(1)
    inbox = page.locator("#sidebar-inbox .bi")
    mask = inbox.evaluate("el => getComputedStyle(el).maskImage")
    assert "/vendor/bootstrap-icons-1.13.2/icons/inbox.svg" in mask, mask
    box = inbox.bounding_box()
    assert box is not None and box["width"] >= 12 and box["height"] >= 12
    for name in ("search", "plus-lg", "check2-square", "justify-left"):
        expect(page.locator(f".bi-{name}").first).to_be_visible()
    with httpx.Client(base_url=stack.frontend_url, timeout=10) as http:
        served = http.get("/vendor/bootstrap-icons-1.13.2/icons/inbox.svg")
        assert served.status_code == 200
        assert served.headers["content-type"].startswith("image/svg+xml")
        assert "immutable" in served.headers["cache-control"]

    # An icon that is a control's only label leaves the control its name.
    menu = page.get_by_role("button", name="Actions for the list Errands")
    expect(menu.locator(".bi-three-dots")).to_have_count(1)
    assert page.locator(f".sidebar-list[data-list-id='{errands}']").count() == 1
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('.bi')]
          .filter(el => !el.closest('[hidden]') && el.getAttribute('aria-hidden') !== 'true'
            && !(el.getAttribute('role') === 'img' && el.getAttribute('aria-label')))
          .map(el => el.outerHTML)"""
    )
    assert unlabelled == []
    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='open']").click()
    expect(page.get_by_role("button", name="Delete item: Ferns").locator(".bi-x-lg")).to_have_count(1)
    close = page.locator("#task-modal [data-action='close-editor']")
    expect(close).to_have_accessible_name("Close")
    image = close.evaluate("el => getComputedStyle(el).backgroundImage")
    assert "/vendor/bootstrap-icons-1.13.2/icons/x-lg.svg" in image, image
    screenshot(page, "design-icons-editor-desktop")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_checkboxes_and_switches_are_in_the_brand_colour(
    page: Page, context: BrowserContext, stack: Stack, theme: str
) -> None:
    _, task = user_with_a_list_and_a_task(context, stack)
    open_app(page, stack)
    page.locator("#theme-select").select_option(theme)
    expect(page.locator("html")).to_have_attribute("data-bs-theme", theme)
    brand = page.evaluate(BRAND)
    assert brand != BOOTSTRAP_BLUE
    toggle = page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='toggle']")
    toggle.check()
    done = page.locator(f"#done-tasks .task-item[data-task-id='{task['id']}'] [data-action='toggle']")
    expect(done).to_be_checked()
    assert done.evaluate(BACKGROUND) == brand
    if theme == "dark":
        tick = done.evaluate("el => getComputedStyle(el).backgroundImage")
        assert "check-lg.svg" in tick, tick  # dark on the light indigo, not Bootstrap's white
    screenshot(page, f"design-checkbox-{theme}")

    page.locator("#settings-link").click()
    switch = page.locator("#settings-digest-enabled")
    expect(switch).to_be_visible()
    if not switch.is_checked():
        switch.check()
    expect(switch).to_be_checked()
    assert switch.evaluate(BACKGROUND) == brand
    knob = switch.evaluate("el => getComputedStyle(el).backgroundImage")
    assert knob.startswith("radial-gradient"), knob
    assert BOOTSTRAP_BLUE not in knob
    switch.focus()
    assert BOOTSTRAP_BLUE not in switch.evaluate("el => getComputedStyle(el).boxShadow")
    screenshot(page, f"design-switch-{theme}")


def test_every_control_on_a_phone_is_at_least_44px(page: Page, context: BrowserContext, stack: Stack) -> None:
    page.set_viewport_size(PHONE)
    _, task = user_with_a_list_and_a_task(context, stack)
    open_app(page, stack)
    expect(page.locator(f".task-item[data-task-id='{task['id']}']")).to_be_visible()
    assert_tap_targets(
        page, "#sidebar-toggle, #search-input, #new-task-title, #new-task-form .btn, #shortcuts-hint"
    )
    assert_tap_targets(page, ".task-item .task-toggle-hit, .tt-empty .btn")

    page.locator("#sidebar-toggle").click()
    expect(page.locator("#sidebar-lists")).to_be_visible()
    assert_tap_targets(
        page,
        "#sidebar .sidebar-entry, #sidebar .list-group-item-action, #sidebar .sidebar-menu-toggle,"
        " #new-list-form .form-control, #new-list-form .btn",
    )
    screenshot(page, "design-phone-sidebar")
    # A view picked in the panel closes it, so its tasks are in sight.
    page.locator("#task-views [data-view='all']").click()
    expect(page.locator("#sidebar-lists")).to_be_hidden()
    expect(page.locator("#sidebar-toggle")).to_be_focused()
    expect(page.locator("#sidebar-toggle")).to_have_attribute("aria-expanded", "false")

    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='open']").click()
    expect(page.locator("#task-title")).to_be_focused()
    assert_tap_targets(
        page,
        "#task-modal .btn, #task-modal .btn-close, #task-modal .form-control, #task-modal .form-select,"
        " #task-modal .form-check-label, #task-modal .checklist-toggle-hit",
    )
    screenshot(page, "design-phone-editor")
    page.keyboard.press("Escape")
    expect(page.locator("#task-modal")).to_be_hidden()

    page.locator(f".task-item[data-task-id='{task['id']}'] [data-action='toggle']").check()
    expect(page.locator("#toasts .toast")).to_be_visible()
    assert_tap_targets(page, "#toasts .btn, #toasts .btn-close")
    # Opaque: the list behind must not run through the message.
    background = page.locator("#toasts .toast").evaluate("(toast) => getComputedStyle(toast).backgroundColor")
    assert background.startswith("rgb("), background
    undo = page.locator("#toasts [data-action='undo']").bounding_box()
    assert undo is not None and undo["height"] < 60, "the Undo button's icon and word are on one line"
    screenshot(page, "design-phone-toast")

    page.locator("#account-toggle").click()
    page.locator("#settings-link").click()
    expect(page.locator("#settings-view")).to_be_visible()
    expect(page.locator("#settings-loading")).to_be_hidden()
    assert_tap_targets(
        page,
        "#settings-view .btn, #settings-view .form-control, #settings-view .form-select,"
        " #settings-view .form-check-label",
    )
    screenshot(page, "design-phone-settings")
