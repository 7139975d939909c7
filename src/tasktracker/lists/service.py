"""List rules: ownership (another user's list does not exist), order, and the trash.

Creating, renaming and recolouring are one statement that checks the caller's session (as the
task statements do, tasks.service). Reordering next to another list reads that list's
neighbours, and deleting and restoring move the list's tasks with it: each a transaction.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any

from tasktracker.auth.errors import SessionExpired
from tasktracker.auth.queries import session_alive
from tasktracker.auth.service import Caller
from tasktracker.db import Connection, Row
from tasktracker.errors import Conflict
from tasktracker.lists import queries
from tasktracker.lists.errors import ListNotFound, UnknownList
from tasktracker.lists.schemas import ListCreate, ListUpdate
from tasktracker.tasks import positions

Transaction = Callable[[], AbstractAsyncContextManager[Connection]]


async def list_lists(conn: Connection, caller: Caller, *, now: datetime) -> Sequence[Row]:
    rows = await queries.list_for_caller(conn, caller.user_id, caller.session_id, now)
    if rows is None:
        raise SessionExpired
    return rows


async def create_list(conn: Connection, caller: Caller, data: ListCreate, *, now: datetime) -> Row:
    fields = {**data.model_dump(), "position": positions.end_key(now)}
    row = await queries.insert(conn, caller.user_id, caller.session_id, fields, now)
    if row is None:
        raise SessionExpired
    return row


async def update_list(
    conn: Connection,
    caller: Caller,
    list_id: int,
    changes: ListUpdate,
    *,
    now: datetime,
    transaction: Transaction,
) -> Row:
    fields = changes.model_dump(exclude_unset=True)
    neighbour = {name: fields.pop(name) for name in ("before_id", "after_id") if name in fields}
    if not neighbour:
        return await _update(conn, caller, list_id, fields, now=now)
    async with transaction() as unit:
        ((side, neighbour_id),) = neighbour.items()
        fields["position"] = await _key_next_to(unit, caller, list_id, side, neighbour_id, now=now)
        return await _update(unit, caller, list_id, fields, now=now)


async def _update(
    conn: Connection, caller: Caller, list_id: int, fields: dict[str, Any], *, now: datetime
) -> Row:
    row = await queries.update(conn, list_id, caller.user_id, caller.session_id, fields, now)
    if row is None:
        raise await _not_found(conn, caller, list_id, now=now)
    return row


async def _key_next_to(
    conn: Connection, caller: Caller, list_id: int, side: str, neighbour_id: int, *, now: datetime
) -> str:
    """A key between the neighbour named and the list on its other side (tasks.positions)."""
    alive, found = await queries.why_not_found(conn, list_id, caller.user_id, caller.session_id, now)
    if not (alive and found):
        raise ListNotFound() if alive else SessionExpired()
    key = await queries.key_of(conn, list_id, caller.user_id, neighbour_id)
    if key is None:
        raise UnknownList(side)
    below = side == "before_id"
    other = await queries.key_next_to(conn, list_id, caller.user_id, key, below=below)
    try:
        return positions.between(other, key) if below else positions.between(key, other)
    except ValueError:  # two lists with one key (set by hand): no key sorts between them
        raise Conflict("Two lists share this place; move one of them first") from None


async def delete_list(transaction: Transaction, caller: Caller, list_id: int, *, now: datetime) -> None:
    """The list and its tasks to the trash, all at `now` (restore_list undoes it)."""
    async with transaction() as unit:
        if not await queries.trash(unit, list_id, caller.user_id, caller.session_id, now):
            raise await _not_found(unit, caller, list_id, now=now)


async def restore_list(transaction: Transaction, caller: Caller, list_id: int, *, now: datetime) -> Row:
    """The list back from the trash with the tasks that went there with it."""
    async with transaction() as unit:
        if not await session_alive(unit, caller.user_id, caller.session_id, now):
            raise SessionExpired
        row = await queries.restore(unit, list_id, caller.user_id, now)
        if row is None:
            raise ListNotFound
        return row


async def _not_found(
    conn: Connection, caller: Caller, list_id: int, *, now: datetime
) -> SessionExpired | ListNotFound:
    alive, _ = await queries.why_not_found(conn, list_id, caller.user_id, caller.session_id, now)
    return ListNotFound() if alive else SessionExpired()


async def check_usable(conn: Connection, caller: Caller, list_id: int | None) -> None:
    """For a task statement that missed: UnknownList when it named a list the user cannot use."""
    if list_id is not None and not await queries.is_usable(conn, list_id, caller.user_id):
        raise UnknownList
