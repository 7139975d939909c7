"""The digest at each user's own hour (users.digest_hour, local time) and only while it is on
(users.digest_enabled), on both databases with frozen time: the window of 24 hours ending at
that hour, its key, a change of hour, and hours that summer time skips or repeats."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from tasktracker.db import Database
from tasktracker.notifications import digest, queries
from tasktracker.notifications.schemas import DigestPayload, DigestSection

from .conftest import add_task, add_user
from .test_digest import digest_settings, digests_by_recipient, tick_at

# 07:00 in Tokyo (UTC+9, no summer time) on 2026-03-09; its midnight was 15:00Z the day before.
TOKYO_SEVEN = datetime(2026, 3, 8, 22, 0, tzinfo=UTC)
TOKYO_MIDNIGHT = datetime(2026, 3, 8, 15, 0, tzinfo=UTC)
UTC_MIDNIGHT = datetime(2026, 3, 9, 0, 0, tzinfo=UTC)


async def set_digest(
    db: Database, user_id: int, *, hour: int | None = None, enabled: bool | None = None
) -> None:
    async with db.transaction() as conn:
        if hour is not None:
            await conn.execute("UPDATE users SET digest_hour = :hour WHERE id = :id", hour=hour, id=user_id)
        if enabled is not None:
            await conn.execute(
                "UPDATE users SET digest_enabled = :enabled WHERE id = :id", enabled=enabled, id=user_id
            )


async def claimed_dates(db: Database, user_id: int) -> list[date]:
    async with db.connection() as conn:
        rows = await conn.fetch(
            "SELECT local_date FROM digests WHERE user_id = :id ORDER BY local_date", id=user_id
        )
    # SQLite gives a date column back as its text.
    return [date.fromisoformat(str(row["local_date"])) for row in rows]


async def test_a_user_whose_hour_is_seven_gets_the_digest_at_seven_local_not_at_midnight(
    db: Database,
) -> None:
    user = await add_user(db, "tokyo@example.com", timezone="Asia/Tokyo")
    await set_digest(db, user, hour=7)
    midnight_user = await add_user(db, "midnight@example.com", timezone="Asia/Tokyo")
    await add_task(db, midnight_user, "Open")
    window_start = TOKYO_SEVEN - timedelta(days=1)
    await add_task(db, user, "Done before the window", done_at=window_start - timedelta(minutes=1))
    await add_task(db, user, "Done at 08:00 on the 8th", done_at=window_start + timedelta(hours=1))
    await add_task(db, user, "Done at 06:30 on the 9th", done_at=TOKYO_SEVEN - timedelta(minutes=30))
    await add_task(db, user, "Done at 07:10, after the digest", done_at=TOKYO_SEVEN + timedelta(minutes=10))
    await add_task(db, user, "Never done")
    await add_task(db, user, "Created after the digest", created_at=TOKYO_SEVEN + timedelta(minutes=5))

    # At Tokyo's midnight only the user on the default hour is due.
    at_midnight = await digests_by_recipient(db, await tick_at(db, TOKYO_MIDNIGHT + timedelta(minutes=1)))
    assert set(at_midnight) == {"midnight@example.com"}
    assert await tick_at(db, TOKYO_SEVEN - timedelta(minutes=1)) == []

    at_seven = await digests_by_recipient(db, await tick_at(db, TOKYO_SEVEN))

    assert set(at_seven) == {"tokyo@example.com"}
    content = DigestPayload.model_validate(at_seven["tokyo@example.com"].payload)
    assert content.local_date == date(2026, 3, 8)  # the key: the window's first date
    assert content.hour == 7
    assert content.completed == DigestSection(
        count=2, titles=("Done at 08:00 on the 8th", "Done at 06:30 on the 9th")
    )
    assert content.open == DigestSection(count=2, titles=("Done at 07:10, after the digest", "Never done"))
    assert await tick_at(db, TOKYO_SEVEN + timedelta(minutes=15)) == []
    assert await claimed_dates(db, user) == [date(2026, 3, 8)]


async def test_a_user_with_the_digest_off_gets_none_and_is_not_claimed(db: Database) -> None:
    off = await add_user(db, "off@example.com")
    await add_task(db, off, "Open")
    await set_digest(db, off, enabled=False)
    on = await add_user(db, "on@example.com")
    await add_task(db, on, "Open")

    emails = await digests_by_recipient(db, await tick_at(db, UTC_MIDNIGHT))

    assert set(emails) == {"on@example.com"}
    assert await claimed_dates(db, off) == []
    # Turned on again within the catch-up window, the night's digest still comes.
    await set_digest(db, off, enabled=True)
    assert set(await digests_by_recipient(db, await tick_at(db, UTC_MIDNIGHT + timedelta(hours=1)))) == {
        "off@example.com"
    }


async def test_midnight_keeps_the_calendar_day_as_its_window_and_key() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")
    window = digest.last_ended_window(TOKYO_MIDNIGHT + timedelta(minutes=20), tokyo)
    assert (window.local_date, window.start, window.end) == (
        date(2026, 3, 8),
        TOKYO_MIDNIGHT - timedelta(days=1),
        TOKYO_MIDNIGHT,
    )
    seven = digest.last_ended_window(TOKYO_SEVEN + timedelta(minutes=20), tokyo, 7)
    assert (seven.local_date, seven.start, seven.end) == (
        date(2026, 3, 8),
        TOKYO_SEVEN - timedelta(days=1),
        TOKYO_SEVEN,
    )
    # A minute before 07:00 the last window of hour 7 is the one before.
    assert digest.last_ended_window(TOKYO_SEVEN - timedelta(minutes=1), tokyo, 7).local_date == date(
        2026, 3, 7
    )
    # Within the catch-up hours, the windows of the hours just passed are due.
    due = digest.due_windows(TOKYO_SEVEN + timedelta(minutes=15), tokyo, timedelta(hours=3))
    assert [window.hour for window in due] == [5, 6, 7]


async def test_changing_the_hour_never_brings_a_second_digest_for_the_same_date(db: Database) -> None:
    user = await add_user(db, "ada@example.com", timezone="Asia/Tokyo")
    await add_task(db, user, "Open")

    assert len(await tick_at(db, TOKYO_MIDNIGHT)) == 1  # midnight: the 8th
    await set_digest(db, user, hour=7)
    # Seven hours later the window keyed the 8th, of hour 7, is due: it was sent already.
    assert await tick_at(db, TOKYO_SEVEN) == []
    # The next morning the window keyed the 9th comes, once.
    assert len(await tick_at(db, TOKYO_SEVEN + timedelta(days=1))) == 1
    assert await tick_at(db, TOKYO_SEVEN + timedelta(days=1, minutes=15)) == []
    assert await claimed_dates(db, user) == [date(2026, 3, 8), date(2026, 3, 9)]


async def test_an_hour_summer_time_skips_comes_at_the_jump_and_a_repeated_one_once(db: Database) -> None:
    berlin = ZoneInfo("Europe/Berlin")
    # 2026-03-29: 02:00 CET jumps to 03:00 CEST at 01:00Z, so 02:00 does not exist that day.
    spring = digest.digest_window(date(2026, 3, 28), 2, berlin)
    assert spring.end == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    after_spring = digest.digest_window(date(2026, 3, 29), 2, berlin)
    assert after_spring.start == spring.end
    assert after_spring.end - after_spring.start == timedelta(hours=23)
    # 2026-10-25: 03:00 CEST goes back to 02:00 CET, so 02:00 happens at 00:00Z and at 01:00Z.
    autumn = digest.digest_window(date(2026, 10, 24), 2, berlin)
    assert autumn.end == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)
    after_autumn = digest.digest_window(date(2026, 10, 25), 2, berlin)
    assert after_autumn.start == autumn.end
    assert after_autumn.end - after_autumn.start == timedelta(hours=25)

    user = await add_user(db, "berlin@example.com", timezone="Europe/Berlin")
    await set_digest(db, user, hour=2)
    await add_task(db, user, "Open")
    assert await tick_at(db, spring.end - timedelta(minutes=1)) == []
    (spring_email,) = (await digests_by_recipient(db, await tick_at(db, spring.end))).values()
    assert spring_email.payload["local_date"] == "2026-03-28"

    (autumn_email,) = (await digests_by_recipient(db, await tick_at(db, autumn.end))).values()
    assert autumn_email.payload["local_date"] == "2026-10-24"
    # The second 02:00 sends nothing more.
    assert await tick_at(db, autumn.end + timedelta(hours=1)) == []


async def test_the_tick_reports_the_groups_it_found_users_in(db: Database) -> None:
    for number, zone in enumerate(("Asia/Tokyo", "Asia/Tokyo", "Europe/Berlin", None)):
        user = await add_user(db, f"user{number}@example.com", timezone=zone)
        await add_task(db, user, "Open")
        if number == 1:
            await set_digest(db, user, hour=7)

    async with db.connection() as conn:
        assert await queries.distinct_timezones(conn) == ["Asia/Tokyo", "Europe/Berlin", None]
    report = await digest.run_digest_tick(
        db, now=TOKYO_SEVEN + timedelta(minutes=1), settings=digest_settings(), publish=lambda ids: None
    )
    assert report.zones_due == ["Asia/Tokyo at 07:00"]
    assert report.users_claimed == 1
