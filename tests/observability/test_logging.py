"""The two log formats, and one configuration for every process (uvicorn's included)."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from tasktracker.config import Settings
from tasktracker.observability.context import request_id
from tasktracker.observability.logging import JsonFormatter, RequestIdFilter, TextFormatter


def record(message: str, *args: object, request_id: str | None = None, **extra: object) -> logging.LogRecord:
    made = logging.LogRecord("tasktracker.example", logging.WARNING, __file__, 1, message, args, None)
    made.request_id = request_id
    made.__dict__.update(extra)
    return made


def test_text_names_the_request_only_when_there_is_one() -> None:
    formatter = TextFormatter()
    with_id = formatter.format(record("email %s sent", 7, request_id="abc123"))
    assert with_id.endswith(" WARNING tasktracker.example [abc123]: email 7 sent")
    without = formatter.format(record("email %s sent", 7))
    assert without.endswith(" WARNING tasktracker.example: email 7 sent")


def test_json_is_one_object_per_line_with_the_extra_fields() -> None:
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        failed = record("it %s", "failed", request_id="r-1", status=500, route="/tasks/{task_id}")
        failed.exc_info = sys.exc_info()
    line = JsonFormatter().format(failed)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "it failed"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "tasktracker.example"
    assert entry["request_id"] == "r-1"
    assert (entry["status"], entry["route"]) == (500, "/tasks/{task_id}")
    assert entry["time"].endswith("+00:00")
    assert "ValueError: boom\nsecond line" in entry["exception"]
    assert "exc_info" not in entry and "args" not in entry and "msg" not in entry


def test_json_writes_any_value() -> None:
    entry = json.loads(JsonFormatter().format(record("x", payload=object(), count={"a": 1})))
    assert entry["payload"].startswith("<object object")
    assert entry["count"] == {"a": 1}


def test_the_filter_reads_the_current_request_id() -> None:
    token = request_id.set("inside")
    try:
        inside = record("x")
        RequestIdFilter().filter(inside)
    finally:
        request_id.reset(token)
    outside = record("x", request_id="stale")
    RequestIdFilter().filter(outside)
    assert (inside.request_id, outside.request_id) == ("inside", None)  # type: ignore[attr-defined]


# In a fresh interpreter: the process's logging, configured as a `tasktracker` command does,
# then uvicorn's configuration of its own loggers with the config `tasktracker api` gives it.
CONFIGURE = """
import logging
import uvicorn
from tasktracker.config import Settings
from tasktracker.config import Settings
from tasktracker.observability.context import request_id
from tasktracker.observability.logging import configure_logging, logging_config
settings = Settings(_env_file=None)
configure_logging(settings)
logging.getLogger("tasktracker.example").info("from the app", extra={"answer": 42})
uvicorn.Config("tasktracker.app:create_app", log_config=logging_config(settings)).configure_logging()
logging.getLogger("uvicorn.error").info("from uvicorn", extra={"color_message": "\\x1b[1mfrom uvicorn"})
logging.getLogger("celery.app.trace").warning("from celery")
"""


def run_configured(log_format: str | None) -> list[str]:
    environment = {name: value for name, value in os.environ.items() if name != "LOG_FORMAT"}
    if log_format is not None:
        environment["LOG_FORMAT"] = log_format
    result = subprocess.run(
        [sys.executable, "-c", CONFIGURE],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout == ""
    return result.stderr.splitlines()


def test_json_configuration_covers_every_logger() -> None:
    entries = [json.loads(line) for line in run_configured("json")]
    assert [(e["logger"], e["message"]) for e in entries] == [
        ("tasktracker.example", "from the app"),
        ("uvicorn.error", "from uvicorn"),
        ("celery.app.trace", "from celery"),
    ]
    assert entries[0]["answer"] == 42
    assert "color_message" not in entries[1]  # uvicorn's copy of the message with terminal colours


def test_text_is_the_default() -> None:
    lines = run_configured(None)
    assert len(lines) == 3
    assert lines[0].endswith(" INFO tasktracker.example: from the app")
    assert lines[1].endswith(" INFO uvicorn.error: from uvicorn")


def test_a_tasktracker_command_logs_in_the_configured_format(tmp_path: Path) -> None:
    environment = {
        name: value for name, value in os.environ.items() if name.lower() not in Settings.model_fields
    }
    environment.update(
        LOG_FORMAT="json", DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", DATA_DIR=str(tmp_path)
    )
    result = subprocess.run(
        [str(Path(sys.executable).parent / "tasktracker"), "migrate"],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.startswith("Database is at the latest schema")
    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert any(e["logger"] == "alembic.runtime.migration" and "-> 0001" in e["message"] for e in entries)
