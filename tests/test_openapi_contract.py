"""Schemathesis, every check, against the description the API ships (`/openapi.json`), on the app
in process with a signed-up user: what the description promises is what the API does."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, cast

import orjson
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tasktracker.app import create_app
from tasktracker.config import Settings
from tasktracker.timezones import known_zone_names
from tests.conftest import TEST_JWT_SECRET

EMAIL = "contract@example.com"
PASSWORD = "correct horse battery"

CONFIG = schemathesis.Config.from_dict(
    {
        # The credentials are ours (below), not generated ones.
        "generation": {"with-security-parameters": False},
        "checks": {
            # A well-formed If-Match naming another version is a precondition failure, not bad input;
            # The sign-in routes of external providers answer with a redirect (302) whatever happens,
            # and GET /unsubscribe's redirect to the web app (303) is its acceptance.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "302", "303", "401", "403", "404", "409", "412", "429", "5xx"]
            },
        },
    }
)


# The app is built at import, as the schema has to be: its database is laid down by the fixture
# below before the first request starts the app (Schemathesis runs it in a thread of its own).
DIRECTORY = Path(tempfile.gettempdir()) / f"tasktracker-contract-{os.getpid()}"
APP = create_app(
    Settings(
        _env_file=None,
        environment="test",
        database_url=f"sqlite:///{DIRECTORY / 'tasktracker.db'}",
        data_dir=DIRECTORY / "data",
        jwt_secret=TEST_JWT_SECRET,
        # Schemathesis sends many wrong Basic credentials on purpose: the limits are tested elsewhere.
        login_max_failures_per_email=1_000_000,
        login_max_failures_per_ip=1_000_000,
    )
)
# Exactly the document GET /openapi.json sends (tests/test_openapi.py checks it is the same).
schema = schemathesis.openapi.from_dict(orjson.loads(orjson.dumps(APP.openapi())), config=CONFIG)
schema.app = APP

# The first zone of each area (Africa/Abidjan, America/Adak, ..., and each name without an area).
SAMPLE_ZONES = {
    min(zones) for _, zones in groupby(sorted(known_zone_names()), lambda name: name.split("/")[0])
}


@schema.hook
def filter_case(context: schemathesis.HookContext, case: schemathesis.Case[Any]) -> bool:
    """The coverage phase sends every value of an enum: each of the ~600 time zones, twice (JSON
    and form), each a registration paying for an Argon2 hash, minutes in all. One zone of each
    area shows as well that the list is the one the API accepts."""
    timezone = case.body.get("timezone") if isinstance(case.body, dict) else None
    in_coverage = case.meta is not None and case.meta.phase.name == "coverage"
    a_zone = isinstance(timezone, str) and timezone in known_zone_names()
    return not (in_coverage and a_zone and timezone not in SAMPLE_ZONES)


@dataclass(frozen=True)
class Credentials:
    access_token: str
    # Sessions of their own for the operations that end or rotate the session they are given.
    logout_token: str
    refresh_cookie: str


def _log_in(client: requests.Session) -> dict[str, str]:
    client.cookies.clear()  # a login ends the session of the refresh cookie it is sent with
    response = client.post("/session", json={"email": EMAIL, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {name: value for name, value in response.cookies.get_dict().items() if value}


@pytest.fixture(scope="module")
def credentials(sqlite_template: Path) -> Iterator[Credentials]:
    DIRECTORY.mkdir(exist_ok=True)  # a run killed before its teardown left it
    shutil.copyfile(sqlite_template, DIRECTORY / "tasktracker.db")
    with asgi.get_client(cast(asgi.ASGIApp, APP)) as client:
        assert client.post("/user", json={"email": EMAIL, "password": PASSWORD}).status_code == 200
        main, logout, refresh = _log_in(client), _log_in(client), _log_in(client)
        created = client.post(
            "/tasks",
            json={"title": "There to be read"},
            headers={"Authorization": f"Bearer {main['access_token']}"},
        )
        assert created.status_code == 201, created.text
    yield Credentials(main["access_token"], logout["access_token"], refresh["refresh_token"])
    asgi.shutdown_lifespans()
    shutil.rmtree(DIRECTORY)


def call(case: schemathesis.Case[Any], credentials: Credentials) -> None:
    body = case.body
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    # The one rule JSON Schema cannot state: a confirmation equals the password.
    if (
        positive
        and isinstance(body, dict)
        and "password_confirm" in body
        and isinstance(body.get("password"), str)
    ):
        body["password_confirm"] = body["password"]
    # Nor this one: checklist item ids are unique within the task.
    if positive and isinstance(body, dict) and isinstance(body.get("checklist"), list):
        for index, item in enumerate(body["checklist"]):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                item["id"] = f"{item['id'][:28]}-{index}"
    # Nor this one: a reminder is at most 5 years ahead (and not before 2000).
    if positive and isinstance(body, dict) and isinstance(body.get("remind_at"), str):
        body["remind_at"] = "2026-12-04T18:00:00+01:00"
    # Nor this one: a task's list is one of the caller's (none here: the Inbox).
    if positive and isinstance(body, dict) and isinstance(body.get("list_id"), (int, float)):
        body["list_id"] = None
    # Nor that a list's neighbour (before_id, after_id) is another list of the caller's: a
    # generated id is none, and the valid body's answer is the 422 on that field.
    neighbour = isinstance(body, dict) and ("before_id" in body or "after_id" in body)
    if (case.method, case.path) == ("DELETE", "/session"):
        case.call_and_validate(headers={"Authorization": f"Bearer {credentials.logout_token}"})
    elif (case.method, case.path) == ("POST", "/session/refresh"):
        case.call_and_validate(cookies={"refresh_token": credentials.refresh_cookie})
    elif (case.method, case.path) == ("PATCH", "/lists/{list_id}") and neighbour:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {credentials.access_token}"},
            excluded_checks=[positive_data_acceptance],
        )
    elif (case.method, case.path) in {("POST", "/password-reset/confirm"), ("POST", "/unsubscribe")}:
        # A generated token is never one the API emailed: a valid body's answer is the 400.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])
    elif (case.method, case.path) == ("POST", "/import") or (
        (case.method, case.path) == ("GET", "/tasks") and _unpageable(case.query or {})
    ):
        # No schema says what a Todoist export is: a generated file is refused (422), and a
        # generated export may name lists it does not hold. Nor is a generated cursor one the
        # API gave (422), and the due views are not paged.
        case.call_and_validate(
            headers={"Authorization": f"Bearer {credentials.access_token}"},
            excluded_checks=[positive_data_acceptance],
        )
    else:
        case.call_and_validate(headers={"Authorization": f"Bearer {credentials.access_token}"})


def _unpageable(query: dict[str, Any]) -> bool:
    return "cursor" in query or ("due" in query and "limit" in query)


def contract_test(operation_id: str) -> Any:
    @schema.include(operation_id=operation_id).parametrize()
    @settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    def test(case: schemathesis.Case[Any], credentials: Credentials) -> None:
        call(case, credentials)

    return test


# A test of its own per operation, named after it. (One `parametrize` over the whole schema would
# do the same, but under pytest 9 its items share one node id, and pytest-xdist then runs one.)
for path_item in schema.raw_schema["paths"].values():
    for spec in path_item.values():
        globals()[f"test_{spec['operationId']}"] = contract_test(spec["operationId"])
