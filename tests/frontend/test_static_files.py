"""Static checks of frontend/: no CDN, pinned and licensed libraries, current asset versions, and
translations that exist in both languages for every key the page and the scripts use."""

import re
from pathlib import Path

import pytest

from tasktracker.frontend_assets import FRONTEND_DIR, stale_bundles, stale_references

INDEX = FRONTEND_DIR / "index.html"
SCRIPTS = sorted((FRONTEND_DIR / "js").rglob("*.js"))
LIBRARY_BANNERS = {
    "jquery-3.7.1": "jQuery v3.7.1",
    "bootstrap-5.3.9": "Bootstrap v5.3.9",
    "sortablejs-1.15.6": "Sortable 1.15.6",
}


def test_index_names_the_current_version_of_every_asset() -> None:
    assert stale_references(FRONTEND_DIR) == [], "run: uv run python -m tasktracker.frontend_assets"


def test_the_committed_bundles_are_what_their_sources_make() -> None:
    assert stale_bundles(FRONTEND_DIR) == [], "run: uv run python -m tasktracker.frontend_assets"


def test_everything_is_served_by_us() -> None:
    urls = re.findall(r'(?:src|href)="([^"]+)"', INDEX.read_text())
    assert urls
    for url in urls:
        assert not re.match(r"^(https?:)?//", url), f"external URL in index.html: {url}"
        path = url.split("?", 1)[0].split("#", 1)[0]
        if path and not path.startswith("#"):
            assert (FRONTEND_DIR / path).is_file(), f"index.html names a missing file: {path}"


@pytest.mark.parametrize("library", sorted(LIBRARY_BANNERS))
def test_vendored_libraries_are_pinned_and_licensed(library: str) -> None:
    folder = FRONTEND_DIR / "vendor" / library
    assert any(path.name.startswith("LICENSE") for path in folder.iterdir()), f"{library} has no licence"
    minified = [path for path in folder.iterdir() if path.name.endswith(".min.js")]
    assert minified, library
    assert LIBRARY_BANNERS[library] in minified[0].read_text()[:500]
    # The icon set is no script: tests/frontend/test_icons.py checks it.
    others = {path.name for path in (FRONTEND_DIR / "vendor").iterdir()} - set(LIBRARY_BANNERS)
    assert {name.rsplit("-", 1)[0] for name in others} <= {"bootstrap-icons"}, others


I18N = FRONTEND_DIR / "js" / "i18n.js"
# The dictionaries in i18n.js: `var messages = { en: {...}, ru: {...} };`.
MESSAGES = re.compile(r"\n  var messages = \{\n.*?\n  \};\n", flags=re.DOTALL)


def dictionaries() -> dict[str, set[str]]:
    source = I18N.read_text()
    blocks = dict(re.findall(r"\n    (\w\w): \{\n(.*?)\n    \}", source, flags=re.DOTALL))
    return {
        language: set(re.findall(r'^\s+"([\w.]+)":', block, flags=re.M)) for language, block in blocks.items()
    }


def script_sources() -> dict[Path, str]:
    """Every script, with i18n.js's dictionaries left out: a key does not count as used because it
    is translated."""
    sources = {script: script.read_text() for script in SCRIPTS}
    sources[I18N], removed = MESSAGES.subn("\n", sources[I18N])
    assert removed == 1, "the dictionaries in i18n.js were not found"
    return sources


def used_keys(known_prefixes: set[str]) -> set[str]:
    """Keys in data-i18n* attributes, and every "<prefix>.<name>" string literal in the scripts."""
    keys = set(re.findall(r'data-i18n(?:-[\w-]+)?="([\w.]+)"', INDEX.read_text()))
    literal = re.compile(r'"((?:' + "|".join(sorted(known_prefixes)) + r')\.\w+)"')
    for source in script_sources().values():
        keys |= set(literal.findall(source))
    return keys


def test_both_languages_have_the_same_keys() -> None:
    found = dictionaries()
    assert set(found) == {"en", "ru"}
    assert found["en"] == found["ru"], found["en"] ^ found["ru"]
    assert len(found["en"]) > 50


def test_every_key_in_use_is_translated_and_every_translation_used() -> None:
    translated = dictionaries()["en"]
    keys = used_keys({key.split(".", 1)[0] for key in translated})
    assert {"header.login", "save.saving", "errors.emailTaken", "tasks.markOpen"} <= keys
    missing = keys - translated
    assert not missing, f"untranslated keys: {sorted(missing)}"
    unused = translated - keys
    assert not unused, f"translations nothing uses: {sorted(unused)}"


def test_the_dictionaries_do_not_count_as_use() -> None:
    """The check above can fail: the translations themselves are not scanned for keys."""
    scanned = script_sources()[I18N]
    assert not any(f'"{key}":' in scanned for key in dictionaries()["en"])
    assert 't("app.title")' in scanned


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_scripts_insert_text_not_markup(script: Path) -> None:
    """User text goes in with .text(), .val() or attributes, never through an HTML parser."""
    source = script.read_text()
    for sink in (".html(", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in source, f"{script.name} uses {sink}"
    # $("<tag>", {...}) creates one element; markup concatenated with data would be parsed.
    assert not re.search(r"\$\(\s*\"<[^\"]*\"\s*\+", source), script.name
