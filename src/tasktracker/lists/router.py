from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response

from tasktracker.auth.dependencies import TasksReader, TasksWriter
from tasktracker.db import Row
from tasktracker.dependencies import OneStatement, request_database
from tasktracker.lists import service
from tasktracker.lists.schemas import ListCreate, ListOut, ListUpdate
from tasktracker.openapi import CALLER, operation
from tasktracker.web import JSONResponse, request_body

router = APIRouter(prefix="/lists", tags=["lists"])

MAX_ID = 2**63 - 1  # BIGINT
# Ids start at 1: an id that cannot exist is looked up as this one, a 404 like any unknown list.
NO_SUCH_LIST = 0

ListCreateBody = Annotated[ListCreate, request_body(ListCreate)]
ListUpdateBody = Annotated[ListUpdate, request_body(ListUpdate)]


def list_id_of(raw: str) -> int:
    """ASCII digits only (str.isdigit also takes '²'), in BIGINT range; else NO_SUCH_LIST."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        return NO_SUCH_LIST
    return int(raw)


def _list(row: Row) -> dict[str, object]:
    return dict(row)


@router.get("", response_model=list[ListOut], **operation(auth=CALLER, errors=[403]))
async def list_lists(caller: TasksReader, conn: OneStatement) -> JSONResponse:
    """The caller's lists in their order, each with its count of open tasks. The Inbox (tasks
    with no list) is not one of them."""
    rows = await service.list_lists(conn, caller, now=datetime.now(UTC))
    return JSONResponse([_list(row) for row in rows])


@router.post(
    "",
    response_model=ListOut,
    **operation(auth=CALLER, body=ListCreate, status_code=201, headers={"Location": "The new list's path"}),
)
async def create_list(body: ListCreateBody, caller: TasksWriter, conn: OneStatement) -> JSONResponse:
    """A new list, after the others. `color`: one of red, orange, yellow, green, teal, blue,
    purple, pink, gray, or `#rrggbb`."""
    row = await service.create_list(conn, caller, body, now=datetime.now(UTC))
    return JSONResponse(_list(row), status_code=201, headers={"Location": f"/lists/{row['id']}"})


@router.patch(
    "/{list_id}", response_model=ListOut, **operation(auth=CALLER, body=ListUpdate, errors=[403, 404, 409])
)
async def update_list(
    list_id: str, body: ListUpdateBody, caller: TasksWriter, conn: OneStatement, request: Request
) -> JSONResponse:
    """Rename, recolour (null: none) or move the list: `before_id` or `after_id` puts it next
    to another list of yours, `position` at a key the API returned (at most one of the three)."""
    row = await service.update_list(
        conn,
        caller,
        list_id_of(list_id),
        body,
        now=datetime.now(UTC),
        transaction=request_database(request).transaction,
    )
    return JSONResponse(_list(row))


@router.delete(
    "/{list_id}", response_class=Response, **operation(auth=CALLER, errors=[403, 404], status_code=204)
)
async def delete_list(list_id: str, caller: TasksWriter, request: Request) -> Response:
    """The list goes to the trash, and its tasks with it (they keep their `list_id`):
    `POST /lists/{id}/restore` brings them all back."""
    await service.delete_list(
        request_database(request).transaction, caller, list_id_of(list_id), now=datetime.now(UTC)
    )
    return Response(status_code=204)


@router.post("/{list_id}/restore", response_model=ListOut, **operation(auth=CALLER, errors=[403, 404]))
async def restore_list(list_id: str, caller: TasksWriter, request: Request) -> JSONResponse:
    """Undo a delete: the list and the tasks that went to the trash with it come back (a task
    trashed on its own before stays there). A list not in the trash is returned as it is."""
    row = await service.restore_list(
        request_database(request).transaction, caller, list_id_of(list_id), now=datetime.now(UTC)
    )
    return JSONResponse(_list(row))
