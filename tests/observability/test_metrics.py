"""The API's /metrics, read the way Prometheus reads it, after real requests on both databases."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from tasktracker.app import create_app
from tasktracker.config import Settings
from tests.conftest import BASE_URL, register

PASSWORD = "correct horse battery"


class Scrape:
    """One /metrics answer, by sample name and labels."""

    def __init__(self, text: str) -> None:
        self.samples = {
            (sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(text)
            for sample in family.samples
        }

    def value(self, name: str, **labels: str) -> float:
        """The sample's value; 0 for a series not there yet (a counter before its first count)."""
        return self.samples.get((name, frozenset(labels.items())), 0.0)

    def names(self) -> set[str]:
        return {name for name, _ in self.samples}

    def label_values(self, name: str, label: str) -> set[str]:
        return {
            dict(labels)[label] for sample, labels in self.samples if sample == name and label in dict(labels)
        }


async def scrape(http: httpx.AsyncClient, **headers: str) -> Scrape:
    response = await http.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain")
    return Scrape(response.text)


async def test_a_registration_and_logins_show_in_the_metrics(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    before = await scrape(client)

    await register(client)
    assert (
        await client.post("/session", json={"email": "ada@example.com", "password": PASSWORD})
    ).status_code == 200
    wrong = await client.post("/session", json={"email": "ada@example.com", "password": "not the password"})
    assert wrong.status_code == 401

    after = await scrape(client)
    requests = "tasktracker_http_requests_total"
    for method, route, status in [
        ("POST", "/user", "200"),
        ("POST", "/session", "200"),
        ("POST", "/session", "401"),
    ]:
        labels = {"method": method, "route": route, "status": status}
        assert after.value(requests, **labels) - before.value(requests, **labels) == 1, labels
    durations = "tasktracker_http_request_duration_seconds_count"
    assert (
        after.value(durations, method="POST", route="/session")
        - before.value(durations, method="POST", route="/session")
        == 2
    )
    failures = "tasktracker_login_failures_total"
    assert after.value(failures, route="/session") - before.value(failures, route="/session") == 1

    # No worker runs: the welcome email waits in the outbox.
    assert after.value("tasktracker_outbox_emails", status="pending") == 1
    assert after.value("tasktracker_outbox_emails", status="sending") == 0
    assert after.value("tasktracker_outbox_emails", status="failed") == 0
    assert after.value("tasktracker_outbox_oldest_unsent_age_seconds") > 0

    if settings.resolved_database_url.startswith("postgresql"):
        assert after.value("tasktracker_db_pool_max_connections") == settings.database_pool_size
        in_use = after.value("tasktracker_db_pool_connections", state="in_use")
        idle = after.value("tasktracker_db_pool_connections", state="idle")
        assert in_use + idle >= 1
        acquires = "tasktracker_db_pool_acquire_seconds_count"
        assert after.value(acquires) > before.value(acquires)
    else:  # one shared connection, no pool
        assert "tasktracker_db_pool_connections" not in after.names()


async def test_the_failed_login_limit_is_counted(client: httpx.AsyncClient, settings: Settings) -> None:
    await register(client)
    throttled = "tasktracker_throttled_requests_total"
    before = (await scrape(client)).value(throttled, route="/session")
    statuses = [
        (
            await client.post("/session", json={"email": "ada@example.com", "password": f"guess {n}"})
        ).status_code
        for n in range(settings.login_max_failures_per_email + 2)
    ]
    assert 429 in statuses
    assert (await scrape(client)).value(throttled, route="/session") - before == statuses.count(429)


async def test_requests_are_labelled_by_route_template_never_by_path(client: httpx.AsyncClient) -> None:
    await register(client)
    for task_id in (101, 102, 103):
        assert (await client.get(f"/tasks/{task_id}")).status_code == 404
    assert (await client.head("/tasks/104")).status_code == 404
    for path in ("/no/such/page", "/another-missing-page"):
        assert (await client.get(path)).status_code == 404
    assert (await client.request("BREW", "/tasks")).status_code == 405

    after = await scrape(client)
    routes = after.label_values("tasktracker_http_requests_total", "route")
    assert "/tasks/{task_id}" in routes
    assert "unmatched" in routes
    assert not [route for route in routes if any(digit in route for digit in "0123456789")]
    assert not [route for route in routes if "missing" in route or "no/such" in route]
    assert (
        after.value("tasktracker_http_requests_total", method="HEAD", route="/tasks/{task_id}", status="404")
        >= 1
    )
    assert after.value("tasktracker_http_requests_total", method="other", route="/tasks", status="405") >= 1
    assert "BREW" not in after.label_values("tasktracker_http_requests_total", "method")


async def test_scrapes_are_not_counted_as_requests(client: httpx.AsyncClient) -> None:
    await scrape(client)
    after = await scrape(client)
    assert "/metrics" not in after.label_values("tasktracker_http_requests_total", "route")


async def test_an_answer_from_a_middleware_is_counted_with_its_route(client: httpx.AsyncClient) -> None:
    """The size limit answers before routing; the request is still the route's."""
    big = await client.post("/user", content=b"x" * 100_000, headers={"content-type": "application/json"})
    assert big.status_code == 413
    assert big.headers["x-request-id"]
    after = await scrape(client)
    assert after.value("tasktracker_http_requests_total", method="POST", route="/user", status="413") >= 1


@pytest.fixture
async def configured_client(
    settings: Settings, request: pytest.FixtureRequest
) -> AsyncIterator[httpx.AsyncClient]:
    application: FastAPI = create_app(settings.model_copy(update=request.param))
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
            yield http


@pytest.mark.parametrize("configured_client", [{"metrics_enabled": False}], indirect=True)
async def test_metrics_can_be_turned_off(configured_client: httpx.AsyncClient) -> None:
    assert (await configured_client.get("/metrics")).status_code == 404
    assert (await configured_client.get("/health")).status_code == 200


@pytest.mark.parametrize("configured_client", [{"metrics_token": "s3cret-scrape-token"}], indirect=True)
async def test_a_metrics_token_is_required_when_set(configured_client: httpx.AsyncClient) -> None:
    assert (await configured_client.get("/metrics")).status_code == 401
    wrong = await configured_client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
    assert wrong.status_code == 401
    assert wrong.json() == {"message": "A metrics token is required"}
    await scrape(configured_client, Authorization="Bearer s3cret-scrape-token")


async def test_openmetrics_is_served_to_who_asks_for_it(client: httpx.AsyncClient) -> None:
    response = await client.get("/metrics", headers={"Accept": "application/openmetrics-text; version=1.0.0"})
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.endswith("# EOF\n")
