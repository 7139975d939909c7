"""task search: on PostgreSQL a stored tsvector tasks.search (english, russian and simple
configurations over the title, the description and the checklist items' texts) and its GIN
index; on SQLite an FTS5 table tasks_search kept in step with tasks by triggers

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _vector(config: str) -> str:
    # Only the items' texts: the checklist's keys and ids are not words of the task.
    return (
        f"to_tsvector('{config}'::regconfig, (title::text || ' '::text) || description) || "
        f"jsonb_to_tsvector('{config}'::regconfig, "
        f"jsonb_path_query_array(checklist::jsonb, '$[*].\"text\"'::jsonpath), '[\"string\"]'::jsonb)"
    )


# Stems of both languages (the russian configuration stems Latin words with the English stemmer,
# english drops English stop words), and every word as written (simple), so that a prefix being
# typed ("runn") matches the word ("running") whose stem ("run") it no longer is a prefix of.
SEARCH_VECTOR = " || ".join(_vector(config) for config in ("english", "russian", "simple"))

# The FTS5 row of a task: its rowid is the task's id. Trashed tasks stay indexed; every task
# statement excludes them.
_SQLITE_ROW = (
    "{row}.title, {row}.description, "
    "(SELECT group_concat(json_extract(item.value, '$.text'), ' ') FROM json_each({row}.checklist) AS item)"
)
SQLITE_SCHEMA = (
    # No stemmer: FTS5 has none for Russian, and porter's stems break prefixes as they are
    # typed; queries match every word as a prefix instead (tasks.search).
    "CREATE VIRTUAL TABLE tasks_search USING fts5("
    "title, description, checklist, tokenize = 'unicode61 remove_diacritics 2')",
    "INSERT INTO tasks_search (rowid, title, description, checklist) "
    f"SELECT id, {_SQLITE_ROW.format(row='tasks')} FROM tasks",
    "CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks BEGIN "
    "INSERT INTO tasks_search (rowid, title, description, checklist) "
    f"VALUES (new.id, {_SQLITE_ROW.format(row='new')}); END",
    "CREATE TRIGGER tasks_search_update AFTER UPDATE OF title, description, checklist ON tasks BEGIN "
    f"UPDATE tasks_search SET (title, description, checklist) = (SELECT {_SQLITE_ROW.format(row='new')}) "
    "WHERE rowid = new.id; END",
    "CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks BEGIN "
    "DELETE FROM tasks_search WHERE rowid = old.id; END",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Stored, so a search matches each of the owner's rows without parsing its text again.
        op.add_column("tasks", sa.Column("search", TSVECTOR(), sa.Computed(SEARCH_VECTOR, persisted=True)))
        op.create_index("ix_tasks_search", "tasks", ["search"], postgresql_using="gin")
        return
    for statement in SQLITE_SCHEMA:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_tasks_search", table_name="tasks")
        op.drop_column("tasks", "search")
        return
    for trigger in ("tasks_search_delete", "tasks_search_update", "tasks_search_insert"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE tasks_search")
