"""accounts: user preferences (locale, digest on/off and hour), passwordless accounts, session
address and last use, linked OpenID Connect identities, personal access tokens

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 16:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.drop_index("ix_users_timezone_id", table_name="users")
    # Batch mode: SQLite rebuilds the table to drop NOT NULL; PostgreSQL alters it in place.
    with op.batch_alter_table("users") as users:
        users.alter_column("password_hash", existing_type=sa.String(length=255), nullable=True)
        users.add_column(sa.Column("locale", sa.String(length=8), server_default="en", nullable=False))
        users.add_column(sa.Column("digest_enabled", sa.Boolean(), server_default=sa.true(), nullable=False))
        users.add_column(sa.Column("digest_hour", sa.SmallInteger(), server_default="0", nullable=False))
    op.create_index("ix_users_timezone_digest_hour_id", "users", ["timezone", "digest_hour", "id"])

    with op.batch_alter_table("sessions") as sessions:
        sessions.add_column(sa.Column("ip", sa.String(length=45), nullable=True))
        sessions.add_column(sa.Column("last_seen_at", Timestamp, nullable=True))

    op.create_table(
        "user_identities",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("provider", sa.String(length=64), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_user_identities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_identities")),
        sa.UniqueConstraint("provider", "subject", name=op.f("uq_user_identities_provider_subject")),
    )
    op.create_index(op.f("ix_user_identities_user_id"), "user_identities", ["user_id"], unique=False)

    op.create_table(
        "personal_access_tokens",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=32), nullable=False),
        sa.Column("scopes", sa.String(length=128), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("expires_at", Timestamp, nullable=False),
        sa.Column("last_used_at", Timestamp, nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_personal_access_tokens_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_personal_access_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_personal_access_tokens_token_hash")),
    )
    op.create_index(
        op.f("ix_personal_access_tokens_user_id"), "personal_access_tokens", ["user_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_personal_access_tokens_user_id"), table_name="personal_access_tokens")
    op.drop_table("personal_access_tokens")
    op.drop_index(op.f("ix_user_identities_user_id"), table_name="user_identities")
    op.drop_table("user_identities")
    with op.batch_alter_table("sessions") as sessions:
        sessions.drop_column("last_seen_at")
        sessions.drop_column("ip")
    op.drop_index("ix_users_timezone_digest_hour_id", table_name="users")
    # Accounts without a password cannot survive NOT NULL: they get an unusable hash.
    op.execute("UPDATE users SET password_hash = '!' WHERE password_hash IS NULL")
    with op.batch_alter_table("users") as users:
        users.drop_column("digest_hour")
        users.drop_column("digest_enabled")
        users.drop_column("locale")
        users.alter_column("password_hash", existing_type=sa.String(length=255), nullable=False)
    op.create_index("ix_users_timezone_id", "users", ["timezone", "id"])
