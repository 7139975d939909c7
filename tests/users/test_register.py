"""POST /user and GET /user."""

import base64

import httpx
import pytest

from tests.conftest import ClientFactory, register

PASSWORD = "correct horse battery"


def cookie_headers(response: httpx.Response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


async def test_register_with_json_logs_the_user_in(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/user", json={"email": "Ada@Example.com", "password": PASSWORD, "timezone": "Europe/Moscow"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "ada@example.com"
    assert isinstance(body["id"], int)
    me = await client.get("/user")
    assert me.status_code == 200
    assert (
        me.json()
        == body
        == {
            "id": body["id"],
            "email": "ada@example.com",
            "timezone": "Europe/Moscow",
            "locale": "en",
            "has_password": True,
            "identities": [],
            "digest": {"enabled": True, "hour": 0},
        }
    )


async def test_register_sets_http_only_cookies_with_the_contract_flags(client: httpx.AsyncClient) -> None:
    response = await client.post("/user", json={"email": "ada@example.com", "password": PASSWORD})
    cookies = cookie_headers(response)
    access = cookies["access_token"].lower()
    refresh = cookies["refresh_token"].lower()
    assert "httponly" in access and "samesite=lax" in access and "path=/" in access
    assert "httponly" in refresh and "samesite=strict" in refresh and "path=/session" in refresh
    assert "secure" not in access  # COOKIE_SECURE is off by default


async def test_register_with_a_form_body(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/user",
        data={"email": "form@example.com", "password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 200
    assert response.json()["email"] == "form@example.com"
    assert (await client.get("/user")).status_code == 200


@pytest.mark.parametrize("email", ["ada@example.com", "ADA@EXAMPLE.COM", " Ada@example.com "])
async def test_a_taken_email_is_409_whatever_its_case(client: httpx.AsyncClient, email: str) -> None:
    await register(client, "ada@example.com")
    response = await client.post("/user", json={"email": email, "password": PASSWORD})
    assert response.status_code == 409
    assert response.json() == {"message": "This email is already taken"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "ada@example.com", "password": "short"}, "password"),
        ({"email": "ada@example.com", "password": "x" * 129}, "password"),
        (
            {"email": "ada@example.com", "password": PASSWORD, "password_confirm": "other one!"},
            "password_confirm",
        ),
        ({"email": "ada@example.com", "password": PASSWORD, "timezone": "Mars/Olympus"}, "timezone"),
        ({"password": PASSWORD}, "email"),
        ({"email": "ada@example.com"}, "password"),
    ],
)
async def test_invalid_registrations_are_422_with_the_field(
    client: httpx.AsyncClient, body: dict[str, str], field: str
) -> None:
    response = await client.post("/user", json=body)
    assert response.status_code == 422
    payload = response.json()
    assert payload["message"]
    assert [error["field"] for error in payload["errors"]] == [field]
    assert "set-cookie" not in response.headers


async def test_invalid_form_registration_is_422_too(client: httpx.AsyncClient) -> None:
    response = await client.post("/user", data={"email": "ada@example.com", "password": "short"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "password"


async def test_unsupported_media_type_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post("/user", content=b"email=a", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert "application/json" in response.json()["message"]


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"'])
async def test_malformed_json_bodies_are_422(client: httpx.AsyncClient, content: bytes) -> None:
    response = await client.post("/user", content=content, headers={"content-type": "application/json"})
    assert response.status_code == 422
    assert response.json()["message"]


async def test_current_user_needs_a_session(client: httpx.AsyncClient) -> None:
    response = await client.get("/user")
    assert response.status_code == 401
    assert response.json() == {"message": "Not authenticated"}


async def test_current_user_by_bearer_token(client: httpx.AsyncClient, make_client: ClientFactory) -> None:
    await register(client)
    token = client.cookies["access_token"]
    stranger = make_client()
    response = await stranger.get("/user", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["email"] == "ada@example.com"


async def test_current_user_by_http_basic(client: httpx.AsyncClient, make_client: ClientFactory) -> None:
    await register(client)
    script = make_client()
    good = base64.b64encode(f"ada@example.com:{PASSWORD}".encode()).decode()
    bad = base64.b64encode(b"ada@example.com:wrong password").decode()
    assert (await script.get("/user", headers={"Authorization": f"Basic {good}"})).status_code == 200
    wrong = await script.get("/user", headers={"Authorization": f"Basic {bad}"})
    assert wrong.status_code == 401
    assert wrong.json() == {"message": "Invalid email or password"}
    malformed = await script.get("/user", headers={"Authorization": "Basic !!!"})
    assert malformed.status_code == 401


async def test_unknown_authorization_scheme_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/user", headers={"Authorization": "Digest abc"})
    assert response.status_code == 401
