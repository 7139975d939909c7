"""task due dates: a local date and an optional local time

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 16:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("tasks") as tasks:
        tasks.add_column(sa.Column("due_date", sa.Date(), nullable=True))
        tasks.add_column(sa.Column("due_time", sa.String(length=5), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("tasks") as tasks:
        tasks.drop_column("due_time")
        tasks.drop_column("due_date")
