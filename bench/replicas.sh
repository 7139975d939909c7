#!/usr/bin/env bash
# GET /tasks throughput with one and with two `tasktracker api` processes behind the project's API
# balancer (deploy/nginx/api-balancer.conf.template, real Nginx, round robin), on PostgreSQL and
# Redis, alternating rounds in one run: the ratio two/one says what a second replica buys here.
#   usage: bench/replicas.sh [SECONDS_PER_ROUND]
# Needs PostgreSQL and Redis on localhost, nginx and wrk (installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
server=${BENCH_POSTGRES:-postgresql://postgres@127.0.0.1:5432}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)
scratch=$(mktemp -d)
export DATABASE_URL="$server/tasktracker_bench_replicas" REDIS_URL=${BENCH_REDIS:-redis://127.0.0.1:6379/0}
export REDIS_KEY_PREFIX="bench-$$:" API_HOST=127.0.0.1 API_WORKERS=1 ENVIRONMENT=development
export CELERY_BROKER_URL="" DATA_DIR="$scratch/data" LOGIN_MAX_FAILURES_PER_IP=100000

psql "$server/postgres" -qc "DROP DATABASE IF EXISTS tasktracker_bench_replicas WITH (FORCE)" \
  -c "CREATE DATABASE tasktracker_bench_replicas"
uv run tasktracker migrate >/dev/null

pids=()
trap 'for pid in "${pids[@]}"; do kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true; done; rm -rf "$scratch"' EXIT
for port in 8091 8092; do
  API_PORT=$port setsid uv run tasktracker api >"$scratch/api-$port.log" 2>&1 &
  pids+=($!)
done
for port in 8091 8092; do
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
done

# Two balancers: one in front of a single replica, one in front of both.
balancer() {  # NAME PORT UPSTREAMS...
  local name=$1 port=$2 dir="$scratch/$1"
  shift 2
  mkdir -p "$dir/conf.d"
  local servers=""
  for upstream in "$@"; do servers+="server $upstream; "; done
  sed -e "s|\${API_UPSTREAMS}|$servers|" -e "s|\${NGINX_PORT}|$port|" \
    deploy/nginx/api-balancer.conf.template >"$dir/conf.d/api.conf"
  cat >"$dir/nginx.conf" <<CONF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
error_log $dir/error.log warn;
pid $dir/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    include $dir/conf.d/*.conf;
}
CONF
  setsid "$nginx" -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" &
  pids+=($!)
  for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
}
balancer one 8093 127.0.0.1:8091
balancer two 8094 127.0.0.1:8091 127.0.0.1:8092

# A user with the same 50 tasks as ../shared/bench/compare.sh (a third of them done).
jar="$scratch/cookies.txt"
curl -sf -c "$jar" -H 'Content-Type: application/json' \
  -d '{"email":"bench@example.com","password":"bench-password-1"}' http://127.0.0.1:8094/user >/dev/null
desc=$(printf 'lorem ipsum %.0s' $(seq 9))
for i in $(seq 1 50); do
  id=$(curl -sf -b "$jar" -H 'Content-Type: application/json' \
    -d "{\"title\":\"Task number $i\",\"description\":\"$desc\"}" http://127.0.0.1:8094/tasks |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  if (( i % 3 == 0 )); then
    curl -sf -o /dev/null -b "$jar" -X PATCH -H 'Content-Type: application/json' -d '{"done":true}' \
      "http://127.0.0.1:8094/tasks/$id"
  fi
done
token=$(awk '$6=="access_token"{print $7}' "$jar")

rate() { wrk -t2 -c32 -d"${secs}s" -H "Cookie: access_token=$token" "http://127.0.0.1:$1/tasks" | awk '/Requests\/sec/{print $2}'; }
ratios=()
for round in 1 2 3; do
  one=$(rate 8093)
  two=$(rate 8094)
  ratio=$(python3 -c "print(round($two / $one, 3))")
  ratios+=("$ratio")
  echo "round $round: one replica $one req/s, two replicas $two req/s, ratio $ratio"
done
python3 -c "import statistics,sys; print('median ratio two/one:', statistics.median(map(float, sys.argv[1:])))" "${ratios[@]}"
