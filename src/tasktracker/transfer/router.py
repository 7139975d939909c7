from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from tasktracker.auth.dependencies import TasksReader, TasksWriter
from tasktracker.dependencies import DbConn, OneStatement, SettingsDep
from tasktracker.errors import UnsupportedMediaType, ValidationFailed
from tasktracker.openapi import CALLER, operation
from tasktracker.transfer import service
from tasktracker.transfer.errors import ImportTooLarge
from tasktracker.transfer.schemas import ExportDocument, ExportFormat, ImportReport
from tasktracker.web import JSONResponse

router = APIRouter(tags=["import and export"])

IMPORT_PATH = "/import"
MULTIPART = "multipart/form-data"
# A raw body is read as the file when sent with one of these types.
RAW_TYPES = frozenset({"application/json", "text/csv", "text/plain", "application/octet-stream"})


def _export_operation() -> dict[str, Any]:
    spec = operation(auth=CALLER, errors=[403, 422])
    spec["responses"][200] = {
        "description": "A download (`Content-Disposition: attachment`), named after the day",
        "content": {"text/csv": {"schema": {"type": "string"}}},
        "headers": {
            "Content-Disposition": {"description": "attachment; filename=...", "schema": {"type": "string"}}
        },
    }
    return spec


@router.get("/export", response_model=ExportDocument, **_export_operation())
async def export(
    caller: TasksReader, conn: DbConn, settings: SettingsDep, format: ExportFormat = ExportFormat.JSON
) -> Response:
    """Everything the caller owns but the trash: with `format=json` (the default) the versioned
    document `POST /import` reads back as it was (lists, tasks, order, dates, recurrence,
    checklists); with `format=csv` one row per task for spreadsheets. A personal access token
    needs `tasks:read`."""
    download = await service.export(
        conn, caller, format, default_timezone=settings.digest_default_timezone, now=datetime.now(UTC)
    )
    return Response(
        download.body,
        media_type=download.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{download.filename}"',
            "Cache-Control": "no-store",
        },
    )


def _import_operation() -> dict[str, Any]:
    spec = operation(auth=CALLER, errors=[403, 413, 415, 422])
    binary = {"type": "string", "format": "binary"}
    spec["openapi_extra"]["requestBody"] = {
        "required": True,
        "content": {
            MULTIPART: {
                "schema": {"type": "object", "required": ["file"], "properties": {"file": binary}},
            },
            "application/json": {"schema": {"$ref": "#/components/schemas/ExportDocument"}},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
    return spec


async def _uploaded(request: Request, max_bytes: int) -> bytes:
    """The file: the `file` field of a multipart form, or the body itself."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type == MULTIPART:
        try:
            form = await request.form(max_files=1, max_fields=10)
        except StarletteHTTPException as error:  # a malformed form: refused as any bad input
            raise ValidationFailed(
                f"The form could not be read ({error.detail}): send the file in the field `file`",
                errors=[{"field": "file", "message": "The form could not be read"}],
            ) from None
        try:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise ValidationFailed(
                    "Send the file in the form field `file`",
                    errors=[{"field": "file", "message": "This field is required"}],
                )
            raw = await upload.read()
        finally:
            await form.close()  # the upload's spooled file
    elif content_type in RAW_TYPES:
        raw = await request.body()
    else:
        raise UnsupportedMediaType(
            f"Unsupported content type; send {MULTIPART} (a field `file`), JSON or CSV"
        )
    if len(raw) > max_bytes:
        raise ImportTooLarge(
            f"The file is larger than {max_bytes // (1024 * 1024) or 1} MB: import a smaller one"
        )
    return raw


@router.post(IMPORT_PATH, response_model=ImportReport, **_import_operation())
async def import_file(
    request: Request, caller: TasksWriter, reads: OneStatement, unit: DbConn, settings: SettingsDep
) -> JSONResponse:
    """Import a file into the caller's account: this API's JSON export, or a Todoist CSV export
    (its sections become lists, sub-tasks checklist items, comments the task's description),
    sent as the `file` field of a form or as the body. All or nothing: a file is imported whole,
    with a report of what was left out and why, or refused whole. At most
    `IMPORT_MAX_BYTES` (5 MB) and 5,000 tasks. A personal access token needs `tasks:write`."""
    raw = await _uploaded(request, settings.import_max_bytes)
    report = await service.import_file(
        reads, unit, caller, raw, default_timezone=settings.digest_default_timezone, now=datetime.now(UTC)
    )
    return JSONResponse(report)
