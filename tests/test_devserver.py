"""The dev frontend server of `tasktracker dev`: files from frontend/, a generated config.js, and the
same security policy as the nginx config."""

import hashlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tasktracker.devserver import FrontendServer, config_js, serve_frontend
from tasktracker.frontend_assets import FRONTEND_DIR, bundle_sources

NGINX_TEMPLATE = Path(__file__).resolve().parents[1] / "deploy" / "nginx" / "default.conf.template"


@pytest.fixture
def server() -> Iterator[FrontendServer]:
    running = serve_frontend(host="127.0.0.1", port=0, api_port=18080)
    yield running
    running.stop()


def test_serves_the_frontend_without_caching(server: FrontendServer) -> None:
    assert re.fullmatch(r"http://localhost:\d+/", server.url)
    response = httpx.get(server.url)
    assert response.status_code == 200
    assert response.text == (FRONTEND_DIR / "index.html").read_text()
    assert response.headers["cache-control"] == "no-cache"
    assert response.headers["link"] == "<http://localhost:18080>; rel=preconnect"
    script = httpx.get(server.url + "js/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]


def test_bundles_page_and_worker_follow_the_sources_without_restamping(tmp_path: Path) -> None:
    """An edited script shows on reload: the bundle, its ?v= in the page and the worker's shell
    are made from the sources on disk, as frontend_assets would write them."""
    root = tmp_path / "frontend"
    shutil.copytree(FRONTEND_DIR, root, ignore=shutil.ignore_patterns("vendor"))
    running = serve_frontend(host="127.0.0.1", port=0, api_port=18080, root=root)
    try:
        for name in bundle_sources(root):
            served = httpx.get(running.url + name)
            assert served.content == (root / name).read_bytes(), name
            assert served.headers["cache-control"] == "no-cache"
        with (root / "js" / "app.js").open("a") as script:
            script.write("\n// edited in development\n")
        bundle = httpx.get(running.url + "bundle/app.js")
        assert bundle.text.endswith("// edited in development\n;\n")
        assert "css" not in bundle.headers["content-type"] and "javascript" in bundle.headers["content-type"]
        version = hashlib.sha256(bundle.content).hexdigest()[:12]
        assert f"bundle/app.js?v={version}" in httpx.get(running.url).text
        assert f"bundle/app.js?v={version}" in httpx.get(running.url + "sw.js").text
        assert (root / "bundle" / "app.js").read_text() != bundle.text  # the file was left alone
    finally:
        running.stop()


def test_config_points_at_the_api_port_on_the_page_host(server: FrontendServer) -> None:
    response = httpx.get(server.url + "config.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert 'window.location.hostname + ":18080"' in response.text
    assert response.text != (FRONTEND_DIR / "config.js").read_text()


def test_config_with_a_fixed_api_url_is_a_safe_string_literal() -> None:
    assert 'apiUrl: "https://api.example.com"' in config_js("https://api.example.com/", 8080)
    assert 'apiUrl: "https://x\\"</script>"' in config_js('https://x"</script>', 8080)


def test_no_directory_listings(server: FrontendServer) -> None:
    assert httpx.get(server.url + "js/").status_code == 404


def test_policy_is_the_nginx_policy(server: FrontendServer) -> None:
    template = NGINX_TEMPLATE.read_text()
    nginx_policy = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', template)
    assert nginx_policy is not None
    host_header = httpx.get(server.url, headers={"Host": "127.0.0.1:8000"}).headers
    expected = nginx_policy[1].replace("${CONNECT_SRC}", "'self' http://127.0.0.1:18080")
    assert host_header["content-security-policy"] == expected


def test_refuses_a_root_without_index(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        serve_frontend(host="127.0.0.1", port=0, api_port=8080, root=tmp_path)
