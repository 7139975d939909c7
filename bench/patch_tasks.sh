#!/usr/bin/env bash
# The autosave PATCH /tasks/{id} against the raw-asyncpg floor: bench/against_floor.sh patch [SECONDS].
exec bash "$(dirname "$0")/against_floor.sh" patch "$@"
