"""`tasktracker dev`: the whole product on embedded defaults in one terminal.

SQLite, the filesystem broker and the .eml outbox need no service. The API runs in this process,
the web app on a small static server thread, and the worker and the scheduler as child processes
with the same environment (so the same broker folder, database and outbox).

However `dev` is stopped — Ctrl-C (SIGINT), SIGTERM (an IDE's stop button, `kill`), SIGHUP (the
terminal closed) — it stops its children and exits. The children run in a process group of
their own, so a terminal's signals reach `dev` only (Celery's worker would take a SIGHUP as
"restart"), and they are told to stop when `dev` dies, even by SIGKILL (Linux).
"""

import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import FrameType

import uvicorn

from tasktracker.config import Settings
from tasktracker.devserver import FrontendServer, serve_frontend
from tasktracker.migrate import upgrade_to_head
from tasktracker.server import served_app, server_options
from tasktracker.urls import safe_url

DEV_STOP_TIMEOUT_SECONDS = 10.0
READY_TIMEOUT_SECONDS = 120.0
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# prctl(PR_SET_PDEATHSIG, SIGTERM): the kernel signals the child when its parent dies.
_PR_SET_PDEATHSIG = 1


class PortInUse(Exception):
    pass


def check_port_free(host: str, port: int, what: str, how: str) -> None:
    """Bind and release at once, so a taken port is one clear line before anything starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortInUse(f"Port {port} on {host} ({what}) is in use ({exc.strerror}); {how}.") from exc


def lan_addresses() -> list[str]:
    """This machine's addresses another device could open the dev app by: the host name's and
    the one the default route leaves from (no packet is sent)."""
    addresses = {socket.gethostname()}
    with suppress(OSError):
        addresses.update(socket.gethostbyname_ex(socket.gethostname())[2])
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe, suppress(OSError):
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routed like any address, never reached
        addresses.add(probe.getsockname()[0])
    return sorted(address for address in addresses if not address.startswith("127."))


def dev_settings(settings: Settings) -> Settings:
    """The dev API allows the origins the dev frontend is served from — localhost and this
    machine's network addresses, on FRONTEND_PORT — and email links point at the dev frontend,
    unless CORS_ORIGINS or PUBLIC_URL say otherwise."""
    hosts = ["localhost", "127.0.0.1", *(lan_addresses() if settings.api_host in ("0.0.0.0", "::") else [])]
    origins = [f"http://{host}:{settings.frontend_port}" for host in hosts]
    update: dict[str, object] = {
        "cors_origins": [*settings.cors_origins, *(o for o in origins if o not in settings.cors_origins)]
    }
    if "public_url" not in settings.model_fields_set:
        update["public_url"] = f"http://localhost:{settings.frontend_port}"
    return settings.model_copy(update=update)


def run_dev(settings: Settings) -> None:
    settings = dev_settings(settings)
    try:
        check_port_free(
            settings.api_host, settings.api_port, "the API", "choose another with --port or API_PORT"
        )
        check_port_free(
            settings.api_host,
            settings.frontend_port,
            "the web app",
            "choose another with --frontend-port or FRONTEND_PORT",
        )
    except PortInUse as exc:
        sys.exit(str(exc))
    upgrade_to_head(settings.resolved_database_url)
    stop = threading.Event()
    with stop_on_signals(stop), tempfile.TemporaryDirectory(prefix="tasktracker-dev-") as run_dir:
        ready_files = {name: Path(run_dir) / f"{name}.ready" for name in ("worker", "beat")}
        # The children read PUBLIC_URL from the environment like any setting: the email links.
        children = start_dev_services(ready_files, {"PUBLIC_URL": settings.public_url})
        frontend = serve_frontend(
            host=settings.api_host, port=settings.frontend_port, api_port=settings.api_port
        )
        api = uvicorn.Server(uvicorn.Config(served_app(settings), **server_options(settings)))
        # In a thread, so uvicorn leaves the signals to this one (it only handles them in the
        # main thread, and re-raises a SIGTERM after shutting down, which would kill this
        # process before it stopped its children).
        api_thread = threading.Thread(target=api.run, name="api", daemon=True)
        api_thread.start()
        try:
            if wait_until_ready(stop, api, ready_files, children, api_thread):
                print_banner(settings, frontend)
                wait_for_stop(stop, children, api_thread)
        finally:
            api.should_exit = True
            api_thread.join(DEV_STOP_TIMEOUT_SECONDS)
            stop_dev_services(children)
            frontend.stop()


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    def handle(signum: int, _: FrameType | None) -> None:
        stop.set()

    previous = {signum: signal.signal(signum, handle) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def wait_until_ready(
    stop: threading.Event,
    api: uvicorn.Server,
    ready_files: dict[str, Path],
    children: dict[str, "subprocess.Popen[bytes]"],
    api_thread: threading.Thread,
) -> bool:
    """True once the API serves and the worker and the scheduler say they are ready; False when
    stopped first; exits with a message when a part fails to start."""
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while not stop.wait(0.1):
        failed = _failed_part(children, api_thread)
        if failed:
            sys.exit(f"tasktracker dev: {failed} did not start; see its output above.")
        if api.started and all(path.exists() for path in ready_files.values()):
            return True
        if time.monotonic() > deadline:
            waiting = [name for name, path in ready_files.items() if not path.exists()]
            sys.exit(f"tasktracker dev: still waiting for {', '.join(waiting) or 'the API'}; giving up.")
    return False


def wait_for_stop(
    stop: threading.Event, children: dict[str, "subprocess.Popen[bytes]"], api_thread: threading.Thread
) -> None:
    while not stop.wait(0.5):
        failed = _failed_part(children, api_thread)
        if failed:
            sys.exit(f"tasktracker dev: {failed} stopped; stopping everything.")


def _failed_part(children: dict[str, "subprocess.Popen[bytes]"], api_thread: threading.Thread) -> str | None:
    if not api_thread.is_alive():
        return "the API"
    return next((f"the {name}" for name, child in children.items() if child.poll() is not None), None)


def print_banner(settings: Settings, frontend: FrontendServer) -> None:
    broker = safe_url(settings.celery_broker_url) or f"files in {(settings.data_dir / 'broker').resolve()}"
    mail = (
        f"SMTP {settings.smtp_host}:{settings.smtp_port}"
        if settings.smtp_host
        else f"{settings.outbox_dir.resolve()} (.eml files)"
    )
    print(f"Frontend: {frontend.url}  (open this in a browser)")
    if settings.api_host in ("0.0.0.0", "::"):
        for address in lan_addresses():
            print(f"          http://{address}:{settings.frontend_port}/  (from another device)")
    print(f"API:      http://127.0.0.1:{settings.api_port}  (docs at /docs)")
    print(f"Worker:   email sender and scheduler running (broker: {broker})")
    print(f"Mail:     {mail}")
    print("Ready. Stop with Ctrl-C.", flush=True)


def _die_with_parent() -> Callable[[], None] | None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:
        return None  # not Linux: the signal handlers above still stop the children

    def set_parent_death_signal() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)

    return set_parent_death_signal


def start_dev_services(
    ready_files: dict[str, Path], environment: dict[str, str]
) -> dict[str, "subprocess.Popen[bytes]"]:
    """`tasktracker worker` and `beat`, each creating its ready file once it runs."""
    env = {**os.environ, **environment}
    return {
        # A fixed argv of our own interpreter and module, no shell. Started before any thread of
        # ours, as preexec_fn asks.
        name: subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "tasktracker", name, "--ready-file", str(path)],
            env=env,
            process_group=0,
            preexec_fn=_die_with_parent(),
        )
        for name, path in ready_files.items()
    }


def stop_dev_services(children: dict[str, "subprocess.Popen[bytes]"]) -> None:
    processes = list(children.values())
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=DEV_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
