"""What a worker process keeps for its whole life: one event loop and database, one mailer.

Celery runs jobs synchronously, while the database layer is asyncio (tasktracker.db). Rather than
a second, synchronous copy of the SQL, each worker process keeps one event loop (an
asyncio.Runner) and one connected Database for its whole life, and runs the async service
functions on it: the rules and queries stay written once, a job pays no loop or pool set-up,
and asyncpg's prepared statements are reused from job to job.

The database's timeouts are the API's (DATABASE_*_TIMEOUT_SECONDS). While it is unavailable a
job fails with DatabaseUnavailable, which the database layer logs once per process and Celery
as an expected failure (one line, no traceback): nothing is lost, an email's outbox row is
still due and the sweep republishes it, and the scheduled jobs run again on their schedule.
"""

import asyncio
import os
import threading
from collections.abc import Callable, Coroutine
from typing import Any, Generic, TypeVar

from celery.signals import worker_process_shutdown, worker_shutdown

from tasktracker.config import Settings, get_settings
from tasktracker.db import Connection, Database, Timeouts, create_database

T = TypeVar("T")

# A worker process runs one job at a time: two connections cover a job and nothing else.
WORKER_DB_POOL_SIZE = 2


class WorkerLocal(Generic[T]):
    """One T per worker process and thread, made on first use and closed when the worker
    process shuts down. A forked child makes its own rather than use its parent's (a socket
    must not be shared between processes), and each thread has its own (neither an event loop
    nor an SMTP connection may serve two threads at once)."""

    def __init__(self, create: Callable[[], T], close: Callable[[T], None]) -> None:
        self._create = create
        self._close = close
        self._local = threading.local()
        worker_process_shutdown.connect(self._on_shutdown, weak=False)
        worker_shutdown.connect(self._on_shutdown, weak=False)

    def get(self) -> T:
        held: tuple[int, T] | None = getattr(self._local, "held", None)
        if held is None or held[0] != os.getpid():
            held = self._local.held = (os.getpid(), self._create())
        return held[1]

    def close(self) -> None:
        """Close this thread's, if it made one (a forked child leaves its parent's alone)."""
        held: tuple[int, T] | None = getattr(self._local, "held", None)
        self._local.held = None
        if held is not None and held[0] == os.getpid():
            self._close(held[1])

    def _on_shutdown(self, **_: object) -> None:
        self.close()


class _DatabaseRuntime:
    def __init__(self, settings: Settings) -> None:
        self._runner = asyncio.Runner()
        # One Database for the runtime's life, connected on first use and again after a failed
        # connect: its Availability then logs an outage once, not once per job.
        self._db = create_database(settings.resolved_database_url, WORKER_DB_POOL_SIZE, Timeouts.of(settings))
        self._connected = False

    def run(self, job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
        return self._runner.run(self._with_db(job))

    async def _with_db(self, job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
        if not self._connected:
            await self._db.connect()
            self._connected = True
        return await job(self._db)

    def close(self) -> None:
        if self._connected:
            self._runner.run(self._db.close())
            self._connected = False
        self._runner.close()


_runtime = WorkerLocal(lambda: _DatabaseRuntime(get_settings()), _DatabaseRuntime.close)


def run_with_db(job: Callable[[Database], Coroutine[Any, Any, T]]) -> T:
    """Run an async job on this process's (and thread's) long-lived event loop, for services
    that commit in steps of their own (they take the Database and say why)."""
    return _runtime.get().run(job)


def run_in_transaction(job: Callable[[Connection], Coroutine[Any, Any, T]]) -> T:
    """Run an async job as one unit of work, like a request's DbConn: one transaction,
    committed when the job returns, rolled back when it raises."""

    async def in_transaction(db: Database) -> T:
        async with db.transaction() as conn:
            return await job(conn)

    return run_with_db(in_transaction)
