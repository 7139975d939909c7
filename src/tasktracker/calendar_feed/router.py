from typing import Any

from fastapi import APIRouter, Request, Response

from tasktracker.auth.dependencies import SignedInUser
from tasktracker.calendar_feed import service
from tasktracker.calendar_feed.schemas import CalendarFeedOut, CalendarFeedState
from tasktracker.dependencies import OneStatement, SettingsDep
from tasktracker.openapi import CALLER, operation
from tasktracker.web import JSONResponse

router = APIRouter(tags=["calendar"])

# Calendar apps poll a feed every few hours at most; a few minutes' reuse costs nothing. Private:
# the address is a secret, no shared cache is to keep the answer.
CACHE_CONTROL = "private, max-age=300"
ICS_TYPE = "text/calendar; charset=utf-8"


@router.get(
    "/user/calendar-token",
    response_model=CalendarFeedState,
    **operation(auth=CALLER, errors=[403]),
)
async def feed_state(user: SignedInUser, conn: OneStatement) -> JSONResponse:
    """Whether the caller has a calendar feed. Not to a personal access token (403)."""
    return JSONResponse({"enabled": await service.is_enabled(conn, user.id)})


@router.post(
    "/user/calendar-token",
    response_model=CalendarFeedOut,
    **operation(auth=CALLER, errors=[403]),
)
async def new_feed(
    user: SignedInUser, conn: OneStatement, request: Request, settings: SettingsDep
) -> JSONResponse:
    """A new secret address for the caller's calendar feed (the open tasks with a due date, as
    iCalendar events). It is shown this once; the previous address, if any, stops working (404).
    Not with a personal access token (403)."""
    path = await service.new_feed(conn, user.id)
    base = settings.public_api_url if settings.api_url.strip() else str(request.base_url).rstrip("/")
    return JSONResponse({"url": base + path})


@router.delete(
    "/user/calendar-token",
    response_class=Response,
    **operation(auth=CALLER, errors=[403], status_code=204),
)
async def turn_off(user: SignedInUser, conn: OneStatement) -> Response:
    """Turn the feed off: its address answers 404 from now on. Not with a personal access token."""
    await service.turn_off(conn, user.id)
    return Response(status_code=204)


def _feed_operation() -> dict[str, Any]:
    spec = operation(errors=[404])
    spec["responses"][200] = {
        "description": "The feed, iCalendar (RFC 5545)",
        "content": {"text/calendar": {"schema": {"type": "string"}}},
    }
    return spec


@router.get("/calendar/{token}.ics", response_class=Response, **_feed_operation())
async def calendar_feed(token: str, conn: OneStatement, settings: SettingsDep) -> Response:
    """The calendar feed of the user whose secret `token` is: no other credential, so that a
    calendar app can subscribe to the address. An unknown, replaced or turned-off address: 404."""
    body = await service.feed(conn, token, default_timezone=settings.digest_default_timezone)
    return Response(body, media_type=ICS_TYPE, headers={"Cache-Control": CACHE_CONTROL})
