"""change notifications on PostgreSQL: statement-level triggers on tasks and lists send one
NOTIFY per owner and statement on the channel tasktracker_changes (GET /events); nothing on
SQLite, whose dev broadcaster looks at updated_at instead

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 19:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The payload: {"owner_id", "kind": "task"|"list", "items": [{"id", "version"}] or null when a
# statement changed more than 100 of the owner's rows (the client then reloads everything)}.
# NOTIFY is sent at commit, and only if the transaction commits: only committed changes are told.
# A task counts as changed when its version moved (a reminder marked sent is not a change the
# user sees); a list on every UPDATE.
FUNCTION = """
CREATE FUNCTION tasktracker_notify_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  owner record;
BEGIN
  FOR owner IN
    SELECT changed.owner_id, count(*) AS n,
           json_agg(json_build_object('id', changed.id, 'version', changed.version)) AS items
    FROM (
      SELECT c.owner_id, c.id, c.version FROM changed_rows c
    ) changed
    GROUP BY changed.owner_id
  LOOP
    PERFORM pg_notify('tasktracker_changes', json_build_object(
      'owner_id', owner.owner_id,
      'kind', TG_ARGV[0],
      'items', CASE WHEN owner.n > 100 THEN NULL ELSE owner.items END
    )::text);
  END LOOP;
  RETURN NULL;
END
$$
"""

# Each trigger gives the function its rows as `changed_rows` (a transition table), with a
# version column (NULL for lists, which have none).
TRIGGERS = {
    "tasks": {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "UPDATE": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
    },
    "lists": {
        "INSERT": "REFERENCING NEW TABLE AS new_rows",
        "UPDATE": "REFERENCING NEW TABLE AS new_rows",
        "DELETE": "REFERENCING OLD TABLE AS old_rows",
    },
}


def _function(table: str, event: str) -> str:
    """A function per table and event: plpgsql names transition tables statically."""
    if table == "tasks" and event == "UPDATE":
        rows = (
            "SELECT n.owner_id, n.id, n.version FROM new_rows n JOIN old_rows o ON o.id = n.id "
            "WHERE n.version IS DISTINCT FROM o.version"
        )
    else:
        source = "old_rows" if event == "DELETE" else "new_rows"
        version = "version" if table == "tasks" else "NULL::integer"
        rows = f"SELECT owner_id, id, {version} AS version FROM {source}"
    return FUNCTION.replace(
        "tasktracker_notify_changes()", f"tasktracker_notify_{table}_{event.lower()}()"
    ).replace("SELECT c.owner_id, c.id, c.version FROM changed_rows c", rows)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, events in TRIGGERS.items():
        kind = table.removesuffix("s")
        for event, referencing in events.items():
            name = f"tasktracker_notify_{table}_{event.lower()}"
            op.execute(_function(table, event))
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}('{kind}')"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, events in TRIGGERS.items():
        for event in events:
            name = f"tasktracker_notify_{table}_{event.lower()}"
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
