"""The FastAPI application factory."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from redis.asyncio import Redis

from tasktracker import openapi
from tasktracker.access_tokens.router import router as access_tokens_router
from tasktracker.access_tokens.service import is_personal_token
from tasktracker.auth.dependencies import ACCESS_COOKIE, REFRESH_COOKIE
from tasktracker.auth.ratelimit import LoginLimits, LoginRateLimiter
from tasktracker.auth.router import router as session_router
from tasktracker.auth.security import decode_access_token
from tasktracker.auth.shared_ratelimit import RedisLoginRateLimiter
from tasktracker.calendar_feed.router import router as calendar_feed_router
from tasktracker.config import Settings, get_settings
from tasktracker.db import Database, Timeouts, asyncpg_dsn, create_database
from tasktracker.events.queries import start_postgres_source, start_sqlite_source
from tasktracker.events.router import router as events_router
from tasktracker.events.service import Broadcaster, ChangeSource
from tasktracker.lists.router import router as lists_router
from tasktracker.observability.api import install_observability
from tasktracker.oidc.client import OidcClients
from tasktracker.oidc.errors import SignInFailed
from tasktracker.oidc.router import identities_router, redirect_failed_sign_in
from tasktracker.oidc.router import router as oidc_router
from tasktracker.password_reset.router import router as password_reset_router
from tasktracker.quick_add.router import router as quick_add_router
from tasktracker.readiness import Readiness
from tasktracker.tasks.router import router as tasks_router
from tasktracker.transfer.router import IMPORT_PATH
from tasktracker.transfer.router import router as transfer_router
from tasktracker.trash.router import router as trash_router
from tasktracker.unsubscribe.router import router as unsubscribe_router
from tasktracker.unsubscribe.service import UNSUBSCRIBE_PATH
from tasktracker.users.router import router as users_router
from tasktracker.web import (
    BodyLimitMiddleware,
    HeadMiddleware,
    JSONResponse,
    OriginPolicyMiddleware,
    RequestRouteMiddleware,
    UnexpectedErrorMiddleware,
    install_error_handlers,
    routes_first,
)


def _limiter(
    settings: Settings,
    redis: Redis | None,
    name: str,
    *,
    max_per_email: int,
    max_per_ip: int,
    window_seconds: int,
    counted: str = "failed logins",
) -> LoginLimits:
    """In Redis when one is configured (shared by every replica), else in process memory."""
    if redis is None:
        return LoginRateLimiter(
            max_per_email=max_per_email, max_per_ip=max_per_ip, window_seconds=window_seconds, counted=counted
        )
    return RedisLoginRateLimiter(
        redis,
        prefix=f"{settings.redis_key_prefix}{name}:",
        max_per_email=max_per_email,
        max_per_ip=max_per_ip,
        window_seconds=window_seconds,
        counted=counted,
    )


def change_source(settings: Settings, database: Database) -> ChangeSource:
    """Where GET /events hears of changes: PostgreSQL's NOTIFY, or SQLite's dev look."""
    if database.dialect == "postgresql":
        dsn = asyncpg_dsn(settings.resolved_database_url)
        return lambda broadcaster: start_postgres_source(dsn, broadcaster)
    return lambda broadcaster: start_sqlite_source(database, broadcaster)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    # Connects on first use: a Redis that is down fails the logins (503) and /ready, not start-up.
    redis = (
        Redis.from_url(settings.redis_url, socket_timeout=5, socket_connect_timeout=5)
        if settings.redis_url
        else None
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = create_database(
            settings.resolved_database_url, settings.database_pool_size, Timeouts.of(settings)
        )
        await database.connect()
        app.state.database = database
        readiness = Readiness(settings, database, redis)
        app.state.readiness = readiness
        broadcaster = Broadcaster(change_source(settings, database))
        app.state.broadcaster = broadcaster
        # What start-up made (routes, models, schemas) lives as long as the process: frozen, it
        # is no longer traversed by every garbage collection of the requests' short-lived objects.
        gc.freeze()
        try:
            yield
        finally:
            await broadcaster.close()
            readiness.close()
            await database.close()
            if redis is not None:
                await redis.aclose()

    app = FastAPI(
        title="Task Tracker API",
        version="1.0.0",
        description='Users, sessions and tasks of Task Tracker. Errors are `{"message": ...}`.',
        lifespan=lifespan,
        openapi_tags=[
            {"name": name} for name in ("user", "session", "password reset", "tasks", "lists", "operations")
        ],
        default_response_class=JSONResponse,
        # No redirect to the slash-less path: Starlette builds its Location from the Host header.
        redirect_slashes=False,
        docs_url=None,  # served offline by openapi.install
        redoc_url=None,
        # No OpenTelemetry here (metrics are Prometheus'): FastAPI would look up the global
        # providers, environment included, on every request to find that out.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.login_limiter = _limiter(
        settings,
        redis,
        "login",
        max_per_email=settings.login_max_failures_per_email,
        max_per_ip=settings.login_max_failures_per_ip,
        window_seconds=settings.login_failure_window_seconds,
    )
    app.state.password_reset_limiter = _limiter(
        settings,
        redis,
        "password-reset",
        max_per_email=settings.password_reset_max_per_email,
        max_per_ip=settings.password_reset_max_per_ip,
        window_seconds=settings.password_reset_window_seconds,
        counted="password reset requests",
    )
    app.state.oidc = OidcClients(settings)
    install_error_handlers(app)
    app.add_exception_handler(SignInFailed, redirect_failed_sign_in)
    # Routes are matched in order: the task routes, most of the traffic, are tried first
    # (quick add's before them: /tasks/parse is not a task's id).
    first_routes = routes_first(app, quick_add_router, tasks_router)
    openapi.install(app)
    app.include_router(trash_router)
    app.include_router(transfer_router)
    app.include_router(calendar_feed_router)
    app.include_router(lists_router)
    app.include_router(users_router)
    app.include_router(session_router)
    app.include_router(password_reset_router)
    app.include_router(access_tokens_router)
    app.include_router(oidc_router)
    app.include_router(identities_router)
    app.include_router(unsubscribe_router)
    app.include_router(events_router)

    @app.get("/health", tags=["operations"])
    async def health() -> dict[str, str]:
        """The process is up (no dependency is checked)."""
        return {"status": "ok"}

    @app.get("/ready", tags=["operations"], **openapi.operation())  # documents its 503
    async def ready(request: Request) -> dict[str, str]:
        """The database answers, and so does the broker when one is configured, within
        READY_TIMEOUT_SECONDS; else a 503 with Retry-After (tasktracker.readiness)."""
        readiness: Readiness = request.app.state.readiness
        await readiness.check()
        return {"status": "ok"}

    def bearer_token_is_valid(token: str) -> bool:
        # A personal access token is checked by the database, later: here it is one by its form.
        if is_personal_token(token):
            return True
        claims = decode_access_token(token, secret=settings.jwt_secret, algorithm=settings.jwt_algorithm)
        return claims is not None

    # Each add wraps the previous: HEAD as GET, size limit, origin policy, unexpected errors,
    # the hot routes' own dispatch, the app.
    app.add_middleware(
        RequestRouteMiddleware, first_routes=first_routes, exception_handlers=app.exception_handlers
    )
    app.add_middleware(UnexpectedErrorMiddleware)
    app.add_middleware(
        OriginPolicyMiddleware,
        allowed_origins=settings.cors_origins,
        bearer_token_is_valid=bearer_token_is_valid,
        session_cookies=(ACCESS_COOKIE, REFRESH_COOKIE),
        signed_link_paths=(UNSUBSCRIBE_PATH,),
    )
    app.add_middleware(
        BodyLimitMiddleware,
        max_bytes=settings.max_body_bytes,
        path_limits={IMPORT_PATH: settings.import_max_bytes},
    )
    app.add_middleware(HeadMiddleware)
    install_observability(app, settings)  # outermost: request id, metrics, access log
    return app
