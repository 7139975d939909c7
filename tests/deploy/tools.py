"""Finding the external tools the deploy checks run, under the project's skip-or-fail rule."""

import shutil
import sys
from pathlib import Path

from tasktracker.config import Settings
from tests.conftest import require_service

from .dockerfile import REPO

VENV_BIN = Path(sys.executable).parent
SHARED = REPO.parent / "shared"
# The environment variables the application reads.
SETTINGS = frozenset(name.upper() for name in Settings.model_fields)


def executable(name: str, hint: str) -> str:
    """A tool from the project's virtualenv first, then from PATH (and the sbin folders, where
    Debian puts nginx, which a non-root PATH may lack)."""
    local = VENV_BIN / name
    if local.exists():
        return str(local)
    found = shutil.which(name) or shutil.which(name, path="/usr/local/sbin:/usr/sbin:/sbin")
    if found is None:
        require_service(name, f"not installed ({hint}; scripts/test installs it)")
    return found
