"""leaner writes on PostgreSQL: tasks.search kept by a trigger that recomputes it only when the
title, description or checklist changed (a generated column is recomputed on every UPDATE, a
done toggle, a move or a reminder mark included), in the russian and simple configurations
(english is dropped: russian already stems Latin words with the English stemmer and its stop
words); on SQLite the FTS5 update trigger likewise skips a write that sets the same text

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 23:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _vector(row: str, configs: tuple[str, ...]) -> str:
    # Only the items' texts: the checklist's keys and ids are not words of the task.
    return " || ".join(
        f"to_tsvector('{config}'::regconfig, ({row}title::text || ' '::text) || {row}description) || "
        f"jsonb_to_tsvector('{config}'::regconfig, "
        f"jsonb_path_query_array({row}checklist::jsonb, '$[*].\"text\"'::jsonpath), '[\"string\"]'::jsonb)"
        for config in configs
    )


CONFIGS = ("russian", "simple")
# 0012's expression, for the downgrade.
GENERATED_0012 = _vector("", ("english", "russian", "simple"))

FUNCTION = f"""
CREATE FUNCTION tasktracker_task_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR NEW.title IS DISTINCT FROM OLD.title
     OR NEW.description IS DISTINCT FROM OLD.description
     OR NEW.checklist IS DISTINCT FROM OLD.checklist THEN
    NEW.search := {_vector("NEW.", CONFIGS)};
  END IF;
  RETURN NEW;
END
$$
"""


_SQLITE_ROW = (
    "new.title, new.description, "
    "(SELECT group_concat(json_extract(item.value, '$.text'), ' ') FROM json_each(new.checklist) AS item)"
)


def _sqlite_update_trigger(when: str) -> str:
    return (
        f"CREATE TRIGGER tasks_search_update AFTER UPDATE OF title, description, checklist ON tasks {when}"
        f"BEGIN UPDATE tasks_search SET (title, description, checklist) = (SELECT {_SQLITE_ROW}) "
        "WHERE rowid = new.id; END"
    )


SQLITE_CHANGED = (
    "WHEN new.title IS NOT old.title OR new.description IS NOT old.description "
    "OR new.checklist IS NOT old.checklist "
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER tasks_search_update")
        op.execute(_sqlite_update_trigger(SQLITE_CHANGED))
        return
    op.execute("ALTER TABLE tasks ALTER COLUMN search DROP EXPRESSION")
    op.execute(FUNCTION)
    # UPDATE OF: a statement that sets none of the three columns does not call the function.
    op.execute(
        "CREATE TRIGGER tasktracker_task_search BEFORE INSERT OR UPDATE OF title, description, checklist "
        "ON tasks FOR EACH ROW EXECUTE FUNCTION tasktracker_task_search()"
    )
    # Every vector in the two configurations; versions stay, so no change is announced.
    op.execute(f"UPDATE tasks SET search = {_vector('', CONFIGS)}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TRIGGER tasks_search_update")
        op.execute(_sqlite_update_trigger(""))
        return
    op.execute("DROP TRIGGER tasktracker_task_search ON tasks")
    op.execute("DROP FUNCTION tasktracker_task_search()")
    op.drop_index("ix_tasks_search", table_name="tasks")
    op.drop_column("tasks", "search")
    op.add_column("tasks", sa.Column("search", TSVECTOR(), sa.Computed(GENERATED_0012, persisted=True)))
    op.create_index("ix_tasks_search", "tasks", ["search"], postgresql_using="gin")
