"""Bodies that are not valid UTF-8 are refused, never repaired: a repaired byte would make two
different passwords the same one. Form bodies (POST /user, POST /session) and JSON alike."""

import httpx
import pytest

from tests.conftest import register

FORM = {"content-type": "application/x-www-form-urlencoded"}
JSON = {"content-type": "application/json"}
PASSWORD = "correct horse battery"

INVALID_FORMS = [
    b"email=ada%40example.com&password=caf%E9-caf%E9-caf%E9",  # Latin-1 é, percent-encoded
    b"email=ada%40example.com&password=%FF%FE%FD%FC%FB%FA%F9%F8",
    b"email=ada%40example.com&password=%ED%A0%80-surrogate-half",  # UTF-8 of a lone surrogate
    b"email=ada%40example.com&password=overlong-%C0%AF-slash",
    b"email=ada%40example.com&password=caf\xe9-raw-byte-in-the-body",
    b"email=ada%40example.com&pass%FFword=correct+horse+battery",  # in a field name too
]


@pytest.mark.parametrize("path", ["/user", "/session"])
@pytest.mark.parametrize("body", INVALID_FORMS)
async def test_a_form_body_that_is_not_utf8_is_a_422(
    client: httpx.AsyncClient, path: str, body: bytes
) -> None:
    response = await client.post(path, content=body, headers=FORM)

    assert response.status_code == 422, response.text
    assert response.json() == {"message": "The form body is not valid UTF-8"}


async def test_two_passwords_that_differ_only_in_invalid_bytes_no_longer_collide(
    client: httpx.AsyncClient,
) -> None:
    # Both used to become "\ufffd" x 8 and so the same password.
    first = b"email=ada%40example.com&password=%FF%FF%FF%FF%FF%FF%FF%FF"
    second = b"email=ada%40example.com&password=%FE%FE%FE%FE%FE%FE%FE%FE"

    assert (await client.post("/user", content=first, headers=FORM)).status_code == 422
    assert (await client.post("/session", content=second, headers=FORM)).status_code == 422
    # Nothing was registered by the refused request.
    await register(client, "ada@example.com", "\ufffd" * 8)


async def test_percent_encoded_utf8_is_decoded_exactly(client: httpx.AsyncClient) -> None:
    registered = await client.post(
        "/user",
        content=b"email=jos%C3%A9%40example.com&password=caf%C3%A9+cr%C3%A8me+br%C3%BBl%C3%A9e",
        headers=FORM,
    )
    assert registered.status_code == 200, registered.text
    assert registered.json()["email"] == "josé@example.com"

    logged_in = await client.post(
        "/session", json={"email": "josé@example.com", "password": "café crème brûlée"}
    )
    assert logged_in.status_code == 200, logged_in.text


@pytest.mark.parametrize("path", ["/user", "/session"])
async def test_a_form_field_given_twice_is_a_422_not_a_guess(client: httpx.AsyncClient, path: str) -> None:
    body = b"email=ada%40example.com&password=first+password&password=second+password"

    response = await client.post(path, content=body, headers=FORM)

    assert response.status_code == 422, response.text
    assert response.json() == {
        "message": "password: given more than once",
        "errors": [{"field": "password", "message": "Given more than once"}],
    }


@pytest.mark.parametrize("path", ["/user", "/session", "/tasks"])
@pytest.mark.parametrize(
    "body",
    [
        b'{"email": "ada@example.com", "password": "caf\xe9-caf\xe9-caf\xe9"}',
        b'{"email": "ada@example.com", "password": "\xed\xa0\x80-surrogate-half"}',
        b'{"email": "ada@example.com", "password": "\\ud800-escaped-lone-surrogate"}',
    ],
)
async def test_a_json_body_that_is_not_utf8_is_a_422(
    client: httpx.AsyncClient, path: str, body: bytes
) -> None:
    if path == "/tasks":
        await register(client)

    response = await client.post(path, content=body, headers=JSON)

    assert response.status_code == 422, response.text
    assert response.json() == {"message": "The request body is not valid JSON"}
