"""One command for every process: `tasktracker dev | api | migrate | worker | beat`, and the
operators' `outbox` and `digest` commands. Flags override the settings of the same meaning."""

import argparse
import asyncio
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from tasktracker.config import Settings, get_settings
from tasktracker.migrate import upgrade_to_head
from tasktracker.observability.logging import configure_logging
from tasktracker.urls import safe_url

Command = Callable[[Settings, argparse.Namespace], None]


def migrate(settings: Settings, _: argparse.Namespace) -> None:
    upgrade_to_head(settings.resolved_database_url)
    print(f"Database is at the latest schema: {safe_url(settings.resolved_database_url)}")


def api(settings: Settings, _: argparse.Namespace) -> None:
    from tasktracker.dev import PortInUse, check_port_free
    from tasktracker.server import serve

    try:
        check_port_free(
            settings.api_host, settings.api_port, "the API", "choose another with --port or API_PORT"
        )
    except PortInUse as exc:
        sys.exit(str(exc))
    serve("tasktracker.server:create_served_app", settings, workers=settings.api_workers)


def worker(settings: Settings, args: argparse.Namespace) -> None:
    # Celery's worker machinery is imported only by the commands that run it.
    from tasktracker.worker.main import run_worker

    run_worker(settings, args.ready_file)


def beat(settings: Settings, args: argparse.Namespace) -> None:
    from tasktracker.worker.main import run_beat

    run_beat(settings, args.ready_file)


def dev(settings: Settings, _: argparse.Namespace) -> None:
    """Everything on embedded defaults: SQLite, local broker and mail outbox, API on API_PORT,
    with the email worker and the scheduler as child processes."""
    from tasktracker.dev import run_dev

    run_dev(settings)


def outbox_retry_failed(settings: Settings, args: argparse.Namespace) -> None:
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
                since=args.since,
                now=datetime.now(UTC),
                publish=lambda ids: publish_emails(celery_app_for(settings), ids),
            )
        finally:
            await database.close()
        return report.reset, report.published

    reset, published = asyncio.run(run())
    rest = "" if published == reset else " (the outbox sweep publishes the rest)"
    print(f"Failed emails made pending again: {reset}, handed to the broker: {published}{rest}.")


