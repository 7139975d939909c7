"""recurring tasks and reminders: tasks.recurrence and tasks.remind_at (indexed where set), and
the done occurrences of recurring tasks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 16:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("tasks") as tasks:
        tasks.add_column(sa.Column("recurrence", sa.String(length=255), nullable=True))
        tasks.add_column(sa.Column("remind_at", Timestamp, nullable=True))
    op.create_index(
        "ix_tasks_remind_at_set",
        "tasks",
        ["remind_at"],
        postgresql_where=sa.text("remind_at IS NOT NULL"),
        sqlite_where=sa.text("remind_at IS NOT NULL"),
    )
    op.create_table(
        "task_occurrences",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("task_id", Id, nullable=False),
        sa.Column("owner_id", Id, nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_occurrences_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_task_occurrences_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_occurrences")),
    )
    op.create_index(op.f("ix_task_occurrences_task_id"), "task_occurrences", ["task_id"], unique=False)
    op.create_index("ix_task_occurrences_owner_id_done_at", "task_occurrences", ["owner_id", "done_at"])


def downgrade() -> None:
    op.drop_index("ix_task_occurrences_owner_id_done_at", table_name="task_occurrences")
    op.drop_index(op.f("ix_task_occurrences_task_id"), table_name="task_occurrences")
    op.drop_table("task_occurrences")
    op.drop_index("ix_tasks_remind_at_set", table_name="tasks")
    with op.batch_alter_table("tasks") as tasks:
        tasks.drop_column("remind_at")
        tasks.drop_column("recurrence")
