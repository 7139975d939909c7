from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Request, Response

from tasktracker.auth import service as auth_service
from tasktracker.auth.cookies import clear_session_cookies, set_session_cookies
from tasktracker.auth.dependencies import CurrentUser, LoginLimiter, SignedInUser, client_ip
from tasktracker.dependencies import DbConn, OneStatement, RequestDb, SettingsDep
from tasktracker.notifications.publisher import publish_outbox
from tasktracker.openapi import CALLER, operation
from tasktracker.users import service
from tasktracker.users.schemas import (
    AccountDeletion,
    PasswordChange,
    RegisterRequest,
    SessionOut,
    UserOut,
    UserPatch,
)
from tasktracker.web import request_body

router = APIRouter(prefix="/user", tags=["user"])


@router.post("", response_model=UserOut, **operation(body=RegisterRequest, form=True, errors=[409]))
async def register(
    body: Annotated[RegisterRequest, request_body(RegisterRequest, allow_form=True)],
    request: Request,
    response: Response,
    conn: DbConn,
    settings: SettingsDep,
    background_tasks: BackgroundTasks,
) -> UserOut:
    """Create an account (JSON or form) and log it in at once; a welcome email is queued."""
    registration = await service.register(
        conn,
        body,
        user_agent=request.headers.get("user-agent"),
        client_ip=client_ip(request),
        settings=settings,
        now=datetime.now(UTC),
    )
    set_session_cookies(response, registration.session, settings)
    # Background tasks run after the response, so after the transaction has committed.
    background_tasks.add_task(publish_outbox, registration.welcome_outbox_id, settings)
    return UserOut.of(registration.account)


@router.get("", response_model=UserOut, **operation(auth=CALLER))
async def me(user: CurrentUser, conn: OneStatement) -> UserOut:
    """The logged-in user, with their preferences and linked sign-in providers."""
    return UserOut.of(await service.account(conn, user.id))


@router.patch("", response_model=UserOut, **operation(auth=CALLER, body=UserPatch))
async def update_me(
    body: Annotated[UserPatch, request_body(UserPatch)],
    user: CurrentUser,
    conn: DbConn,
    settings: SettingsDep,
) -> UserOut:
    """Change any of the timezone (IANA name, or null for none), the language of the emails and
    the nightly digest (on or off, and the local hour it arrives at). A new timezone keeps the
    tasks due at a time at their instant (their local date and time move); date-only tasks keep
    their date."""
    return UserOut.of(
        await service.update_preferences(
            conn, user, body, default_timezone=settings.digest_default_timezone, now=datetime.now(UTC)
        )
    )


@router.post(
    "/password",
    response_class=Response,
    **operation(auth=CALLER, body=PasswordChange, errors=[403], status_code=204),
)
async def change_password(
    body: Annotated[PasswordChange, request_body(PasswordChange)],
    request: Request,
    user: CurrentUser,
    database: RequestDb,
    conn: DbConn,
    settings: SettingsDep,
    limiter: LoginLimiter,
    background_tasks: BackgroundTasks,
) -> Response:
    """Set a new password (the rules of registration). `current_password` is required unless the
    account has none; a wrong one is a 403 and counts towards the login limits. Every other
    session of the user ends (this one stays) and a notice is emailed."""
    outbox_id = await service.change_password(
        database,
        conn,
        user,
        current_password=body.current_password,
        new_password=body.new_password,
        client_ip=client_ip(request),
        user_agent=request.headers.get("user-agent"),
        limiter=limiter,
        now=datetime.now(UTC),
    )
    background_tasks.add_task(publish_outbox, outbox_id, settings)
    return Response(status_code=204)


@router.delete(
    "", response_class=Response, **operation(auth=CALLER, body=AccountDeletion, errors=[403], status_code=204)
)
async def delete_me(
    body: Annotated[AccountDeletion, request_body(AccountDeletion)],
    request: Request,
    user: CurrentUser,
    database: RequestDb,
    conn: DbConn,
    settings: SettingsDep,
    limiter: LoginLimiter,
) -> Response:
    """Delete the account and everything it owns, for good; both cookies are cleared. The
    password confirms it (a wrong one is a 403); an account without a password needs a sign-in
    within the last 10 minutes instead (else a 403)."""
    await service.delete_account(
        database,
        conn,
        user,
        password=body.password,
        client_ip=client_ip(request),
        limiter=limiter,
        now=datetime.now(UTC),
    )
    response = Response(status_code=204)
    clear_session_cookies(response, settings)
    return response


# One statement, not a transaction: the connection is not held while the devices are named.
@router.get("/sessions", response_model=list[SessionOut], **operation(auth=CALLER))
async def list_sessions(user: SignedInUser, conn: OneStatement) -> list[SessionOut]:
    """The user's live sessions, newest first; `current` marks this request's."""
    sessions = await auth_service.list_sessions(
        conn, user.id, current_session_id=user.session_id, now=datetime.now(UTC)
    )
    return [SessionOut.of(session) for session in sessions]


@router.delete("/sessions", response_class=Response, **operation(auth=CALLER, status_code=204))
async def end_other_sessions(user: CurrentUser, conn: DbConn) -> Response:
    """End every session of the user but this request's (every one, for HTTP Basic)."""
    await auth_service.end_other_sessions(
        conn, user.id, keep_session_id=user.session_id, now=datetime.now(UTC)
    )
    return Response(status_code=204)


@router.delete(
    "/sessions/{session_id}", response_class=Response, **operation(auth=CALLER, errors=[404], status_code=204)
)
async def end_session(session_id: str, user: CurrentUser, conn: DbConn, settings: SettingsDep) -> Response:
    """End one of the user's sessions: its access tokens get 401 on their next request, its
    refresh token no longer refreshes. Another user's session, or one already ended, is a 404.
    Ending this request's own session also clears its cookies."""
    await auth_service.end_session(conn, user.id, session_id, now=datetime.now(UTC))
    response = Response(status_code=204)
    if session_id == user.session_id:
        clear_session_cookies(response, settings)
    return response
