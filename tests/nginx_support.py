"""Nginx as the frontend image runs it, for the tests that need it (the `nginx -t` checks and the
browser tests): the image's start script renders the project's template and config.js into a work
folder, under a main nginx.conf shaped like the official image's, its paths moved into the folder."""

import os
import shutil
import subprocess
from pathlib import Path

DEBIAN_MIME_TYPES = Path("/etc/nginx/mime.types")


def render_nginx(
    workdir: Path,
    *,
    start_script: Path,
    template: Path,
    frontend_dir: Path,
    api_url: str,
    port: int | None = None,
    ipv6: str = "off",
) -> Path:
    """Copies `frontend_dir` into `workdir`, runs the start script on it; returns nginx.conf.
    IPv6 off unless asked: the tests' free ports are picked on IPv4."""
    root = workdir / "html"
    shutil.copytree(frontend_dir, root)
    conf_d = workdir / "conf.d"
    conf_d.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"),
        "API_URL": api_url,
        "FRONTEND_ROOT": str(root),
        "NGINX_TEMPLATE": str(template),
        "NGINX_CONF": str(conf_d / "default.conf"),
        "NGINX_IPV6": ipv6,
    }
    if port is not None:
        env["NGINX_PORT"] = str(port)
    result = subprocess.run(["sh", str(start_script)], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"the start script failed: {result.stderr}"
    return main_config(workdir, conf_d)


def main_config(workdir: Path, conf_d: Path) -> Path:
    """An nginx.conf shaped like the official image's, its paths in `workdir`, including the
    server blocks in `conf_d`."""
    # Workers of a root master run as an unprivileged user that cannot enter pytest's private
    # temp directories; in the image the files are world-readable instead.
    user = "user root;" if os.geteuid() == 0 else ""
    main = workdir / "nginx.conf"
    main.write_text(
        f"""
{user}
worker_processes 1;
error_log {workdir}/error.log notice;
pid {workdir}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include {DEBIAN_MIME_TYPES};
    default_type application/octet-stream;
    access_log {workdir}/access.log;
    client_body_temp_path {workdir}/client_body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    sendfile on;
    include {conf_d}/*.conf;
}}
"""
    )
    return main


def render_api_balancer(workdir: Path, *, template: Path, upstreams: list[str], port: int) -> Path:
    """The API balancer template as the official image's envsubst step renders it; returns
    nginx.conf."""
    conf_d = workdir / "conf.d"
    conf_d.mkdir(parents=True)
    servers = " ".join(f"server {upstream};" for upstream in upstreams)
    rendered = template.read_text().replace("${API_UPSTREAMS}", servers).replace("${NGINX_PORT}", str(port))
    assert "${" not in rendered, "a placeholder left unrendered"
    (conf_d / "api.conf").write_text(rendered)
    return main_config(workdir, conf_d)
