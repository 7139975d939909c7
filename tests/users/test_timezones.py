"""A timezone is an IANA zone name or it is refused with a 422: folder names of tzdata, file
names that are not zones, overlong and odd strings included (they used to reach the file system
and come back as a 500)."""

from typing import Any

import httpx
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from tasktracker.config import Settings
from tasktracker.timezones import known_zone_names, zone_or_none
from tasktracker.users.schemas import RegisterRequest

PASSWORD = "correct horse battery"

NOT_ZONES = [
    "America",  # tzdata folders
    "Europe",
    "America/Argentina",
    "Mars/Olympus",
    "a" * 300,  # longer than a file name may be
    "Europe/" + "x" * 5000,
    "../x",
    "../../etc/passwd",
    "/etc/localtime",
    "Europe/../Europe/Paris",
    "Europe\\Paris",
    "Europe/Paris\x00",
    "Europe//Paris",
    "europe/paris",  # zone names are case-sensitive
    "zone.tab",  # files of tzdata that are not zones
    "tzdata.zi",
    "posixrules",
    "localtime",
    "🕒",
]


@pytest.mark.parametrize("timezone", NOT_ZONES)
async def test_a_string_that_is_not_a_zone_is_a_422_naming_the_field(
    client: httpx.AsyncClient, timezone: str
) -> None:
    response = await client.post(
        "/user",
        json={"email": "ada@example.com", "password": PASSWORD, "timezone": timezone},
    )

    assert response.status_code == 422, response.text
    body = response.json()
    assert body["errors"] == [
        {"field": "timezone", "message": "Unknown timezone: use an IANA name such as Europe/Paris"}
    ]


@pytest.mark.parametrize("timezone", [123, ["Europe/Paris"], {"zone": "Europe/Paris"}, True])
async def test_a_timezone_that_is_not_a_string_is_a_422(client: httpx.AsyncClient, timezone: Any) -> None:
    response = await client.post(
        "/user", json={"email": "ada@example.com", "password": PASSWORD, "timezone": timezone}
    )

    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["timezone"]


async def test_a_form_registration_with_a_folder_name_is_a_422(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/user", data={"email": "ada@example.com", "password": PASSWORD, "timezone": "America"}
    )

    assert response.status_code == 422, response.text
    assert [error["field"] for error in response.json()["errors"]] == ["timezone"]


@pytest.mark.parametrize("timezone", ["UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5"])
async def test_zone_names_are_accepted(client: httpx.AsyncClient, timezone: str) -> None:
    response = await client.post(
        "/user", json={"email": "ada@example.com", "password": PASSWORD, "timezone": timezone}
    )

    assert response.status_code == 200, response.text
    assert response.json()["timezone"] == timezone


@given(st.text())
def test_any_other_string_is_refused_without_another_error(name: str) -> None:
    # Blank means "no timezone"; surrounding spaces are trimmed.
    assume(name.strip() and name.strip() not in known_zone_names())
    assert zone_or_none(name) is None
    with pytest.raises(ValidationError) as refused:
        RegisterRequest.model_validate({"email": "ada@example.com", "password": PASSWORD, "timezone": name})
    assert [error["loc"] for error in refused.value.errors()] == [("timezone",)]


@given(st.sampled_from(sorted(known_zone_names())))
def test_every_known_name_loads(name: str) -> None:
    zone = zone_or_none(name)
    assert zone is not None
    assert zone.key == name


def test_the_default_timezone_setting_follows_the_same_rule() -> None:
    with pytest.raises(ValidationError, match="unknown timezone 'America'"):
        Settings(_env_file=None, digest_default_timezone="America")  # type: ignore[call-arg]
