#!/usr/bin/env bash
# GET /tasks against the raw-asyncpg floor: bench/against_floor.sh get [SECONDS_PER_ROUND].
exec bash "$(dirname "$0")/against_floor.sh" get "$@"
