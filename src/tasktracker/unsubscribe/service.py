"""One-click unsubscribe from the digest (RFC 8058): the signed token in every digest's links,
and turning the digest off with it, without signing in.

The token is the user id and a tag of the address the digest went to, signed with a key derived
from JWT_SECRET for this purpose only (the salt): no other token of the app is one, and it is no
session. It never expires: an old digest's link must still work years later, and all it can do
is turn that account's digest off. The address tag makes a token of a deleted account useless to
a later account given the same id (SQLite reuses the highest id)."""

import base64
import hashlib
import hmac
from dataclasses import dataclass
from urllib.parse import quote

from itsdangerous import BadData, URLSafeSerializer

from tasktracker.config import Settings
from tasktracker.db import Connection
from tasktracker.unsubscribe import queries
from tasktracker.unsubscribe.errors import InvalidUnsubscribeToken

PURPOSE = "digest-unsubscribe"
UNSUBSCRIBE_PATH = "/unsubscribe"
# A token is about 80 characters; anything much longer is not one.
MAX_TOKEN_LENGTH = 256


@dataclass(frozen=True, slots=True)
class UnsubscribeLinks:
    # For List-Unsubscribe: the API, which a mail provider POSTs to (RFC 8058).
    one_click: str
    # For the email's body: the web app's page that asks before turning the digest off.
    page: str


def _serializer(settings: Settings) -> URLSafeSerializer:
    return URLSafeSerializer(
        settings.jwt_secret,
        salt=PURPOSE,
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha256},
    )


def _address_tag(email: str) -> str:
    digest = hashlib.sha256(email.encode()).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode()


def make_token(user_id: int, email: str, settings: Settings) -> str:
    return _serializer(settings).dumps([user_id, _address_tag(email)])


def read_token(token: str, settings: Settings) -> tuple[int, str]:
    """The user id and address tag a token of ours carries; InvalidUnsubscribeToken otherwise."""
    if len(token) > MAX_TOKEN_LENGTH:
        raise InvalidUnsubscribeToken
    try:
        data = _serializer(settings).loads(token)
    except BadData as exc:
        raise InvalidUnsubscribeToken from exc
    match data:
        case [int() as user_id, str() as tag] if not isinstance(user_id, bool):
            return user_id, tag
    raise InvalidUnsubscribeToken


def unsubscribe_links(user_id: int, email: str, settings: Settings) -> UnsubscribeLinks:
    token = quote(make_token(user_id, email, settings), safe="")
    return UnsubscribeLinks(
        one_click=f"{settings.public_api_url}{UNSUBSCRIBE_PATH}?token={token}",
        page=f"{settings.public_url.rstrip('/')}/#unsubscribe={token}",
    )


async def unsubscribe(conn: Connection, token: str, settings: Settings) -> None:
    """Turn off the digest of the account the token names. Idempotent; a valid token of an
    account that is gone (or no longer has that address) changes nothing and is no error: no
    digest goes to that address either way."""
    user_id, tag = read_token(token, settings)
    email = await queries.user_email(conn, user_id)
    if email is not None and hmac.compare_digest(tag, _address_tag(email)):
        await queries.disable_digest(conn, user_id)
