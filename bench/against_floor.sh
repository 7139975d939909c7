#!/usr/bin/env bash
# The API against the raw-asyncpg floor on PostgreSQL, one process each, with the shared scripts:
# `get` is GET /tasks (../shared/bench/compare.sh), `patch` the autosave PATCH /tasks/{id} with
# If-Match (../shared/bench/compare-write.sh).
#   usage: bench/against_floor.sh get|patch [SECONDS_PER_ROUND]
# Creates (or recreates) the database tasktracker_bench on the local server, migrates it, starts
# `tasktracker api` with one worker on BENCH_PORT (default 8089), runs the script and stops the API.
set -euo pipefail
cd "$(dirname "$0")/.."
case ${1:-} in
  get) script=compare.sh ;;
  patch) script=compare-write.sh ;;
  *) echo "usage: $0 get|patch [SECONDS_PER_ROUND]" >&2; exit 2 ;;
esac
secs=${2:-10}
port=${BENCH_PORT:-8089}
server=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
export DATABASE_URL="$server/tasktracker_bench"
export API_PORT=$port API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development
# The embedded broker (files in DATA_DIR): registration queues its welcome email there.
export CELERY_BROKER_URL="" DATA_DIR="$(mktemp -d)"

psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tasktracker_bench WITH (FORCE)" \
  -c "CREATE DATABASE tasktracker_bench"
uv run tasktracker migrate >/dev/null
setsid uv run tasktracker api >"$DATA_DIR/api.log" 2>&1 &
api_pid=$!
trap 'kill -- -$api_pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
bash "../shared/bench/$script" "http://127.0.0.1:$port" "$secs"
