"""Database access through the drivers themselves: asyncpg for PostgreSQL, aiosqlite for SQLite.

SQL is written once with named parameters (`tasktracker.sql.Query`), compiled at import to each
driver's numbered placeholders. Hot paths then pay for no ORM, no SQL compilation and no row
hydration: asyncpg prepares and caches each statement per connection.

Every wait is bounded (`Timeouts`), and a database that refuses, drops or does not answer is one
error, `DatabaseUnavailable` (a 503), logged once when it starts and once when it ends
(`Availability`); the query's own errors (a bug) propagate as they are.
"""

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import aiosqlite
import asyncpg

from tasktracker.config import Settings
from tasktracker.errors import DatabaseUnavailable
from tasktracker.sql import Query, query

log = logging.getLogger(__name__)

# Told the seconds each wait for a pooled connection took (tasktracker.observability's metrics).
acquire_wait_observers: list[Callable[[float], None]] = []

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

    @property
    def availability(self) -> "Availability": ...


@dataclass(frozen=True, slots=True)
class Timeouts:
    """How long any use of the database may wait, in seconds."""

    connect: float = 3.0  # opening a connection, authentication included
    acquire: float = 5.0  # waiting for a connection (the pool's, or SQLite's one), opening included
    statement: float = 5.0  # each statement, BEGIN and COMMIT included

    @classmethod
    def of(cls, settings: Settings) -> "Timeouts":
        return cls(
            connect=settings.database_connect_timeout_seconds,
            acquire=settings.database_acquire_timeout_seconds,
            statement=settings.database_statement_timeout_seconds,
        )


def _describe(error: BaseException) -> str:
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class Availability:
    """Whether the database answered its last use. Only the changes are logged: an outage is one
    line when it starts and one when it ends, however many requests fail in between."""

    def __init__(self) -> None:
        self._unavailable_since: float | None = None

    def failed(self, error: BaseException) -> DatabaseUnavailable:
        """Record a failure; the error to raise in its place."""
        if self._unavailable_since is None:
            self._unavailable_since = time.monotonic()
            log.error(
                "database unavailable (%s); every use fails with DatabaseUnavailable (503) until it answers",
                _describe(error),
            )
        return DatabaseUnavailable()

    def answered(self) -> None:
        if self._unavailable_since is not None:
            down_for = time.monotonic() - self._unavailable_since
            self._unavailable_since = None
            log.warning("database available again, after %.1f s", down_for)


async def in_batches(database: Database, batch: Callable[[Connection], Awaitable[int]], size: int) -> int:
    """Run `batch` (a write of at most `size` rows that returns how many it wrote), each time in a
    transaction of its own, until it comes back short; the rows written in all. No transaction
    grows with the backlog, and an interrupted run keeps what it did."""
    written = 0
    while True:
        async with database.transaction() as conn:
            count = await batch(conn)
        written += count
        if count < size:
            return written


async def ping(database: Database, *, within: float) -> None:
    """A connection and `SELECT 1` within `within` seconds (/ready), else DatabaseUnavailable;
    running out of time counts as an outage, like any other timeout."""
    try:
        async with asyncio.timeout(within), database.connection() as conn:
            await conn.fetchval("SELECT 1")
    except TimeoutError as error:
        raise database.availability.failed(error) from error


class _NoResetConnection(asyncpg.Connection):
    """The app never changes session state (no SET, LISTEN, advisory locks or held cursors), so
    the reset query asyncpg's pool runs on every release would be a round trip for nothing.
    Open transactions are still rolled back on release; that does not depend on this query."""

    def get_reset_query(self) -> str:
        return ""


# A database that is not there, not yet or no longer, or that did not answer in time. A query's own
# errors (syntax, constraints, data) are not among them: they are bugs or the caller's to handle.
_POSTGRES_UNAVAILABLE: tuple[type[BaseException], ...] = (
    OSError,  # refused, reset, unreachable, unknown host; TimeoutError (connect, acquire, statement)
    asyncpg.PostgresConnectionError,  # the connection was lost or rejected (SQLSTATE class 08)
    asyncpg.CannotConnectNowError,  # starting up, shutting down, in recovery
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.TooManyConnectionsError,
    asyncpg.QueryCanceledError,  # the server's statement_timeout
)

# So that the server ends the session (rolling back its transaction, releasing its locks) of a
# client that vanished behind a network partition within ~25 s, rather than the system's 2 hours.
_SERVER_KEEPALIVES = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}


