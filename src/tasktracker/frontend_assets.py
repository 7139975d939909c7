"""Cache-busting versions of the frontend's own CSS and JS, kept in index.html as `?v=<hash>`.

Nginx caches a `css/` or `js/` URL carrying `?v=` for a year (immutable) and everything else with
`no-cache`, so index.html must name the current content of each file. Run
`uv run python -m tasktracker.frontend_assets` after changing a stylesheet or script; a test fails
while index.html names stale versions. Vendored libraries need no stamp: their directory names
carry the library version.
"""

import argparse
import hashlib
import re
import sys
from pathlib import Path

FRONTEND_DIR = Path(__file__).resolve().parents[2] / "frontend"
VERSION_LENGTH = 12

_ASSET_REFERENCE = re.compile(
    r'(?P<attribute>(?:src|href)=")(?P<path>(?:css|js)/[^"?#]+)(?:\?v=(?P<version>[^"]*))?"'
)


def asset_version(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_LENGTH]


def stamped_index(root: Path) -> str:
    """index.html of `root` with every css/ and js/ reference pointing at its current version."""

    def stamp(match: re.Match[str]) -> str:
        path = match["path"]
        return f'{match["attribute"]}{path}?v={asset_version(root / path)}"'

    return _ASSET_REFERENCE.sub(stamp, (root / "index.html").read_text(encoding="utf-8"))


def stale_references(root: Path) -> list[str]:
    """The css/ and js/ references of index.html whose `?v=` does not match the file."""
    index = (root / "index.html").read_text(encoding="utf-8")
    return [
        match["path"]
        for match in _ASSET_REFERENCE.finditer(index)
        if match["version"] != asset_version(root / match["path"])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tasktracker.frontend_assets",
        description="Update (or with --check verify) the ?v= asset versions in index.html.",
    )
    parser.add_argument("--root", type=Path, default=FRONTEND_DIR, help="frontend directory")
    parser.add_argument("--check", action="store_true", help="only report stale versions")
    arguments = parser.parse_args(argv)
    root: Path = arguments.root
    if arguments.check:
        stale = stale_references(root)
        for path in stale:
            print(f"stale version in index.html: {path}", file=sys.stderr)
        return 1 if stale else 0
    index = root / "index.html"
    updated = stamped_index(root)
    if updated != index.read_text(encoding="utf-8"):
        index.write_text(updated, encoding="utf-8")
        print(f"updated asset versions in {index}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
