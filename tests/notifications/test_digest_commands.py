"""`tasktracker digest preview` shows the digest a user gets for a day without sending it;
`tasktracker digest tick --at WHEN` runs the scheduler's tick for an instant, once."""

import argparse
import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email import policy
from email.parser import BytesParser

import httpx
import pytest

from tasktracker.cli import digest_preview, digest_tick
from tasktracker.config import Settings
from tests.conftest import register


async def run(
    command: Callable[[Settings, argparse.Namespace], None], settings: Settings, args: argparse.Namespace
) -> None:
    """A command as the CLI runs it: with an event loop of its own, so in a thread here."""
    await asyncio.to_thread(command, settings, args)


async def a_day_of_work(client: httpx.AsyncClient) -> date:
    """Ada (UTC) with one task done and one open, today; returns today."""
    await register(client)
    done = (await client.post("/tasks", json={"title": "Pay rent"})).json()
    assert (await client.patch(f"/tasks/{done['id']}", json={"done": True})).status_code == 200
    assert (await client.post("/tasks", json={"title": "Call Bob"})).status_code == 201
    return datetime.now(UTC).date()


async def test_preview_prints_the_digest_and_writes_it_to_the_dev_outbox(
    client: httpx.AsyncClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    today = await a_day_of_work(client)

    await run(digest_preview, settings, argparse.Namespace(email="Ada@Example.com", date=today))

    printed = capsys.readouterr().out
    assert "To: ada@example.com" in printed
    assert "Subject: Today you completed 1 task · You have 1 unfinished task" in printed
    assert "Pay rent" in printed and "Call Bob" in printed
    (eml,) = settings.outbox_dir.glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["Subject"] == "Today you completed 1 task · You have 1 unfinished task"
    # A preview claims nothing: the night's digest is still to be sent.
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)
    await run(digest_tick, settings, argparse.Namespace(at=midnight))
    assert "Users claimed: 1, emails queued: 1." in capsys.readouterr().out


async def test_preview_of_a_quiet_day_says_no_digest_is_sent(
    client: httpx.AsyncClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    await a_day_of_work(client)
    long_ago = date(2020, 1, 1)  # before any task existed

    await run(digest_preview, settings, argparse.Namespace(email="ada@example.com", date=long_ago))

    assert "gets no digest for 2020-01-01" in capsys.readouterr().out
    assert not settings.outbox_dir.exists() or not any(settings.outbox_dir.glob("*.eml"))


async def test_preview_of_an_unknown_user_is_an_error(settings: Settings) -> None:
    with pytest.raises(SystemExit, match=r"No user nobody@example\.com"):
        await run(digest_preview, settings, argparse.Namespace(email="nobody@example.com", date=None))


async def test_a_tick_for_a_missed_night_queues_each_digest_once(
    client: httpx.AsyncClient, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    today = await a_day_of_work(client)
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), UTC)

    # Before the midnight nothing is due; just after, Ada's digest; again, nothing more.
    await run(digest_tick, settings, argparse.Namespace(at=midnight - timedelta(minutes=1)))
    assert "emails queued: 0" in capsys.readouterr().out
    await run(digest_tick, settings, argparse.Namespace(at=midnight + timedelta(minutes=15)))
    assert "Zones due: default (UTC). Users claimed: 1, emails queued: 1." in capsys.readouterr().out
    await run(digest_tick, settings, argparse.Namespace(at=midnight + timedelta(minutes=30)))
    assert "Users claimed: 0, emails queued: 0." in capsys.readouterr().out
