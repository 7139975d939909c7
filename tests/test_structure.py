"""Which process imports what: the API never loads the worker or the job modules."""

import subprocess
import sys

from tasktracker.worker.app import JOB_MODULES, celery_app

# Runs in a fresh interpreter: this test process has imported everything already.
API_IMPORTS = """
import sys
from tasktracker.app import create_app
from tasktracker.config import Settings
create_app(Settings(_env_file=None, environment="test"))
print("\\n".join(sorted(sys.modules)))
"""


def test_the_api_process_imports_nothing_of_the_worker() -> None:
    result = subprocess.run(
        [sys.executable, "-c", API_IMPORTS], capture_output=True, text=True, check=True, timeout=60
    )
    modules = set(result.stdout.split())
    assert "tasktracker.app" in modules
    worker_side = sorted(
        name
        for name in modules
        if name == "tasktracker.worker" or name.startswith("tasktracker.worker.") or name in JOB_MODULES
    )
    assert worker_side == []
    assert "celery.worker" not in modules
    assert "celery.beat" not in modules


def test_every_job_module_is_loaded_by_the_worker() -> None:
    celery_app.loader.import_default_modules()  # what a worker imports at start
    names = {name for name in celery_app.tasks if not name.startswith("celery.")}
    assert names == {
        "notifications.send_email",
        "notifications.send_emails",
        "notifications.digest_tick",
        "notifications.reminder_tick",
        "notifications.sweep_outbox",
        "notifications.purge_mail",
        "auth.purge_sessions",
        "trash.purge",
        "tasks.refresh_search",
    }
    scheduled = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert scheduled <= names
    assert "notifications.reminder_tick" in scheduled
