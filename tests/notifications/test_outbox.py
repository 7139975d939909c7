"""The transactional outbox on both databases: rows live and die with the caller's transaction,
claims make a job idempotent, the sweep republishes what is still unsent (with backoff, and not
at all while the broker is down), and old mail is purged."""

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import pytest

from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tasktracker.notifications import outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.schemas import WelcomePayload

from .conftest import add_user, outbox_row

T0 = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
CLAIM_FOR = timedelta(seconds=60)


class Broker:
    """Stands in for the publisher: records what is handed over, or fails like a broker that is down."""

    def __init__(self) -> None:
        self.published: list[int] = []
        self.down = False

    def __call__(self, outbox_ids: Sequence[int]) -> None:
        if self.down:
            raise ConnectionRefusedError("broker is down")
        self.published.extend(outbox_ids)


async def welcome_for(db: Database, email: str = "ada@example.com", now: datetime = T0) -> int:
    user_id = await add_user(db, email)
    async with db.transaction() as conn:
        return await outbox.enqueue(conn, MailKind.WELCOME, WelcomePayload(), user_id=user_id, now=now)


async def test_the_welcome_email_commits_with_the_registration(db: Database) -> None:
    outbox_id = await welcome_for(db)

    row = await outbox_row(db, outbox_id)
    assert (row["kind"], row["recipient"], row["status"], row["attempts"]) == (
        "welcome",
        "ada@example.com",
        "pending",
        0,
    )


async def test_the_welcome_email_rolls_back_with_the_registration(db: Database) -> None:
    async def register_then_fail() -> None:
        async with db.transaction() as conn:
            user_id = await conn.fetchval(
                "INSERT INTO users (email, password_hash, created_at) VALUES (:email, 'x', :at) RETURNING id",
                email="ada@example.com",
                at=T0,
            )
            await outbox.enqueue(conn, MailKind.WELCOME, WelcomePayload(), user_id=user_id, now=T0)
            raise RuntimeError("registration failed later")

    with pytest.raises(RuntimeError, match="registration failed later"):
        await register_then_fail()

    async with db.connection() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM email_outbox") == 0


async def test_a_claimed_email_is_not_claimed_again_until_its_claim_expires(db: Database) -> None:
    outbox_id = await welcome_for(db)

    first = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    assert first is not None
    assert (first.kind, first.recipient, first.attempts) == (MailKind.WELCOME, "ada@example.com", 1)
    assert (
        await outbox.claim_email(db, outbox_id, now=T0 + timedelta(seconds=59), claim_for=CLAIM_FOR) is None
    )
    # The first worker died mid-send: after the claim expires, the email is someone else's.
    again = await outbox.claim_email(db, outbox_id, now=T0 + timedelta(seconds=60), claim_for=CLAIM_FOR)
    assert again is not None and again.attempts == 2


async def test_a_sent_email_is_never_claimed_or_republished_again(db: Database) -> None:
    outbox_id = await welcome_for(db)
    assert await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR) is not None
    assert await outbox.mark_sent(db, outbox_id, now=T0)
    broker = Broker()

    later = T0 + timedelta(days=1)
    assert await outbox.claim_email(db, outbox_id, now=later, claim_for=CLAIM_FOR) is None
    assert await outbox.republish_due(db, now=later, settings=Settings(_env_file=None), publish=broker) == 0  # type: ignore[call-arg]
    row = await outbox_row(db, outbox_id)
    assert row["status"] == "sent"
    assert row["sent_at"] == T0


async def test_a_failed_email_is_neither_claimed_nor_republished(db: Database) -> None:
    outbox_id = await welcome_for(db)
    claim = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    assert claim is not None
    assert await outbox.mark_failed(db, claim, error="550 5.1.1 No such user")
    broker = Broker()

    later = T0 + timedelta(days=1)
    assert await outbox.claim_email(db, outbox_id, now=later, claim_for=CLAIM_FOR) is None
    assert await outbox.republish_due(db, now=later, settings=Settings(_env_file=None), publish=broker) == 0  # type: ignore[call-arg]
    assert (await outbox_row(db, outbox_id))["last_error"] == "550 5.1.1 No such user"


async def test_an_email_released_for_retry_is_claimed_again_and_counts_attempts(db: Database) -> None:
    outbox_id = await welcome_for(db)
    claim = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    assert claim is not None
    assert await outbox.release_for_retry(db, claim, due_at=T0 + timedelta(seconds=30), error="451 busy")

    retry = await outbox.claim_email(db, outbox_id, now=T0 + timedelta(seconds=30), claim_for=CLAIM_FOR)

    assert retry is not None and retry.attempts == 2


