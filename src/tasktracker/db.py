"""Database access through the drivers themselves: asyncpg for PostgreSQL, aiosqlite for SQLite.

SQL is written once, in PostgreSQL's `$1` placeholder style; for SQLite the placeholders are
rewritten to `?1`, which SQLite understands natively. Hot paths then pay for no ORM, no
SQL compilation and no row hydration: asyncpg prepares and caches each statement per connection.
"""

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiosqlite
import asyncpg

Row = Mapping[str, Any]

_POSITIONAL = re.compile(r"\$(\d+)")
_SQLITE_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%f+00:00"


class Connection(Protocol):
    dialect: str

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]: ...
    async def fetchrow(self, sql: str, *args: Any) -> Row | None: ...
    async def fetchval(self, sql: str, *args: Any) -> Any: ...
    async def execute(self, sql: str, *args: Any) -> int:
        """Run a statement; return how many rows it changed."""
        ...


class Database(Protocol):
    dialect: str

    async def connect(self) -> None: ...
    async def close(self) -> None: ...
    def connection(self) -> AbstractAsyncContextManager[Connection]: ...
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

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        return await self._raw.fetch(sql, *args)  # type: ignore[return-value]

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        return await self._raw.fetchrow(sql, *args)  # type: ignore[return-value]

    async def fetchval(self, sql: str, *args: Any) -> Any:
        return await self._raw.fetchval(sql, *args)

    async def execute(self, sql: str, *args: Any) -> int:
        status: str = await self._raw.execute(sql, *args)
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0


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


def sqlite_sql(sql: str) -> str:
    return _POSITIONAL.sub(r"?\1", sql)


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
        if self._conn is None:
            raise RuntimeError("database is not connected")
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteConnection(self._conn)
            except BaseException:
                await self._conn.rollback()
                raise
            await self._conn.commit()


class _SqliteConnection:
    __slots__ = ("_raw",)
    dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self._raw = raw

    async def fetch(self, sql: str, *args: Any) -> Sequence[Row]:
        async with self._raw.execute(sqlite_sql(sql), args) as cursor:
            return await cursor.fetchall()  # type: ignore[return-value]

    async def fetchrow(self, sql: str, *args: Any) -> Row | None:
        async with self._raw.execute(sqlite_sql(sql), args) as cursor:
            return await cursor.fetchone()  # type: ignore[return-value]

    async def fetchval(self, sql: str, *args: Any) -> Any:
        row = await self.fetchrow(sql, *args)
        return None if row is None else next(iter(row.values()))

    async def execute(self, sql: str, *args: Any) -> int:
        async with self._raw.execute(sqlite_sql(sql), args) as cursor:
            return cursor.rowcount


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
