"""`tasktracker dev`: every way of stopping it stops its children; a taken port is one line;
the dev settings follow the dev frontend (CORS origins, email links); the ready banner comes
once the API, the worker and the scheduler all run."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tasktracker.config import Settings
from tasktracker.dev import dev_settings, lan_addresses
from tests.ports import free_port

TASKTRACKER = str(Path(sys.executable).parent / "tasktracker")
# Generous, so a busy machine slows these tests down instead of failing them.
STARTUP_TIMEOUT = 120.0


def dev_environment(tmp_path: Path, api_port: int, frontend_port: int) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.upper() not in {name.upper() for name in Settings.model_fields}
    }
    return environment | {
        "DATA_DIR": str(tmp_path / "data"),
        "API_HOST": "127.0.0.1",
        "API_PORT": str(api_port),
        "FRONTEND_PORT": str(frontend_port),
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Dev:
    process: "subprocess.Popen[bytes]"
    log: Path
    api_port: int

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while text not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{text!r} never appeared:\n{self.output()}")
            time.sleep(0.2)

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]


@pytest.fixture
def start_dev(tmp_path: Path) -> Iterator[type[Dev]]:
    started: list[Dev] = []

    def start(*flags: str, api_port: int | None = None, frontend_port: int | None = None) -> Dev:
        api = api_port or free_port()
        environment = dev_environment(tmp_path, api, frontend_port or free_port())
        log = tmp_path / f"dev-{len(started)}.log"
        with log.open("wb") as output:
            process = subprocess.Popen(
                [TASKTRACKER, "dev", *flags],
                env=environment,
                cwd=tmp_path,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        dev = Dev(process, log, api)
        started.append(dev)
        return dev

    yield start  # type: ignore[misc]
    for dev in started:
        if dev.process.poll() is None:
            dev.process.kill()
            dev.process.wait()


def gone(pid: int) -> bool:
    """Not running (a zombie waiting for its reaper counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def wait_until_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline and not all(gone(pid) for pid in pids):
        time.sleep(0.2)
    return [pid for pid in pids if not gone(pid)]


@pytest.mark.parametrize(
    "stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name
)
def test_every_way_of_stopping_dev_stops_its_worker_and_scheduler(
    start_dev: type[Dev], stop: signal.Signals
) -> None:
    dev = start_dev()
    dev.wait_for("Ready.")
    children = dev.children()
    assert len(children) == 2  # the worker and the scheduler
    assert httpx.get(f"http://127.0.0.1:{dev.api_port}/health").status_code == 200

    os.kill(dev.process.pid, stop)  # to dev alone, as an IDE's stop button or `kill` does
    dev.process.wait(timeout=STARTUP_TIMEOUT)

    assert wait_until_gone(children) == [], dev.output()
    if stop is not signal.SIGKILL:
        assert dev.process.returncode == 0, dev.output()
        assert "Traceback" not in dev.output()


@pytest.mark.parametrize("taken", ["api", "frontend"])
def test_a_taken_port_is_one_line_saying_how_to_choose_another(start_dev: type[Dev], taken: str) -> None:
    with socket.socket() as occupant:
        occupant.bind(("127.0.0.1", 0))
        occupant.listen()
        port = occupant.getsockname()[1]
        dev = start_dev(**{"api_port" if taken == "api" else "frontend_port": port})
        dev.process.wait(timeout=STARTUP_TIMEOUT)
    assert dev.process.returncode == 1
    output = dev.output().strip()
    assert "Traceback" not in output
    flag = "--port or API_PORT" if taken == "api" else "--frontend-port or FRONTEND_PORT"
    assert output.splitlines()[-1].startswith(f"Port {port} on 127.0.0.1")
    assert output.endswith(f"choose another with {flag}.")


def test_flags_choose_the_ports_and_the_banner_comes_once_everything_runs(start_dev: type[Dev]) -> None:
    api_port, frontend_port = free_port(), free_port()
    dev = start_dev("--port", str(api_port), "--frontend-port", str(frontend_port))
    dev.wait_for("Ready.")
    assert httpx.get(f"http://127.0.0.1:{api_port}/health").status_code == 200
    assert httpx.get(f"http://127.0.0.1:{frontend_port}/").status_code == 200
    output = dev.output()
    assert f"http://localhost:{frontend_port}/" in output
    # The worker and the scheduler had started before the banner said so.
    assert output.index("ready.") < output.index("Worker:   email sender and scheduler running")
    assert output.index("beat: Starting") < output.index("Ready.")
    os.kill(dev.process.pid, signal.SIGTERM)
    dev.process.wait(timeout=STARTUP_TIMEOUT)


def test_email_links_follow_the_dev_frontend_unless_public_url_is_set() -> None:
    settings = Settings(_env_file=None, frontend_port=8123)  # type: ignore[call-arg]
    assert dev_settings(settings).public_url == "http://localhost:8123"
    chosen = Settings(_env_file=None, frontend_port=8123, public_url="https://todo.example")  # type: ignore[call-arg]
    assert dev_settings(chosen).public_url == "https://todo.example"


def test_the_dev_api_allows_the_dev_frontend_on_this_machines_network_addresses() -> None:
    settings = dev_settings(Settings(_env_file=None, api_host="0.0.0.0", frontend_port=8123))  # type: ignore[call-arg]
    for host in ["localhost", "127.0.0.1", *lan_addresses()]:
        assert f"http://{host}:8123" in settings.cors_origins
    local_only = dev_settings(Settings(_env_file=None, api_host="127.0.0.1", frontend_port=8123))  # type: ignore[call-arg]
    assert not any(address in " ".join(local_only.cors_origins) for address in lan_addresses())