async def test_a_redelivered_job_waits_out_the_retry_backoff(db: Database) -> None:
    outbox_id = await welcome_for(db)
    claim = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    assert claim is not None
    retry_at = T0 + timedelta(seconds=30)
    assert await outbox.release_for_retry(db, claim, due_at=retry_at, error="451 busy")

    # A copy of the job (redelivered, or published twice) arriving before the retry is due.
    early = await outbox.claim_email(db, outbox_id, now=retry_at - timedelta(seconds=1), claim_for=CLAIM_FOR)

    assert early is None
    assert (await outbox_row(db, outbox_id))["status"] == "pending"


async def test_a_new_email_is_claimed_at_once_even_on_a_clock_behind_the_writers(db: Database) -> None:
    outbox_id = await welcome_for(db, now=T0)

    claim = await outbox.claim_email(db, outbox_id, now=T0 - timedelta(seconds=2), claim_for=CLAIM_FOR)

    assert claim is not None and claim.attempts == 1


async def test_a_worker_whose_claim_was_taken_over_cannot_release_or_fail_the_new_claim(
    db: Database,
) -> None:
    outbox_id = await welcome_for(db)
    first = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    # The first worker's SMTP exchange outlived its claim: a second worker claims the email.
    second = await outbox.claim_email(db, outbox_id, now=T0 + CLAIM_FOR, claim_for=CLAIM_FOR)
    assert first is not None and second is not None
    taken_over = await outbox_row(db, outbox_id)

    late = T0 + CLAIM_FOR + timedelta(seconds=1)
    assert not await outbox.release_for_retry(db, first, due_at=late, error="451 busy")
    assert not await outbox.mark_failed(db, first, error="550 5.1.1 No such user")

    assert await outbox_row(db, outbox_id) == taken_over
    assert await outbox.claim_email(db, outbox_id, now=late, claim_for=CLAIM_FOR) is None
    # The second worker's claim is intact: its own outcome is recorded.
    assert await outbox.release_for_retry(db, second, due_at=late, error="451 busy")
    assert (await outbox_row(db, outbox_id))["status"] == "pending"


async def test_a_claim_that_expired_unnoticed_is_still_the_workers(db: Database) -> None:
    outbox_id = await welcome_for(db)
    claim = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    assert claim is not None

    # Past the claim's expiry, but no other worker claimed the email meanwhile.
    assert await outbox.mark_failed(db, claim, error="550 5.1.1 No such user")
    assert (await outbox_row(db, outbox_id))["status"] == "failed"


async def test_a_late_delivery_is_recorded_and_keeps_the_new_claim_from_sending_again(
    db: Database,
) -> None:
    outbox_id = await welcome_for(db)
    first = await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR)
    second = await outbox.claim_email(db, outbox_id, now=T0 + CLAIM_FOR, claim_for=CLAIM_FOR)
    assert first is not None and second is not None
    retry_at = T0 + CLAIM_FOR + timedelta(seconds=30)
    assert await outbox.release_for_retry(db, second, due_at=retry_at, error="451 busy")

    # The server did accept the first worker's message, after its claim had expired.
    assert await outbox.mark_sent(db, outbox_id, now=retry_at - timedelta(seconds=1))

    assert await outbox.claim_email(db, outbox_id, now=retry_at, claim_for=CLAIM_FOR) is None
    assert (await outbox_row(db, outbox_id))["status"] == "sent"
    assert not await outbox.mark_sent(db, outbox_id, now=retry_at)


async def test_two_workers_claiming_at_once_get_it_once(db: Database, settings: Settings) -> None:
    outbox_id = await welcome_for(db)
    other = create_database(settings.resolved_database_url, pool_size=2)
    await other.connect()
    try:
        claims = await asyncio.gather(
            outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR),
            outbox.claim_email(other, outbox_id, now=T0, claim_for=CLAIM_FOR),
        )
    finally:
        await other.close()

    assert sorted(claim is not None for claim in claims) == [False, True]


