"""One typed settings object for the API, the worker and the scheduler, read from env vars."""

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

from authlib.common.security import is_secure_transport  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from tasktracker.timezones import zone_or_none

DEFAULT_JWT_SECRET = "dev-only-insecure-jwt-secret-change-me"
# OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 iterations, 1 lane.
OWASP_ARGON2_MEMORY_KIB = 19 * 1024
OWASP_ARGON2_ITERATIONS = 2
MIN_PRODUCTION_SECRET_LENGTH = 32


class Environment(StrEnum):
    DEVELOPMENT = "development"
    TEST = "test"
    PRODUCTION = "production"


class SmtpSecurity(StrEnum):
    NONE = "none"
    STARTTLS = "starttls"
    TLS = "tls"


class LogFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


CommaList = Annotated[list[str], NoDecode]


class OidcProvider(BaseModel):
    """An external OpenID Connect provider people may sign in with (tasktracker.oidc)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # In the URLs (/auth/oidc/<id>/...) and stored with each linked identity: never rename it.
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,31}$")
    name: str = Field(min_length=1, max_length=64)
    issuer: str
    client_id: str = Field(min_length=1)
    client_secret: str = Field(min_length=1)
    scopes: str = "openid email profile"

    @field_validator("issuer")
    @classmethod
    def secure_issuer(cls, value: str) -> str:
        # Discovery and the token exchange carry the client secret and the ID token: HTTPS only,
        # but for a provider on this machine's loopback address (a test provider).
        if not is_secure_transport(value):
            raise ValueError("the issuer must be an https:// URL (http only on a loopback address)")
        return value

    @field_validator("scopes")
    @classmethod
    def asks_for_openid(cls, value: str) -> str:
        if "openid" not in value.split():
            raise ValueError("scopes must include openid")
        return value


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    environment: Environment = Environment.DEVELOPMENT
    data_dir: Path = Path("data")
    database_url: str = ""
    database_pool_size: int = Field(default=10, ge=1)
    # Every wait on the database is bounded (docs/architecture.md, "Every wait is bounded"):
    # opening a connection, waiting for one from the pool, and each statement.
    database_connect_timeout_seconds: float = Field(default=3.0, gt=0)
    database_acquire_timeout_seconds: float = Field(default=5.0, gt=0)
    database_statement_timeout_seconds: float = Field(default=5.0, gt=0)

    api_host: str = "0.0.0.0"
    api_port: int = 8080
    api_workers: int = Field(default=1, ge=1)
    # Proxies whose X-Forwarded-For is believed (the client IP counts for login limits).
    forwarded_allow_ips: str = "127.0.0.1"
    frontend_port: int = 8000
    max_body_bytes: int = Field(default=64 * 1024, ge=1024)
    # POST /import reads a whole export: a file, not a form, so it may be larger than other bodies.
    import_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    # What the API's HTTP server (tasktracker.server) allows a client: the request line and headers
    # together (larger: 431), the time to send them, and the time to send the body (then 408).
    max_header_bytes: int = Field(default=16 * 1024, ge=1024)
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    body_timeout_seconds: float = Field(default=30.0, gt=0)
    # /ready answers within this budget; the broker's answer is reused for READY_BROKER_CACHE_SECONDS.
    ready_timeout_seconds: float = Field(default=1.5, gt=0, le=30)
    ready_broker_cache_seconds: float = Field(default=5.0, ge=0)

    jwt_secret: str = DEFAULT_JWT_SECRET
    jwt_algorithm: str = "HS256"
    access_token_ttl_seconds: int = Field(default=15 * 60, ge=30)
    refresh_token_ttl_days: int = Field(default=30, ge=1)
    # How long a just-rotated refresh token is still honoured (two tabs refreshing at once); 0: never.
    refresh_reuse_grace_seconds: int = Field(default=10, ge=0, le=300)
    cookie_secure: bool = False
    cors_origins: CommaList = [
        "http://localhost",
        "http://localhost:80",
        "http://127.0.0.1",
        "http://localhost:8000",
        "http://127.0.0.1:8000",
    ]

    login_max_failures_per_email: int = Field(default=5, ge=1)
    login_max_failures_per_ip: int = Field(default=20, ge=1)
    login_failure_window_seconds: int = Field(default=15 * 60, ge=1)
    # Password reset emails: free requests per address (from one source; ten times as many from
    # all together) and per source, then growing delays (auth/ratelimit.py).
    password_reset_max_per_email: int = Field(default=3, ge=1)
    password_reset_max_per_ip: int = Field(default=20, ge=1)
    password_reset_window_seconds: int = Field(default=60 * 60, ge=1)
    # Argon2 computations at once (password checks and registrations); 0: half the CPUs, at least one.
    password_hash_threads: int = Field(default=0, ge=0)
    # Argon2id's cost: OWASP's minimum by default (auth/security.py says why). Production refuses
    # less; the test suite sets the least Argon2 allows, so its hundreds of sign-ups cost nothing.
    password_hash_memory_kib: int = Field(default=OWASP_ARGON2_MEMORY_KIB, ge=8)
    password_hash_iterations: int = Field(default=OWASP_ARGON2_ITERATIONS, ge=1)

    # GET /events: how often a quiet stream sends a heartbeat and checks its session (a logout
    # ends it within this time), and how long a stream lasts before the browser reconnects.
    events_heartbeat_seconds: float = Field(default=15.0, gt=0, le=300)
    events_max_stream_seconds: float = Field(default=600.0, gt=0)

    # Redis for what several API replicas must share (the login limits); empty: process memory,
    # right for one API process (the embedded and default shape).
    redis_url: str = ""
    # Every key the app writes in Redis starts with this (several deployments may share one).
    redis_key_prefix: str = "tasktracker:"

    celery_broker_url: str = ""
    celery_queue: str = "tasktracker"
    # Worker processes per `tasktracker worker`; 0: one per CPU (Celery's default).
    celery_worker_concurrency: int = Field(default=0, ge=0)
    # `celery inspect` / `control` for operators; off, a worker declares no pidbox queue.
    celery_remote_control: bool = True
    outbox_sweep_seconds: int = Field(default=60, ge=1)
    digest_tick_minutes: int = Field(default=15, ge=1, le=60)
    digest_default_timezone: str = "UTC"
    digest_batch_size: int = Field(default=1000, ge=1)
    digest_catch_up_hours: int = Field(default=3, ge=1, le=23)
    reminder_tick_seconds: int = Field(default=60, ge=1, le=3600)
    reminder_batch_size: int = Field(default=200, ge=1)
    # Trashed tasks (and lists) are kept this long, then the daily purge deletes them for good.
    trash_retention_days: int = Field(default=30, ge=1)
    trash_purge_batch_size: int = Field(default=1000, ge=1)
    # PostgreSQL: how often the words of tasks whose text changed are stemmed for the search
    # index (until then a search reads their text), and how many in a transaction.
    search_refresh_seconds: int = Field(default=60, ge=1, le=3600)
    search_refresh_batch_size: int = Field(default=500, ge=1)

    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_security: SmtpSecurity = SmtpSecurity.STARTTLS
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_from: str = "Task Tracker <no-reply@tasktracker.local>"
    mail_max_retries: int = Field(default=8, ge=0)
    mail_retry_base_seconds: float = Field(default=30.0, gt=0)
    # A retry waits in the worker, unacknowledged; RabbitMQ's consumer_timeout (30 min by
    # default) closes a channel that holds a message longer, so the longest wait stays below it.
    mail_retry_max_seconds: float = Field(default=900.0, gt=0, le=1500)
    mail_retention_days: int = Field(default=30, ge=2)
    public_url: str = "http://localhost:8000"
    # Where browsers and mail providers reach the API (the digest's one-click unsubscribe URL): an
    # absolute URL or a path on PUBLIC_URL's host (/api); empty: PUBLIC_URL's host on API_PORT, as
    # the web app's config.js does. The frontend image reads the same variable.
    api_url: str = ""

    # External OpenID Connect providers, as a JSON list of {"id", "name", "issuer", "client_id",
    # "client_secret"} objects (optionally "scopes"); empty: no "Sign in with" buttons. Their
    # callback URLs are built from API_URL when it is set, else from the address of the request.
    oidc_providers: list[OidcProvider] = []
    # Each call to a provider (discovery, keys, token exchange, user info) is bounded.
    oidc_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    # Discovery documents and signing keys are reused this long (an unknown key is fetched at once).
    oidc_metadata_cache_seconds: int = Field(default=3600, ge=0)

    # Logs and metrics (docs/operations.md).
    log_format: LogFormat = LogFormat.TEXT
    # One log line per request (method, route, status, duration, request id). About a tenth of
    # GET /tasks' throughput: off where a proxy in front logs the requests already.
    access_log: bool = True
    metrics_enabled: bool = True
    # Set, /metrics wants `Authorization: Bearer <token>`: the API's port is public on a server.
    metrics_token: str = ""
    # Where `tasktracker worker` serves its metrics; 0: nowhere.
    worker_metrics_port: int = Field(default=9101, ge=0, le=65535)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("digest_default_timezone")
    @classmethod
    def known_timezone(cls, value: str) -> str:
        if zone_or_none(value) is None:
            raise ValueError(f"unknown timezone {value!r}")
        return value

    @field_validator("oidc_providers")
    @classmethod
    def unique_provider_ids(cls, value: list[OidcProvider]) -> list[OidcProvider]:
        ids = [provider.id for provider in value]
        if len(ids) != len(set(ids)):
            raise ValueError("OIDC_PROVIDERS: every provider needs an id of its own")
        return value

    @model_validator(mode="after")
    def production_needs_real_secret(self) -> "Settings":
        if "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS cannot contain '*': cookies are sent with credentials")
        if self.environment is Environment.PRODUCTION and (
            self.jwt_secret == DEFAULT_JWT_SECRET or len(self.jwt_secret) < MIN_PRODUCTION_SECRET_LENGTH
        ):
            raise ValueError(
                f"JWT_SECRET must be set to a random value of at least "
                f"{MIN_PRODUCTION_SECRET_LENGTH} characters in production"
            )
        if self.environment is Environment.PRODUCTION and (
            self.password_hash_memory_kib < OWASP_ARGON2_MEMORY_KIB
            or self.password_hash_iterations < OWASP_ARGON2_ITERATIONS
        ):
            raise ValueError(
                f"PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_ITERATIONS must be at least "
                f"{OWASP_ARGON2_MEMORY_KIB} and {OWASP_ARGON2_ITERATIONS} in production"
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.data_dir / 'tasktracker.db'}"

    @property
    def public_api_url(self) -> str:
        """The API's public address, without a trailing slash (see `api_url`)."""
        url = self.api_url.strip().rstrip("/")
        if url.startswith(("http://", "https://")):
            return url
        public = urlsplit(self.public_url)
        if url:
            return f"{public.scheme}://{public.netloc}/{url.lstrip('/')}"
        host = public.hostname or "localhost"
        host = f"[{host}]" if ":" in host else host
        return f"{public.scheme}://{host}:{self.api_port}"

    @property
    def outbox_dir(self) -> Path:
        """Where mail goes as .eml files when no SMTP host is configured."""
        return self.data_dir / "outbox"


@lru_cache
def get_settings() -> Settings:
    return Settings()
