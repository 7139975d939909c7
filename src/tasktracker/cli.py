"""One command for every process: `tasktracker dev | api | migrate | worker | beat`."""

import argparse
import logging
import sys
from collections.abc import Callable

import uvicorn

from tasktracker.config import Settings, get_settings
from tasktracker.migrate import upgrade_to_head
from tasktracker.urls import safe_url


def migrate(settings: Settings) -> None:
    upgrade_to_head(settings.resolved_database_url)
    print(f"Database is at the latest schema: {safe_url(settings.resolved_database_url)}")


def api(settings: Settings) -> None:
    uvicorn.run(
        "tasktracker.app:create_app",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=settings.api_workers,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )


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
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        settings = get_settings()
    except ValueError as exc:
        sys.exit(f"Invalid configuration: {exc}")
    COMMANDS[args.command][0](settings)


if __name__ == "__main__":
    main()
