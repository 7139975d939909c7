#!/usr/bin/env bash
# POST /tasks against a floor of its own (bench/post_floor.py: Starlette + asyncpg, one INSERT in
# autocommit), one process each, alternating wrk rounds (-t1 -c32) as the shared scripts do.
#   usage: bench/post_tasks.sh [SECONDS_PER_ROUND]
# Uses the shared floor's virtualenv and database (../shared/bench: run bench/get_tasks.sh once
# first, or let this script create them the same way); starts `tasktracker api` like
# bench/against_floor.sh. Rows it creates are deleted on exit on both sides.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
here=$(pwd)/bench
shared=$(cd ../shared/bench && pwd)
venv=${BENCH_VENV:-/tmp/tt-floor-venv}
port=${BENCH_PORT:-8089} floor_port=${FLOOR_PORT:-9902}
server=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
export FLOOR_DATABASE_URL=${FLOOR_DATABASE_URL:-$server/bench_floor}
export DATABASE_URL="$server/tasktracker_bench"
export API_PORT=$port API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development
export CELERY_BROKER_URL="" DATA_DIR="$(mktemp -d)"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [[ ! -x $venv/bin/uvicorn ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q starlette 'uvicorn[standard]' asyncpg orjson pyjwt
fi
psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='bench_floor'" | grep -q 1 \
  || psql "$server/postgres" -qc "CREATE DATABASE bench_floor"
psql "$FLOOR_DATABASE_URL" -tAc "SELECT to_regclass('tasks') IS NOT NULL" | grep -q t \
  || psql "$FLOOR_DATABASE_URL" -q -f "$shared/floor_seed.sql"
floor_max_id=$(psql "$FLOOR_DATABASE_URL" -tAc "SELECT max(id) FROM tasks")

psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tasktracker_bench WITH (FORCE)" \
  -c "CREATE DATABASE tasktracker_bench"
uv run tasktracker migrate >/dev/null
setsid uv run tasktracker api >"$DATA_DIR/api.log" 2>&1 &
api_pid=$!
(cd "$here" && setsid "$venv/bin/uvicorn" post_floor:app --host 127.0.0.1 --port "$floor_port" \
  --workers 1 --no-access-log --log-level warning >"$DATA_DIR/floor.log" 2>&1) &
floor_pid=$!
cleanup() {
  kill -- -"$api_pid" 2>/dev/null || true
  kill -- -"$floor_pid" 2>/dev/null || pkill -f "post_floor:app --host 127.0.0.1 --port $floor_port" || true
  psql "$FLOOR_DATABASE_URL" -qc "DELETE FROM tasks WHERE id > $floor_max_id" -c "VACUUM tasks" || true
}
trap cleanup EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
floor_token=$("$venv/bin/python" -c "import jwt,os; print(jwt.encode({'sub':'4242'}, os.environ.get('FLOOR_JWT_SECRET','floor-secret-'+'x'*32), algorithm='HS256'))")
for _ in $(seq 50); do
  [[ $(curl -s -o /dev/null -w '%{http_code}' -b "access_token=$floor_token" -H 'Content-Type: application/json' \
    -d '{"title":"probe"}' "http://127.0.0.1:$floor_port/tasks") == 201 ]] && break
  sleep 0.2
done

jar=$DATA_DIR/cookies
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"bench-$(date +%s%N)@example.com\",\"password\":\"bench-password-1\"}" \
  "http://127.0.0.1:$port/user" >/dev/null
token=$(awk '$6=="access_token"{print $7}' "$jar")

# One wrk run; prints "REQ_PER_S NON2XX".
rate() {
  local out
  out=$(wrk -t1 -c32 -d"${secs}s" -H "Cookie: access_token=$2" -s "$here/post.lua" "$1/tasks")
  awk '/Requests\/sec/{r=$2} /^post.lua:/{e=$5} END{print r, e}' <<<"$out"
}
ratios=()
for round in 1 2 3; do
  read -r f fe < <(rate "http://127.0.0.1:$floor_port" "$floor_token")
  read -r p pe < <(rate "http://127.0.0.1:$port" "$token")
  r=$(python3 -c "print(round($p/$f, 3))")
  ratios+=("$r")
  echo "round $round: project $p req/s (non2xx $pe), floor $f req/s (non2xx $fe), ratio $r"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 2p)
echo "POST /tasks (32 connections, 1 process each): median ratio project/floor $median"
