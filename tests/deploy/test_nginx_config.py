"""The production Nginx config passes `nginx -t`, rendered the way the frontend image renders it at
container start: the image's own start script fills the template, inside an nginx.conf shaped like
the official image's."""

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import require_service
from tests.e2e.servers import start_nginx, stop
from tests.nginx_support import DEBIAN_MIME_TYPES, render_nginx
from tests.ports import free_port

from .dockerfile import REPO, read_stages
from .tools import executable

FRONTEND_DOCKERFILE = REPO / "deploy" / "frontend.Dockerfile"
START_SCRIPT = "/docker-entrypoint.d/40-tasktracker-config.sh"


def image_files() -> dict[str, Path]:
    """Where the frontend Dockerfile puts each repository path: image path -> repository path."""
    (stage,) = read_stages(FRONTEND_DOCKERFILE)
    placed = {}
    for copy in stage.all("COPY"):
        _, (source, destination) = copy.flags_and_words()
        placed[destination.rstrip("/")] = REPO / source
    return placed


def nginx_binary() -> str:
    binary = executable("nginx", "Debian's nginx: apt-get install -y nginx")
    if not DEBIAN_MIME_TYPES.exists():
        require_service("nginx", f"{DEBIAN_MIME_TYPES} is missing: apt-get install -y nginx")
    return binary


def render(tmp_path: Path, api_url: str, ipv6: str = "off") -> Path:
    """Runs the image's start script against the image's files; returns nginx.conf."""
    files = image_files()
    return render_nginx(
        tmp_path,
        start_script=files[START_SCRIPT],
        template=files["/etc/tasktracker/default.conf.template"],
        frontend_dir=files["/usr/share/nginx/html"],
        api_url=api_url,
        ipv6=ipv6,
    )


def nginx_test(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            nginx_binary(),
            "-t",
            "-p",
            str(config.parent),
            "-c",
            str(config),
            "-e",
            str(config.parent / "error.log"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_image_copies_the_start_script_and_the_template() -> None:
    files = image_files()
    assert files[START_SCRIPT] == REPO / "deploy/nginx/40-tasktracker-config.sh"
    assert files["/usr/share/nginx/html"] == REPO / "frontend"
    assert "/etc/nginx/templates" not in " ".join(files), "the image's envsubst step would render it again"


@pytest.mark.parametrize("api_url", ["", "http://203.0.113.10:8080", "https://api.example.com", "/api"])
def test_production_config_passes_nginx_t(tmp_path: Path, api_url: str) -> None:
    config = render(tmp_path, api_url)
    rendered = (tmp_path / "conf.d" / "default.conf").read_text()
    assert "listen 80;" in rendered
    assert "${" not in rendered
    result = nginx_test(config)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.parametrize("ipv6", ["on", "off"])
def test_the_server_listens_on_ipv6_too_unless_told_not_to(tmp_path: Path, ipv6: str) -> None:
    # The official image's own script adds the IPv6 line to the server block; ours writes that
    # block, so it must keep the line itself (IPv6 clients of a dual-stack host).
    config = render(tmp_path, "", ipv6=ipv6)
    rendered = (tmp_path / "conf.d" / "default.conf").read_text()
    assert "listen 80;" in rendered
    assert ("listen [::]:80;" in rendered) is (ipv6 == "on")
    result = nginx_test(config)
    assert result.returncode == 0, result.stderr


def run_probe(port: int) -> subprocess.CompletedProcess[str]:
    """The frontend image's HEALTHCHECK command, in an environment with NGINX_PORT=port."""
    (stage,) = read_stages(FRONTEND_DOCKERFILE)
    (healthcheck,) = stage.all("HEALTHCHECK")
    probe = healthcheck.exec_form()
    assert probe is not None
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "NGINX_PORT": str(port)}
    return subprocess.run(probe, env=env, capture_output=True, text=True, check=False, timeout=30)


def test_healthcheck_probes_the_port_nginx_listens_on(tmp_path: Path) -> None:
    """The image's HEALTHCHECK, run against the project's config served by Debian's nginx on
    NGINX_PORT (not 80), passes; once nginx is gone, it fails."""
    executable("wget", "apt-get install -y wget (the image has busybox wget)")
    port = free_port()
    nginx = start_nginx(nginx_binary(), tmp_path, port, "")
    try:
        result = run_probe(port)
        assert result.returncode == 0, result.stderr
    finally:
        stop(nginx.process)
    assert run_probe(port).returncode == 1


def test_nginx_t_rejects_a_broken_config(tmp_path: Path) -> None:
    """The check above can fail."""
    config = render(tmp_path, "")
    server = tmp_path / "conf.d" / "default.conf"
    server.write_text(server.read_text().replace("try_files", "try_filez", 1))
    result = nginx_test(config)
    assert result.returncode != 0
    assert "try_filez" in result.stderr
