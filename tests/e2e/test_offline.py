"""Installable and offline: the manifest and its icons, the service worker, and the last list shown
read-only with a banner while the API cannot be reached."""

import json
from typing import Any

import httpx
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .helpers import Stack, create_task_via_api, open_app, register_via_api, screenshot

pytestmark = pytest.mark.e2e

COPY_KEYS = "Object.keys(localStorage).filter(key => key.startsWith('tasktracker.offline'))"


def test_the_manifest_is_linked_and_its_icons_are_served(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    href = page.locator("link[rel='manifest']").get_attribute("href")
    assert href == "manifest.webmanifest"
    assert page.locator("meta[name='theme-color']").get_attribute("content")
    with httpx.Client(base_url=stack.frontend_url, timeout=10) as http:
        response = http.get(f"/{href}")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/manifest+json")
        assert response.headers["cache-control"] == "no-cache"
        manifest = json.loads(response.text)
        assert manifest["display"] == "standalone"
        assert {"name", "short_name", "start_url", "scope", "theme_color", "background_color"} <= set(
            manifest
        )
        icons = manifest["icons"]
        assert {icon["sizes"] for icon in icons} >= {"any", "192x192", "512x512"}
        assert any(icon.get("purpose") == "maskable" for icon in icons)
        for icon in icons:
            served = http.get(f"/{icon['src']}")
            assert served.status_code == 200, icon
            assert served.headers["content-type"].startswith(icon["type"]), icon
        worker = http.get("/sw.js")
        assert worker.status_code == 200
        assert worker.headers["cache-control"] == "no-cache"


def wait_for_service_worker(page: Page) -> None:
    """The worker is installed, active and controls the page."""
    state = page.evaluate("navigator.serviceWorker.ready.then(registration => registration.active.state)")
    assert state in {"activating", "activated"}
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")


def test_the_service_worker_registers_and_activates(page: Page, stack: Stack) -> None:
    open_app(page, stack)
    wait_for_service_worker(page)
    page.wait_for_function(
        "navigator.serviceWorker.ready.then(registration => registration.active.state === 'activated')"
    )
    scope = page.evaluate("navigator.serviceWorker.ready.then(registration => registration.scope)")
    assert scope == stack.frontend_url + "/"
    cached = page.evaluate("caches.keys()")
    assert len(cached) == 1 and cached[0].startswith("tasktracker-shell-")


def opened_offline(page: Page, context: BrowserContext, stack: Stack, *titles: str) -> list[dict[str, Any]]:
    """A new user's tasks `titles`, loaded once online (the service worker active, the last one in
    the stored copy), then the page reloaded without a connection. The tasks, as created."""
    register_via_api(context, stack)
    tasks = [create_task_via_api(context, stack, title) for title in titles]
    open_app(page, stack)
    expect(page.locator(f".task-item[data-task-id='{tasks[-1]['id']}']")).to_be_visible()
    wait_for_service_worker(page)
    page.wait_for_function(f"() => JSON.stringify(localStorage).includes({json.dumps(titles[-1])})")
    context.set_offline(True)
    page.reload()
    return tasks


def test_offline_start_shows_the_last_list_read_only_until_the_connection_returns(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    first, second = opened_offline(page, context, stack, "Buy bread", "Call the plumber")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("You are offline. Showing your tasks as last loaded at")
    expect(banner).to_contain_text("changes are paused")
    for task in (first, second):
        expect(page.locator(f".task-item[data-task-id='{task['id']}'] .task-title")).to_have_text(
            task["title"]
        )
    expect(page.locator("#new-task-title")).to_be_disabled()
    expect(page.locator(".task-item .task-toggle").first).to_be_disabled()
    page.locator(f".task-item[data-task-id='{first['id']}'] [data-action='open']").click()
    expect(page.locator("#task-modal")).to_be_visible()
    expect(page.locator("#task-title")).to_be_disabled()
    screenshot(page, "offline-editor-read-only")
    page.locator("#task-modal .btn-close").first.click()
    expect(page.locator("#task-modal")).to_be_hidden()
    screenshot(page, "offline-start")

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(banner).to_be_hidden()
    expect(page.locator("#new-task-title")).to_be_enabled()
    page.locator("#new-task-title").fill("Back online")
    page.locator("#new-task-title").press("Enter")
    expect(page.locator(".task-item .task-title", has_text="Back online")).to_be_visible()
    expect(page.locator(".task-item .task-toggle").first).to_be_enabled()


def test_a_dropped_connection_makes_the_list_read_only(
    page: Page, context: BrowserContext, stack: Stack
) -> None:
    register_via_api(context, stack)
    task = create_task_via_api(context, stack, "Water the plants")
    open_app(page, stack)
    toggle = page.locator(f".task-item[data-task-id='{task['id']}'] .task-toggle")
    expect(toggle).to_be_enabled()

    context.set_offline(True)
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(toggle).to_be_disabled()
    expect(page.locator("#new-task-title")).to_be_disabled()

    context.set_offline(False)
    expect(page.locator("#offline-banner")).to_be_hidden()
    expect(toggle).to_be_enabled()


def test_logging_out_clears_the_stored_copy(page: Page, context: BrowserContext, stack: Stack) -> None:
    register_via_api(context, stack)
    create_task_via_api(context, stack, "Secret plan")
    open_app(page, stack)
    page.wait_for_function(f"() => {COPY_KEYS}.length === 2")
    assert "Secret plan" in page.evaluate("JSON.stringify(localStorage)")

    page.locator("header [data-action='logout']").click()
    expect(page.locator("#welcome")).to_be_visible()
    assert page.evaluate(COPY_KEYS) == []
    assert "Secret plan" not in page.evaluate("JSON.stringify(localStorage)")


@pytest.mark.browser_context(locale="ru-RU")
def test_the_offline_banner_is_in_russian(page: Page, context: BrowserContext, stack: Stack) -> None:
    (task,) = opened_offline(page, context, stack, "Купить хлеб")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Нет подключения. Показаны задачи в том виде, в каком они загружены в")
    expect(banner).to_contain_text("изменения приостановлены")
    expect(banner).not_to_contain_text("offline")
    expect(page.locator(f".task-item[data-task-id='{task['id']}'] .task-title")).to_have_text("Купить хлеб")
    expect(page.locator("#new-task-title")).to_be_disabled()
    # The page shell, icons included, came from the service worker's cache.
    expect(page.locator("#sidebar-inbox .bi-inbox")).to_be_visible()
    screenshot(page, "offline-start-ru")
    context.set_offline(False)
