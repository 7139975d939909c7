"""The floor for POST /tasks (bench/post_tasks.sh): the least work a Python server can do to
create a task for the owner of a JWT cookie. Raw Starlette + asyncpg + orjson: the body parsed
with orjson, one `INSERT … RETURNING` in autocommit, 201 with the task, its ETag and Location.
It uses the shared floor's database (../shared/bench/floor_seed.sql) and secret."""

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
DSN = os.environ.get("FLOOR_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_floor")
INSERT = (
    "INSERT INTO tasks (owner_id, title, description) VALUES ($1, $2, $3) "
    "RETURNING id, title, description, done, done_at, created_at, updated_at, version"
)
pool: asyncpg.Pool


async def create_task(request: Request) -> Response:
    try:
        claims = jwt.decode(request.cookies.get("access_token", ""), KEY, algorithms=["HS256"])
        owner = int(claims["sub"])
    except Exception:
        return Response(b'{"message":"Not authenticated"}', 401, media_type="application/json")
    try:
        body = orjson.loads(await request.body())
        title, description = body["title"], body.get("description", "")
    except Exception:
        return Response(b'{"message":"Bad request"}', 422, media_type="application/json")
    row = await pool.fetchrow(INSERT, owner, title, description)
    headers = {"ETag": f'"{row["version"]}"', "Location": f"/tasks/{row['id']}"}
    return Response(orjson.dumps(dict(row)), 201, media_type="application/json", headers=headers)


class NoResetConnection(asyncpg.Connection):  # type: ignore[misc]
    def get_reset_query(self) -> str:
        return ""


@contextlib.asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    global pool
    pool = await asyncpg.create_pool(DSN, min_size=10, max_size=10, connection_class=NoResetConnection)
    yield
    await pool.close()


app = Starlette(routes=[Route("/tasks", create_task, methods=["POST"])], lifespan=lifespan)
