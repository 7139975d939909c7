"""The real processes the browser tests run against: the API (uvicorn via `tasktracker api`) and the
frontend served by Debian's nginx with the project's config, rendered by the image's start script."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from tests.nginx_support import DEBIAN_MIME_TYPES, render_nginx
from tests.ports import listens_on

REPO = Path(__file__).resolve().parents[2]
FRONTEND_DIR = REPO / "frontend"
NGINX_TEMPLATE = REPO / "deploy" / "nginx" / "default.conf.template"
NGINX_START_SCRIPT = REPO / "deploy" / "nginx" / "40-tasktracker-config.sh"
TASKTRACKER = Path(sys.executable).parent / "tasktracker"
# Generous: a machine busy with other test runs starts a server slowly; one that is up answers at once.
STARTUP_TIMEOUT_SECONDS = 120.0


def nginx_binary() -> str | None:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    return found if found and DEBIAN_MIME_TYPES.exists() else None


def _tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


class PortTaken(RuntimeError):
    """Another process (another test run's) serves on the port: choose another."""


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Polls `url` until `process` answers it with 200; fails with the process log if it dies or
    never does, and raises PortTaken if the answer came from another process."""
    port = int(url.split("://", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = _tail(log)
            failure = PortTaken if "Address already in use" in output else RuntimeError
            raise failure(f"{process.args!r} exited with {process.returncode}:\n{output}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    if not listens_on(process.pid, port):
                        raise PortTaken(f"another process serves {url}")
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {STARTUP_TIMEOUT_SECONDS} s:\n{_tail(log)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class Backend:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def start_backend(workdir: Path, port: int, env: Mapping[str, str]) -> Backend:
    """`tasktracker migrate`, then `tasktracker api` on 127.0.0.1:port, as a deployment runs them."""
    full_env = {**os.environ, **env, "API_HOST": "127.0.0.1", "API_PORT": str(port)}
    log = workdir / "api.log"
    migrate = subprocess.run(
        [str(TASKTRACKER), "migrate"], env=full_env, cwd=workdir, capture_output=True, text=True, check=False
    )
    if migrate.returncode != 0:
        raise RuntimeError(f"tasktracker migrate failed:\n{migrate.stdout}\n{migrate.stderr}")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(TASKTRACKER), "api"], env=full_env, cwd=workdir, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{url}/health", process, log)
    except BaseException:
        stop(process)
        raise
    return Backend(url, process, log)


@dataclass
class Nginx:
    url: str
    process: subprocess.Popen[bytes]
    root: Path
    log: Path


def start_nginx(binary: str, workdir: Path, port: int, api_url: str, tree: Path = REPO) -> Nginx:
    """The project's Nginx (`tree`'s deploy/nginx, by default this checkout's) serving its frontend/."""
    config = render_nginx(
        workdir,
        start_script=tree / NGINX_START_SCRIPT.relative_to(REPO),
        template=tree / NGINX_TEMPLATE.relative_to(REPO),
        frontend_dir=tree / FRONTEND_DIR.relative_to(REPO),
        api_url=api_url,
        port=port,
    )
    log = workdir / "error.log"
    process = subprocess.Popen(
        [binary, "-p", str(workdir), "-c", str(config), "-e", str(log), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{url}/", process, log)
    except BaseException:
        stop(process)
        raise
    return Nginx(url, process, workdir / "html", log)
