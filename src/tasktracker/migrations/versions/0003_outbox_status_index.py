"""email outbox: a partial (status, created_at) index of the rows not sent

For /metrics (counts by status, the oldest unsent email) and `tasktracker outbox retry-failed`,
which would otherwise read the whole sent history on every scrape.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_email_outbox_status_created_at_not_sent"
NOT_SENT = "status IN ('pending', 'sending', 'failed')"


def _create_index(*, concurrently: bool) -> None:
    op.create_index(
        INDEX,
        "email_outbox",
        ["status", "created_at"],
        postgresql_where=sa.text(NOT_SENT),
        sqlite_where=sa.text(NOT_SENT),
        postgresql_concurrently=concurrently,
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Built without locking out the writes of a running app (registrations, the worker).
        with op.get_context().autocommit_block():
            _create_index(concurrently=True)
    else:
        _create_index(concurrently=False)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="email_outbox")
