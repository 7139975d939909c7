"""`python -m tasktracker.frontend_assets`: the bundles and the ?v= versions in index.html follow the
files' content."""

import shutil
from pathlib import Path

from tasktracker.frontend_assets import (
    FRONTEND_DIR,
    asset_version,
    build_bundle,
    bundle_sources,
    main,
    service_worker_is_stale,
    stale_bundles,
    stale_references,
)


def frontend_copy(tmp_path: Path) -> Path:
    root = tmp_path / "frontend"
    shutil.copytree(FRONTEND_DIR, root, ignore=shutil.ignore_patterns("vendor"))
    return root


def test_an_edited_script_makes_its_bundle_and_version_stale_until_written(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    assert main(["--root", str(root), "--check"]) == 0

    with (root / "js" / "app.js").open("a") as script:
        script.write("\n// edited\n")
    assert stale_bundles(root) == ["bundle/app.js"]
    assert stale_references(root) == ["bundle/app.js"]
    assert main(["--root", str(root), "--check"]) == 1

    assert main(["--root", str(root)]) == 0
    assert stale_bundles(root) == []
    assert stale_references(root) == []
    bundle = root / "bundle" / "app.js"
    assert bundle.read_text().endswith("\n// edited\n;\n")
    assert f"bundle/app.js?v={asset_version(bundle)}" in (root / "index.html").read_text()


def test_a_hand_edited_bundle_is_stale(tmp_path: Path) -> None:
    """The committed bundle must be what its sources make: an edit to it alone fails the check."""
    root = frontend_copy(tmp_path)
    with (root / "bundle" / "app.css").open("a") as bundle:
        bundle.write("\n.patched { color: red; }\n")
    assert stale_bundles(root) == ["bundle/app.css"]
    assert stale_references(root) == []
    assert main(["--root", str(root), "--check"]) == 1
    main(["--root", str(root)])
    assert "patched" not in (root / "bundle" / "app.css").read_text()


def test_bundles_are_their_sources_in_order(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    bundles = bundle_sources(root)
    assert bundles["bundle/app.js"][-1] == "js/app.js"
    assert bundles["bundle/head.js"][0] == "js/theme.js"
    for name, sources in bundles.items():
        text = build_bundle(root, name).decode()
        positions = [text.index(f"/* {source} */\n" + (root / source).read_text()) for source in sources]
        assert positions == sorted(positions), name
    index = (root / "index.html").read_text()
    for sources in bundles.values():
        for source in sources:
            assert f'"{source}' not in index, f"{source} is bundled and also named by index.html"


def test_stamping_touches_only_the_version_query(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    index = root / "index.html"
    before = index.read_text()
    index.write_text(before.replace("bundle/app.css?v=", "bundle/app.css?v=old"))
    main(["--root", str(root)])
    assert index.read_text() == before


def test_the_service_worker_shell_follows_the_files_until_stamped(tmp_path: Path) -> None:
    root = frontend_copy(tmp_path)
    assert not service_worker_is_stale(root)
    with (root / "js" / "app.js").open("a") as script:
        script.write("\n// edited\n")
    main(["--root", str(root)])
    assert not service_worker_is_stale(root)
    bundle = root / "bundle" / "app.js"
    assert f"bundle/app.js?v={asset_version(bundle)}" in (root / "sw.js").read_text()
    (root / "favicon.svg").write_text("<svg/>")
    assert service_worker_is_stale(root)
    assert main(["--root", str(root), "--check"]) == 1


def test_the_committed_service_worker_is_current() -> None:
    assert not service_worker_is_stale(FRONTEND_DIR), "run: uv run python -m tasktracker.frontend_assets"
