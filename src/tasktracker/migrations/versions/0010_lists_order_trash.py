"""lists, manual order, trash and the calendar feed: the lists table, tasks.list_id, tasks.position
(backfilled in creation order), tasks.deleted_at and users.calendar_token_hash

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 19:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime(timezone=True)
# Positions compare byte by byte (tasks.positions), whatever the database's locale.
Position = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")
TRASHED = "deleted_at IS NOT NULL"
# Existing tasks keep their creation (id) order, ahead of every key tasks.positions.end_key
# makes now: "0" then the id in 19 decimal digits (valid position digits), and the middle digit.
BACKFILL = {
    "postgresql": "UPDATE tasks SET position = '0' || lpad(id::text, 19, '0') || 'i'",
    "sqlite": "UPDATE tasks SET position = printf('0%019di', id)",
}


def upgrade() -> None:
    op.create_table(
        "lists",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("owner_id", Id, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("color", sa.String(length=16), nullable=True),
        sa.Column("position", Position, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("deleted_at", Timestamp, nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_lists_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lists")),
    )
    op.create_index(op.f("ix_lists_owner_id"), "lists", ["owner_id"], unique=False)
    with op.batch_alter_table("tasks") as tasks:
        tasks.add_column(sa.Column("list_id", Id, nullable=True))
        tasks.add_column(sa.Column("position", Position, nullable=True))
        tasks.add_column(sa.Column("deleted_at", Timestamp, nullable=True))
        tasks.create_foreign_key(
            op.f("fk_tasks_list_id_lists"), "lists", ["list_id"], ["id"], ondelete="SET NULL"
        )
    op.execute(BACKFILL[op.get_bind().dialect.name])
    with op.batch_alter_table("tasks") as tasks:
        tasks.alter_column("position", existing_type=Position, nullable=False, server_default="z")
    op.create_index(op.f("ix_tasks_list_id"), "tasks", ["list_id"], unique=False)
    op.create_index(
        "ix_tasks_deleted_at",
        "tasks",
        ["deleted_at"],
        postgresql_where=sa.text(TRASHED),
        sqlite_where=sa.text(TRASHED),
    )
    with op.batch_alter_table("users") as users:
        users.add_column(sa.Column("calendar_token_hash", sa.String(length=64), nullable=True))
        users.create_unique_constraint(op.f("uq_users_calendar_token_hash"), ["calendar_token_hash"])


def downgrade() -> None:
    with op.batch_alter_table("users") as users:
        users.drop_constraint(op.f("uq_users_calendar_token_hash"), type_="unique")
        users.drop_column("calendar_token_hash")
    op.drop_index("ix_tasks_deleted_at", table_name="tasks")
    op.drop_index(op.f("ix_tasks_list_id"), table_name="tasks")
    with op.batch_alter_table("tasks") as tasks:
        tasks.drop_constraint(op.f("fk_tasks_list_id_lists"), type_="foreignkey")
        tasks.drop_column("deleted_at")
        tasks.drop_column("position")
        tasks.drop_column("list_id")
    op.drop_index(op.f("ix_lists_owner_id"), table_name="lists")
    op.drop_table("lists")
