#!/usr/bin/env bash
# The dev mode's write path: PATCH /tasks/{id} on SQLite, one API process, 8 connections, 8 s.
#   usage: bench/patch_sqlite.sh [CHECKOUT] [PORT]    prints requests per second
# CHECKOUT (default: this one) lets an older checkout be measured the same way, for comparison.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
port=${2:-8095}
tmp=$(mktemp -d)
export DATABASE_URL="sqlite:///$tmp/bench.db" API_PORT=$port API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development CELERY_BROKER_URL="" DATA_DIR="$tmp"
uv run tasktracker migrate >/dev/null 2>&1
setsid uv run tasktracker api >"$tmp/api.log" 2>&1 &
pid=$!; trap 'kill -- -$pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
base=http://127.0.0.1:$port
curl -sf -c $tmp/jar -H 'Content-Type: application/json' -d '{"email":"s@example.com","password":"bench-password-1"}' $base/user >/dev/null
id=$(curl -sf -b $tmp/jar -H 'Content-Type: application/json' -d '{"title":"t"}' $base/tasks | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
token=$(awk '$6=="access_token"{print $7}' $tmp/jar)
cat > $tmp/p.lua <<LUA
wrk.method = "PATCH"
wrk.body = '{"title":"edited"}'
wrk.headers["Content-Type"] = "application/json"
LUA
wrk -t1 -c8 -d8s -s $tmp/p.lua -H "Cookie: access_token=$token" $base/tasks/$id | awk '/Requests\/sec/{print $2}'
