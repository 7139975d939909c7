"""`tasktracker dev`: the whole product on embedded defaults in one terminal.

SQLite, the filesystem broker and the .eml outbox need no service; the API runs in this
process, the web app on a small static server thread, and the worker and the scheduler as child
processes with the same environment (so the same broker folder, database and outbox)."""

import subprocess
import sys
from collections.abc import Sequence

from tasktracker.config import Settings
from tasktracker.devserver import serve_frontend
from tasktracker.migrate import upgrade_to_head
from tasktracker.server import serve, served_app
from tasktracker.urls import safe_url

DEV_STOP_TIMEOUT_SECONDS = 10.0


def run_dev(settings: Settings) -> None:
    # The dev frontend's own origins are allowed whatever port FRONTEND_PORT picks.
    dev_origins = [f"http://{host}:{settings.frontend_port}" for host in ("localhost", "127.0.0.1")]
    settings = settings.model_copy(
        update={
            "cors_origins": [
                *settings.cors_origins,
                *(o for o in dev_origins if o not in settings.cors_origins),
            ]
        }
    )
    upgrade_to_head(settings.resolved_database_url)
    frontend = serve_frontend(host=settings.api_host, port=settings.frontend_port, api_port=settings.api_port)
    services = start_dev_services()
    broker = safe_url(settings.celery_broker_url) or f"files in {(settings.data_dir / 'broker').resolve()}"
    mail = (
        f"SMTP {settings.smtp_host}:{settings.smtp_port}"
        if settings.smtp_host
        else f"{settings.outbox_dir.resolve()} (.eml files)"
    )
    print(f"Frontend: {frontend.url}  (open this in a browser)")
    print(f"API:      http://127.0.0.1:{settings.api_port}  (docs at /docs)")
    print(f"Worker:   email sender and scheduler running (broker: {broker})")
    print(f"Mail:     {mail}")
    try:
        serve(served_app(settings), settings)
    finally:
        stop_dev_services(services)
        frontend.stop()


def start_dev_services() -> list["subprocess.Popen[bytes]"]:
    return [
        # A fixed argv of our own interpreter and module, no shell.
        subprocess.Popen([sys.executable, "-m", "tasktracker", command])  # noqa: S603
        for command in ("worker", "beat")
    ]


def stop_dev_services(processes: Sequence["subprocess.Popen[bytes]"]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=DEV_STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
