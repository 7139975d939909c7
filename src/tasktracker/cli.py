"""One command for every process: `tasktracker dev | api | migrate | worker | beat`."""

import argparse
import logging
import sys
from collections.abc import Callable

import uvicorn

from tasktracker.config import Settings, get_settings
from tasktracker.migrate import upgrade_to_head


def migrate(settings: Settings) -> None:
    upgrade_to_head(settings.resolved_database_url)
    print(f"Database is at the latest schema: {_safe_url(settings.resolved_database_url)}")


def api(settings: Settings) -> None:
    uvicorn.run(
        "tasktracker.app:create_app",
        factory=True,
        host=settings.api_host,
        port=settings.api_port,
        workers=settings.api_workers,
        access_log=False,
        proxy_headers=True,
    )


def dev(settings: Settings) -> None:
    """Everything on embedded defaults: SQLite, local mail outbox, API on API_PORT."""
    migrate(settings)
    print(f"API:      http://127.0.0.1:{settings.api_port}  (docs at /docs)")
    api(settings)


def _safe_url(url: str) -> str:
    """The URL without its password, for printing."""
    scheme, sep, rest = url.partition("://")
    if "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


COMMANDS: dict[str, tuple[Callable[[Settings], None], str]] = {
    "dev": (dev, "run the whole product on embedded defaults (SQLite, local broker and mail)"),
    "api": (api, "serve the HTTP API (uvicorn) on API_HOST:API_PORT"),
    "migrate": (migrate, "apply database migrations up to the latest schema"),
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
