"""Pages of GET /tasks: where the next page starts (`Start`), and the cursor that carries it.

The list's order is the open tasks by (position, id), then the done ones by (done_at DESC,
id DESC). A next page starts at the task after the page, by its place in that order (a keyset
condition, not an offset), so a task completed or reopened meanwhile neither repeats nor hides
another one. Without an explicit limit a page holds every open task (people scroll their open
list) and at most DEFAULT_DONE_LIMIT done ones; with one it holds at most `limit` tasks, the open
ones first.

A cursor is opaque to clients: base64url of an HMAC tag and the key. The tag binds the key to
its user, so a cursor altered by hand, or another user's, is refused (422) rather than read.
"""

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache

from tasktracker.errors import ValidationFailed

DEFAULT_DONE_LIMIT = 100
MAX_LIMIT = 500

_TAG_BYTES = 12
_SEPARATOR = "\x1f"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Cursor text longer than any this server makes (a 64-character position and a BIGINT id).
_MAX_CURSOR_LENGTH = 160
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+")


class InvalidCursor(ValidationFailed):
    message = "The cursor is not one this server gave for this list; start again from the first page"

    def __init__(self) -> None:
        super().__init__(errors=[{"field": "cursor", "message": self.message}])


class NotPaged(ValidationFailed):
    message = "limit and cursor page the task lists, not the due views"


@dataclass(frozen=True, slots=True)
class Start:
    """The first task of a page by its place: an open one's (position, id) or a done one's
    (done_at, id)."""

    done: bool
    id: int
    position: str | None = None
    done_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Page:
    body: bytes  # the JSON array
    next: Start | None  # where the next page starts, when there is one


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hmac.new(secret.encode(), b"tasktracker tasks cursor", hashlib.sha256).digest()


def _tag(secret: str, user_id: int, payload: bytes) -> bytes:
    return hmac.new(_key(secret), f"{user_id}{_SEPARATOR}".encode() + payload, hashlib.sha256).digest()[
        :_TAG_BYTES
    ]


def encode(start: Start, *, user_id: int, secret: str) -> str:
    if start.done:
        assert start.done_at is not None  # done tasks have their done_at
        key = "d" + str((start.done_at - _EPOCH) // timedelta(microseconds=1))
    else:
        assert start.position is not None
        key = "o" + start.position
    payload = f"{key}{_SEPARATOR}{start.id}".encode()
    return base64.urlsafe_b64encode(_tag(secret, user_id, payload) + payload).rstrip(b"=").decode()


def decode(cursor: str, *, user_id: int, secret: str) -> Start:
    """The key a cursor of this user's carries; InvalidCursor for anything else."""
    if len(cursor) > _MAX_CURSOR_LENGTH or not _BASE64URL.fullmatch(cursor):
        raise InvalidCursor
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
    except binascii.Error:  # a length no encoding has
        raise InvalidCursor from None
    tag, payload = raw[:_TAG_BYTES], raw[_TAG_BYTES:]
    if not hmac.compare_digest(tag, _tag(secret, user_id, payload)):
        raise InvalidCursor
    # Signed by this server for this user: well formed by construction.
    key, task_id = payload.decode().split(_SEPARATOR)
    if key[0] == "d":
        return Start(done=True, id=int(task_id), done_at=_EPOCH + timedelta(microseconds=int(key[1:])))
    return Start(done=False, id=int(task_id), position=key[1:])
