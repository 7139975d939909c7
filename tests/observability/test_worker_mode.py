"""The worker chooses prometheus_client's multiprocess mode before anything imports the library."""

import subprocess
import sys

# In a fresh interpreter: what `tasktracker worker` imports before `serve_worker_metrics` runs.
WORKER_START_IMPORTS = """
import sys
import tasktracker.cli
import tasktracker.worker.main
print("prometheus_client" in sys.modules)
"""


def test_nothing_the_worker_imports_before_choosing_the_mode_loads_prometheus_client() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START_IMPORTS], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "False"
