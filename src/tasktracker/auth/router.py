from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response

from tasktracker.auth import service
from tasktracker.auth.cookies import clear_session_cookies, set_session_cookies
from tasktracker.auth.dependencies import (
    ACCESS_COOKIE,
    REFRESH_COOKIE,
    LoginLimiter,
    bearer_token,
    client_ip,
)
from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.schemas import LoginRequest
from tasktracker.dependencies import DbConn, RequestDb, SettingsDep
from tasktracker.openapi import ANY_SESSION, REFRESH_TOKEN, operation
from tasktracker.users.schemas import UserOut
from tasktracker.users.service import account
from tasktracker.web import request_body

router = APIRouter(prefix="/session", tags=["session"])


@router.post("", response_model=UserOut, **operation(body=LoginRequest, form=True, errors=[401, 429]))
async def log_in(
    body: Annotated[LoginRequest, request_body(LoginRequest, allow_form=True)],
    request: Request,
    response: Response,
    database: RequestDb,
    conn: DbConn,
    settings: SettingsDep,
    limiter: LoginLimiter,
) -> UserOut:
    """Log in with email and password (JSON or form); sets the session cookies and ends the
    session this browser held before, if any."""
    user = await service.check_password(
        database, body.email, body.password, client_ip=client_ip(request), limiter=limiter
    )
    issued = await service.log_in(
        conn,
        user,
        replaced_refresh_token=request.cookies.get(REFRESH_COOKIE),
        user_agent=request.headers.get("user-agent"),
        client_ip=client_ip(request),
        settings=settings,
        now=datetime.now(UTC),
    )
    set_session_cookies(response, issued, settings)
    return UserOut.of(await account(conn, issued.user.id))


@router.post("/refresh", response_model=UserOut, **operation(auth=REFRESH_TOKEN))
async def refresh(request: Request, response: Response, conn: DbConn, settings: SettingsDep) -> UserOut:
    """Exchange the refresh cookie for a new access token and a rotated refresh token."""
    token = request.cookies.get(REFRESH_COOKIE)
    if not token:
        raise SessionExpired
    issued = await service.refresh(
        conn, token, client_ip=client_ip(request), settings=settings, now=datetime.now(UTC)
    )
    set_session_cookies(response, issued, settings)
    return UserOut.of(await account(conn, issued.user.id))


@router.delete("", response_class=Response, **operation(auth=ANY_SESSION, status_code=204))
async def log_out(request: Request, conn: DbConn, settings: SettingsDep) -> Response:
    """End the session server-side and clear both cookies; idempotent."""
    await service.log_out(
        conn,
        access_token=bearer_token(request) or request.cookies.get(ACCESS_COOKIE),
        refresh_token=request.cookies.get(REFRESH_COOKIE),
        settings=settings,
        now=datetime.now(UTC),
    )
    response = Response(status_code=204)
    clear_session_cookies(response, settings)
    return response
