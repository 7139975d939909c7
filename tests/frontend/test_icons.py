"""The vendored Bootstrap Icons: only the icons the app uses, each with its CSS rule, the licence,
and no icon named by the page that is missing (scripts/vendor_icons.py keeps them together)."""

import importlib.util
import re
from pathlib import Path

from tasktracker.frontend_assets import FRONTEND_DIR, shell_files

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "vendor_icons.py"
_spec = importlib.util.spec_from_file_location("vendor_icons", SCRIPT)
assert _spec is not None and _spec.loader is not None
vendor_icons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vendor_icons)

FOLDER = FRONTEND_DIR / "vendor" / f"bootstrap-icons-{vendor_icons.VERSION}"


def used_icons() -> set[str]:
    """Icons the page names: `bi-<name>` classes in index.html, `icon("<name>")` in the scripts,
    and the icon files our stylesheets load with url()."""
    used = set(re.findall(r'class="[^"]*\bbi-([a-z0-9-]+)', (FRONTEND_DIR / "index.html").read_text()))
    for script in (FRONTEND_DIR / "js").rglob("*.js"):
        source = script.read_text()
        used |= set(re.findall(r'\bicon\("([a-z0-9-]+)"\)', source))
        used |= set(re.findall(r'"bi bi-([a-z0-9-]+)', source))
    for stylesheet in (FRONTEND_DIR / "css").glob("*.css"):
        if stylesheet.name == "icons.css":
            generated = re.compile(r"/\* icons:start.*?/\* icons:end \*/", flags=re.DOTALL)
            source = generated.sub("", stylesheet.read_text())
        else:
            source = stylesheet.read_text()
        used |= set(re.findall(r"bootstrap-icons-[\d.]+/icons/([a-z0-9-]+)\.svg", source))
    return used


def test_one_pinned_version_with_its_licence_and_only_svg_files() -> None:
    vendor = FRONTEND_DIR / "vendor"
    folders = [path.name for path in vendor.iterdir() if path.name.startswith("bootstrap-icons")]
    assert folders == [FOLDER.name]
    assert "The MIT License" in (FOLDER / "LICENSE").read_text()
    assert {path.name for path in FOLDER.iterdir()} == {"LICENSE", "icons"}
    for icon in (FOLDER / "icons").iterdir():
        assert icon.suffix == ".svg", icon
        # The package's own file, untouched: its class names the icon.
        assert f'class="bi bi-{icon.stem}"' in icon.read_text(), icon


def test_every_icon_in_use_is_vendored_and_every_vendored_icon_used() -> None:
    used = used_icons()
    vendored = set(vendor_icons.names(FOLDER / "icons"))
    assert {"inbox", "search", "trash3", "arrow-counterclockwise"} <= used
    missing = " ".join(sorted(used - vendored))
    assert not missing, f"run: uv run python scripts/vendor_icons.py {missing}"
    assert vendored - used == set(), f"vendored but unused, delete them: {sorted(vendored - used)}"


def test_the_icon_rules_are_current() -> None:
    css = FRONTEND_DIR / "css" / "icons.css"
    current = vendor_icons.stamped_css(css, FOLDER / "icons")
    assert current == css.read_text(), "run: uv run python scripts/vendor_icons.py"


def test_the_rules_can_go_stale(tmp_path: Path) -> None:
    """The check above fails when a file is added without its rule."""
    icons = tmp_path / "icons"
    icons.mkdir()
    for icon in (FOLDER / "icons").iterdir():
        (icons / icon.name).write_bytes(icon.read_bytes())
    (icons / "star.svg").write_text('<svg class="bi bi-star"></svg>')
    css = FRONTEND_DIR / "css" / "icons.css"
    assert ".bi-star " in vendor_icons.stamped_css(css, icons)
    assert vendor_icons.stamped_css(css, icons) != css.read_text()


def test_the_service_worker_keeps_the_icons_the_stylesheets_load() -> None:
    shell = shell_files(FRONTEND_DIR)
    for name in vendor_icons.names(FOLDER / "icons"):
        assert f"vendor/{FOLDER.name}/icons/{name}.svg" in shell, name