class PostgresDatabase:
    dialect = "postgresql"

    def __init__(self, dsn: str, pool_size: int, timeouts: Timeouts) -> None:
        self._dsn = dsn
        self._pool_size = pool_size
        self._timeouts = timeouts
        self._pool: asyncpg.Pool | None = None
        self.availability = Availability()

    async def connect(self) -> None:
        statement_ms = str(max(1, round(self._timeouts.statement * 1000)))
        try:
            self._pool = await asyncpg.create_pool(
                self._dsn,
                # Two connections opened now (so a wrong URL fails at start), none kept open by a
                # background task: asyncpg's min_size floor, restored during an outage, would log
                # a traceback per attempt. Requests open what they need, within the timeouts.
                init_size=min(2, self._pool_size),
                min_size=0,
                max_size=self._pool_size,
                timeout=self._timeouts.connect,
                # The client stops waiting for an answer, and the server cancels the statement
                # itself, even when the client's cancel request cannot reach it.
                command_timeout=self._timeouts.statement,
                # JSON rendered by the server carries UTC offsets, like the API's own.
                server_settings={"timezone": "UTC", "statement_timeout": statement_ms, **_SERVER_KEEPALIVES},
                connection_class=_NoResetConnection,
            )
        except _POSTGRES_UNAVAILABLE as error:
            raise self.availability.failed(error) from error
        self.availability.answered()

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            try:
                # Each goodbye waits for the server at most the statement timeout.
                await pool.close()
            except _POSTGRES_UNAVAILABLE:
                pool.terminate()  # a server that does not answer gets none

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("database is not connected")
        return self._pool

    async def _acquire(self, pool: asyncpg.Pool) -> "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]":
        started = time.perf_counter()
        try:
            # With an idle connection the pool hands one over without waiting: no timer. A wait is
            # bounded by a timer on this task, not by asyncpg's own timeout, which wraps every
            # acquire in a task of its own (a few per cent of a hot request under load).
            if pool.get_idle_size():
                return await pool.acquire()
            async with asyncio.timeout(self._timeouts.acquire):
                return await pool.acquire()
        except _POSTGRES_UNAVAILABLE as error:
            raise self.availability.failed(error) from error
        except asyncpg.InterfaceError as error:
            if pool.is_closing():  # the process is stopping
                raise DatabaseUnavailable() from error
            raise
        finally:
            for observe in acquire_wait_observers:
                observe(time.perf_counter() - started)

    def connection(self) -> AbstractAsyncContextManager[Connection]:
        return _PooledConnection(self)

    async def _release(
        self, pool: asyncpg.Pool, raw: "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]"
    ) -> None:
        try:
            # Bounded by the acquire timeout; a connection that fails its reset is dropped.
            await pool.release(raw)
        except _POSTGRES_UNAVAILABLE as error:
            # Nothing is lost: the work was committed or rolled back before the release.
            self.availability.failed(error)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self.connection() as conn, conn.transaction():
            yield conn


class _PooledConnection:
    """A connection of the pool for the time of an `async with` (a class, not a generator: it
    is entered at least once a request)."""

    __slots__ = ("_database", "_pool", "_raw")

    def __init__(self, database: PostgresDatabase) -> None:
        self._database = database
        self._pool: asyncpg.Pool | None = None
        self._raw: asyncpg.pool.PoolConnectionProxy[asyncpg.Record] | None = None

    async def __aenter__(self) -> Connection:
        pool = self._database._pool
        if pool is None:  # closed: the process is stopping
            raise DatabaseUnavailable()
        self._raw = await self._database._acquire(pool)
        self._pool = pool
        return _PostgresConnection(self._raw, self._database.availability)

    async def __aexit__(self, *_: object) -> None:
        assert self._pool is not None and self._raw is not None
        pool, raw, self._pool, self._raw = self._pool, self._raw, None, None
        await self._database._release(pool, raw)


def _is_gone(raw: "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]") -> bool:
    try:
        return raw.is_closed()
    except asyncpg.InterfaceError:
        # Detached from its proxy: asyncpg gives a connection back to the pool when it closes.
        return True


class _FailureGuard:
    """Around every use of a pooled connection. A connection that failed, timed out or was
    interrupted mid-statement is dropped: its state is unknown, and the pool would hand it out
    again (to fail again, or to wait on a cancel request that may never be answered). A
    connection failure is raised as DatabaseUnavailable; the query's own errors pass unchanged."""

    __slots__ = ("_availability", "_raw", "dropped")

    def __init__(
        self, raw: "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]", availability: Availability
    ) -> None:
        self._raw = raw
        self._availability = availability
        self.dropped = False

    def __enter__(self) -> None:
        if self.dropped:
            raise DatabaseUnavailable()

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        if error is None:
            self._availability.answered()
            return
        unavailable = isinstance(error, _POSTGRES_UNAVAILABLE) or (
            isinstance(error, asyncpg.InterfaceError) and _is_gone(self._raw)
        )
        if unavailable or isinstance(error, asyncio.CancelledError):
            self.dropped = True
            if not _is_gone(self._raw):
                self._raw.terminate()
        if unavailable:
            raise self._availability.failed(error) from error


