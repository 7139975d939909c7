"""Direct database access for the account tests: rows other helpers' routes write (identities,
access tokens), and looks at what the API wrote."""

from typing import Any

from fastapi import FastAPI

from tasktracker.db import Database, Row


def database(app: FastAPI) -> Database:
    db: Database = app.state.database
    return db


async def fetch(app: FastAPI, sql: str, **params: Any) -> list[Row]:
    async with database(app).connection() as conn:
        return list(await conn.fetch(sql, **params))


async def execute(app: FastAPI, sql: str, **params: Any) -> int:
    async with database(app).transaction() as conn:
        return await conn.execute(sql, **params)
