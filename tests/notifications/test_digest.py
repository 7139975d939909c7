"""The nightly digest on both databases, with frozen time: each user's own midnight (three zones
and the default, one of them changing to summer time that day), contents and caps, the nothing
case, and at most one digest per user and local date however often the tick runs."""

import asyncio
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

import time_machine

from tasktracker.config import Settings
from tasktracker.db import Database, create_database
from tasktracker.notifications import digest, outbox
from tasktracker.notifications.kinds import MailKind
from tasktracker.notifications.messages import build_message
from tasktracker.notifications.schemas import DigestPayload, DigestSection
from tasktracker.unsubscribe.service import unsubscribe_links

from .conftest import add_task, add_user

# 2026-03-08 is the day New York moves its clocks forward: that local day lasts 23 hours, from
# 05:00Z (midnight EST) to 04:00Z on the 9th (midnight EDT).
DAY = date(2026, 3, 8)
NY_DAY_START = datetime(2026, 3, 8, 5, 0, tzinfo=UTC)
NY_MIDNIGHT = datetime(2026, 3, 9, 4, 0, tzinfo=UTC)
TOKYO_MIDNIGHT = datetime(2026, 3, 8, 15, 0, tzinfo=UTC)
KOLKATA_MIDNIGHT = datetime(2026, 3, 8, 18, 30, tzinfo=UTC)
UTC_MIDNIGHT = datetime(2026, 3, 9, 0, 0, tzinfo=UTC)


class Broker:
    def __init__(self) -> None:
        self.published: list[int] = []

    def __call__(self, outbox_ids: Sequence[int]) -> None:
        self.published.extend(outbox_ids)


def digest_settings(**changes: object) -> Settings:
    return Settings(_env_file=None, digest_batch_size=2, **changes)  # type: ignore[call-arg, arg-type]


async def tick_at(db: Database, moment: datetime, settings: Settings | None = None) -> list[int]:
    """Run the tick with the clock frozen at `moment`; the outbox ids it published."""
    broker = Broker()
    with time_machine.travel(moment, tick=False):
        report = await digest.run_digest_tick(
            db, now=datetime.now(UTC), settings=settings or digest_settings(), publish=broker
        )
    assert report.emails_enqueued == len(broker.published)
    return broker.published


async def digests_by_recipient(db: Database, outbox_ids: Sequence[int]) -> dict[str, outbox.ClaimedEmail]:
    emails = {}
    for outbox_id in outbox_ids:
        email = await outbox.claim_email(db, outbox_id, now=UTC_MIDNIGHT, claim_for=timedelta(minutes=1))
        assert email is not None and email.kind is MailKind.DIGEST
        emails[email.recipient] = email
    return emails


async def test_each_user_gets_the_day_that_ended_at_their_own_midnight(db: Database) -> None:
    tokyo = await add_user(db, "tokyo@example.com", timezone="Asia/Tokyo")
    kolkata = await add_user(db, "kolkata@example.com", timezone="Asia/Kolkata")
    new_york = await add_user(db, "ny@example.com", timezone="America/New_York")
    default = await add_user(db, "default@example.com")
    for user in (tokyo, kolkata, new_york, default):
        await add_task(db, user, "Still open")

    # Just before Tokyo's midnight nobody is due; at it, only Tokyo is.
    assert await tick_at(db, TOKYO_MIDNIGHT - timedelta(seconds=1)) == []
    assert set(await digests_by_recipient(db, await tick_at(db, TOKYO_MIDNIGHT))) == {"tokyo@example.com"}
    assert set(await digests_by_recipient(db, await tick_at(db, KOLKATA_MIDNIGHT))) == {"kolkata@example.com"}
    assert set(await digests_by_recipient(db, await tick_at(db, UTC_MIDNIGHT))) == {"default@example.com"}
    # New York at 23:45 EDT is not done with its day; at midnight EDT it is.
    assert await tick_at(db, NY_MIDNIGHT - timedelta(minutes=15)) == []
    ny = await digests_by_recipient(db, await tick_at(db, NY_MIDNIGHT))
    assert set(ny) == {"ny@example.com"}
    assert ny["ny@example.com"].payload["local_date"] == "2026-03-08"
    # 05:00Z would have been midnight without the clock change: nothing is sent twice.
    assert await tick_at(db, NY_MIDNIGHT + timedelta(hours=1)) == []