def digest_preview(settings: Settings, args: argparse.Namespace) -> None:
    """Print the digest a user gets for a day, as the worker would send it; in dev (no SMTP
    host) also write it as an .eml to the outbox folder. Claims and sends nothing."""
    from tasktracker.db import Timeouts, create_database
    from tasktracker.notifications.digest import DigestPreview, preview_digest
    from tasktracker.notifications.kinds import MailKind
    from tasktracker.notifications.mailer import FileMailer
    from tasktracker.notifications.messages import build_message
    from tasktracker.notifications.outbox import ClaimedEmail
    from tasktracker.users.emails import normalize_email

    email = normalize_email(args.email)
    if email is None:
        sys.exit(f"Not an email address: {args.email!r}")
    now = datetime.now(UTC)

    async def run() -> DigestPreview | None:
        database = create_database(settings.resolved_database_url, 1, Timeouts.of(settings))
        await database.connect()
        try:
            async with database.connection() as conn:
                return await preview_digest(conn, email, args.date, now=now, settings=settings)
        finally:
            await database.close()

    preview = asyncio.run(run())
    if preview is None:
        sys.exit(f"No user {email}")
    if not preview.enabled:
        print(f"{preview.email} has the digest off: the tick sends them none. It would be:")
    if preview.payload is None:
        print(f"{preview.email} gets no digest for {preview.local_date}: nothing was completed or open.")
        return
    payload = preview.payload.model_dump(mode="json")
    message = build_message(
        ClaimedEmail(0, MailKind.DIGEST, preview.email, payload, 0, now, user_id=preview.user_id),
        settings,
        now=now,
    )
    text = message.get_body(("plain",))
    assert text is not None  # build_message always writes a plain-text part
    print(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{text.get_content()}")
    if not settings.smtp_host:
        FileMailer(settings.outbox_dir).send(message, preview.email)
        print(f"Also written to {settings.outbox_dir.resolve()}.")


def digest_tick(settings: Settings, args: argparse.Namespace) -> None:
    """Run the digest tick the scheduler runs, as if it were `--at` (default: now): for a night
    the scheduler missed, `--at` just after that midnight or digest hour (within
    DIGEST_CATCH_UP_HOURS of it, in the users' zones). Users who got that digest already are
    skipped, so a re-run sends nothing twice; the emails go out through the worker."""
    from tasktracker.db import Timeouts, create_database
    from tasktracker.notifications.digest import DigestTickReport, run_digest_tick
    from tasktracker.notifications.publisher import celery_app_for, publish_emails

    async def run() -> DigestTickReport:
        database = create_database(settings.resolved_database_url, 1, Timeouts.of(settings))
        await database.connect()
        try:
            return await run_digest_tick(
                database,
                now=args.at or datetime.now(UTC),
                settings=settings,
                publish=lambda ids: publish_emails(celery_app_for(settings), ids),
            )
        finally:
            await database.close()

    report = asyncio.run(run())
    zones = (
        ", ".join(report.zones_due)
        or "none (no digest hour within DIGEST_CATCH_UP_HOURS, or every digest claimed)"
    )
    print(
        f"Zones due: {zones}. Users claimed: {report.users_claimed}, emails queued: {report.emails_enqueued}."
    )


def instant(text: str) -> datetime:
    """`--since`: a date (its midnight, UTC) or an ISO 8601 time (UTC unless it has an offset)."""
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date or time: {text!r} (e.g. 2026-12-01 or 2026-12-01T08:30)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (e.g. 2026-12-01)") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tasktracker", description="Task Tracker services")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Command, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    def listen_flags(sub: argparse.ArgumentParser) -> None:
        sub.add_argument("--host", dest="api_host", help="the API's address (API_HOST)")
        sub.add_argument("--port", dest="api_port", type=int, help="the API's port (API_PORT)")

    dev_command = command(
        "dev", dev, "run the whole product on embedded defaults (SQLite, local broker and mail)"
    )
    listen_flags(dev_command)
    dev_command.add_argument(
        "--frontend-port", dest="frontend_port", type=int, help="the web app's port (FRONTEND_PORT)"
    )
    listen_flags(command("api", api, "serve the HTTP API (uvicorn) on API_HOST:API_PORT"))
    command("migrate", migrate, "apply database migrations up to the latest schema")
    for name, run, help_text in (
        ("worker", worker, "run the email sender (Celery worker) on CELERY_BROKER_URL"),
        ("beat", beat, "run the scheduler (Celery beat): digest ticks and the outbox sweep"),
    ):
        command(name, run, help_text).add_argument(
            "--ready-file",
            type=Path,
            metavar="PATH",
            help="create PATH once running (tasktracker dev waits for it)",
        )

    outbox = commands.add_parser(
        "outbox", help="operate on the email outbox", description="operate on the email outbox"
    )
    outbox_actions = outbox.add_subparsers(dest="action", required=True, metavar="ACTION")
    retry_help = "make failed emails pending again and publish them (docs/operations.md)"
    retry = outbox_actions.add_parser("retry-failed", help=retry_help, description=retry_help)
    retry.set_defaults(run=outbox_retry_failed)
    retry.add_argument(
        "--since",
        type=instant,
        metavar="WHEN",
        help="only emails created at or after WHEN (2026-12-01, 2026-12-01T08:30)",
    )

    digest = commands.add_parser("digest", help="the nightly digest", description="the nightly digest")
    digest_actions = digest.add_subparsers(dest="action", required=True, metavar="ACTION")
    preview_help = "print the digest a user gets for a day (and, without SMTP, write it as an .eml)"
    preview = digest_actions.add_parser("preview", help=preview_help, description=preview_help)
    preview.set_defaults(run=digest_preview)
    preview.add_argument("--email", required=True, help="the user's address")
    preview.add_argument(
        "--date",
        type=day,
        default=None,
        help="the day it reports on, in the user's zone (default: yesterday)",
    )
    tick_help = "run a digest tick now, or as if at WHEN (re-running a missed night)"
    tick = digest_actions.add_parser("tick", help=tick_help, description=tick_help)
    tick.set_defaults(run=digest_tick)
    tick.add_argument(
        "--at", type=instant, metavar="WHEN", help="the instant to run it for (2026-12-01T00:15+01:00)"
    )
    return parser


# Flags that override a setting of the same name.
SETTING_FLAGS = ("api_host", "api_port", "frontend_port")


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
        overrides = {
            name: getattr(args, name) for name in SETTING_FLAGS if getattr(args, name, None) is not None
        }
        if overrides:
            settings = Settings.model_validate({**settings.model_dump(exclude_unset=True), **overrides})
    except ValueError as exc:
        sys.exit(f"Invalid configuration: {exc}")
    configure_logging(settings)
    args.run(settings, args)


if __name__ == "__main__":
    main()
