"""Lighthouse on the landing page and the signed-in list, mobile and desktop profiles: starts the
API and the project's Nginx serving frontend/ the way the browser tests do (tests/e2e/servers.py,
SQLite in a temporary folder), signs a user up through the API and prints a table of scores.

The list is measured as a returning user's browser loads it: Lighthouse drives a Chromium of our
own (`--port`) whose profile has signed in through the app (TT.api.logIn, then one load of the
list), so it holds the session cookies and what the app keeps in localStorage. Before each run
Lighthouse clears the HTTP cache, the service worker and the Cache Storage, as it always does;
cookies and localStorage it leaves, as it always does. The landing page gets Lighthouse's own
fresh Chromium: a visitor's.

Scores vary with the machine's load: `--runs 3` runs each page and profile three times and prints
every run and the median. `--tree DIR` serves DIR/frontend with DIR/deploy/nginx instead of this
checkout's (e.g. `git archive main | tar -x -C /tmp/before`), so a before and an after can be
measured in the same minutes.
"""

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.e2e.helpers import wait_for  # noqa: E402
from tests.e2e.servers import nginx_binary, start_backend, start_nginx, stop  # noqa: E402
from tests.ports import free_port  # noqa: E402

LIGHTHOUSE = REPO / "tools" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices")
EMAIL, PASSWORD = "bench@example.com", "correct horse battery"


def call_api(api_url: str, method: str, path: str, body: dict[str, object], cookie: str = "") -> SimpleCookie:
    request = urllib.request.Request(
        f"{api_url}{path}",
        data=json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        jar: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return jar


def make_user(api_url: str) -> None:
    """A user with a few tasks."""
    jar = call_api(api_url, "POST", "/user", {"email": EMAIL, "password": PASSWORD})
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
    for title in ("Write the quarterly report", "Buy milk", "Call the plumber"):
        call_api(api_url, "POST", "/tasks", {"title": title}, cookie)


@contextlib.contextmanager
def returning_user_browser(frontend_url: str, profile: Path) -> Iterator[int]:
    """A Chromium whose profile has signed in through the app and loaded the list once; yields its
    remote-debugging port for Lighthouse."""
    port = free_port()
    chromium = subprocess.Popen(
        [
            CHROME,
            *CHROME_FLAGS.split(),
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}", timeout=30_000)
            page = browser.contexts[0].new_page()
            page.goto(frontend_url)
            page.wait_for_selector("#welcome:not([hidden])")
            page.evaluate("([email, password]) => TT.api.logIn({email, password})", [EMAIL, PASSWORD])
            page.reload()
            page.wait_for_selector("#tasks-view:not([hidden]) .task-item")
            # The app keeps the user once the list has loaded (offline.js), a moment later.
            kept = "localStorage.getItem('tasktracker.offline.user')"
            wait_for(lambda: page.evaluate(kept) is not None, page)
            page.close()
        yield port
    finally:
        stop(chromium)


def run_lighthouse(url: str, preset: str, port: int | None, out: Path) -> dict[str, int]:
    command = [
        str(LIGHTHOUSE),
        url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={out}",
        "--quiet",
    ]
    command.append(f"--port={port}" if port else f"--chrome-flags={CHROME_FLAGS}")
    if preset == "desktop":
        command.append("--preset=desktop")
    # Lighthouse now and then fails to record the trace on a busy machine (NO_NAVSTART): try again.
    for attempt in range(3):
        result = subprocess.run(command, check=False, env={**os.environ, "CHROME_PATH": CHROME})
        if result.returncode == 0:
            break
        print(f"lighthouse failed on {url} ({preset}), attempt {attempt + 1}", file=sys.stderr)
    else:
        result.check_returncode()
    report = json.loads(out.read_text())
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="runs of each page and profile (median printed)")
    parser.add_argument("--tree", type=Path, default=REPO, help="checkout to serve (frontend/, deploy/nginx)")
    parser.add_argument("--pages", default="landing,list", help="comma-separated: landing, list")
    parser.add_argument("--presets", default="mobile,desktop", help="comma-separated: mobile, desktop")
    arguments = parser.parse_args()
    pages = arguments.pages.split(",")
    presets = arguments.presets.split(",")
    nginx = nginx_binary()
    if nginx is None or not LIGHTHOUSE.exists():
        sys.exit("needs Debian's nginx and tools/node_modules (cd tools && npm ci)")
    work = Path(tempfile.mkdtemp(prefix="lighthouse-"))
    api_port, frontend_port = free_port(), free_port()
    env = {
        "ENVIRONMENT": "test",
        "DATA_DIR": str(work / "data"),
        "DATABASE_URL": f"sqlite:///{work / 'tasktracker.db'}",
        "JWT_SECRET": "lighthouse-bench-secret-lighthouse-bench-secret",
        "CORS_ORIGINS": f"http://127.0.0.1:{frontend_port}",
        "CELERY_BROKER_URL": "",
        "SMTP_HOST": "",
    }
    backend = start_backend(work, api_port, env)
    try:
        (work / "nginx").mkdir()
        server = start_nginx(nginx, work / "nginx", frontend_port, backend.url, tree=arguments.tree.resolve())
        try:
            make_user(backend.url)
            runs: dict[tuple[str, str], list[dict[str, int]]] = {}
            with returning_user_browser(f"{server.url}/", work / "profile") as port:
                # Rounds rather than one page at a time, so a burst of load lowers every row a
                # little rather than one row a lot.
                for run in range(1, arguments.runs + 1):
                    for page in pages:
                        for preset in presets:
                            scores = run_lighthouse(
                                f"{server.url}/",
                                preset,
                                port if page == "list" else None,
                                work / f"{page}-{preset}-{run}.json",
                            )
                            runs.setdefault((page, preset), []).append(scores)
        finally:
            stop(server.process)
    finally:
        stop(backend.process)
    print(f"{'page':<10}{'profile':<10}" + "".join(f"{name:>24}" for name in CATEGORIES))
    for (page, preset), results in runs.items():
        cells = []
        for name in CATEGORIES:
            values = [scores[name] for scores in results]
            each = "/".join(str(value) for value in values)
            cells.append(f"{round(statistics.median(values))} ({each})" if len(values) > 1 else each)
        print(f"{page:<10}{preset:<10}" + "".join(f"{cell:>24}" for cell in cells))
    print(f"reports: {work}/*.json")


if __name__ == "__main__":
    main()
