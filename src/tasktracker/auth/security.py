"""Password hashing (Argon2id), access JWTs and opaque refresh tokens."""

import hashlib
import secrets
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

_password_hash = PasswordHash((Argon2Hasher(),))
# Verified against when the email is unknown, so both login failures cost the same time.
_DUMMY_HASH = _password_hash.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    return _password_hash.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-cost check: an unknown user (no hash) still pays for one Argon2 verification."""
    if password_hash is None:
        _password_hash.verify(password, _DUMMY_HASH)
        return False
    return _password_hash.verify(password, password_hash)


@dataclass(frozen=True, slots=True)
class AccessClaims:
    user_id: int
    session_id: str


def new_session_id() -> str:
    return uuid.uuid4().hex


def issue_access_token(
    claims: AccessClaims, *, secret: str, algorithm: str, now: datetime, ttl: timedelta
) -> str:
    payload = {
        "sub": str(claims.user_id),
        "sid": claims.session_id,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "jti": uuid.uuid4().hex,
    }
    return jwt.encode(payload, secret, algorithm=algorithm)


def decode_access_token(
    token: str, *, secret: str, algorithm: str, verify_expiry: bool = True
) -> AccessClaims | None:
    """The claims of a validly signed (and, by default, unexpired) token; None otherwise."""
    verified = _verified_token(token, secret, algorithm)
    if verified is None:
        return None
    claims, expires_at = verified
    if verify_expiry and expires_at <= time.time():
        return None
    return claims


# A browser sends the same access token for its whole 15-minute life: remember what each one
# proved, so each request pays a dictionary lookup instead of a signature check and JSON parse.
# Expiry is still checked on every use (above); revocation is the session check's job.
@lru_cache(maxsize=8192)
def _verified_token(token: str, secret: str, algorithm: str) -> tuple[AccessClaims, int] | None:
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[algorithm],
            options={"require": ["sub", "sid", "exp"], "verify_exp": False},
        )
        return AccessClaims(user_id=int(payload["sub"]), session_id=str(payload["sid"])), int(payload["exp"])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None


def new_refresh_token() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def hash_refresh_token(token: str) -> str:
    # A fast hash is enough: the token is 256 random bits, not a guessable password.
    return hashlib.sha256(token.encode()).hexdigest()