class _PostgresConnection:
    __slots__ = ("_guard", "_raw")
    dialect = "postgresql"

    def __init__(
        self, raw: "asyncpg.pool.PoolConnectionProxy[asyncpg.Record]", availability: Availability
    ) -> None:
        self._raw = raw
        self._guard = _FailureGuard(raw, availability)

    async def fetch(self, statement: Statement, /, **params: Any) -> Sequence[Row]:
        compiled = _compiled(statement)
        with self._guard:
            return await self._raw.fetch(compiled.postgres, *compiled.args(params))  # type: ignore[return-value]

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        compiled = _compiled(statement)
        with self._guard:
            return await self._raw.fetchrow(compiled.postgres, *compiled.args(params))  # type: ignore[return-value]

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        compiled = _compiled(statement)
        with self._guard:
            return await self._raw.fetchval(compiled.postgres, *compiled.args(params))

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        compiled = _compiled(statement)
        with self._guard:
            status: str = await self._raw.execute(compiled.postgres, *compiled.args(params))
        last = status.rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        with self._guard:
            transaction = self._raw.transaction()
            await transaction.start()
        try:
            yield
        except BaseException:
            # A dropped connection's transaction ended with it, on the server.
            if not self._guard.dropped:
                with self._guard:
                    await transaction.rollback()
            raise
        with self._guard:
            await transaction.commit()


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
# Calendar dates (a task's due date) as ISO text, which sorts and compares in date order.
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_converter("DATE", lambda raw: date.fromisoformat(raw.decode()))


def _dict_row(cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> dict[str, Any]:
    return {column[0]: value for column, value in zip(cursor.description, row, strict=True)}


# SQLite's "another connection (the worker, a migration) holds the lock" codes, once
# busy_timeout has passed. Other errors are the query's own.
_SQLITE_BUSY_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return error.sqlite_errorcode & 0xFF in _SQLITE_BUSY_CODES  # the primary code of an extended one


class SqliteDatabase:
    """One shared connection, used by one request at a time: the embedded, single-user default."""

    dialect = "sqlite"

    def __init__(self, path: Path, timeouts: Timeouts) -> None:
        self._path = path
        self._timeouts = timeouts
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self.availability = Availability()

    async def connect(self) -> None:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = await aiosqlite.connect(
            self._path, detect_types=sqlite3.PARSE_DECLTYPES, isolation_level=None
        )
        self._conn.row_factory = _dict_row  # type: ignore[assignment]
        busy_ms = max(1, round(self._timeouts.statement * 1000))
        for pragma in ("journal_mode=WAL", "foreign_keys=ON", f"busy_timeout={busy_ms}"):
            await self._conn.execute(f"PRAGMA {pragma}")

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Connection]:
        if self._conn is None:  # closed: the process is stopping
            raise DatabaseUnavailable()
        try:
            async with asyncio.timeout(self._timeouts.acquire):
                await self._lock.acquire()
        except TimeoutError as error:
            raise self.availability.failed(error) from error
        try:
            yield _SqliteConnection(self._conn, self.availability)
        finally:
            self._lock.release()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self.connection() as conn, conn.transaction():
            yield conn


class _SqliteGuard:
    """Around every statement: a database locked by another process past busy_timeout is
    DatabaseUnavailable; the query's own errors pass unchanged."""

    __slots__ = ("_availability",)

    def __init__(self, availability: Availability) -> None:
        self._availability = availability

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, _: object) -> None:
        if error is None:
            self._availability.answered()
        elif isinstance(error, sqlite3.OperationalError) and _is_busy(error):
            raise self._availability.failed(error) from error


class _SqliteConnection:
    __slots__ = ("_guard", "_raw")
    dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection, availability: Availability) -> None:
        self._raw = raw
        self._guard = _SqliteGuard(availability)

    async def fetch(self, statement: Statement, /, **params: Any) -> Sequence[Row]:
        compiled = _compiled(statement)
        with self._guard:
            async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
                return await cursor.fetchall()  # type: ignore[return-value]

    async def fetchrow(self, statement: Statement, /, **params: Any) -> Row | None:
        compiled = _compiled(statement)
        with self._guard:
            async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
                return await cursor.fetchone()  # type: ignore[return-value]

    async def fetchval(self, statement: Statement, /, **params: Any) -> Any:
        row = await self.fetchrow(statement, **params)
        return None if row is None else next(iter(row.values()))

    async def execute(self, statement: Statement, /, **params: Any) -> int:
        compiled = _compiled(statement)
        with self._guard:
            async with self._raw.execute(compiled.sqlite, compiled.args(params)) as cursor:
                return cursor.rowcount

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[None]:
        with self._guard:
            await self._raw.execute("BEGIN IMMEDIATE")
        try:
            yield
            with self._guard:
                await self._raw.commit()
        except BaseException:
            # Also after a failed COMMIT: the one shared connection must not stay in a transaction.
            await self._raw.rollback()
            raise


def create_database(url: str, pool_size: int = 10, timeouts: Timeouts | None = None) -> Database:
    timeouts = timeouts or Timeouts()
    scheme = urlsplit(url).scheme.split("+", 1)[0]
    if scheme in ("postgresql", "postgres"):
        return PostgresDatabase(asyncpg_dsn(url), pool_size, timeouts)
    if scheme == "sqlite":
        return SqliteDatabase(sqlite_path(url), timeouts)
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
