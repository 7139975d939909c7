"""Logging for every process, configured in one place: readable text by default, one JSON object
per line with LOG_FORMAT=json. Every line carries the request id of the request or job it
belongs to, when there is one."""

import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import orjson

from tasktracker.config import LogFormat, Settings
from tasktracker.observability.context import request_id

# No format of ours shows a record's thread or process: not gathered for every record (a quarter
# of making one, the access log's included: the process id is a system call each time).
logging.logThreads = False
logging.logProcesses = False
logging.logMultiprocessing = False

# What every LogRecord has; anything else on a record came from `extra=` and is a field, except
# uvicorn's copy of its message with terminal colours.
_NOT_FIELDS = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "request_id",
    "color_message",
}


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or None) on every record the handler emits."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class TextFormatter(logging.Formatter):
    """`time LEVEL logger [request id]: message`, the id only where there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._with_request_id = logging.PercentStyle(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
        )

    def formatMessage(self, record: logging.LogRecord) -> str:
        if getattr(record, "request_id", None):
            return self._with_request_id.format(record)
        return super().formatMessage(record)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, the record's
    `extra=` fields, and the traceback as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        entry.update((key, value) for key, value in record.__dict__.items() if key not in _NOT_FIELDS)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return orjson.dumps(entry, default=str).decode()


def logging_config(settings: Settings) -> dict[str, Any]:
    """The `logging.config.dictConfig` of every process, uvicorn's included (it applies it in
    each of its worker processes): the root logger to stderr, everything propagating to it."""
    formatter = JsonFormatter if settings.log_format is LogFormat.JSON else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_id"],
            }
        },
        "root": {"level": "INFO", "handlers": ["stderr"]},
        # uvicorn's own loggers keep no handlers of their own: their lines go through the root's.
        "loggers": {
            name: {"handlers": [], "propagate": True}
            for name in ("uvicorn", "uvicorn.error", "uvicorn.access")
        },
    }


def configure_logging(settings: Settings) -> None:
    logging.config.dictConfig(logging_config(settings))
