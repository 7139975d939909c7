"""reminders of recurring tasks: tasks.reminder_sent_at, and the reminder index over unsent ones

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 17:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Timestamp = sa.DateTime(timezone=True)
UNSENT = "remind_at IS NOT NULL AND reminder_sent_at IS NULL"
SET = "remind_at IS NOT NULL"


def upgrade() -> None:
    with op.batch_alter_table("tasks") as tasks:
        tasks.add_column(sa.Column("reminder_sent_at", Timestamp, nullable=True))
    op.drop_index("ix_tasks_remind_at_set", table_name="tasks")
    op.create_index(
        "ix_tasks_remind_at_unsent",
        "tasks",
        ["remind_at"],
        postgresql_where=sa.text(UNSENT),
        sqlite_where=sa.text(UNSENT),
    )


def downgrade() -> None:
    op.drop_index("ix_tasks_remind_at_unsent", table_name="tasks")
    op.create_index(
        "ix_tasks_remind_at_set",
        "tasks",
        ["remind_at"],
        postgresql_where=sa.text(SET),
        sqlite_where=sa.text(SET),
    )
    with op.batch_alter_table("tasks") as tasks:
        tasks.drop_column("reminder_sent_at")
