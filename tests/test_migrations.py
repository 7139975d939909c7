"""The migrations build exactly the schema tables.py describes, on both databases."""

import asyncio
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from tasktracker.db import sqlalchemy_url
from tasktracker.migrate import alembic_config
from tasktracker.tables import include_name, include_object_for, metadata


def schema_differences(database_url: str) -> list[Any]:
    def compare(connection: Connection) -> list[Any]:
        # As env.py compares: SQLite's FTS5 tables are not in the metadata, PostgreSQL's
        # tasks.search is not on SQLite (tests/tasks/test_search.py exercises both).
        opts = {
            "compare_type": True,
            "include_name": include_name,
            "include_object": include_object_for(connection.dialect.name),
        }
        context = MigrationContext.configure(connection, opts=opts)
        return list(compare_metadata(context, metadata))

    async def run() -> list[Any]:
        engine = create_async_engine(sqlalchemy_url(database_url))
        try:
            async with engine.connect() as connection:
                return await connection.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def test_migrations_match_the_models(database_url: str) -> None:
    differences = await asyncio.to_thread(schema_differences, database_url)
    assert differences == []


async def test_migrations_downgrade_to_nothing_and_back(database_url: str) -> None:
    config = alembic_config(database_url)
    await asyncio.to_thread(command.downgrade, config, "base")
    await asyncio.to_thread(command.upgrade, config, "head")
    assert await asyncio.to_thread(schema_differences, database_url) == []
