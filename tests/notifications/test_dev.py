"""`tasktracker dev` runs the email sender and the scheduler on embedded defaults: registering
through its API leaves the welcome email as an .eml file in the outbox folder it prints."""

import asyncio
import os
import signal
import subprocess
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import httpx
import pytest

from tasktracker.config import Settings
from tests.ports import free_port

from .conftest import TASKTRACKER


async def wait_until(condition: str, check: object, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"{condition} did not happen; dev output:\n{log.read_text(errors='replace')}")
        await asyncio.sleep(0.2)


async def test_dev_delivers_the_welcome_email_to_the_outbox_folder(tmp_path: Path) -> None:
    port = free_port()
    data_dir = tmp_path / "data"
    environment = {
        key: value
        for key, value in os.environ.items()
        if key.upper() not in {name.upper() for name in Settings.model_fields}
    }
    environment |= {
        "DATA_DIR": str(data_dir),
        "API_PORT": str(port),
        "FRONTEND_PORT": str(free_port()),
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "dev.log"
    with log.open("wb") as output:
        # Its own process group, so the API, worker and beat it starts all stop with the test.
        dev = subprocess.Popen(
            [TASKTRACKER, "dev"],
            env=environment,
            cwd=tmp_path,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    outbox = (data_dir / "outbox").resolve()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as http:

            async def api_up() -> bool:
                try:
                    return (await http.get("/health")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_until("the API answering", api_up, log)

            async def ready() -> bool:
                return "Ready." in log.read_text(errors="replace")

            await wait_until("the ready banner", ready, log)
            response = await http.post(
                "/user", json={"email": "ada@example.com", "password": "correct horse battery"}
            )
            assert response.status_code == 200, response.text

        async def delivered() -> bool:
            return outbox.is_dir() and any(outbox.glob("*.eml"))

        await wait_until("the welcome email in the outbox", delivered, log)
    finally:
        os.killpg(dev.pid, signal.SIGTERM)
        try:
            dev.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(dev.pid, signal.SIGKILL)
            dev.wait()

    assert f"Mail:     {outbox} (.eml files)" in log.read_text()
    (eml,) = outbox.glob("*.eml")
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Welcome to Task Tracker"
