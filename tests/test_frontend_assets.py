"""`python -m tasktracker.frontend_assets`: ?v= versions in index.html follow the files' content."""

import shutil
from pathlib import Path

from tasktracker.frontend_assets import (
    FRONTEND_DIR,
    asset_version,
    main,
    service_worker_is_stale,
    stale_references,
)


def frontend_copy(tmp_path: Path) -> Path:
    root = tmp_path / "frontend"
    shutil.copytree(FRONTEND_DIR, root, ignore=shutil.ignore_patterns("vendor"))
    return root


def test_an_edited_script_makes_its_version_stale_until_stamped(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    assert main(["--root", str(root), "--check"]) == 0

    with (root / "js" / "app.js").open("a") as script:
        script.write("\n// edited\n")
    assert stale_references(root) == ["js/app.js"]
    assert main(["--root", str(root), "--check"]) == 1

    assert main(["--root", str(root)]) == 0
    assert stale_references(root) == []
    assert f"js/app.js?v={asset_version(root / 'js' / 'app.js')}" in (root / "index.html").read_text()


def test_stamping_touches_only_the_version_query(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    index = root / "index.html"
    before = index.read_text()
    index.write_text(before.replace("css/app.css?v=", "css/app.css?v=old"))
    main(["--root", str(root)])
    assert index.read_text() == before


def test_the_service_worker_shell_follows_the_files_until_stamped(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    assert not service_worker_is_stale(root)
    with (root / "js" / "app.js").open("a") as script:
        script.write("\n// edited\n")
    main(["--root", str(root)])
    assert not service_worker_is_stale(root)
    assert f"js/app.js?v={asset_version(root / 'js' / 'app.js')}" in (root / "sw.js").read_text()
    (root / "favicon.svg").write_text("<svg/>")
    assert service_worker_is_stale(root)
    assert main(["--root", str(root), "--check"]) == 1


def test_the_committed_service_worker_is_current() -> None:
    assert not service_worker_is_stale(FRONTEND_DIR), "run: uv run python -m tasktracker.frontend_assets"
