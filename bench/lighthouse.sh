#!/usr/bin/env bash
# Lighthouse (tools/, pinned) with Debian's Chromium on the landing page and the signed-in list,
# mobile and desktop profiles; prints the scores. Not part of the tests: a loaded machine lowers
# the performance score.   usage: bench/lighthouse.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec uv run python bench/lighthouse.py "$@"
