"""Trash rules: a deleted task (tasks.service) waits here until restored, deleted for good, or
purged TRASH_RETENTION_DAYS after it was trashed. Only its owner sees it; it is in no list,
search, digest or reminder meanwhile.

Like tasks.service, each operation is one statement with the caller's session check folded in;
only a miss asks why (the session ended: 401; else 404). Emptying the trash takes two
statements (tasks, then lists) in the request's transaction.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import orjson

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.queries import session_alive
from tasktracker.auth.service import Caller
from tasktracker.db import Connection, Database, Row, in_batches
from tasktracker.trash import queries
from tasktracker.trash.errors import NotInTrash


def _out(row: Row, retention: timedelta) -> dict[str, object]:
    """A trashed task as it goes out: the task, and when the purge takes it."""
    return {**row, "checklist": orjson.Fragment(row["checklist"]), "purge_at": row["deleted_at"] + retention}


async def list_trash_json(conn: Connection, caller: Caller, *, retention_days: int, now: datetime) -> bytes:
    rows = await queries.trashed(conn, caller.user_id, caller.session_id, now)
    if rows is None:
        raise SessionExpired
    retention = timedelta(days=retention_days)
    return orjson.dumps([_out(row, retention) for row in rows])


async def restore(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> Row:
    row = await queries.restore(conn, task_id, caller.user_id, caller.session_id, now)
    if row is None:
        raise await _miss(conn, caller, now)
    return {**row, "checklist": orjson.Fragment(row["checklist"])}


async def delete_forever(conn: Connection, caller: Caller, task_id: int, *, now: datetime) -> None:
    if not await queries.delete_forever(conn, task_id, caller.user_id, caller.session_id, now):
        raise await _miss(conn, caller, now)


async def empty(conn: Connection, caller: Caller, *, now: datetime) -> None:
    """Delete everything in the caller's trash, in the caller's transaction."""
    deleted = await queries.empty_tasks(conn, caller.user_id, caller.session_id, now)
    if not deleted and not await session_alive(conn, caller.user_id, caller.session_id, now):
        raise SessionExpired
    await queries.empty_lists(conn, caller.user_id)


async def _miss(conn: Connection, caller: Caller, now: datetime) -> SessionExpired | NotInTrash:
    if not await session_alive(conn, caller.user_id, caller.session_id, now):
        return SessionExpired()
    return NotInTrash()


@dataclass(frozen=True, slots=True)
class PurgeReport:
    tasks: int
    lists: int


async def purge(db: Database, *, now: datetime, retention_days: int, batch_size: int) -> PurgeReport:
    """Delete for good the tasks and lists trashed more than `retention_days` before `now`, a
    batch per transaction (no long lock, and an interrupted purge keeps what it did). Running it
    again finds nothing more: idempotent."""
    cutoff = now - timedelta(days=retention_days)
    tasks = await in_batches(db, lambda conn: queries.purge_tasks(conn, cutoff, batch_size), batch_size)
    lists = await in_batches(db, lambda conn: queries.purge_lists(conn, cutoff, batch_size), batch_size)
    return PurgeReport(tasks=tasks, lists=lists)
