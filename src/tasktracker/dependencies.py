"""Request-scoped dependencies shared by every domain: settings and the database.

A request holds at most one pooled connection at any time, shared by every dependency that
needs one (`RequestDatabase`): no dependency order can make a request wait for a connection it
holds itself (on SQLite, the one shared connection). The request's transaction (`DbConn`) begins
at its first statement, so work done before it (reading the body, hashing a password) holds
nothing, and commits before the response is sent.
"""

from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any

from fastapi import Depends, Request

from tasktracker.config import Settings
from tasktracker.db import Connection, Database, Row, Statement
from tasktracker.errors import AppError


# Dependencies are `async def` even when they do not await: FastAPI runs plain `def`
# dependencies in a worker thread, a hand-off that costs more than the work on hot paths.
async def request_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


class RequestDatabase:
    """The request's connection: acquired on first use, released as soon as no one uses it
    (so a short read does not hold it over later slow work), and reused by every use while held.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self._holder: AbstractAsyncContextManager[Connection] | None = None
        self._conn: Connection | None = None
        self._users = 0

    @property
    def dialect(self) -> str:
        return self._database.dialect

    def connection(self) -> AbstractAsyncContextManager[Connection]:
        """A use of the request's connection, for an `async with`. Uses are counted, so they
        nest; the object is its own context manager (no generator per use: every task
        statement makes one)."""
        return self

    async def __aenter__(self) -> Connection:
        return await self._acquire()

    async def __aexit__(self, *_: object) -> None:
        await self._release()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A transaction of its own on the request's connection, for the few paths whose
        statements must commit together (the request's other work stays statement by statement)."""
        async with self as conn, conn.transaction():
            yield conn

    async def _acquire(self) -> Connection:
        if self._conn is None:
            holder = self._database.connection()
            self._conn = await holder.__aenter__()
            self._holder = holder
        self._users += 1
        return self._conn

    async def _release(self) -> None:
        self._users -= 1
        if self._users == 0 and self._holder is not None:
            holder, self._holder, self._conn = self._holder, None, None
            await holder.__aexit__(None, None, None)


class LazyTransaction:
    """The request's unit of work, as a Connection: the first statement acquires the request's
    connection and begins the transaction; `finish` commits (or rolls back) and releases it."""

    def __init__(self, database: RequestDatabase) -> None:
        self._database = database
        self._transaction: AbstractAsyncContextManager[None] | None = None
        self._conn: Connection | None = None
        self.dialect = database.dialect

    async def _begun(self) -> Connection:
        if self._conn is None:
            conn = await self._database._acquire()
            transaction = conn.transaction()
            try:
                await transaction.__aenter__()
            except BaseException:
                await self._database._release()
                raise
            self._conn, self._transaction = conn, transaction
        return self._conn

    async def finish(self, error: BaseException | None) -> None:
        if self._transaction is None:
            return
        transaction, self._transaction, self._conn = self._transaction, None, None
        try:
            if error is None:
                await transaction.__aexit__(None, None, None)
            else:
                await transaction.__aexit__(type(error), error, error.__traceback__)
        finally:
            await self._database._release()

    async def fetch(self, statement: Statement, /, **params: Any) -> list[Row]:
        return list(await (await self._begun()).fetch(statement, **params))

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        return await (await self._begun()).fetchrow(statement, **params)

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        return await (await self._begun()).fetchval(statement, **params)

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        return await (await self._begun()).execute(statement, **params)

    def transaction(self) -> AbstractAsyncContextManager[None]:
        raise RuntimeError("the request's transaction is already the unit of work; do not nest one")


_REQUEST_DATABASE = "tasktracker.request_database"


def request_database(request: Request) -> RequestDatabase:
    """The request's RequestDatabase, made on first use: one per request, whoever asks (a plain
    function, so hot dependencies reach it without a dependency of their own to resolve)."""
    database: RequestDatabase | None = request.scope.get(_REQUEST_DATABASE)
    if database is None:
        database = request.scope[_REQUEST_DATABASE] = RequestDatabase(request.app.state.database)
    return database


async def _request_database(request: Request) -> RequestDatabase:
    return request_database(request)


RequestDb = Annotated[RequestDatabase, Depends(_request_database)]


async def transaction(database: RequestDb) -> AsyncIterator[Connection]:
    """The request's transaction, committed before the response is sent. An AppError rolls it
    back unless it is marked `keep_changes` (a revocation that must stick)."""
    unit = LazyTransaction(database)
    try:
        yield unit
    except AppError as error:
        await unit.finish(None if error.keep_changes else error)
        raise
    except BaseException as error:
        await unit.finish(error)
        raise
    await unit.finish(None)


class StatementByStatement:
    """The request's connection without an explicit transaction, for a request that is one
    statement, read or write (the task routes): a statement is atomic on its own, so BEGIN and
    COMMIT would be two more round trips for nothing. Each statement holds the connection only
    while it runs, so nothing is left to release when the request ends; a read-only statement
    may follow, to explain a miss."""

    __slots__ = ("_database", "dialect")

    def __init__(self, database: RequestDatabase) -> None:
        self._database = database
        self.dialect = database.dialect

    async def fetch(self, statement: Statement, /, **params: Any) -> list[Row]:
        async with self._database.connection() as conn:
            return list(await conn.fetch(statement, **params))

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        async with self._database.connection() as conn:
            return await conn.fetchrow(statement, **params)

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        async with self._database.connection() as conn:
            return await conn.fetchval(statement, **params)

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        async with self._database.connection() as conn:
            return await conn.execute(statement, **params)

    def transaction(self) -> AbstractAsyncContextManager[None]:
        raise RuntimeError("one statement at a time: a transaction needs DbConn")


def statement_connection(request: Request) -> Connection:
    """The request's connection, statement by statement (what OneStatement gives), as a call."""
    return StatementByStatement(request_database(request))


async def one_statement(request: Request) -> Connection:
    # Not a generator dependency: FastAPI's exit stack for one cost more than the statement.
    return statement_connection(request)


SettingsDep = Annotated[Settings, Depends(request_settings)]
DbConn = Annotated[Connection, Depends(transaction, scope="function")]
OneStatement = Annotated[Connection, Depends(one_statement)]
