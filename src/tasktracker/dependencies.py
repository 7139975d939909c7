"""Request-scoped dependencies shared by every domain: settings and the database connection."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from tasktracker.config import Settings
from tasktracker.db import Connection, Database
from tasktracker.errors import AppError


# Dependencies are `async def` even when they do not await: FastAPI runs plain `def`
# dependencies in a worker thread, a hand-off that costs more than the work on hot paths.
async def request_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


async def request_database(request: Request) -> Database:
    return _database(request)


async def transaction(request: Request) -> AsyncIterator[Connection]:
    """One transaction per request, committed before the response is sent."""
    failure: AppError | None = None
    async with _database(request).transaction() as conn:
        try:
            yield conn
        except AppError as error:
            if not error.keep_changes:
                raise
            failure = error
    if failure is not None:
        raise failure


async def read_connection(request: Request) -> AsyncIterator[Connection]:
    """A connection without an explicit transaction, for single-statement reads on hot paths."""
    async with _database(request).connection() as conn:
        yield conn


SettingsDep = Annotated[Settings, Depends(request_settings)]
DatabaseDep = Annotated[Database, Depends(request_database)]
DbConn = Annotated[Connection, Depends(transaction, scope="function")]
ReadConn = Annotated[Connection, Depends(read_connection, scope="function")]
