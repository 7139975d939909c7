"""The autosave engine (frontend/js/saver.js) on its own, in the real browser: a TaskSaver driven
with scripted answers instead of the API, on Playwright's clock, so retry timing is exact."""

from typing import Any

import pytest
from playwright.sync_api import Page

from .helpers import Stack, open_app

pytestmark = pytest.mark.e2e

# window.harness: a saver whose update() takes the next scripted answer (an error status, with an
# optional Retry-After, or success) and records the fields of every request it was asked to send.
HARNESS = """answers => {
    const TT = window.TT;
    const harness = { calls: [], answers: answers.slice() };
    harness.saver = new TT.TaskSaver(1, {
        update: (id, fields) => {
            harness.calls.push(fields);
            const answer = harness.answers.shift();
            if (!answer) {
                return Promise.resolve({ id: 1, version: harness.calls.length + 1 });
            }
            return Promise.reject(new TT.api.ApiError(answer.status, "refused", {}, answer.retryAfter));
        },
        fetch: () => Promise.resolve({ id: 1, version: 1 }),
        version: () => 1,
        onSaved: () => {},
        onGone: () => {},
        onStateChange: () => {},
    });
    window.harness = harness;
}"""


@pytest.fixture
def clocked_page(page: Page, stack: Stack) -> Page:
    page.clock.install()
    open_app(page, stack)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    return page


def start_saver(page: Page, *answers: dict[str, Any]) -> None:
    page.evaluate(HARNESS, list(answers))


def calls(page: Page) -> int:
    count: int = page.evaluate("window.harness.calls.length")
    return count


def state(page: Page) -> str:
    value: str = page.evaluate("window.harness.saver.state()")
    return value


def test_a_send_while_a_retry_is_scheduled_replaces_the_retry(clocked_page: Page) -> None:
    page = clocked_page
    start_saver(page, {"status": 0}, {"status": 0})
    page.evaluate("window.harness.saver.change({ title: 'a' }); window.harness.saver.flush()")
    page.clock.run_for(100)
    assert calls(page) == 1  # failed: a retry is due at 1000 ms
    page.evaluate("window.harness.saver.change({ title: 'b' })")
    page.clock.run_for(400)
    assert calls(page) == 2  # the debounced send, at 500 ms, failed too: next retry at 2500 ms

    page.clock.run_for(1500)
    assert calls(page) == 2, "the first retry timer fired as well"
    page.clock.run_for(600)
    assert calls(page) == 3
    assert page.evaluate("window.harness.calls[2]") == {"title": "b"}
    assert state(page) == "saved"


@pytest.mark.parametrize("status", [400, 403, 409, 413, 415, 422])
def test_a_refusal_is_not_retried_until_the_user_asks(clocked_page: Page, status: int) -> None:
    page = clocked_page
    start_saver(page, {"status": status})
    page.evaluate("window.harness.saver.change({ title: 'a' }); window.harness.saver.flush()")
    page.clock.run_for(120_000)
    assert calls(page) == 1
    assert state(page) == "failed"

    page.evaluate("window.harness.saver.retry()")
    page.clock.run_for(100)
    assert calls(page) == 2
    assert state(page) == "saved"


@pytest.mark.parametrize("status", [0, 408, 500, 502, 503])
def test_a_failure_that_may_pass_is_retried_with_backoff(clocked_page: Page, status: int) -> None:
    page = clocked_page
    start_saver(page, {"status": status}, {"status": status})
    page.evaluate("window.harness.saver.change({ title: 'a' }); window.harness.saver.flush()")
    page.clock.run_for(900)
    assert calls(page) == 1
    page.clock.run_for(200)
    assert calls(page) == 2  # after 1 s
    page.clock.run_for(1800)
    assert calls(page) == 2
    page.clock.run_for(200)
    assert calls(page) == 3  # 2 s later
    assert state(page) == "saved"


def test_too_many_requests_waits_as_long_as_the_server_asks(clocked_page: Page) -> None:
    page = clocked_page
    start_saver(page, {"status": 429, "retryAfter": 5})
    page.evaluate("window.harness.saver.change({ title: 'a' }); window.harness.saver.flush()")
    page.clock.run_for(4900)
    assert calls(page) == 1
    assert state(page) == "failed"
    page.clock.run_for(200)
    assert calls(page) == 2
    assert state(page) == "saved"
