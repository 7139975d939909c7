"""Password hashing (Argon2id), access JWTs and opaque refresh tokens."""

import asyncio
import contextlib
import hashlib
import os
import secrets
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache, partial
from typing import ParamSpec, TypeVar

import jwt
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from tasktracker.config import Settings, get_settings

# OWASP's Password Storage Cheat Sheet: Argon2id with at least 19 MiB of memory, 2 iterations and
# 1 degree of parallelism (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html).
# Exactly that, rather than the library's 64 MiB, 3 iterations and 4 lanes: each lane is a thread
# of its own, so 4 lanes let one login take 4 cores and a few concurrent logins starve every other
# request; with 1 lane a hash is one thread, and _hashing_threads bounds how many run at once. The
# parameters are part of each stored hash, so hashes made with others still verify. The memory
# and iterations are settings (PASSWORD_HASH_*), which production holds at least at OWASP's.


def hasher_for(settings: Settings) -> PasswordHash:
    return _hasher(settings.password_hash_memory_kib, settings.password_hash_iterations)


@lru_cache(maxsize=4)
def _hasher(memory_kib: int, iterations: int) -> PasswordHash:
    return PasswordHash((Argon2Hasher(time_cost=iterations, memory_cost=memory_kib, parallelism=1),))


def _password_hash() -> PasswordHash:
    return hasher_for(get_settings())


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """Verified against when the email is unknown, so both login failures cost the same time."""
    return _password_hash().hash(secrets.token_urlsafe(16))


P = ParamSpec("P")
T = TypeVar("T")


# The hashing threads' nice value: when the CPUs are busy, a login waits a little longer rather
# than the event loop (every other request) waiting for a hash.
HASHING_NICENESS = 10


def _lower_this_threads_priority() -> None:
    with contextlib.suppress(OSError):  # on Linux a thread's nice value is its own (setpriority(2))
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), HASHING_NICENESS)


@lru_cache(maxsize=1)
def _hashing_threads() -> ThreadPoolExecutor:
    """The only threads that run Argon2 (PASSWORD_HASH_THREADS of them): concurrent logins wait
    their turn here instead of taking every core from the event loop, and share no pool with
    anything else."""
    threads = get_settings().password_hash_threads or max(1, (os.cpu_count() or 1) // 2)
    return ThreadPoolExecutor(threads, thread_name_prefix="argon2", initializer=_lower_this_threads_priority)


async def in_hashing_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args)` (an Argon2 hash or check: tens of milliseconds of CPU) off the event loop."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(_hashing_threads(), partial(function, *args, **kwargs))


def hash_password(password: str) -> str:
    return _password_hash().hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    """Constant-cost check: an unknown user (no hash) still pays for one Argon2 verification."""
    if password_hash is None:
        _password_hash().verify(password, _dummy_hash())
        return False
    return _password_hash().verify(password, password_hash)


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
