#!/usr/bin/env bash
# The first page of GET /tasks for a user with 10,000 tasks (2,000 open, 8,000 done), on
# PostgreSQL: latency p50/p99 and bytes, side by side with the floor serving the same rows
# (bench/paging_floor.py), with the first page of `limit=100` and with GET /tasks for a user with
# the 50 tasks of ../shared/bench/compare.sh; and the API's peak memory under 32 concurrent
# first-page requests.
#   usage: bench/paging.sh [SECONDS_PER_ROUND]
# Like bench/against_floor.sh: recreates the database tasktracker_bench_paging on the local
# server, migrates it, starts `tasktracker api` with one worker on BENCH_PORT (default 8095) and
# the floor with one process on FLOOR_PORT (default 9905), both reading that database. Rounds of
# `wrk` (32 connections, then 1) alternate between the three; RSS of the API's processes is
# sampled from /proc every 50 ms while the 10,000-task user's rounds run.
# Needs wrk, curl, python3 (the floor's venv is the one compare.sh makes, BENCH_VENV).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
port=${BENCH_PORT:-8095}
floor_port=${FLOOR_PORT:-9905}
server=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
venv=${BENCH_VENV:-/tmp/tt-floor-venv}
db_url="$server/tasktracker_bench_paging"
export DATABASE_URL=$db_url
export API_PORT=$port API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development
export CELERY_BROKER_URL="" DATA_DIR="$(mktemp -d)"
base="http://127.0.0.1:$port"
floor="http://127.0.0.1:$floor_port"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [[ ! -x $venv/bin/uvicorn ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q starlette 'uvicorn[standard]' asyncpg orjson pyjwt
fi

psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tasktracker_bench_paging WITH (FORCE)" \
  -c "CREATE DATABASE tasktracker_bench_paging"
uv run tasktracker migrate >/dev/null
setsid uv run tasktracker api >"$DATA_DIR/api.log" 2>&1 &
api_pid=$!
PAGING_FLOOR_DATABASE_URL=$db_url setsid "$venv/bin/uvicorn" --app-dir bench paging_floor:app \
  --host 127.0.0.1 --port "$floor_port" --workers 1 --no-access-log --log-level warning \
  >"$DATA_DIR/floor.log" 2>&1 &
floor_pid=$!
trap 'kill -- -$api_pid 2>/dev/null; kill -- -$floor_pid 2>/dev/null; true' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "$base/health" && break; sleep 0.2; done

# A user through the API; prints its id and access token.
register() {
  local jar="$DATA_DIR/$1.jar" id
  id=$(curl -sf -c "$jar" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1-$(date +%s%N)@example.com\",\"password\":\"bench-password-1\"}" "$base/user" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  echo "$id $(awk '$6=="access_token"{print $7}' "$jar")"
}

# The 50 tasks of compare.sh, through the API: "what 50 tasks cost today".
read -r _ small_token <<<"$(register small)"
desc=$(printf 'lorem ipsum %.0s' $(seq 9))
for i in $(seq 1 50); do
  id=$(curl -sf -b "access_token=$small_token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Task number $i\",\"description\":\"$desc\"}" "$base/tasks" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  if (( i % 3 == 0 )); then
    curl -sf -o /dev/null -b "access_token=$small_token" -X PATCH -H 'Content-Type: application/json' \
      -d '{"done":true}' "$base/tasks/$id"
  fi
done

# 10,000 tasks straight into the database (through the API they would take minutes). Descriptions
# as people write them: a third empty, most a line or a paragraph, a few long notes; done over
# the last two years.
read -r big_id big_token <<<"$(register big)"
psql "$db_url" -q <<SQL
SELECT setseed(0.42);
INSERT INTO tasks (owner_id, title, description, done, done_at, created_at, updated_at, version, position)
SELECT $big_id, 'Task ' || g || ' ' || left(md5(g::text), 6 + g % 40),
  left(repeat('Call the supplier about the invoice, then check the numbers twice. ', 120),
       (CASE WHEN r < 0.35 THEN 0 WHEN r < 0.75 THEN 40 + r2 * 260 WHEN r < 0.95 THEN 300 + r2 * 1500
             ELSE 1800 + r2 * 6000 END)::int),
  g > 2000, CASE WHEN g > 2000 THEN now() - (g - 2000) * interval '2 hours' END,
  now() - g * interval '2 hours', now(), 1, 'a' || lpad(to_hex(g), 8, '0') || 'i'
FROM (SELECT g, random() AS r, random() AS r2 FROM generate_series(1, 10000) g) s;
ANALYZE tasks;
SQL
floor_token=$("$venv/bin/python" -c "import jwt,os; print(jwt.encode({'sub':'$big_id'}, os.environ.get('FLOOR_JWT_SECRET','floor-secret-'+'x'*32), algorithm='HS256'))")
for _ in $(seq 50); do curl -sf -o /dev/null -b "access_token=$floor_token" "$floor/tasks" && break; sleep 0.2; done

count() { curl -sf -b "access_token=$2" "$1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))'; }
size() { curl -sf -o /dev/null -w '%{size_download}' -b "access_token=$2" "$1"; }
[[ $(count "$base/tasks" "$big_token") == 2100 ]] || { echo "the API's first page is not 2,100 tasks" >&2; exit 1; }
[[ $(count "$floor/tasks" "$floor_token") == 2100 ]] || { echo "the floor's page is not 2,100 tasks" >&2; exit 1; }
[[ $(count "$base/tasks" "$small_token") == 50 ]] || { echo "the 50-task user has not 50" >&2; exit 1; }
echo "bytes: API first page $(size "$base/tasks" "$big_token"), floor $(size "$floor/tasks" "$floor_token")," \
  "API limit=100 $(size "$base/tasks?limit=100" "$big_token"), API 50 tasks $(size "$base/tasks" "$small_token")"
echo "API RSS at rest: $(( $(ps -o rss=,comm= --sid "$api_pid" | awk '$2 != "uv" {s += $1} END {print s + 0}') / 1024 )) MB"

# Peak RSS (kB) of the API's processes but uv's launcher, sampled while $1 runs.
sample_rss() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(ps -o rss=,comm= --sid "$api_pid" | awk '$2 != "uv" {s += $1} END {print s + 0}')
    (( now > peak )) && peak=$now
    sleep 0.05
  done
  echo "$peak"
}

# "req/s p50_ms p99_ms" of a wrk run.
measure() {
  wrk -t1 -c"$1" -d"$2s" --latency -H "Cookie: access_token=$4" "$3" | python3 -c '
import re, sys
text = sys.stdin.read()
unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
def pct(p):
    value, scale = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M).groups()
    return round(float(value) * unit[scale], 1)
rate = re.search(r"Requests/sec:\s+([\d.]+)", text).group(1)
print(rate, pct(50), pct(99))'
}

peak=0
for round in 1 2 3; do
  for connections in 32 1; do
    f=$(measure "$connections" "$secs" "$floor/tasks" "$floor_token")
    measure "$connections" "$secs" "$base/tasks" "$big_token" >"$DATA_DIR/big" &
    wrk_pid=$!
    rss=$(sample_rss "$wrk_pid")
    wait "$wrk_pid"
    b=$(cat "$DATA_DIR/big")
    (( rss > peak )) && peak=$rss
    s=$(measure "$connections" "$secs" "$base/tasks" "$small_token")
    l=$(measure "$connections" "$secs" "$base/tasks?limit=100" "$big_token")
    read -r br bp50 bp99 <<<"$b"
    read -r fr fp50 fp99 <<<"$f"
    read -r sr sp50 sp99 <<<"$s"
    read -r lr lp50 lp99 <<<"$l"
    ratio() { python3 -c "print(round($1 / $2, 2))"; }
    echo "round $round, $connections conn:" \
      "10k first page $br req/s p50 $bp50 ms p99 $bp99 ms | floor $fr req/s p50 $fp50 ms p99 $fp99 ms" \
      "| limit=100 $lr req/s p50 $lp50 ms p99 $lp99 ms | 50 tasks $sr req/s p50 $sp50 ms p99 $sp99 ms" \
      "| p50 first page/50 tasks $(ratio "$bp50" "$sp50")x, limit=100/50 tasks $(ratio "$lp50" "$sp50")x," \
      "req/s first page/floor $(ratio "$br" "$fr") | API peak RSS $((rss / 1024)) MB"
  done
done
echo "peak API RSS over all rounds: $((peak / 1024)) MB (target < 200 MB at 32 connections)"