async def test_the_sweep_republishes_unsent_rows_with_growing_intervals(db: Database) -> None:
    settings = Settings(_env_file=None, outbox_sweep_seconds=60)  # type: ignore[call-arg]
    interval = timedelta(seconds=60)
    outbox_id = await welcome_for(db)
    broker = Broker()

    async def sweep_at(offset: timedelta) -> list[int]:
        broker.published.clear()
        await outbox.republish_due(db, now=T0 + offset, settings=settings, publish=broker)
        return list(broker.published)

    # The publish right after the commit gets one interval before the sweep steps in.
    assert await sweep_at(interval - timedelta(seconds=1)) == []
    assert await sweep_at(interval) == [outbox_id]
    assert await sweep_at(2 * interval - timedelta(seconds=1)) == []
    assert await sweep_at(2 * interval) == [outbox_id]
    # Then it waits two intervals, then four: a long queue is not flooded with its own copies.
    assert await sweep_at(4 * interval - timedelta(seconds=1)) == []
    assert await sweep_at(4 * interval) == [outbox_id]
    assert await sweep_at(8 * interval - timedelta(seconds=1)) == []
    assert await sweep_at(8 * interval) == [outbox_id]


async def test_every_job_the_sweep_republishes_finds_the_row_due(db: Database) -> None:
    """Whatever left the row unsent (a worker that died holding the claim, a retry job that was
    lost), the job the sweep republishes can claim it the moment it arrives, however often the
    row was republished before."""
    settings = Settings(_env_file=None, outbox_sweep_seconds=60)  # type: ignore[call-arg]
    outbox_id = await welcome_for(db)
    broker = Broker()
    now = T0
    for republished in range(4):
        claim = await outbox.claim_email(db, outbox_id, now=now, claim_for=CLAIM_FOR)
        assert claim is not None, f"not claimable after {republished} republishes"
        if republished % 2:
            assert await outbox.release_for_retry(db, claim, due_at=now + timedelta(seconds=30), error="451")
        broker.published.clear()
        while not broker.published:
            now += timedelta(seconds=15)
            await outbox.republish_due(db, now=now, settings=settings, publish=broker)
        assert broker.published == [outbox_id]


async def test_the_sweep_keeps_rows_due_while_the_broker_is_down(db: Database) -> None:
    settings = Settings(_env_file=None, outbox_sweep_seconds=60)  # type: ignore[call-arg]
    outbox_id = await welcome_for(db)
    broker = Broker()
    broker.down = True

    with pytest.raises(ConnectionRefusedError):
        await outbox.republish_due(db, now=T0 + timedelta(minutes=1), settings=settings, publish=broker)
    broker.down = False
    # The next sweep, one interval later, finds the row due as if nothing had been tried.
    await outbox.republish_due(db, now=T0 + timedelta(minutes=2), settings=settings, publish=broker)

    assert broker.published == [outbox_id]
    assert (await outbox_row(db, outbox_id))["publish_count"] == 1


async def test_the_sweep_takes_over_claims_whose_worker_died(db: Database) -> None:
    settings = Settings(_env_file=None, outbox_sweep_seconds=60)  # type: ignore[call-arg]
    outbox_id = await welcome_for(db)
    assert await outbox.claim_email(db, outbox_id, now=T0, claim_for=CLAIM_FOR) is not None
    broker = Broker()

    await outbox.republish_due(db, now=T0 + timedelta(seconds=119), settings=settings, publish=broker)
    assert broker.published == []
    await outbox.republish_due(db, now=T0 + timedelta(seconds=120), settings=settings, publish=broker)
    assert broker.published == [outbox_id]


async def test_purge_deletes_old_sent_mail_and_digest_claims_only(db: Database) -> None:
    settings = Settings(_env_file=None, mail_retention_days=30)  # type: ignore[call-arg]
    old_sent = await welcome_for(db, "old@example.com", now=T0 - timedelta(days=31))
    assert await outbox.claim_email(db, old_sent, now=T0 - timedelta(days=31), claim_for=CLAIM_FOR)
    assert await outbox.mark_sent(db, old_sent, now=T0 - timedelta(days=31))
    old_pending = await welcome_for(db, "stuck@example.com", now=T0 - timedelta(days=31))
    recent = await welcome_for(db, "new@example.com", now=T0 - timedelta(days=1))
    user_id = await add_user(db, "digests@example.com")
    async with db.transaction() as conn:
        for day in (date(2026, 2, 1), date(2026, 3, 7)):
            await conn.execute(
                "INSERT INTO digests (user_id, local_date, created_at) VALUES (:user_id, :day, :at)",
                user_id=user_id,
                day=day,
                at=T0,
            )

    assert await outbox.purge_old_mail(db, now=T0, settings=settings) == 2

    async with db.connection() as conn:
        remaining = {row["id"] for row in await conn.fetch("SELECT id FROM email_outbox")}
        days = [row["local_date"] for row in await conn.fetch("SELECT local_date FROM digests")]
    assert remaining == {old_pending, recent}
    assert days == [date(2026, 3, 7)]
