from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, NoReturn

from fastapi import APIRouter, Request
from starlette.exceptions import HTTPException

from tasktracker.auth.dependencies import TasksReader
from tasktracker.dependencies import OneStatement
from tasktracker.openapi import CALLER, operation
from tasktracker.quick_add import service
from tasktracker.quick_add.parser import Locale, Part
from tasktracker.quick_add.schemas import ParsedTaskOut, ParseRequest
from tasktracker.web import JSONResponse, request_body

router = APIRouter(prefix="/tasks", tags=["tasks"])

ParseBody = Annotated[ParseRequest, request_body(ParseRequest)]


@router.post(
    "/parse", response_model=ParsedTaskOut, **operation(auth=CALLER, body=ParseRequest, errors=[403])
)
async def parse_task(
    body: ParseBody, caller: TasksReader, conn: OneStatement, request: Request
) -> JSONResponse:
    """Quick add: the task the web app would create from one line of text ("Call mum tomorrow
    18:00", "каждый понедельник отчёт"): title, due date and time in the caller's timezone,
    repetition, and the list a `#Name` of the caller's lists names. Nothing is stored; a read, so
    a `tasks:read` token may call it."""
    parsed = await service.parse_for(
        conn,
        caller,
        body.text,
        locale=None if body.locale is None else Locale(body.locale),
        literal=frozenset(map(Part, body.literal)),
        default_timezone=request.app.state.settings.digest_default_timezone,
        now=datetime.now(UTC),
    )
    return JSONResponse(asdict(parsed))


@router.api_route("/parse", methods=["GET", "PATCH", "DELETE"], include_in_schema=False, response_model=None)
async def other_methods_of_parse() -> NoReturn:
    """Without this, /tasks/{task_id} would answer these methods for a task called "parse"."""
    raise HTTPException(405)
