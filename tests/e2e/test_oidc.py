"""Signing in with an external OpenID Connect provider in the browser: the real oidc-provider
(tests/oidc/provider.mjs) with its own login page, the API and the web app through Nginx. This
module runs a stack of its own, whose API has the provider configured and whose callback the
provider knows (the API's port is chosen before either starts)."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.conftest import require_service
from tests.oidc.support import PROVIDER_ID, PROVIDER_NAME, RunningProvider, running_provider
from tests.ports import free_port

from .conftest import PORT_ATTEMPTS, _backend_environment
from .helpers import Stack, new_email, register_via_api, screenshot
from .servers import PortTaken, nginx_binary, start_backend, start_nginx, stop


@dataclass
class OidcStack:
    stack: Stack
    provider: RunningProvider


@pytest.fixture(scope="module")
def oidc_stack(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Iterator[OidcStack]:
    nginx = nginx_binary()
    if nginx is None:
        require_service("nginx", "install Debian's nginx (apt-get install -y nginx)")
        raise AssertionError("unreachable")
    workdir = tmp_path_factory.mktemp("e2e-oidc")
    for attempt in range(PORT_ATTEMPTS):
        api_port, frontend_port = free_port(), free_port()
        api_url = f"http://127.0.0.1:{api_port}"
        callback = f"{api_url}/auth/oidc/{PROVIDER_ID}/callback"
        with running_provider([callback], workdir / f"provider-{attempt}") as provider:
            environment = {
                **_backend_environment(database_url, workdir, frontend_port),
                "PUBLIC_URL": f"http://127.0.0.1:{frontend_port}",
                "OIDC_PROVIDERS": json.dumps([provider.setting()]),
            }
            try:
                backend = start_backend(workdir, api_port, environment)
            except PortTaken:
                continue
            try:
                web = start_nginx(nginx, workdir / f"nginx-{attempt}", frontend_port, backend.url)
            except PortTaken:
                stop(backend.process)
                continue
            try:
                yield OidcStack(Stack(backend.url, web.url, backend, web), provider)
            finally:
                stop(web.process)
                stop(backend.process)
            return
    raise RuntimeError(f"no free ports for the OIDC browser test's servers in {PORT_ATTEMPTS} attempts")


@pytest.fixture(scope="module")
def stack(oidc_stack: OidcStack) -> Stack:
    """The package's `page` fixture, on this module's stack."""
    return oidc_stack.stack


@pytest.fixture(autouse=True)
def quiet_provider_pages(context: BrowserContext, oidc_stack: OidcStack) -> None:
    """oidc-provider's development pages load a web font from the internet (none in CI) and have
    no favicon: both answered here, so the problems the page fixture reports are the app's."""
    context.route("https://fonts.googleapis.com/**", lambda route: route.fulfill(content_type="text/css"))
    context.route(f"{oidc_stack.provider.issuer}/favicon.ico", lambda route: route.fulfill(status=204))


def sign_in_at_provider(page: Page, provider: RunningProvider, login: str) -> None:
    page.wait_for_url(f"{provider.issuer}/interaction/**")
    expect(page.locator("input[name='login']")).to_be_visible()
    screenshot(page, "oidc-provider-login-page")
    page.locator("input[name='login']").fill(login)
    page.locator("input[name='password']").fill("any password")
    page.locator("button[type='submit']").click()


def test_sign_in_with_the_provider_through_its_own_login_page(page: Page, oidc_stack: OidcStack) -> None:
    stack, provider = oidc_stack.stack, oidc_stack.provider
    email = new_email("oidc")
    page.goto(stack.frontend_url + "/")
    page.locator("#visitor-actions [data-action='open-login']").click()
    button = page.locator("#login-modal").get_by_role("button", name=f"Sign in with {PROVIDER_NAME}")
    expect(button).to_be_visible()
    screenshot(page, "oidc-login-dialog")
    button.click()

    sign_in_at_provider(page, provider, email)

    page.wait_for_url(f"{stack.frontend_url}/**")
    expect(page.locator("#tasks-view")).to_be_visible()
    expect(page.locator("#user-email")).to_have_text(email)
    expect(page.locator("#welcome")).to_be_hidden()
    # A new account, with the browser's timezone (the context's), as a sign-up sends it.
    assert page.context.request.get(f"{stack.api_url}/user").json()["timezone"] == "Europe/Moscow"
    page.locator("#new-task-title").fill("First task after signing in with a provider")
    page.locator("#new-task-title").press("Enter")
    expect(page.get_by_text("First task after signing in with a provider")).to_be_visible()
    screenshot(page, "oidc-signed-in")


def test_the_sign_up_dialog_offers_the_provider_and_a_cancelled_sign_in_says_so(
    page: Page, oidc_stack: OidcStack
) -> None:
    stack = oidc_stack.stack
    page.goto(stack.frontend_url + "/")
    page.locator("#visitor-actions [data-action='open-signup']").click()
    page.locator("#signup-modal").get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    page.wait_for_url(f"{oidc_stack.provider.issuer}/interaction/**")

    page.get_by_role("link", name="[ Cancel ]").click()

    page.wait_for_url(f"{stack.frontend_url}/")
    expect(page.locator("#notice")).to_contain_text("Sign-in was cancelled.")
    assert "signin-error" not in page.url  # taken out of the address
    expect(page.locator("#welcome")).to_be_visible()


def test_link_and_unlink_the_provider_in_settings(
    page: Page, context: BrowserContext, oidc_stack: OidcStack
) -> None:
    stack = oidc_stack.stack
    register_via_api(context, stack)
    page.goto(stack.frontend_url + "/#settings")
    card = page.locator("#settings-identities")
    expect(card.locator(".identities-none")).to_be_visible()
    card.get_by_role("button", name=f"Link {PROVIDER_NAME}").click()

    elsewhere = new_email("elsewhere")
    sign_in_at_provider(page, oidc_stack.provider, elsewhere)

    page.wait_for_url(f"{stack.frontend_url}/#settings")
    expect(card.locator(".identities-list")).to_contain_text(f"{PROVIDER_NAME}: {elsewhere}")
    screenshot(page, "oidc-settings-linked")
    card.get_by_role("button", name=f"Unlink {PROVIDER_NAME}").click()
    expect(card.locator(".identities-none")).to_be_visible()
    expect(card.get_by_role("button", name=f"Link {PROVIDER_NAME}")).to_be_visible()
