from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Request, Response

from tasktracker.auth.cookies import set_session_cookies
from tasktracker.auth.dependencies import CurrentUser
from tasktracker.dependencies import DbConn, SettingsDep
from tasktracker.notifications.publisher import publish_outbox
from tasktracker.openapi import CALLER, operation
from tasktracker.users import service
from tasktracker.users.schemas import RegisterRequest, UserOut
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
        conn, body, user_agent=request.headers.get("user-agent"), settings=settings, now=datetime.now(UTC)
    )
    set_session_cookies(response, registration.session, settings)
    # Background tasks run after the response, so after the transaction has committed.
    background_tasks.add_task(publish_outbox, registration.welcome_outbox_id, settings)
    return UserOut.of(registration.session.user)


@router.get("", response_model=UserOut, **operation(auth=CALLER))
async def me(user: CurrentUser) -> UserOut:
    """The logged-in user."""
    return UserOut.of(user)
