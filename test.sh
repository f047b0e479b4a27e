#!/usr/bin/env bash
# Runs every test of the solution against real parts: SQLite files, a PostgreSQL server and a Redis server started
# here on free loopback ports, and Debian's Chromium for the browser tests. Installs what the tests need from Debian packages when it is missing. Ends with one line
# "N passed, N failed, N skipped" and exits non-zero on any failure, any skip, or when no test ran.
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=false
need_packages() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    if [ "$apt_updated" = false ]; then as_root apt-get update -qq; apt_updated=true; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

need_packages postgresql python3
need_packages redis-server
# The browser tests drive Debian's Chromium through Playwright (no browser download).
need_packages chromium
# The Kubernetes tests render infra/kubernetes with "kubectl kustomize": Debian's kubectl (1.20) when there is none.
if ! command -v kubectl >/dev/null 2>&1; then need_packages kubernetes-client; fi
# The integration tests run the official openai npm package (tests/NodeSdk) against the gateway: Node and npm
# from Debian only when the machine has none, then exactly the locked packages.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then need_packages nodejs npm; fi
(cd tests/NodeSdk && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

run_dir=$(mktemp -d /tmp/aigw-test.XXXXXX)
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_port=$(free_port)
pg_user=$(id -un)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

cleanup() {
  if [ -s "$run_dir/redis.pid" ]; then kill "$(cat "$run_dir/redis.pid")" 2>/dev/null || true; fi
  as_pg "$pg_bin/pg_ctl" -D "$run_dir/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$run_dir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root, so as root the server runs as the postgres user.
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$run_dir"; pg_user=postgres; fi
as_pg "$pg_bin/initdb" -D "$run_dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$run_dir/pg" -l "$run_dir/pg.log" -w \
  -o "-h 127.0.0.1 -p $pg_port -k $run_dir -F -c max_connections=200" start >/dev/null
log "PostgreSQL on 127.0.0.1:$pg_port (as $pg_user)"
export PORTAL_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

# Redis for the quota store tests (tests that stop a server start their own child redis-server besides this one).
redis_port=$(free_port)
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --daemonize yes \
  --pidfile "$run_dir/redis.pid" --dir "$run_dir" --logfile "$run_dir/redis.log"
redis_ready=false
for _ in $(seq 1 100); do
  if [ "$(redis-cli -h 127.0.0.1 -p "$redis_port" ping 2>/dev/null)" = "PONG" ]; then redis_ready=true; break; fi
  sleep 0.1
done
if [ "$redis_ready" != true ]; then log "Redis did not start on 127.0.0.1:$redis_port"; cat "$run_dir/redis.log" >&2 || true; exit 1; fi
log "Redis on 127.0.0.1:$redis_port"
export PORTAL_TEST_REDIS="127.0.0.1:$redis_port"

# Screenshots of the main pages, taken by the browser tests: artifacts of the run, never committed.
export BROWSER_ARTIFACTS="$PWD/.test-run/screenshots"
mkdir -p "$BROWSER_ARTIFACTS"

set +e
dotnet test Portal.sln --nologo 2>&1 | tee "$run_dir/test.log"
status=${PIPESTATUS[0]}
set -e

summary=$(awk '/^(Passed|Failed)!  - /{for(i=1;i<=NF;i++){if($i=="Failed:")f+=$(i+1);if($i=="Passed:")p+=$(i+1);if($i=="Skipped:")s+=$(i+1)}}
  END{printf "%d %d %d\n",p,f,s}' "$run_dir/test.log")
read -r passed failed skipped <<<"$summary"
echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then exit 1; fi
if [ "$passed" -eq 0 ]; then log "no test ran"; exit 1; fi
# Every real part is started above, so a skipped test means a part went missing: that must not pass quietly.
if [ "$skipped" -ne 0 ]; then log "tests were skipped"; exit 1; fi
