"""email outbox, digest claims, users (timezone, id) index for the digest tick

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 18:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime(timezone=True)
UNSENT = "status IN ('pending', 'sending')"


def upgrade() -> None:
    op.create_table(
        "email_outbox",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("publish_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("available_at", Timestamp, nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("sent_at", Timestamp, nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_email_outbox_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_email_outbox")),
    )
    op.create_index(op.f("ix_email_outbox_user_id"), "email_outbox", ["user_id"])
    op.create_index(op.f("ix_email_outbox_created_at"), "email_outbox", ["created_at"])
    op.create_index(
        "ix_email_outbox_available_at_unsent",
        "email_outbox",
        ["available_at"],
        postgresql_where=sa.text(UNSENT),
        sqlite_where=sa.text(UNSENT),
    )
    op.create_table(
        "digests",
        sa.Column("user_id", Id, nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digests_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "local_date", name=op.f("pk_digests")),
    )
    op.create_index("ix_users_timezone_id", "users", ["timezone", "id"])


def downgrade() -> None:
    op.drop_index("ix_users_timezone_id", table_name="users")
    op.drop_table("digests")
    op.drop_table("email_outbox")
