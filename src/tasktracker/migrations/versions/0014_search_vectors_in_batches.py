"""leaner writes on PostgreSQL: a new task, and a write that changes a task's title,
description or checklist, only leave its stored words stale (tasks.search NULL), and the job
tasks.refresh_search fills them in batches; a search reads a stale task's words from its text
(tasktracker_search_vector), so it finds every change at once. Stemming on every autosave cost
PostgreSQL a sixth of the PATCH's CPU (docs/performance.md). SQLite's FTS5 triggers are unchanged.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 14:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONFIGS = ("russian", "simple")


def _vector(row: str) -> str:
    """0013's expression: the words of the title, description and checklist items' texts."""
    return " || ".join(
        f"to_tsvector('{config}'::regconfig, ({row}title::text || ' '::text) || {row}description) || "
        f"jsonb_to_tsvector('{config}'::regconfig, "
        f"jsonb_path_query_array({row}checklist::jsonb, '$[*].\"text\"'::jsonpath), '[\"string\"]'::jsonb)"
        for config in CONFIGS
    )


# Immutable (each step is, with its configuration named): the planner may inline it.
VECTOR_FUNCTION = f"""
CREATE FUNCTION tasktracker_search_vector(title text, description text, checklist text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT {_vector("")} $$
"""


# 0013's trigger function, for the downgrade: it sets the words on every insert and text change.
SEARCH_FUNCTION_0013 = f"""
CREATE FUNCTION tasktracker_task_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT'
     OR NEW.title IS DISTINCT FROM OLD.title
     OR NEW.description IS DISTINCT FROM OLD.description
     OR NEW.checklist IS DISTINCT FROM OLD.checklist THEN
    NEW.search := {_vector("NEW.")};
  END IF;
  RETURN NEW;
END
$$
"""


STALE_FUNCTION = """
CREATE FUNCTION tasktracker_task_search_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := NULL;
  RETURN NEW;
END
$$
"""
# The condition is the server's, not the function's: a write to a task already stale (every
# autosave after the first) or that sets the same text calls no function at all. A new task has
# no words (NULL) until the job stores them.
STALE_TRIGGER = (
    "CREATE TRIGGER tasktracker_task_search_stale BEFORE UPDATE OF title, description, checklist "
    "ON tasks FOR EACH ROW WHEN (NEW.search IS NOT NULL AND (NEW.title IS DISTINCT FROM OLD.title "
    "OR NEW.description IS DISTINCT FROM OLD.description OR NEW.checklist IS DISTINCT FROM OLD.checklist)) "
    "EXECUTE FUNCTION tasktracker_task_search_stale()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(VECTOR_FUNCTION)
    op.execute("DROP TRIGGER tasktracker_task_search ON tasks")
    op.execute("DROP FUNCTION tasktracker_task_search()")
    op.execute(STALE_FUNCTION)
    op.execute(STALE_TRIGGER)
    # The stale tasks, by owner: a search's own, and the refresh job's.
    op.execute("CREATE INDEX ix_tasks_search_stale ON tasks (owner_id) WHERE search IS NULL")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER tasktracker_task_search_stale ON tasks")
    op.execute("DROP FUNCTION tasktracker_task_search_stale()")
    op.execute(SEARCH_FUNCTION_0013)
    op.execute(
        "CREATE TRIGGER tasktracker_task_search BEFORE INSERT OR UPDATE OF title, description, checklist "
        "ON tasks FOR EACH ROW EXECUTE FUNCTION tasktracker_task_search()"
    )
    op.execute(f"UPDATE tasks SET search = {_vector('')} WHERE search IS NULL")
    op.execute("DROP INDEX ix_tasks_search_stale")
    op.execute("DROP FUNCTION tasktracker_search_vector(text, text, text)")
