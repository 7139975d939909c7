"""What the project's nginx config sends: caching per kind of file, gzip, security headers and the
Content-Security-Policy with the API origin written at start, checked on a running nginx."""

import hashlib
import re
from pathlib import Path

import httpx
import pytest

from tests.conftest import require_service
from tests.ports import free_port

from .helpers import Stack
from .servers import nginx_binary, start_nginx, stop

pytestmark = pytest.mark.e2e

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def http(stack: Stack) -> httpx.Client:
    return httpx.Client(base_url=stack.frontend_url, timeout=10)


def test_index_and_config_are_revalidated_and_config_names_the_api(http: httpx.Client, stack: Stack) -> None:
    index = http.get("/")
    assert index.status_code == 200
    assert index.headers["content-type"] == "text/html; charset=utf-8"
    assert index.headers["cache-control"] == "no-cache"
    assert "etag" in index.headers

    config = http.get("/config.js")
    assert config.status_code == 200
    assert config.headers["cache-control"] == "no-cache"
    assert f'apiUrl: "{stack.api_url}"' in config.text


def test_versioned_assets_are_immutable_and_match_their_version(http: httpx.Client) -> None:
    index = http.get("/").text
    references = re.findall(r'(?:src|href)="((?:css|js|bundle)/[^"?]+)\?v=([0-9a-f]+)"', index)
    assert {path for path, version in references} >= {"bundle/head.js", "bundle/app.css", "bundle/app.js"}
    for path, version in references:
        asset = http.get(f"/{path}?v={version}")
        assert asset.status_code == 200, path
        assert asset.headers["cache-control"] == IMMUTABLE, path
        assert hashlib.sha256(asset.content).hexdigest().startswith(version), (
            f"{path} is not version {version}"
        )
        assert http.get(f"/{path}").headers["cache-control"] == "no-cache", path


def test_vendored_libraries_are_immutable_by_path(http: httpx.Client) -> None:
    index = http.get("/").text
    vendored = re.findall(r'(?:src|href)="(vendor/[^"]+)"', index)
    assert {path.split("/")[1] for path in vendored} == {
        "jquery-3.7.1",
        "bootstrap-5.3.9",
        "sortablejs-1.15.6",
    }
    for path in vendored:
        response = http.get(f"/{path}")
        assert response.status_code == 200, path
        assert response.headers["cache-control"] == IMMUTABLE, path


def test_only_files_that_exist_are_cached_for_long(http: httpx.Client) -> None:
    """A 404 cached for a year would outlive the deploy that adds the file."""
    for path in ("/js/no-such-file.js?v=0123456789ab", "/vendor/jquery-3.7.1/no-such-file.js"):
        response = http.get(path)
        assert response.status_code == 404, path
        assert response.headers["cache-control"] == "no-cache", path
    index = http.get("/").text
    (script,) = re.findall(r'src="(bundle/app\.js\?v=[0-9a-f]+)"', index)
    etag = http.get(f"/{script}").headers["etag"]
    revalidated = http.get(f"/{script}", headers={"If-None-Match": etag})
    assert revalidated.status_code == 304
    assert revalidated.headers["cache-control"] == IMMUTABLE


def test_text_is_gzipped(http: httpx.Client) -> None:
    for path in (
        "/",
        "/vendor/jquery-3.7.1/jquery.min.js",
        "/vendor/bootstrap-5.3.9/bootstrap.min.css",
        "/bundle/app.js",
        "/bundle/app.css",
    ):
        response = http.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.headers.get("content-encoding") == "gzip", path
        assert "Accept-Encoding" in response.headers.get("vary", ""), path


def test_security_headers_and_a_policy_allowing_only_our_scripts_and_the_api(
    http: httpx.Client, stack: Stack
) -> None:
    for path in ("/", "/config.js", "/js/app.js", "/no-such-file"):
        headers = http.get(path).headers
        policy = csp(headers)
        assert policy["default-src"] == "'none'", path
        assert policy["script-src"] == "'self'", path
        assert policy["connect-src"] == f"'self' {stack.api_url}", path
        assert policy["frame-ancestors"] == "'none'", path
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        assert headers["server"] == "nginx", path  # no version


def csp(headers: httpx.Headers) -> dict[str, str]:
    return dict(
        directive.strip().split(" ", 1) for directive in headers["content-security-policy"].split(";")
    )


def test_without_an_api_url_the_policy_allows_the_page_host_on_8080_whatever_the_scheme(
    tmp_path: Path,
) -> None:
    """config.js then calls <page protocol>//<page host>:8080. Behind a TLS proxy Nginx itself
    sees http, so the source carries no scheme: for an https page it allows https (and wss)."""
    binary = nginx_binary()
    if binary is None:
        require_service("nginx", "install Debian's nginx (apt-get install -y nginx)")
    nginx = start_nginx(binary, tmp_path, free_port(), "")
    try:
        for host in ("tasks.example.com", "203.0.113.10"):
            response = httpx.get(nginx.url + "/", headers={"Host": host, "X-Forwarded-Proto": "https"})
            assert csp(response.headers)["connect-src"] == f"'self' {host}:8080"
    finally:
        stop(nginx.process)


def test_the_page_preconnects_to_the_api(http: httpx.Client, stack: Stack) -> None:
    """The Link header opens the API connection while the scripts load; other files go without."""
    for path in ("/", "/index.html"):
        assert http.get(path).headers.get("link") == f"<{stack.api_url}>; rel=preconnect", path
    for path in ("/config.js", "/bundle/app.js", "/favicon.svg", "/no-such-file"):
        assert "link" not in http.get(path).headers, path


def test_without_an_api_url_the_page_preconnects_to_the_page_host_on_8080(tmp_path: Path) -> None:
    binary = nginx_binary()
    if binary is None:
        require_service("nginx", "install Debian's nginx (apt-get install -y nginx)")
    nginx = start_nginx(binary, tmp_path, free_port(), "")
    try:
        response = httpx.get(nginx.url + "/", headers={"Host": "tasks.example.com"})
        assert response.headers["link"] == "<//tasks.example.com:8080>; rel=preconnect"
    finally:
        stop(nginx.process)


def test_dotfiles_and_directories_are_not_served(http: httpx.Client, stack: Stack) -> None:
    (stack.nginx.root / ".env").write_text("SECRET=1\n")
    assert http.get("/.env").status_code == 404
    assert http.get("/js/").status_code in (403, 404)
