"""The vendored Bootstrap Icons: copies icons from the pinned npm package and writes their CSS rules.

    uv run python scripts/vendor_icons.py NAME [NAME ...]   add icons (npm pack of the pinned version)
    uv run python scripts/vendor_icons.py                   rewrite css/icons.css from the folder
    uv run python scripts/vendor_icons.py --check           exit 1 when css/icons.css is stale

Only the SVG files the app uses are committed, in frontend/vendor/bootstrap-icons-<VERSION>/icons/,
with the package's LICENSE. css/icons.css has one rule per file between `icons:start` and
`icons:end` (`.bi-<name>` sets the `--bi` mask image that `.bi` draws in the text colour); the rest
of that file is written by hand. tests/frontend/test_icons.py fails while the rules, the files and
the names the page uses disagree. Then run `uv run python -m tasktracker.frontend_assets`.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "1.13.2"
PACKAGE = f"bootstrap-icons@{VERSION}"
FRONTEND = Path(__file__).resolve().parents[1] / "frontend"
FOLDER = FRONTEND / "vendor" / f"bootstrap-icons-{VERSION}"
ICONS = FOLDER / "icons"
CSS = FRONTEND / "css" / "icons.css"
_BLOCK = re.compile(r"(?P<start>/\* icons:start[^\n]*\n).*?(?P<end>/\* icons:end \*/)", flags=re.DOTALL)
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def names(icons: Path = ICONS) -> list[str]:
    return sorted(path.stem for path in icons.glob("*.svg"))


def rules(icons: Path = ICONS) -> str:
    relative = f"../vendor/bootstrap-icons-{VERSION}/icons"
    return "".join(f'.bi-{name} {{ --bi: url("{relative}/{name}.svg"); }}\n' for name in names(icons))


def stamped_css(css: Path = CSS, icons: Path = ICONS) -> str:
    source = css.read_text(encoding="utf-8")
    block = _BLOCK.search(source)
    if block is None:
        raise ValueError(f"{css} has no /* icons:start */ ... /* icons:end */ block")
    return source[: block.end("start")] + rules(icons) + source[block.start("end") :]


def add(wanted: list[str]) -> None:
    """Copies the named icons (and the licence) out of the pinned package."""
    for name in wanted:
        if not NAME.match(name):
            raise SystemExit(f"not an icon name: {name}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is needed to fetch the pinned package")
        subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=folder, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        (archive,) = folder.glob("bootstrap-icons-*.tgz")
        with tarfile.open(archive) as tar:
            tar.extractall(folder, filter="data")
        package = folder / "package"
        ICONS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / "LICENSE", FOLDER / "LICENSE")
        for name in wanted:
            source = package / "icons" / f"{name}.svg"
            if not source.is_file():
                raise SystemExit(f"{PACKAGE} has no icon {name!r} (see https://icons.getbootstrap.com)")
            shutil.copyfile(source, ICONS / source.name)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("names", nargs="*", help="icons to add, by their Bootstrap Icons name")
    parser.add_argument("--check", action="store_true", help="only report whether css/icons.css is stale")
    arguments = parser.parse_args(argv)
    if arguments.check:
        stale = stamped_css() != CSS.read_text(encoding="utf-8")
        if stale:
            print(f"stale icon rules in {CSS}: run uv run python scripts/vendor_icons.py", file=sys.stderr)
        return 1 if stale else 0
    if arguments.names:
        add(arguments.names)
    CSS.write_text(stamped_css(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
