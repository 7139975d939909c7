"""The frontend's bundles and the cache-busting versions of its own CSS and JS (`?v=<hash>`).

Bundles: the page loads the app's stylesheets and scripts as one file each, `bundle/app.css` and
`bundle/app.js`, the source files concatenated in the order `bundles.json` lists them (fewer
requests: on a slow phone connection each one costs a round trip). The bundles are written here and
committed; `--check` fails while one differs from what its sources make. The dev server builds them
on the fly instead (devserver.py), so an edit shows on reload.

Nginx caches a `css/`, `js/` or `bundle/` URL carrying `?v=` for a year (immutable) and everything
else with `no-cache`, so index.html must name the current content of each file. Run
`uv run python -m tasktracker.frontend_assets` after changing a stylesheet or script; a test fails
while index.html names stale versions. Vendored libraries need no stamp: their directory names
carry the library version.

The same run writes the service worker's shell list (sw.js, between `// shell:start` and
`// shell:end`): every local file index.html names, the files its own stylesheets load with
`url()` (the vendored icons), the page itself and the manifest's icons, and
a VERSION that changes whenever one of them does, so browsers install the new shell on the next
visit. `config.js` is left out of the version: the container writes it at start.
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
VERSION_LENGTH = 12

_ASSET_REFERENCE = re.compile(
    r'(?P<attribute>(?:src|href)=")(?P<path>(?:css|js|bundle)/[^"?#]+)(?:\?v=(?P<version>[^"]*))?"'
)
BUNDLES_FILE = "bundles.json"


_LOCAL_REFERENCE = re.compile(r'(?:src|href)="(?P<url>(?![a-z]+:|//|#)[^"#]+)"')
_SHELL_BLOCK = re.compile(r"(?P<start>// shell:start\n).*?(?P<end>\n *// shell:end)", flags=re.DOTALL)
# Files whose URL alone names their content, and the one written at container start.
# A relative url() in one of our stylesheets (not data:, not another origin, not a fragment).
_CSS_URL = re.compile(r"""url\(\s*["']?(?P<url>(?![a-z]+:|//|#)[^"')?#]+)""")
_VERSIONED_URL = re.compile(r"^(?:(?:css|js|bundle)/[^?]+\?v=|vendor/)")
_RUNTIME_FILE = "config.js"


def bundle_sources(root: Path) -> dict[str, list[str]]:
    """bundles.json of `root`: each bundle's path and the source files it is made of, in order."""
    manifest = root / BUNDLES_FILE
    if not manifest.is_file():
        return {}
    bundles: dict[str, list[str]] = json.loads(manifest.read_text(encoding="utf-8"))
    return bundles


def build_bundle(root: Path, name: str) -> bytes:
    """The bundle `name` (e.g. "bundle/app.js") as its sources make it: each source file after a
    comment naming it. Scripts are wrapped functions with their own "use strict", so they may be
    concatenated; a `;` line keeps one from running into the next."""
    sources = bundle_sources(root)[name]
    script = name.endswith(".js")
    parts = [f"/* {name}: written by `python -m tasktracker.frontend_assets` from {BUNDLES_FILE}. */\n"]
    for source in sources:
        text = (root / source).read_text(encoding="utf-8")
        ending = "" if text.endswith("\n") else "\n"
        parts.append(f"\n/* {source} */\n{text}{ending}" + (";\n" if script else ""))
    return "".join(parts).encode("utf-8")


def _content(root: Path, path: str) -> bytes:
    """What the file at `path` is to be: a bundle as its sources make it, any other file as it is."""
    return build_bundle(root, path) if path in bundle_sources(root) else (root / path).read_bytes()


def asset_version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_LENGTH]


def _version(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:VERSION_LENGTH]


def stamped_index(root: Path) -> str:
    """index.html of `root` with every css/, js/ and bundle/ reference pointing at its current
    version (a bundle's: the version its sources make)."""

    def stamp(match: re.Match[str]) -> str:
        path = match["path"]
        return f'{match["attribute"]}{path}?v={_version(_content(root, path))}"'

    return _ASSET_REFERENCE.sub(stamp, (root / "index.html").read_text(encoding="utf-8"))


def stale_references(root: Path) -> list[str]:
    """The css/, js/ and bundle/ references of index.html whose `?v=` does not match the file (a
    bundle's: what its sources make)."""
    index = (root / "index.html").read_text(encoding="utf-8")
    return [
        match["path"]
        for match in _ASSET_REFERENCE.finditer(index)
        if match["version"] != _version(_content(root, match["path"]))
    ]


def stale_bundles(root: Path) -> list[str]:
    """The bundles whose file differs from what their sources make (or is missing)."""
    return [
        name
        for name in bundle_sources(root)
        if not (root / name).is_file() or (root / name).read_bytes() != build_bundle(root, name)
    ]


def stylesheet_files(root: Path, stylesheet: str) -> list[str]:
    """The files a stylesheet of ours loads with url(), as paths from the frontend's root (a
    bundle's: those of its sources, which sit at the bundle's depth)."""
    sources = bundle_sources(root).get(stylesheet, [stylesheet])
    found = []
    for source in sources:
        path = (root / source).resolve()
        for match in _CSS_URL.finditer(path.read_text(encoding="utf-8")):
            target = (path.parent / match["url"]).resolve()
            found.append(target.relative_to(root.resolve()).as_posix())
    return found


def shell_files(root: Path, index: str | None = None) -> list[str]:
    """What the service worker precaches: the page, what index.html (or `index`, its text) names,
    what our stylesheets load and the manifest's icons."""
    if index is None:
        index = (root / "index.html").read_text(encoding="utf-8")
    urls = ["index.html"]
    for match in _LOCAL_REFERENCE.finditer(index):
        urls.append(match["url"])
        stylesheet = match["url"].split("?", 1)[0]
        if stylesheet.startswith(("css/", "bundle/")) and stylesheet.endswith(".css"):
            urls += stylesheet_files(root, stylesheet)
    manifest = root / "manifest.webmanifest"
    if manifest.is_file():
        urls += [icon["src"] for icon in json.loads(manifest.read_text(encoding="utf-8")).get("icons", [])]
    return list(dict.fromkeys(urls))


def shell_version(root: Path, files: list[str], index: str | None = None) -> str:
    digest = hashlib.sha256()
    for url in files:
        digest.update(url.encode() + b"\0")
        if url == "index.html" and index is not None:
            digest.update(index.encode("utf-8"))
        elif not _VERSIONED_URL.match(url) and url != _RUNTIME_FILE:
            digest.update((root / url).read_bytes())
    return digest.hexdigest()[:VERSION_LENGTH]


def stamped_service_worker(root: Path, index: str | None = None) -> str:
    """sw.js of `root` with the shell list and version of its index.html (or of `index`, the text
    of the page to be served)."""
    files = shell_files(root, index)
    lines = [f'var VERSION = "{shell_version(root, files, index)}";', "var SHELL = ["]
    lines += [f"  {json.dumps(url)}," for url in files]
    lines[-1] = lines[-1].rstrip(",")
    lines.append("];")
    source = (root / "sw.js").read_text(encoding="utf-8")
    start = _SHELL_BLOCK.search(source)
    if start is None:
        raise ValueError("sw.js has no // shell:start ... // shell:end block")
    indent = source[: start.start()].rsplit("\n", 1)[-1]
    block = "\n".join(indent + line for line in lines)
    return source[: start.end("start")] + block + source[start.start("end") :]


def service_worker_is_stale(root: Path) -> bool:
    return stamped_service_worker(root) != (root / "sw.js").read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tasktracker.frontend_assets",
        description="Write (or with --check verify) the bundles, index.html's ?v= stamps and sw.js's shell.",
    )
    parser.add_argument("--root", type=Path, default=FRONTEND_DIR, help="frontend directory")
    parser.add_argument("--check", action="store_true", help="only report stale versions")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    if arguments.check:
        bundles = stale_bundles(root)
        for name in bundles:
            print(f"stale bundle: {name} (its sources in {BUNDLES_FILE} have changed)", file=sys.stderr)
        stale = stale_references(root)
        for path in stale:
            print(f"stale version in index.html: {path}", file=sys.stderr)
        worker_stale = service_worker_is_stale(root)
        if worker_stale:
            print("stale shell list in sw.js", file=sys.stderr)
        return 1 if bundles or stale or worker_stale else 0
    for name in stale_bundles(root):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(build_bundle(root, name))
        print(f"updated {root / name}")
    index = root / "index.html"
    updated = stamped_index(root)
    if updated != index.read_text(encoding="utf-8"):
        index.write_text(updated, encoding="utf-8")
        print(f"updated asset versions in {index}")
    worker = root / "sw.js"
    updated = stamped_service_worker(root)
    if updated != worker.read_text(encoding="utf-8"):
        worker.write_text(updated, encoding="utf-8")
        print(f"updated the shell list in {worker}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
