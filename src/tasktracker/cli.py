"""One command for every process: `tasktracker dev | api | migrate | worker | beat`."""

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from tasktracker.config import Settings, get_settings
from tasktracker.migrate import upgrade_to_head
from tasktracker.observability.logging import configure_logging
from tasktracker.urls import safe_url


def migrate(settings: Settings) -> None:
    upgrade_to_head(settings.resolved_database_url)
    print(f"Database is at the latest schema: {safe_url(settings.resolved_database_url)}")


def api(settings: Settings) -> None:
    from tasktracker.server import serve

    serve("tasktracker.server:create_served_app", settings, workers=settings.api_workers)


def worker(settings: Settings) -> None:
    # Celery's worker machinery is imported only by the commands that run it.
    from tasktracker.worker.main import run_worker

    run_worker(settings)


def beat(settings: Settings) -> None:
    from tasktracker.worker.main import run_beat

    run_beat(settings)


def dev(settings: Settings) -> None:
    """Everything on embedded defaults: SQLite, local broker and mail outbox, API on API_PORT,
    with the email worker and the scheduler as child processes."""
    from tasktracker.dev import run_dev

    run_dev(settings)


def outbox_retry_failed(settings: Settings, since: datetime | None) -> None:
    """Failed emails (created since `since`, else all) become pending again, as if new, and are
    handed to the broker; the outbox sweep publishes what the broker did not take."""
    from tasktracker.db import Timeouts, create_database
    from tasktracker.notifications.outbox import retry_failed
    from tasktracker.notifications.publisher import celery_app_for, publish_emails

    async def run() -> tuple[int, int]:
        database = create_database(settings.resolved_database_url, 1, Timeouts.of(settings))
        await database.connect()
        try:
            report = await retry_failed(
                database,
                since=since,
                now=datetime.now(UTC),
                publish=lambda ids: publish_emails(celery_app_for(settings), ids),
            )
        finally:
            await database.close()
        return report.reset, report.published

    reset, published = asyncio.run(run())
    rest = "" if published == reset else " (the outbox sweep publishes the rest)"
    print(f"Failed emails made pending again: {reset}, handed to the broker: {published}{rest}.")


def instant(text: str) -> datetime:
    """`--since`: a date (its midnight, UTC) or an ISO 8601 time (UTC unless it has an offset)."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date or time: {text!r} (e.g. 2026-12-01 or 2026-12-01T08:30)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


COMMANDS: dict[str, tuple[Callable[[Settings], None], str]] = {
    "dev": (dev, "run the whole product on embedded defaults (SQLite, local broker and mail)"),
    "api": (api, "serve the HTTP API (uvicorn) on API_HOST:API_PORT"),
    "migrate": (migrate, "apply database migrations up to the latest schema"),
    "worker": (worker, "run the email sender (Celery worker) on CELERY_BROKER_URL"),
    "beat": (beat, "run the scheduler (Celery beat): digest ticks and the outbox sweep"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tasktracker", description="Task Tracker services")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        subcommands.add_parser(name, help=help_text, description=help_text)
    outbox = subcommands.add_parser(
        "outbox", help="operate on the email outbox", description="operate on the email outbox"
    )
    outbox_actions = outbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    retry_help = "make failed emails pending again and publish them (docs/operations.md)"
    retry = outbox_actions.add_parser("retry-failed", help=retry_help, description=retry_help)
    retry.add_argument(
        "--since",
        type=instant,
        metavar="WHEN",
        help="only emails created at or after WHEN (2026-12-01, 2026-12-01T08:30)",
    )
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ValueError as exc:
        sys.exit(f"Invalid configuration: {exc}")
    configure_logging(settings)
    if args.command == "outbox":
        outbox_retry_failed(settings, args.since)
        return
    COMMANDS[args.command][0](settings)


if __name__ == "__main__":
    main()
