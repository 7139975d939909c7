"""Tokens and password hashes."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from tasktracker.auth import security
from tasktracker.auth.security import AccessClaims, decode_access_token, issue_access_token

SECRET = "unit-secret-" + "z" * 40


def token(now: datetime, ttl_seconds: int = 60) -> str:
    return issue_access_token(
        AccessClaims(7, "abc"), secret=SECRET, algorithm="HS256", now=now, ttl=timedelta(seconds=ttl_seconds)
    )


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    issued = token(datetime.now(UTC))
    assert decode_access_token(issued, secret=SECRET, algorithm="HS256") == AccessClaims(7, "abc")
    later = time.time() + 120
    monkeypatch.setattr(security.time, "time", lambda: later)
    assert decode_access_token(issued, secret=SECRET, algorithm="HS256") is None
    # Logging out with an expired token still names its session.
    assert decode_access_token(issued, secret=SECRET, algorithm="HS256", verify_expiry=False) == AccessClaims(
        7, "abc"
    )


def test_a_token_is_only_good_with_its_own_secret_and_algorithm() -> None:
    issued = token(datetime.now(UTC))
    assert decode_access_token(issued, secret="other-" + SECRET, algorithm="HS256") is None
    assert decode_access_token(issued, secret=SECRET, algorithm="HS512") is None
    tampered = issued[:-2] + ("AA" if not issued.endswith("AA") else "BB")
    assert decode_access_token(tampered, secret=SECRET, algorithm="HS256") is None


def test_passwords_are_hashed_with_argon2id() -> None:
    hashed = security.hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert security.verify_password("correct horse battery", hashed)
    assert not security.verify_password("wrong horse battery", hashed)
    assert not security.verify_password("anything", None)


def test_refresh_tokens_are_long_random_and_stored_only_as_a_hash() -> None:
    first, second = security.new_refresh_token(), security.new_refresh_token()
    assert first != second
    assert len(first) >= 43  # 32 random bytes, base64url
    digest = security.hash_refresh_token(first)
    assert len(digest) == 64 and first not in digest
    assert digest == security.hash_refresh_token(first)
