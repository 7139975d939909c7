from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Header, Query, Request, Response

from tasktracker.auth.dependencies import TasksReader, TasksWriter, claim_tasks_writer
from tasktracker.db import Row
from tasktracker.dependencies import DbConn, OneStatement, request_database, statement_connection
from tasktracker.openapi import CALLER, operation
from tasktracker.tasks import paging, service
from tasktracker.tasks.errors import InvalidIfMatch
from tasktracker.tasks.schemas import DueView, TaskCreate, TaskMove, TaskOut, TaskUpdate
from tasktracker.tasks.search import MAX_QUERY_LENGTH
from tasktracker.web import JSONResponse, parse_body, request_body, request_route

router = APIRouter(prefix="/tasks", tags=["tasks"])

MAX_ID = 2**63 - 1  # BIGINT
MAX_VERSION = 2**31 - 1  # INTEGER

SearchText = Annotated[
    str | None,
    Query(
        max_length=MAX_QUERY_LENGTH,
        description="Search: tasks whose title, description or checklist items have every word "
        "(stemmed in English and Russian; the last word also as a prefix, as it is typed). Blank: "
        "no search",
    ),
]


ETAG = {"ETag": "The task's version, quoted: send it back in `If-Match` to change only this version"}
IF_MATCH = {"If-Match": 'A version, quoted (`"3"`): the change is made only to that version, else 412'}


def _task_response(row: Row, status_code: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(
        dict(row), status_code=status_code, headers={"ETag": f'"{row["version"]}"', **(headers or {})}
    )


# Ids start at 1. An id that cannot exist is looked up as this one, which does not: a 404 (or a
# 401 for a dead session) like any other unknown task.
NO_SUCH_TASK = 0


def _task_id(raw: str) -> int:
    task_id = _decimal(raw, MAX_ID)
    return NO_SUCH_TASK if task_id is None else task_id


def _expected_version(if_match: str | None) -> int | None:
    if if_match is None:
        return None
    version = _decimal(if_match.strip().removeprefix("W/").strip('"'), MAX_VERSION)
    if version is None:
        raise InvalidIfMatch
    return version


def _decimal(raw: str, maximum: int) -> int | None:
    """ASCII digits only (str.isdigit also takes '²' and other scripts' digits), in range."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(maximum)):
        return None
    value = int(raw)
    return value if value <= maximum else None


# GET /tasks?list_id=: a list's id, or `inbox` for the tasks in no list.
INBOX = "inbox"
ListFilter = Annotated[
    str | None,
    Query(pattern=rf"^(?:{INBOX}|[0-9]+)$", description="A list's id, or `inbox`: the tasks in no list"),
]


def _list_filter(raw: str | None) -> int | str | None:
    if raw is None or raw == INBOX:
        return raw
    return _task_id(raw)  # an id that cannot exist selects no task, as an unknown list does


NEXT_PAGE = {
    "Link": 'When more tasks follow this page: `</tasks?...&cursor=...>; rel="next"`, this '
    "request's query with the cursor of the next page (see `limit` and `cursor`)"
}
Limit = Annotated[
    int | None,
    Query(
        ge=1,
        le=paging.MAX_LIMIT,
        description="At most this many tasks in the page, open ones included (first, in their order). "
        f"Without it a page holds every open task and at most {paging.DEFAULT_DONE_LIMIT} done ones.",
    ),
]
Cursor = Annotated[
    str | None,
    Query(description="Where the page starts: the opaque value of the `cursor` in a `Link` this server sent"),
]


@router.get("", response_model=list[TaskOut], **operation(auth=CALLER, errors=[403, 422], headers=NEXT_PAGE))
async def list_tasks(
    caller: TasksReader,
    conn: OneStatement,
    request: Request,
    done: bool | None = None,
    due: DueView | None = None,
    list_id: ListFilter = None,
    q: SearchText = None,
    limit: Limit = None,
    cursor: Cursor = None,
) -> Response:
    """The caller's tasks: open ones in their order, then done ones, most recently done first,
    in pages: every open task and the 100 most recently done, then the next done ones at the
    `Link` header's address (with `limit`, at most that many tasks a page, open ones too).
    With `due`, only open tasks due in that view of the owner's calendar (`overdue`; `today`:
    today and overdue; `upcoming`: today and the next 6 days), by due date and time, of every
    list, unpaged. With `list_id`, only the tasks of that list (`inbox`: of none). With `q`,
    only the tasks (of the view) matching the search, in the same order (not by relevance)."""
    now = datetime.now(UTC)
    if due is not None:
        if limit is not None or cursor is not None:
            raise paging.NotPaged
        rendered = await service.list_due_tasks_json(
            conn,
            caller,
            due,
            default_timezone=request.app.state.settings.digest_default_timezone,
            now=now,
            q=q,
        )
        return Response(rendered, media_type="application/json")
    secret = request.app.state.settings.jwt_secret
    start = None if cursor is None else paging.decode(cursor, user_id=caller.user_id, secret=secret)
    page = await service.list_tasks_page(
        conn, caller, done=done, list_id=_list_filter(list_id), q=q, limit=limit, start=start, now=now
    )
    if page.next is None:
        return Response(page.body, media_type="application/json")
    next_cursor = paging.encode(page.next, user_id=caller.user_id, secret=secret)
    return Response(
        page.body, media_type="application/json", headers={"Link": _next_link(request, next_cursor)}
    )


def _next_link(request: Request, cursor: str) -> str:
    """This request's address with the next page's cursor (the other parameters kept)."""
    query = [(name, value) for name, value in request.query_params.multi_items() if name != "cursor"]
    return f'<{request.url.path}?{urlencode([*query, ("cursor", cursor)])}>; rel="next"'


# The two writes the web app sends most, the autosave's PATCH and POST, take the request alone
# and read each input with the very function its dependency calls (body first, so a slow client
# holds no connection): FastAPI resolving a body, a caller, a connection and a header was a fifth
# of these requests' CPU (docs/performance.md). `operation` documents the body and the header.
@request_route(
    router,
    "POST",
    "",
    response_model=TaskOut,
    **operation(
        auth=CALLER, body=TaskCreate, status_code=201, headers={**ETAG, "Location": "The new task's path"}
    ),
)
async def create_task(request: Request) -> Response:
    body = await parse_body(request, TaskCreate, allow_form=False)
    caller = await claim_tasks_writer(request)
    row = await service.create_task(statement_connection(request), caller, body, now=datetime.now(UTC))
    return _task_response(row, 201, {"Location": f"/tasks/{row['id']}"})


@router.get("/{task_id}", response_model=TaskOut, **operation(auth=CALLER, errors=[403, 404], headers=ETAG))
async def get_task(task_id: str, caller: TasksReader, conn: OneStatement) -> Response:
    return _task_response(await service.get_task(conn, caller, _task_id(task_id), now=datetime.now(UTC)))


@request_route(
    router,
    "PATCH",
    "/{task_id}",
    response_model=TaskOut,
    **operation(auth=CALLER, body=TaskUpdate, errors=[404, 409, 412], headers=ETAG, request_headers=IF_MATCH),
)
async def update_task(task_id: str, request: Request) -> Response:
    """Change any of title, description, done, due_date, due_time, checklist, recurrence, list_id
    (null clears a due field, stops repeating, or moves the task to the Inbox; a time comes with
    its date, a rule needs one; a list that is not yours is a 422 on `list_id`); with
    `If-Match: "<version>"`, only that version. Completing a recurring task records the
    occurrence and moves it to its next date (it stays open)."""
    body = await parse_body(request, TaskUpdate, allow_form=False)
    caller = await claim_tasks_writer(request)
    expected_version = _expected_version(request.headers.get("if-match"))
    row = await service.update_task(
        statement_connection(request),
        caller,
        _task_id(task_id),
        body,
        expected_version=expected_version,
        now=datetime.now(UTC),
        transaction=request_database(request).transaction,
        default_timezone=request.app.state.settings.digest_default_timezone,
    )
    return _task_response(row)


@router.post(
    "/{task_id}/skip",
    response_model=TaskOut,
    **operation(auth=CALLER, errors=[404, 409, 412], headers=ETAG),
)
async def skip_occurrence(
    task_id: str,
    caller: TasksWriter,
    request: Request,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Skip this occurrence of a recurring task: it moves to its next date, and nothing is
    recorded as done. 409 for a task that does not repeat."""
    row = await service.skip_occurrence(
        request_database(request).transaction,
        caller,
        _task_id(task_id),
        expected_version=_expected_version(if_match),
        now=datetime.now(UTC),
        default_timezone=request.app.state.settings.digest_default_timezone,
    )
    return _task_response(row)