async def test_the_day_boundaries_follow_the_summer_time_change(db: Database) -> None:
    user = await add_user(db, "ny@example.com", timezone="America/New_York")
    # 23:30 EST on the 7th: the day before.
    await add_task(db, user, "Done the evening before", done_at=NY_DAY_START - timedelta(minutes=30))
    # 00:30 EST on the 8th and 23:30 EDT on the 8th: both inside the 23-hour day.
    await add_task(db, user, "Done after midnight EST", done_at=NY_DAY_START + timedelta(minutes=30))
    await add_task(db, user, "Done before midnight EDT", done_at=NY_MIDNIGHT - timedelta(minutes=30))
    # 00:10 EDT on the 9th: still open when the day ended.
    await add_task(db, user, "Done just after midnight", done_at=NY_MIDNIGHT + timedelta(minutes=10))
    # Created after the day ended: not part of it.
    await add_task(db, user, "Created after midnight", created_at=NY_MIDNIGHT + timedelta(minutes=5))

    (outbox_id,) = await tick_at(db, NY_MIDNIGHT + timedelta(minutes=15))

    content = DigestPayload.model_validate(
        (await digests_by_recipient(db, [outbox_id]))["ny@example.com"].payload
    )
    assert content.local_date == DAY
    assert content.completed == DigestSection(
        count=2, titles=("Done after midnight EST", "Done before midnight EDT")
    )
    assert content.open == DigestSection(count=1, titles=("Done just after midnight",))


async def test_digest_contents_counts_caps_and_sections(db: Database) -> None:
    both = await add_user(db, "both@example.com")
    for number in range(1, 8):
        await add_task(db, both, f"Open {number}", created_at=datetime(2026, 3, 1, number, tzinfo=UTC))
    for number in (2, 1):
        await add_task(db, both, f"Finished {number}", done_at=datetime(2026, 3, 8, 10 + number, tzinfo=UTC))
    completed_only = await add_user(db, "completed@example.com")
    for number in range(1, 13):
        await add_task(
            db, completed_only, f"Chore {number:02}", done_at=datetime(2026, 3, 8, 8, number, tzinfo=UTC)
        )
    open_only = await add_user(db, "open@example.com")
    await add_task(db, open_only, "The only one")
    # Nothing open and nothing completed that day: no email at all.
    quiet = await add_user(db, "quiet@example.com")
    await add_task(db, quiet, "Finished long ago", done_at=datetime(2026, 3, 6, 9, tzinfo=UTC))
    await add_user(db, "empty@example.com")
    # Registered after the day ended: no digest for a day they were not there.
    late = await add_user(db, "late@example.com", created_at=UTC_MIDNIGHT + timedelta(minutes=1))
    await add_task(db, late, "First task", created_at=UTC_MIDNIGHT + timedelta(minutes=2))

    emails = await digests_by_recipient(db, await tick_at(db, UTC_MIDNIGHT + timedelta(minutes=5)))

    assert set(emails) == {"both@example.com", "completed@example.com", "open@example.com"}
    settings = digest_settings(
        mail_from="Task Tracker <robot@tasks.example>", public_url="https://tasks.example"
    )
    now = UTC_MIDNIGHT + timedelta(minutes=6)

    message = build_message(emails["both@example.com"], settings, now=now)
    assert message["Subject"] == "Today you completed 2 tasks · You have 7 unfinished tasks"
    links = unsubscribe_links(both, "both@example.com", settings)
    assert message["List-Unsubscribe"] == f"<{links.one_click}>"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert text == (
        "Your day, Sunday, 8 March 2026\n"
        "\n"
        "Today you completed 2 tasks:\n"
        "  - Finished 1\n"
        "  - Finished 2\n"
        "\n"
        "You have 7 unfinished tasks:\n"
        "  - Open 1\n  - Open 2\n  - Open 3\n  - Open 4\n  - Open 5\n"
        "  and 2 more\n"
        "\n"
        "Open my tasks: https://tasks.example\n"
        "\n"
        "-- \n"
        "You receive this summary every night at midnight in your timezone.\n"
        f"Stop these emails: {links.page}\n"
    )
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    assert "Today you completed 2 tasks</h2>" in html
    assert "You have 7 unfinished tasks</h2>" in html
    assert "<li>Open 5</li>" in html and "Open 6" not in html
    assert "and 2 more" in html

    message = build_message(emails["completed@example.com"], settings, now=now)
    assert message["Subject"] == "Today you completed 12 tasks"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "  - Chore 10\n  and 2 more\n" in text
    assert "Chore 11" not in text
    assert "unfinished" not in text

    message = build_message(emails["open@example.com"], settings, now=now)
    assert message["Subject"] == "You have 1 unfinished task"
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "completed" not in text and "more" not in text

    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT u.email FROM digests d JOIN users u ON u.id = d.user_id WHERE d.local_date = :day",
            day=DAY,
        )
    claimed = {row["email"] for row in rows}
    # The quiet users were decided too (nothing to say), so a later tick does not reconsider them.
    assert claimed == {f"{name}@example.com" for name in ("both", "completed", "open", "quiet", "empty")}


