"""The design: header that fits without ellipsis, 44 px tap targets on phones, dark mode, reduced motion."""

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


def header_fits(page: Page) -> None:
    assert page.locator("#brand-name").evaluate(NOT_CUT)
    assert page.evaluate(NO_HORIZONTAL_SCROLL)


def assert_tap_targets(page: Page, selector: str) -> None:
    targets = page.locator(selector)
    for index in range(targets.count()):
        target = targets.nth(index)
        if not target.is_visible():
            continue
        box = target.bounding_box()
        assert box is not None
        name = target.evaluate("el => el.outerHTML.slice(0, 80)")
        assert box["width"] >= 44 and box["height"] >= 44, f"{name}: {box}"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_header_is_not_cut_and_phone_targets_are_44px(
    page: Page, context: BrowserContext, stack: Stack, viewport: dict[str, int]
) -> None:
    page.set_viewport_size(viewport)
    open_app(page, stack)
    expect(page.locator("#welcome")).to_be_visible()
    header_fits(page)
    tag = "phone" if viewport == PHONE else "desktop"
    screenshot(page, f"design-landing-{tag}")
    if viewport == PHONE:
        assert_tap_targets(page, "header .btn, header select")

    long_email = register_via_api(context, stack, new_email("a.rather.long.address.for.testing"))
    create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    expect(page.locator(".task-item")).to_have_count(1)
    expect(page.locator("#user-email")).to_have_text(long_email)
    header_fits(page)
    assert page.locator(".user-email").evaluate(NOT_CUT)
    screenshot(page, f"design-list-{tag}")
    if viewport == PHONE:
        assert_tap_targets(
            page, "header .btn, header select, #new-task-form .btn, .task-item .task-toggle-hit"
        )


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
