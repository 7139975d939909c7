"""scripts/smoke.py, the stack's smoke test, against a stack started another way than Compose:
the real API and the frontend's real Nginx on this machine (what CI's Compose job adds, the
Mailpit and `docker compose` checks, runs in .github/workflows/smoke.yml)."""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import TEST_JWT_SECRET, require_service
from tests.e2e.servers import Backend, Nginx, nginx_binary, start_backend, start_nginx, stop
from tests.ports import free_port

from .dockerfile import REPO

SMOKE = REPO / "scripts" / "smoke.py"


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Backend, Nginx]]:
    nginx = nginx_binary()
    if nginx is None:
        require_service("nginx", "apt-get install -y nginx")
        raise AssertionError("unreachable")
    frontend_port = free_port()
    backend = start_backend(
        tmp_path,
        free_port(),
        {
            "ENVIRONMENT": "test",
            "DATA_DIR": str(tmp_path / "data"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'smoke.db'}",
            "JWT_SECRET": TEST_JWT_SECRET,
            "CORS_ORIGINS": f"http://127.0.0.1:{frontend_port}",
            "CELERY_BROKER_URL": "",
            "SMTP_HOST": "",
        },
    )
    try:
        frontend = start_nginx(nginx, tmp_path / "nginx", frontend_port, backend.url)
    except BaseException:
        stop(backend.process)
        raise
    yield backend, frontend
    stop(frontend.process)
    stop(backend.process)


def smoke(*args: str) -> subprocess.CompletedProcess[str]:
    # The system's Python, not the project's environment: the script needs nothing installed.
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    return subprocess.run(
        [python, str(SMOKE), *args], capture_output=True, text=True, timeout=300, check=False
    )


def test_the_smoke_test_passes_against_a_running_stack(stack: tuple[Backend, Nginx]) -> None:
    backend, frontend = stack
    result = smoke("--frontend", frontend.url, "--api", backend.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok    the frontend serves the app" in result.stdout
    assert "ok    a task is created" in result.stdout
    assert "ok    the task is still there" in result.stdout
    assert result.stdout.rstrip().endswith("smoke test passed")


def test_the_smoke_test_fails_loudly_when_the_api_is_not_there(stack: tuple[Backend, Nginx]) -> None:
    _, frontend = stack
    result = smoke("--frontend", frontend.url, "--api", f"http://127.0.0.1:{free_port()}", "--timeout", "3")
    assert result.returncode == 1
    assert "FAIL  the API is ready" in result.stderr