async def test_task_titles_are_escaped_in_html_and_verbatim_in_text(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    await add_task(db, user, "<script>alert('x')</script> & co")

    (email,) = (await digests_by_recipient(db, await tick_at(db, UTC_MIDNIGHT))).values()

    message = build_message(email, digest_settings(), now=UTC_MIDNIGHT)
    html = message.get_body(preferencelist=("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert "<li>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</li>" in html
    assert "  - <script>alert('x')</script> & co\n" in text


async def test_running_the_tick_again_sends_nothing_more(db: Database) -> None:
    for number in range(5):
        user = await add_user(db, f"user{number}@example.com", timezone="Europe/Berlin")
        await add_task(db, user, "Open")
    berlin_midnight = datetime(2026, 3, 8, 23, 0, tzinfo=UTC)

    first = await tick_at(db, berlin_midnight)
    assert len(first) == 5
    for later in (timedelta(0), timedelta(minutes=15), timedelta(hours=2)):
        assert await tick_at(db, berlin_midnight + later) == []


async def test_concurrent_ticks_send_each_digest_once(db: Database, settings: Settings) -> None:
    for number in range(30):
        user = await add_user(db, f"user{number:02}@example.com")
        await add_task(db, user, "Open")
    others = [create_database(settings.resolved_database_url, pool_size=2) for _ in range(2)]
    for other in others:
        await other.connect()
    try:
        published = await asyncio.gather(*(tick_at(other, UTC_MIDNIGHT) for other in [db, *others]))
    finally:
        for other in others:
            await other.close()

    all_ids = [outbox_id for ids in published for outbox_id in ids]
    assert len(all_ids) == len(set(all_ids)) == 30
    async with db.connection() as conn:
        assert await conn.fetchval("SELECT COUNT(*) FROM email_outbox WHERE kind = 'digest'") == 30


async def test_a_missed_tick_is_caught_up_within_the_window_only(db: Database) -> None:
    user = await add_user(db, "ada@example.com")
    await add_task(db, user, "Open")
    settings = digest_settings(digest_catch_up_hours=3)

    # Beat was down at midnight: three hours later is too late for the day that ended.
    assert await tick_at(db, UTC_MIDNIGHT + timedelta(hours=3), settings) == []
    assert len(await tick_at(db, UTC_MIDNIGHT + timedelta(hours=2, minutes=59), settings)) == 1


async def test_an_unknown_timezone_falls_back_to_the_default(db: Database) -> None:
    user = await add_user(db, "ada@example.com", timezone="Mars/Olympus_Mons")
    await add_task(db, user, "Open")
    settings = digest_settings(digest_default_timezone="Asia/Tokyo")

    assert len(await tick_at(db, TOKYO_MIDNIGHT, settings)) == 1
