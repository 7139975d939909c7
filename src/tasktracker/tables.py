"""The schema as SQLAlchemy metadata: the source Alembic migrations are generated from and
checked against. Queries do not go through it; they are plain SQL in each domain's queries.py."""

from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
    }
)

# SQLite only autoincrements a column declared exactly INTEGER PRIMARY KEY.
Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Timestamp = sa.DateTime(timezone=True)
# Positions (tasks.positions) compare byte by byte, whatever the database's locale.
Position = sa.String(64).with_variant(sa.String(64, collation="C"), "postgresql")

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    # Stored lower-cased, so the unique constraint makes email case-insensitive.
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    # NULL for an account created by an external provider until it sets one (password reset).
    sa.Column("password_hash", sa.String(255), nullable=True),
    sa.Column("timezone", sa.String(64), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    # The language of the user's emails: "en" or "ru".
    sa.Column("locale", sa.String(8), nullable=False, server_default="en"),
    sa.Column("digest_enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
    # The local hour (0-23) the nightly digest arrives at; 0 is midnight, as the spec says.
    sa.Column("digest_hour", sa.SmallInteger(), nullable=False, server_default="0"),
    # The SHA-256 of the secret in the user's calendar feed URL; NULL until they ask for one.
    sa.Column("calendar_token_hash", sa.String(64), nullable=True, unique=True),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("user_agent", sa.String(512), nullable=True),
    # The client address the session was started or last refreshed from.
    sa.Column("ip", sa.String(45), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("revoked_at", Timestamp, nullable=True),
    # Updated on login and on each refresh (every access token's lifetime), not on every request.
    sa.Column("last_seen_at", Timestamp, nullable=True),
)

# Accounts at external OpenID Connect providers linked to a user: (provider, subject) is the
# provider's stable id for the person; the email is what the provider said when linked.
user_identities = sa.Table(
    "user_identities",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("provider", sa.String(64), nullable=False),
    sa.Column("subject", sa.String(255), nullable=False),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.UniqueConstraint("provider", "subject"),
)

# Personal access tokens for scripts: only the SHA-256 of each secret is kept; `prefix` is the
# secret's visible start, shown in the list so the user can tell tokens apart.
personal_access_tokens = sa.Table(
    "personal_access_tokens",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(32), nullable=False),
    # Space-separated, e.g. "tasks:read tasks:write".
    sa.Column("scopes", sa.String(128), nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False),
    sa.Column("last_used_at", Timestamp, nullable=True),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    # SHA-256 of the token, hex: the token itself is never stored.
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column(
        "session_id",
        sa.String(32),
        sa.ForeignKey("sessions.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("rotated_at", Timestamp, nullable=True),
)

# Password reset links: only the SHA-256 of each token is kept, used once, valid 30 minutes.
password_reset_tokens = sa.Table(
    "password_reset_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("expires_at", Timestamp, nullable=False, index=True),
    sa.Column("used_at", Timestamp, nullable=True),
)

# The user's own lists; the Inbox is no row (a task's list_id NULL). Deleted ones wait in the
# trash with their tasks (deleted_at) until restored or purged.
lists = sa.Table(
    "lists",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("owner_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("color", sa.String(16), nullable=True),
    sa.Column("position", Position, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("deleted_at", Timestamp, nullable=True),
)


tasks = sa.Table(
    "tasks",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("owner_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text(), nullable=False, server_default=""),
    sa.Column("done", sa.Boolean(), nullable=False, server_default=sa.false()),
    sa.Column("done_at", Timestamp, nullable=True),
    sa.Column("created_at", Timestamp, nullable=False),
    sa.Column("updated_at", Timestamp, nullable=False),
    sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
    # A date in the owner's timezone, so a task due "Friday" stays due on Friday wherever they are;
    # with a time ("HH:MM", local too) it is an instant, which a timezone change keeps.
    sa.Column("due_date", sa.Date(), nullable=True),
    sa.Column("due_time", sa.String(5), nullable=True),
    # JSON text, `[{"id", "text", "done"}]`, written whole by each change (the app validates it).
    sa.Column("checklist", sa.Text(), nullable=False, server_default="[]"),
    # An RFC 5545 RRULE value (FREQ=WEEKLY;BYDAY=MO,TH); the schedule's dates follow due_date.
    sa.Column("recurrence", sa.String(255), nullable=True),
    # When the reminder email is due; cleared once it is enqueued (at most one email each).
    sa.Column("remind_at", Timestamp, nullable=True),
    # A recurring task keeps its remind_at once the reminder is sent, so that completing or
    # skipping the occurrence moves it to the next one; this marks it sent until then.
    sa.Column("reminder_sent_at", Timestamp, nullable=True),
    # NULL: the Inbox. A list purged for good leaves its (restored) tasks in the Inbox.
    sa.Column("list_id", Id, sa.ForeignKey("lists.id", ondelete="SET NULL"), nullable=True, index=True),
    # The user's order of the open tasks of a list (tasks.positions); a row inserted without
    # one (by hand, by a script) sorts after every key the app makes.
    sa.Column("position", Position, nullable=False, server_default="z"),
    # Set while the task is in the trash: it is then in no list, search, digest or reminder.
    sa.Column("deleted_at", Timestamp, nullable=True),
    # PostgreSQL only (migrations 0012-0014; SQLite searches its FTS5 table tasks_search): the
    # words of the title, description and checklist items, stemmed (the russian configuration:
    # Russian and English stems) and as written (simple), as tasktracker_search_vector reads
    # them. NULL is stale: a new task's, and the trigger tasktracker_task_search_stale clears it
    # when one of those three changes (never on other writes); the job tasks.refresh_search
    # fills it.
    sa.Column("search", TSVECTOR(), nullable=True, info={"dialect": "postgresql"}),
    # PostgreSQL only: the rows with a word searched for (tasks.queries, LIST_FILTERS["q"]).
    sa.Index("ix_tasks_search", "search", postgresql_using="gin", info={"dialect": "postgresql"}),
    # PostgreSQL only: the stale ones, by owner (a search reads their text; the job fills them).
    sa.Index(
        "ix_tasks_search_stale",
        "owner_id",
        postgresql_where=sa.text("search IS NULL"),
        info={"dialect": "postgresql"},
    ),
    # Serves the owner's list (owner, done) and the digest's "done in this day" range scan.
    sa.Index("ix_tasks_owner_id_done_done_at", "owner_id", "done", "done_at"),
    # Partial: beat's reminder tick finds the due reminders among the few unsent ones, never
    # scanning tasks.
    sa.Index(
        "ix_tasks_remind_at_unsent",
        "remind_at",
        postgresql_where=sa.text("remind_at IS NOT NULL AND reminder_sent_at IS NULL"),
        sqlite_where=sa.text("remind_at IS NOT NULL AND reminder_sent_at IS NULL"),
    ),
    # Partial: the nightly purge finds what has been in the trash too long.
    sa.Index(
        "ix_tasks_deleted_at",
        "deleted_at",
        postgresql_where=sa.text("deleted_at IS NOT NULL"),
        sqlite_where=sa.text("deleted_at IS NOT NULL"),
    ),
)

# The done occurrences of recurring tasks: completing one records its date here and moves the
# task to its next date, so the digest's "done today" counts it and the history stays.
task_occurrences = sa.Table(
    "task_occurrences",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("task_id", Id, sa.ForeignKey("tasks.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("owner_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    # The occurrence's local date (the task's due_date when it was completed).
    sa.Column("due_date", sa.Date(), nullable=False),
    sa.Column("done_at", Timestamp, nullable=False),
    # The digest's "done in this day" range scan, per owner.
    sa.Index("ix_task_occurrences_owner_id_done_at", "owner_id", "done_at"),
)

# Transactional outbox for every email: rows are written in the transaction that decides to send
# (registration, the digest tick), published after commit, republished by the sweep while not
# sent, and claimed by the worker so that a redelivered job never sends twice.
email_outbox = sa.Table(
    "email_outbox",
    metadata,
    sa.Column("id", Id, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("recipient", sa.String(320), nullable=False),
    # JSON: what the template needs, snapshotted when the email was decided.
    sa.Column("payload", sa.Text(), nullable=False),
    # pending → sending (claimed by a worker) → sent | failed; sending falls back to pending.
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
    sa.Column("publish_count", sa.Integer(), nullable=False, server_default="0"),
    # When the row was last handed to the broker or became due again (claim expiry, retry);
    # the sweep republishes rows still unsent OUTBOX_SWEEP_SECONDS after it.
    sa.Column("available_at", Timestamp, nullable=False),
    sa.Column("created_at", Timestamp, nullable=False, index=True),
    sa.Column("sent_at", Timestamp, nullable=True),
    sa.Column("last_error", sa.String(500), nullable=True),
    # Partial: only the few unsent rows are indexed for the sweep, not the sent history.
    sa.Index(
        "ix_email_outbox_available_at_unsent",
        "available_at",
        postgresql_where=sa.text("status IN ('pending', 'sending')"),
        sqlite_where=sa.text("status IN ('pending', 'sending')"),
    ),
    # The rows not sent, by status and age: /metrics and `tasktracker outbox retry-failed`.
    sa.Index(
        "ix_email_outbox_status_created_at_not_sent",
        "status",
        "created_at",
        postgresql_where=sa.text("status IN ('pending', 'sending', 'failed')"),
        sqlite_where=sa.text("status IN ('pending', 'sending', 'failed')"),
    ),
)

# One row per user and local date the digest was decided for (sent or nothing to say): the
# primary key is the claim that keeps a second tick, a second beat or a retry from sending again.
digests = sa.Table(
    "digests",
    metadata,
    sa.Column("user_id", Id, sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("local_date", sa.Date(), primary_key=True),
    sa.Column("created_at", Timestamp, nullable=False),
)

# The digest tick walks the users of one timezone and digest hour at a time, in id order.
sa.Index("ix_users_timezone_digest_hour_id", users.c.timezone, users.c.digest_hour, users.c.id)


# SQLite's FTS5 table and the shadow tables FTS5 keeps for it (migration 0011), kept in step with
# tasks by triggers. SQLAlchemy cannot describe a virtual table, so the comparison of this
# metadata with a database leaves them out. A later migration that rebuilds tasks in SQLite's
# batch mode drops the triggers with the old table and must create them again.
SQLITE_SEARCH_TABLES = ("tasks_search",)


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic's include_name: what a comparison with the database reflects."""
    return not (type_ == "table" and name is not None and name.startswith(SQLITE_SEARCH_TABLES))


def include_object_for(dialect: str) -> Any:
    """Alembic's include_object for `dialect`: the objects of this metadata that exist there
    (a column marked with info["dialect"] exists only on that database)."""

    def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        return reflected or obj.info.get("dialect", dialect) == dialect

    return include_object