@router.delete("/{task_id}", response_class=Response, **operation(auth=CALLER, errors=[404], status_code=204))
async def delete_task(task_id: str, caller: TasksWriter, conn: OneStatement) -> Response:
    """Move the task to the trash (a new version): it is then found only by `GET /trash`, until
    restored (`POST /tasks/{id}/restore`) or purged, TRASH_RETENTION_DAYS (30) later."""
    await service.delete_task(conn, caller, _task_id(task_id), now=datetime.now(UTC))
    return Response(status_code=204)


TaskMoveBody = Annotated[TaskMove, request_body(TaskMove)]


@router.post(
    "/{task_id}/move",
    response_model=TaskOut,
    **operation(auth=CALLER, body=TaskMove, errors=[404, 412], headers=ETAG),
)
async def move_task(
    task_id: str,
    body: TaskMoveBody,
    caller: TasksWriter,
    conn: DbConn,
    if_match: Annotated[str | None, Header()] = None,
) -> Response:
    """Manual order: put the task right after the open task `after_id`, right before `before_id`,
    or (neither) at the end of its list; with `list_id`, in that list (null: the Inbox). The
    anchor must be open and in the target list (else 422); another user's task, anchor or list is
    404. With `If-Match: "<version>"`, only that version moves."""
    row = await service.move_task(
        conn,
        caller,
        _task_id(task_id),
        body,
        expected_version=_expected_version(if_match),
        now=datetime.now(UTC),
    )
    return _task_response(row)
