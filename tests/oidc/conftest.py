"""The app with the real test OpenID Provider configured, and a browser-like HTTP client that
reaches both: the app in process (http://testserver) and the provider over the network."""

import re
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from urllib.parse import urljoin

import httpx
import pytest
from fastapi import FastAPI

from tasktracker.config import Settings
from tests.conftest import BASE_URL, TEST_JWT_SECRET

from .support import PROVIDER_ID, RunningProvider, running_provider

# The web app's address (PUBLIC_URL): nothing serves it, the tests read the redirects to it.
WEB_APP = "http://webapp.test"
CALLBACK_URL = f"{BASE_URL}/auth/oidc/{PROVIDER_ID}/callback"
LOGIN_PATH = f"/auth/oidc/{PROVIDER_ID}/login"


@pytest.fixture(scope="session")
def test_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningProvider]:
    with running_provider([CALLBACK_URL], tmp_path_factory.mktemp("oidc-provider")) as provider:
        yield provider


@pytest.fixture
def settings(database_url: str, tmp_path: Path, test_provider: RunningProvider) -> Settings:
    return Settings(
        _env_file=None,
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",
        jwt_secret=TEST_JWT_SECRET,
        public_url=WEB_APP,
        oidc_providers=[test_provider.setting()],
    )


BrowserFactory = Callable[[], httpx.AsyncClient]


@pytest.fixture
async def new_browser(app: FastAPI) -> AsyncIterator[BrowserFactory]:
    """Independent browsers, each with its own cookie jar, that reach the app and the provider."""
    browsers: list[httpx.AsyncClient] = []

    def factory() -> httpx.AsyncClient:
        browser = httpx.AsyncClient(
            base_url=BASE_URL,
            mounts={
                BASE_URL: httpx.ASGITransport(app=app, client=("203.0.113.9", 50002)),
                "all://": httpx.AsyncHTTPTransport(),
            },
        )
        browsers.append(browser)
        return browser

    yield factory
    for browser in browsers:
        await browser.aclose()


@pytest.fixture
def browser(new_browser: BrowserFactory) -> httpx.AsyncClient:
    return new_browser()


async def follow(browser: httpx.AsyncClient, response: httpx.Response, *, until: str) -> httpx.Response:
    """Follow redirects as a browser does, up to (not including) the one to a URL starting with
    `until`, or to a page; returns that last response."""
    for _ in range(20):
        if not response.is_redirect:
            return response
        location = urljoin(str(response.url), response.headers["location"])
        if location.startswith(until):
            return response
        response = await browser.get(location)
    raise AssertionError(f"too many redirects, at {response.url}")


def _form(page: httpx.Response) -> tuple[str, dict[str, str]]:
    action = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert action, page.text
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    return urljoin(str(page.url), action.group(1)), hidden


async def provider_login_page(browser: httpx.AsyncClient, login_url: str) -> httpx.Response:
    """Start at the app's login route; the provider's own sign-in page."""
    page = await follow(browser, await browser.get(login_url), until=WEB_APP)
    assert page.status_code == 200 and 'name="login"' in page.text, (page.status_code, page.text[:500])
    return page


async def to_callback(browser: httpx.AsyncClient, login: str, login_url: str = LOGIN_PATH) -> str:
    """Sign in at the provider as `login` (provider.mjs says what each name is); the callback
    URL the provider sends the browser back to, not yet visited."""
    page = await provider_login_page(browser, login_url)
    action, hidden = _form(page)
    submitted = await browser.post(action, data={**hidden, "login": login, "password": "any"})
    redirect = await follow(browser, submitted, until=CALLBACK_URL)
    location = urljoin(str(redirect.url), redirect.headers["location"])
    assert location.startswith(CALLBACK_URL), location
    return location


def sign_out_at_provider(browser: httpx.AsyncClient) -> None:
    """Forget the provider's own session in this browser: its next visit shows the login page."""
    for cookie in list(browser.cookies.jar):
        if not cookie.domain.startswith("testserver"):
            browser.cookies.jar.clear(cookie.domain, cookie.path, cookie.name)


async def cancel_at_provider(browser: httpx.AsyncClient, login_url: str = LOGIN_PATH) -> str:
    """Press the provider's Cancel link; the callback URL it sends the browser back to."""
    page = await provider_login_page(browser, login_url)
    cancel = re.search(r'<a href="([^"]+)">\[ Cancel \]</a>', page.text)
    assert cancel, page.text
    redirect = await follow(
        browser, await browser.get(urljoin(str(page.url), cancel.group(1))), until=CALLBACK_URL
    )
    return urljoin(str(redirect.url), redirect.headers["location"])


async def sign_in(browser: httpx.AsyncClient, login: str, login_url: str = LOGIN_PATH) -> httpx.Response:
    """The whole sign-in; the callback's response (a redirect to the web app)."""
    response = await browser.get(await to_callback(browser, login, login_url))
    assert response.status_code == 302, response.text
    return response
