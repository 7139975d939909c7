#!/usr/bin/env bash
# GET /tasks throughput while clients log in over and over, as a ratio to GET /tasks alone.
#   usage: bench/logins_vs_reads.sh [LOGIN_LOOPS] [SECONDS_PER_ROUND]     (defaults: 8, 10)
# Creates (or recreates) the database tasktracker_bench_logins on the local PostgreSQL, starts
# `tasktracker api` with one worker on BENCH_PORT (default 8090), registers a user with 50 tasks,
# then runs three rounds of: 32 connections reading GET /tasks alone, then the same while LOGIN_LOOPS
# connections POST /session with the right password (wrk, bench/login.lua). Prints each round and
# the median ratio (reads with logins / reads alone). Needs wrk (installed if missing) and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
loops=${1:-8}
secs=${2:-10}
port=${BENCH_PORT:-8090}
server=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
database=tasktracker_bench_logins
export DATABASE_URL="$server/$database"
export API_PORT=$port API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development
# The embedded broker (files in DATA_DIR): registration queues its welcome email there.
export CELERY_BROKER_URL="" DATA_DIR="$(mktemp -d)"
# What is measured is hashing against reads, not the failed-login limits (an older version
# counted logins in flight as failures): out of the way.
export LOGIN_MAX_FAILURES_PER_EMAIL=1000000 LOGIN_MAX_FAILURES_PER_IP=1000000

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
psql "$server/postgres" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database"
uv run tasktracker migrate >/dev/null
setsid uv run tasktracker api >"$DATA_DIR/api.log" 2>&1 &
api_pid=$!
trap 'kill -- -$api_pid 2>/dev/null || true; rm -rf "$DATA_DIR"' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf -o /dev/null "$base/health" && break; sleep 0.2; done

email="bench-$(date +%s%N)@example.com"
password="bench-password-1"
jar="$DATA_DIR/cookies.txt"
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$base/user" >/dev/null
for i in $(seq 1 50); do
  curl -sf -o /dev/null -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Task number $i\",\"description\":\"lorem ipsum dolor sit amet\"}" "$base/tasks"
done
token=$(awk '$6=="access_token"{print $7}' "$jar")

reads() { wrk -t1 -c32 -d"${secs}s" -H "Cookie: access_token=$token" "$base/tasks" | awk '/Requests\/sec/{print $2}'; }

ratios=()
for round in 1 2 3; do
  alone=$(reads)
  # The login loops run a second longer on each side, so the reads see them for their whole round.
  wrk -t1 -c"$loops" -d"$((secs + 2))s" -s bench/login.lua "$base/session" -- "$email" "$password" \
    >"$DATA_DIR/logins.txt" &
  logins_pid=$!
  sleep 1
  busy=$(reads)
  wait "$logins_pid"
  logins=$(awk '/Requests\/sec/{print $2}' "$DATA_DIR/logins.txt")
  refused=$(awk '/Non-2xx/{print $NF}' "$DATA_DIR/logins.txt")
  ratio=$(python3 -c "print(round($busy/$alone, 3))")
  ratios+=("$ratio")
  echo "round $round: GET /tasks alone $alone req/s, with $loops login loops $busy req/s, ratio $ratio;" \
    "logins $logins/s (non-2xx: ${refused:-0})"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | sed -n 2p)
echo "GET /tasks (32 connections) while $loops clients log in: median ratio $median (target >= 0.5)"
