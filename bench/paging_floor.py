"""The floor for bench/paging.sh: the least work a Python server can do to serve the first page of
GET /tasks (every open task, then the 100 most recently done), the same rows in the same JSON
shape as the project, with ../shared/bench/floor.py's means: Starlette, asyncpg, orjson, one
statement per request, a JWT cookie naming the owner, no framework validation.

    PAGING_FLOOR_DATABASE_URL=postgresql://... uvicorn paging_floor:app --workers 1
"""

import contextlib
import os
from collections.abc import AsyncIterator

import asyncpg
import jwt
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

KEY = os.environ.get("FLOOR_JWT_SECRET", "floor-secret-" + "x" * 32)
DSN = os.environ["PAGING_FLOOR_DATABASE_URL"]
DONE_PAGE = 100
COLUMNS = (
    "id, title, description, done, done_at, created_at, updated_at, version, due_date, due_time, checklist, "
    "recurrence, remind_at, list_id, position, deleted_at"
)
# Open tasks whole, then one more done task than the page holds (to know a next page exists).
SQL = f"""
(SELECT {COLUMNS} FROM tasks WHERE owner_id = $1 AND deleted_at IS NULL AND NOT done ORDER BY position, id)
UNION ALL
(SELECT {COLUMNS} FROM tasks WHERE owner_id = $1 AND deleted_at IS NULL AND done
 ORDER BY done_at DESC, id DESC LIMIT {DONE_PAGE + 1})
"""
pool: asyncpg.Pool


def _task(row: asyncpg.Record) -> dict[str, object]:
    task = dict(row)
    task["checklist"] = orjson.Fragment(task["checklist"])
    return task


async def tasks(request: Request) -> Response:
    try:
        claims = jwt.decode(request.cookies.get("access_token", ""), KEY, algorithms=["HS256"])
        owner = int(claims["sub"])
    except Exception:
        return Response(b'{"message":"Not authenticated"}', 401, media_type="application/json")
    rows = await pool.fetch(SQL, owner)
    done_count = sum(1 for row in rows if row["done"])
    page = rows[: len(rows) - 1] if done_count > DONE_PAGE else rows
    headers = {"Link": '</tasks?cursor=next>; rel="next"'} if done_count > DONE_PAGE else None
    body = orjson.dumps([_task(row) for row in page])
    return Response(body, media_type="application/json", headers=headers)


class NoResetConnection(asyncpg.Connection):  # type: ignore[misc]
    """As floor.py: no reset query when a connection goes back to the pool."""

    def get_reset_query(self) -> str:
        return ""


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(DSN, min_size=10, max_size=10, connection_class=NoResetConnection)
    yield
    await pool.close()


app = Starlette(routes=[Route("/tasks", tasks)], lifespan=lifespan)
