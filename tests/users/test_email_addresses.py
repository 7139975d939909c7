"""An address is stored only when the email library reads it back as exactly itself: nothing in
it may be decoded (RFC 2047), split (commas), unquoted or dropped on the way into a To header.
Login applies the same rule. Non-ASCII addresses are accepted (sent with SMTPUTF8)."""

from email import policy
from email.message import EmailMessage
from email.parser import Parser

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tasktracker.users.emails import normalize_email

PASSWORD = "correct horse battery"

REFUSED = [
    "=?utf-8?q?a=40evil.com=2C?=@example.com",  # decodes to '"a@evil.com,"@example.com'
    "=?utf-8?b?YUBldmlsLmNvbSw=?=@example.com",
    "=?utf-8?q?victim=40other.org=2C_x?=@example.com",
    "a=?utf-8?q?b?=c@example.com",  # not decoded by Python, but by other mail software
    "ada@=?utf-8?q?example.com?=",
    "ada@example.com, eve@evil.com",
    "ada@example.com,eve@evil.com",
    "<ada@example.com>",
    "Ada <ada@example.com>",
    '"ada"@example.com',
    '"ada@evil.com"@example.com',
    "ada lovelace@example.com",
    "ada\t@example.com",
    "ada@example.com\r\nBcc: eve@evil.com",
    "ada(comment)@example.com",
    "ada@example.com (comment)",
    "ada;eve@example.com",
    "ada\\@example.com",
    "ad\u202ea@example.com",  # bidi override
    "ad\u200ba@example.com",  # zero width space
    "ada@exa\u202emple.com",
    "ada@[127.0.0.1]",
    "ada@@example.com",
    "",
]


@pytest.mark.parametrize("email", REFUSED)
async def test_registration_refuses_an_address_the_email_library_would_read_differently(
    client: httpx.AsyncClient, email: str
) -> None:
    response = await client.post("/user", json={"email": email, "password": PASSWORD})

    assert response.status_code == 422, response.text
    assert response.json()["errors"] == [{"field": "email", "message": "Enter a valid email address"}]


@pytest.mark.parametrize("email", REFUSED[:3])
async def test_login_with_such_an_address_is_the_usual_failure(client: httpx.AsyncClient, email: str) -> None:
    response = await client.post("/session", json={"email": email, "password": PASSWORD})

    assert response.status_code == 401
    assert response.json() == {"message": "Invalid email or password"}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("用户@例子.广告", "用户@例子.广告"),
        ("José@Example.com", "josé@example.com"),
        ("jose\u0301@example.com", "josé@example.com"),  # Unicode NFC
        ("ada@münchen.de", "ada@münchen.de"),
        ("o'brien+tasks@example.com", "o'brien+tasks@example.com"),
    ],
)
async def test_non_ascii_and_unusual_but_plain_addresses_are_accepted(
    client: httpx.AsyncClient, typed: str, stored: str
) -> None:
    registered = await client.post("/user", json={"email": typed, "password": PASSWORD})
    assert registered.status_code == 200, registered.text
    assert registered.json()["email"] == stored

    logged_in = await client.post("/session", json={"email": typed, "password": PASSWORD})
    assert logged_in.status_code == 200, logged_in.text
    assert logged_in.json()["email"] == stored


def to_header_addresses(address: str) -> list[str]:
    """The addresses a receiving mail program finds in the To header of a message built the way
    the message builder builds it, written the way smtplib writes it."""
    message = EmailMessage()
    message["To"] = address
    message["Subject"] = "Welcome"
    message.set_content("Hello")
    written = message.as_bytes(policy=message.policy.clone(utf8=not address.isascii()))
    # An SMTPUTF8 message is UTF-8 throughout (RFC 6532); an ASCII one decodes the same.
    parsed = Parser(policy=policy.default).parsestr(written.decode("utf-8"))
    return [parsed_address.addr_spec for parsed_address in parsed["To"].addresses]


# Pieces of addresses, rich in what mail software treats specially.
address_characters = st.sampled_from(
    [*"abcXYZ09.+-_'!#$%&*/=?^`{|}~", *',;:<>"()[]\\@ \t\r\n', "=?", "?=", "=?utf-8?q?", "é", "用", "\u202e"]
)
address_like = st.builds(
    lambda local, domain: f"{local}@{domain}",
    st.lists(address_characters, min_size=1, max_size=20).map("".join),
    st.sampled_from(
        ["example.com", "EXAMPLE.com", "例子.广告", "münchen.de", "=?utf-8?q?evil.com?=", "a,b.com"]
    ),
)


@given(st.one_of(address_like, st.text()))
@example("=?utf-8?q?a=40evil.com=2C?=@example.com")
@example("ada@example.com")
@example("用户@例子.广告")
def test_every_stored_address_reads_back_as_exactly_itself(typed: str) -> None:
    stored = normalize_email(typed)
    if stored is None:
        return
    assert to_header_addresses(stored) == [stored]
    assert "=?" not in stored
