from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Request, Response

from tasktracker.auth.cookies import clear_session_cookies
from tasktracker.auth.dependencies import client_ip
from tasktracker.auth.ratelimit import LoginLimits
from tasktracker.dependencies import DbConn, RequestDb, SettingsDep
from tasktracker.notifications.publisher import publish_outbox
from tasktracker.openapi import operation
from tasktracker.password_reset import service
from tasktracker.password_reset.schemas import (
    PasswordResetConfirm,
    PasswordResetRequest,
    PasswordResetRequested,
)
from tasktracker.web import request_body

router = APIRouter(prefix="/password-reset", tags=["password reset"])


async def get_reset_limiter(request: Request) -> LoginLimits:
    limiter: LoginLimits = request.app.state.password_reset_limiter
    return limiter


@router.post(
    "",
    response_model=PasswordResetRequested,
    **operation(body=PasswordResetRequest, errors=[429], status_code=202),
)
async def request_reset(
    body: Annotated[PasswordResetRequest, request_body(PasswordResetRequest)],
    request: Request,
    conn: DbConn,
    settings: SettingsDep,
    limiter: Annotated[LoginLimits, Depends(get_reset_limiter)],
    background_tasks: BackgroundTasks,
) -> PasswordResetRequested:
    """Email a link to reset the password, valid 30 minutes and usable once, if an account has
    this email. The answer (202) and its timing are the same when none has. Limited per email
    and per source address (429 with `Retry-After`)."""
    outbox_id = await service.request_reset(
        conn,
        body.email,
        locale=body.locale,
        client_ip=client_ip(request),
        limiter=limiter,
        now=datetime.now(UTC),
    )
    if outbox_id is not None:
        # After the response (so after the commit), and not part of its timing.
        background_tasks.add_task(publish_outbox, outbox_id, settings)
    return PasswordResetRequested()


@router.post(
    "/confirm",
    response_class=Response,
    **operation(body=PasswordResetConfirm, errors=[400], status_code=204),
)
async def confirm_reset(
    body: Annotated[PasswordResetConfirm, request_body(PasswordResetConfirm)],
    database: RequestDb,
    conn: DbConn,
    settings: SettingsDep,
) -> Response:
    """Set a new password (the rules of registration) with the token from the email. The token
    is used up and every session of the user ends; this browser's cookies are cleared. A token
    that is unknown, used or expired is a 400."""
    await service.reset_password(database, conn, body.token, body.new_password, now=datetime.now(UTC))
    response = Response(status_code=204)
    clear_session_cookies(response, settings)
    return response
