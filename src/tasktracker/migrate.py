"""Schema migrations: Alembic, configured in code so `tasktracker migrate` works from any folder."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from tasktracker.db import sqlalchemy_url, sqlite_path

SCRIPT_LOCATION = Path(__file__).parent / "migrations"


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    # '%' is ConfigParser's interpolation character; passwords may contain it.
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url).replace("%", "%%"))
    return config


def upgrade_to_head(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        sqlite_path(database_url).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), "head")
