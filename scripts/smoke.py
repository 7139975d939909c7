#!/usr/bin/env python3
"""Smoke test of a running Task Tracker stack, however it was started (Compose, podman, by hand):
it talks HTTP to the stack's URLs and, with --compose, asks the Compose CLI about the services.

    python3 scripts/smoke.py --frontend http://localhost --api http://localhost:8080 \\
        --mailpit http://localhost:8025 --compose "docker compose"

Checks, in order, each printed as it passes; the first failure exits 1 with what was seen:
  - the frontend serves the app, and the API is ready (/ready: the database, the broker, Redis);
  - a new user registers, creates a task and reads it back (the migrations ran: the tables exist);
  - the welcome email reaches Mailpit (--mailpit; the worker and the broker work);
  - with --compose: every running service is healthy (or exited 0, for `migrate`), the API runs
    as a user other than root, and after `down` and `up --wait` the user logs in and the task is
    still there (the data lives in volumes).
Standard library only, so it runs on any machine with Python 3.11.
"""

import argparse
import http.cookiejar
import json
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from typing import Any

# How long each condition may take to hold (a stack that is still starting); --timeout.
TIMEOUT_SECONDS = 120.0


class SmokeFailed(Exception):
    pass


class Client:
    """JSON over HTTP with a cookie jar, as the browser keeps the session."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data, method=method)  # noqa: S310 (http_url)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, _json(response.read())
        except urllib.error.HTTPError as error:
            return error.code, _json(error.read())


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return raw.decode(errors="replace")[:200]


def passed(what: str) -> None:
    print(f"ok    {what}", flush=True)


def expect(condition: bool, what: str, seen: Any) -> None:
    if not condition:
        raise SmokeFailed(f"{what}: got {seen!r}")
    passed(what)


def wait_for(what: str, probe: Any, timeout: float) -> Any:
    """Calls `probe` until it returns something truthy; fails with its last answer."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = probe()
        except (OSError, urllib.error.URLError) as error:
            last = error
        else:
            if last:
                passed(what)
                return last
        time.sleep(1)
    raise SmokeFailed(f"{what}: not within {timeout:.0f} s (last: {last!r})")


def check_frontend(url: str, timeout: float) -> None:
    def page() -> bool:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (http_url)
            return response.status == 200 and b"Task Tracker" in response.read()

    wait_for(f"the frontend serves the app at {url}", page, timeout)


def check_ready(api: str, timeout: float) -> None:
    wait_for(f"the API is ready at {api}/ready", lambda: Client(api).call("GET", "/ready")[0] == 200, timeout)


def register_and_create(api: str, email: str, password: str) -> int:
    client = Client(api)
    status, body = client.call("POST", "/user", {"email": email, "password": password})
    expect(status == 200 and body.get("email") == email, f"registration of {email}", (status, body))
    status, task = client.call("POST", "/tasks", {"title": "Smoke test task"})
    expect(status == 201 and task.get("title") == "Smoke test task", "a task is created", (status, task))
    return int(task["id"])


def check_task_kept(api: str, email: str, password: str, task_id: int) -> None:
    client = Client(api)
    status, body = client.call("POST", "/session", {"email": email, "password": password})
    expect(status == 200, f"{email} logs in", (status, body))
    status, tasks = client.call("GET", "/tasks")
    ids = [task["id"] for task in tasks] if status == 200 else tasks
    expect(status == 200 and task_id in ids, "the task is still there", (status, ids))


def check_welcome_email(mailpit: str, email: str, timeout: float) -> None:
    query = urllib.parse.urlencode({"query": f"to:{email}"})

    def arrived() -> bool:
        search = f"{mailpit.rstrip('/')}/api/v1/search?{query}"
        with urllib.request.urlopen(search, timeout=10) as response:  # noqa: S310 (http_url)
            found = json.loads(response.read())
        return any(
            email in [address.get("Address") for address in message.get("To", [])]
            for message in found.get("messages", [])
        )

    wait_for(f"the welcome email to {email} reaches Mailpit", arrived, timeout)


def compose(command: list[str], *args: str) -> str:
    # The operator's own Compose command line (--compose), run without a shell.
    result = subprocess.run([*command, *args], capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise SmokeFailed(f"{' '.join([*command, *args])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def check_services(command: list[str]) -> None:
    output = compose(command, "ps", "--all", "--format", "json")
    # One JSON object per line (Compose v2.21+) or one JSON array (older ones, podman-compose).
    lines = [line for line in output.splitlines() if line.strip()]
    services = json.loads(output) if output.lstrip().startswith("[") else [json.loads(line) for line in lines]
    problems = []
    for service in services:
        name, state = service.get("Service", service.get("Name")), service.get("State", "")
        health = service.get("Health", "")
        if state == "exited":
            if service.get("ExitCode") != 0:
                problems.append(f"{name} exited with {service.get('ExitCode')}")
        elif state != "running" or health not in ("", "healthy"):
            problems.append(f"{name} is {state} {health}".strip())
    expect(
        bool(services) and not problems, f"every service is healthy ({len(services)} containers)", problems
    )


def check_api_user(command: list[str]) -> None:
    uid = compose(command, "exec", "-T", "task-tracker-backend", "id", "-u").strip()
    expect(uid not in ("", "0"), "the API runs as a user other than root", f"uid {uid}")


def http_url(value: str) -> str:
    """An http(s) URL: the only kind the checks open."""
    if urllib.parse.urlsplit(value).scheme not in ("http", "https"):
        raise argparse.ArgumentTypeError(f"not an http(s) URL: {value!r}")
    return value


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--frontend", type=http_url, required=True, help="the web app's URL, e.g. http://localhost"
    )
    parser.add_argument(
        "--api", type=http_url, required=True, help="the API's URL, e.g. http://localhost:8080"
    )
    parser.add_argument(
        "--mailpit", type=http_url, help="Mailpit's URL (its web and API port), e.g. http://localhost:8025"
    )
    parser.add_argument(
        "--compose",
        help='the Compose command of the stack, e.g. "docker compose" or "podman compose -f compose.yaml"',
    )
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT_SECONDS, help="seconds per check (default 120)"
    )
    args = parser.parse_args()
    email = f"smoke-{uuid.uuid4().hex[:10]}@example.com"
    password = f"smoke {uuid.uuid4().hex}"
    try:
        check_frontend(args.frontend, args.timeout)
        check_ready(args.api, args.timeout)
        task_id = register_and_create(args.api, email, password)
        if args.mailpit:
            check_welcome_email(args.mailpit, email, args.timeout)
        if args.compose:
            command = shlex.split(args.compose)
            check_services(command)
            check_api_user(command)
            compose(command, "down")
            compose(command, "up", "--detach", "--wait")
            passed("the stack came back up after `down`")
            check_ready(args.api, args.timeout)
            check_task_kept(args.api, email, password, task_id)
        else:
            check_task_kept(args.api, email, password, task_id)
    except SmokeFailed as failure:
        print(f"FAIL  {failure}", file=sys.stderr)
        return 1
    print("smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
