from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from tasktracker.auth.dependencies import TasksReader, TasksWriter
from tasktracker.dependencies import DbConn, OneStatement
from tasktracker.openapi import CALLER, operation
from tasktracker.tasks.router import ETAG, MAX_ID, NO_SUCH_TASK
from tasktracker.tasks.schemas import TaskOut
from tasktracker.trash import service
from tasktracker.trash.schemas import TrashedTaskOut
from tasktracker.web import JSONResponse

router = APIRouter(tags=["tasks"])


def _task_id(raw: str) -> int:
    """As at /tasks/{id}: ASCII digits in range, else an id that cannot exist (a 404)."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > len(str(MAX_ID)) or int(raw) > MAX_ID:
        return NO_SUCH_TASK
    return int(raw)


@router.get("/trash", response_model=list[TrashedTaskOut], **operation(auth=CALLER, errors=[403]))
async def list_trash(caller: TasksReader, conn: OneStatement, request: Request) -> Response:
    """The caller's deleted tasks, most recently deleted first, each with `deleted_at` and
    `purge_at`: the daily purge deletes a task for good TRASH_RETENTION_DAYS (30 by default)
    after it was deleted. A task in the trash is in no other list and not found at /tasks/{id}."""
    rendered = await service.list_trash_json(
        conn, caller, retention_days=request.app.state.settings.trash_retention_days, now=datetime.now(UTC)
    )
    return Response(rendered, media_type="application/json")


@router.post(
    "/tasks/{task_id}/restore",
    response_model=TaskOut,
    **operation(auth=CALLER, errors=[404], headers=ETAG),
)
async def restore_task(task_id: str, caller: TasksWriter, conn: OneStatement) -> Response:
    """Take a task out of the trash, back into its list at its place, with a new version; into the
    Inbox (`list_id` null) when its list is in the trash too or gone. 404 when the task is not in
    the caller's trash."""
    row = await service.restore(conn, caller, _task_id(task_id), now=datetime.now(UTC))
    return JSONResponse(dict(row), headers={"ETag": f'"{row["version"]}"'})


@router.delete(
    "/trash/{task_id}", response_class=Response, **operation(auth=CALLER, errors=[404], status_code=204)
)
async def delete_forever(task_id: str, caller: TasksWriter, conn: OneStatement) -> Response:
    """Delete a task in the trash for good: it cannot be restored. 404 when it is not in the
    caller's trash (a task still open or done is deleted with `DELETE /tasks/{id}` first)."""
    await service.delete_forever(conn, caller, _task_id(task_id), now=datetime.now(UTC))
    return Response(status_code=204)


@router.delete("/trash", response_class=Response, **operation(auth=CALLER, status_code=204))
async def empty_trash(caller: TasksWriter, conn: DbConn) -> Response:
    """Delete everything in the caller's trash for good (deleted lists too)."""
    await service.empty(conn, caller, now=datetime.now(UTC))
    return Response(status_code=204)
