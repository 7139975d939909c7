"""Database access through the drivers themselves: asyncpg for PostgreSQL, aiosqlite for SQLite.

SQL is written once with named parameters (`tasktracker.sql.Query`), compiled at import to each
driver's numbered placeholders. Hot paths then pay for no ORM, no SQL compilation and no row
hydration: asyncpg prepares and caches each statement per connection.
"""

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiosqlite
import asyncpg

from tasktracker.sql import Query, query

Row = Mapping[str, Any]

_SQLITE_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%f+00:00"


Statement = Query | str


def _compiled(statement: Statement) -> Query:
    return statement if isinstance(statement, Query) else query(statement)


class Connection(Protocol):
    dialect: str

    async def fetch(self, statement: Statement, /, **params: Any) -> Sequence[Row]: ...
    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None: ...
    async def fetchval(self, statement: Statement, /, **params: Any) -> Any: ...
    async def execute(self, statement: Statement, /, **params: Any) -> int:
        """Run a statement; return how many rows it changed."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[None]:
        """A transaction on this connection: committed on a clean exit, else rolled back."""
        ...


class Connections(Protocol):
    """Where a short use of a connection comes from: a Database, or a request's share of one."""

    @property
    def dialect(self) -> str: ...
    def connection(self) -> AbstractAsyncContextManager[Connection]: ...


class Database(Connections, Protocol):
    async def connect(self) -> None: ...
    async def close(self) -> None: ...
    def transaction(self) -> AbstractAsyncContextManager[Connection]: ...


class _NoResetConnection(asyncpg.Connection):
    """The app never changes session state (no SET, LISTEN, advisory locks or held cursors), so
    the reset query asyncpg's pool runs on every release would be a round trip for nothing.
    Open transactions are still rolled back on release; that does not depend on this query."""

    def get_reset_query(self) -> str:
        return ""


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, dsn: str, pool_size: int) -> None:
        self._dsn = dsn
        self._pool_size = pool_size
        self._pool: asyncpg.Pool | None = None

    async def connect(self) -> None:
        self._pool = await asyncpg.create_pool(
            self._dsn,
            min_size=min(2, self._pool_size),
            max_size=self._pool_size,
            # JSON rendered by the server carries UTC offsets, like the API's own.
            server_settings={"timezone": "UTC"},
            connection_class=_NoResetConnection,
        )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not connected")
        return self._pool

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        async with self.pool.acquire() as raw:
            yield _PostgresConnection(raw)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self.pool.acquire() as raw, raw.transaction():
            yield _PostgresConnection(raw)


class _PostgresConnection:
    __slots__ = ("_raw",)
    dialect = "postgresql"

    def __init__(self, raw: "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]") -> None:
        self._raw = raw

    async def fetch(self, statement: Statement, /, **params: Any) -> Sequence[Row]:
        compiled = _compiled(statement)
        return await self._raw.fetch(compiled.postgres, *compiled.args(params))  # type: ignore[return-value]

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        compiled = _compiled(statement)
        return await self._raw.fetchrow(compiled.postgres, *compiled.args(params))  # type: ignore[return-value]

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        compiled = _compiled(statement)
        return await self._raw.fetchval(compiled.postgres, *compiled.args(params))

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        compiled = _compiled(statement)
        status: str = await self._raw.execute(compiled.postgres, *compiled.args(params))
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        async with self._raw.transaction():
            yield


def _adapt_datetime(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("naive datetimes are not stored; use timezone-aware UTC values")
    # A fixed-width UTC text form keeps SQLite's text comparison equal to time order.
    return value.astimezone(UTC).strftime(_SQLITE_TIMESTAMP)


def _convert_datetime(raw: bytes) -> datetime:
    parsed = datetime.fromisoformat(raw.decode())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


sqlite3.register_adapter(datetime, _adapt_datetime)
sqlite3.register_converter("DATETIME", _convert_datetime)
sqlite3.register_converter("TIMESTAMP", _convert_datetime)
sqlite3.register_converter("BOOLEAN", lambda raw: raw not in (b"0", b""))


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


class SqliteDatabase:
    """One shared connection, used by one request at a time: the embedded, single-user default."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self._path = path
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def connect(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(
            self._path, detect_types=sqlite3.PARSE_DECLTYPES, isolation_level=None
        )
        self._conn.row_factory = _dict_row  # type: ignore[assignment]
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=5000"):
            await self._conn.execute(f"PRAGMA {pragma}")

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        if self._conn is None:
            raise RuntimeError("database is not connected")
        async with self._lock:
            yield _SqliteConnection(self._conn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self.connection() as conn, conn.transaction():
            yield conn


class _SqliteConnection:
    __slots__ = ("_raw",)
    dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self._raw = raw

    async def fetch(self, statement: Statement, /, **params: Any) -> Sequence[Row]:
        compiled = _compiled(statement)
        async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
            return await cursor.fetchall()  # type: ignore[return-value]

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        compiled = _compiled(statement)
        async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
            return await cursor.fetchone()  # type: ignore[return-value]

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        row = await self.fetchrow(statement, **params)
        return None if row is None else next(iter(row.values()))

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        compiled = _compiled(statement)
        async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
            return cursor.rowcount

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        await self._raw.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            await self._raw.rollback()
            raise
        await self._raw.commit()


def create_database(url: str, pool_size: int = 10) -> Database:
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    if scheme in ("postgresql", "postgres"):
        return PostgresDatabase(asyncpg_dsn(url), pool_size)
    if scheme == "sqlite":
        return SqliteDatabase(sqlite_path(url))
    raise ValueError(f"unsupported DATABASE_URL scheme {scheme!r}: use postgresql:// or sqlite://")


def asyncpg_dsn(url: str) -> str:
    """`postgresql+asyncpg://…` (SQLAlchemy style) → `postgresql://…` (libpq style)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme.split('+', 1)[0]}://{rest}"


def sqlite_path(url: str) -> Path:
    """`sqlite:///relative.db` and `sqlite:////absolute.db`, as SQLAlchemy spells them."""
    prefix = url.split(":///", 1)
    if len(prefix) != 2 or not prefix[1]:
        raise ValueError("a SQLite DATABASE_URL looks like sqlite:///path/to/file.db")
    return Path(prefix[1])


def sqlalchemy_url(url: str) -> str:
    """The async SQLAlchemy URL Alembic uses for the same database."""
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    rest = url.split("://", 1)[1]
    driver = "postgresql+asyncpg" if scheme in ("postgresql", "postgres") else "sqlite+aiosqlite"
    return f"{driver}://{rest}"
