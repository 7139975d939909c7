"""The real OpenID Provider of the tests (tests/oidc/provider.mjs, the npm package oidc-provider)
as a subprocess, and what a person does on its pages, for the API tests and the browser tests."""

import json
import os
import selectors
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import require_service

REPO = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = REPO / "tests" / "oidc" / "provider.mjs"
PROVIDER_PACKAGE = REPO / "tools" / "node_modules" / "oidc-provider"
CLIENT_ID = "tasktracker-test"
CLIENT_SECRET = "test-client-secret-" + "y" * 24
PROVIDER_ID = "test"
PROVIDER_NAME = "Test ID"
STARTUP_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True)
class RunningProvider:
    issuer: str
    log: Path

    def setting(self) -> dict[str, str]:
        """This provider as one entry of OIDC_PROVIDERS."""
        return {
            "id": PROVIDER_ID,
            "name": PROVIDER_NAME,
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        }


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        require_service("node", "install Node.js 20 (apt-get install -y nodejs)")
        raise AssertionError("unreachable")
    if not PROVIDER_PACKAGE.exists():
        require_service("oidc-provider", "run `npm ci` in tools/ (tools/package-lock.json pins it)")
    return node


def _issuer_line(process: subprocess.Popen[bytes], log: Path) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if selector.select(timeout=0.2):
                line = process.stdout.readline()
                if line:
                    issuer: str = json.loads(line)["issuer"]
                    return issuer
            if process.poll() is not None:
                break
    raise RuntimeError(f"the test OpenID Provider did not start:\n{log.read_text(errors='replace')}")


def _wait_for_discovery(issuer: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{issuer}/.well-known/openid-configuration", timeout=2) as response:
                if json.load(response)["issuer"] == issuer:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise RuntimeError(f"{issuer} serves no discovery document:\n{log.read_text(errors='replace')}")


@contextmanager
def running_provider(redirect_uris: Sequence[str], workdir: Path) -> Iterator[RunningProvider]:
    """oidc-provider with the test client, its callbacks `redirect_uris`; stopped afterwards."""
    node = _node()
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "oidc-provider.log"
    env = {
        **os.environ,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_REDIRECT_URIS": ",".join(redirect_uris),
    }
    with log.open("wb") as errors:
        process = subprocess.Popen(
            [node, str(PROVIDER_SCRIPT)], env=env, stdout=subprocess.PIPE, stderr=errors, cwd=REPO
        )
    try:
        issuer = _issuer_line(process, log)
        _wait_for_discovery(issuer, process, log)
        yield RunningProvider(issuer, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
