#!/usr/bin/env bash
# Where a proxy's CPU goes per request: starts the stub and one target, warms it, measures its CPU per request at 16
# connections, then samples it with perf and attributes the samples to parts of the request path
# (bench/perf_categories.py). Needs bench/run.sh's Release build (bench/out/artifacts) and Linux perf.
#
# usage: bench/profile.sh gateway|bare-yarp [extra arguments for the target...]
#   e.g. bench/profile.sh gateway --Logging:LogLevel:Yarp Warning
set -Eeuo pipefail

TARGET=${1:?gateway or bare-yarp}; shift
WARM=${WARM:-30}        # seconds of load before measuring
MEASURE=${MEASURE:-15}  # seconds measured, then as long again sampled
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
ART=$BENCH/out/artifacts
OUT=$BENCH/out/profile-$TARGET-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
TICK=$(getconf CLK_TCK)
command -v perf >/dev/null || { echo "needs perf (Debian: linux-perf)" >&2; exit 1; }
[[ -f $ART/publish/Portal/release_linux-x64/AiGateway.Portal.dll ]] || { echo "run bench/run.sh first (it builds)" >&2; exit 1; }

WRAPPERS=()
cleanup() {
  for w in "${WRAPPERS[@]}"; do kill -TERM "$w" 2>/dev/null || true; done
  sleep 2
  for w in "${WRAPPERS[@]}"; do kill -KILL "$w" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start() { # NAME CMD...: sets STARTED_PID
  local name=$1; shift
  setsid timeout --kill-after=10 900 "$@" >"$OUT/$name.log" 2>&1 </dev/null &
  WRAPPERS+=("$!")
  for _ in $(seq 100); do STARTED_PID=$(pgrep -P "${WRAPPERS[-1]}" | head -n1 || true); [[ -n $STARTED_PID ]] && return; sleep 0.05; done
  exit 1
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
cpu() { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
load() { # SECONDS FILE
  BENCH_KEY=$KEY timeout $(($1 + 30)) wrk -t2 -c16 -d"$1s" --latency -s "$BENCH/chat.lua" "$URL" >"$2" 2>&1
}

STUB_PORT=$(free_port); PORT=$(free_port)
start stub dotnet "$ART/bin/Stub/release/AiGateway.Stub.dll" --contentRoot "$ART/bin/Stub/release" --urls "http://127.0.0.1:$STUB_PORT"
# Symbols for perf: every method jitted (ReadyToRun code ignored) and listed in /tmp/perf-PID.map, outside W^X double mapping.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 DOTNET_ReadyToRun=0
CHAT="/openai/deployments/bench-chat/chat/completions?api-version=2024-10-21"
if [[ $TARGET == gateway ]]; then
  TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(36))')
  start target dotnet "$ART/publish/Portal/release_linux-x64/AiGateway.Portal.dll" --contentRoot "$ART/publish/Portal/release_linux-x64" \
    --environment Production --urls "http://127.0.0.1:$PORT" --ConnectionStrings:Portal "Data Source=$OUT/gateway.db" \
    --Metering:SpoolPath "$OUT/gateway.spool" --Database:MigrateOnStartup true --Security:ApiKeyHashSecret "$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')" \
    --Admin:BootstrapToken "$TOKEN" --Auth:DevelopmentSignIn:Enabled false --Demo:Enabled false \
    --DataProtection:AllowUnprotectedKeyRing true "$@"
  PID=$STARTED_PID
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz"; do sleep 0.2; done
  KEY=$(python3 "$BENCH/setup_gateway.py" "http://127.0.0.1:$PORT" "$TOKEN" "http://127.0.0.1:$STUB_PORT" "http://127.0.0.1:$STUB_PORT")
else
  start target dotnet "$ART/publish/BareYarp/release_linux-x64/AiGateway.BareYarp.dll" --contentRoot "$ART/publish/BareYarp/release_linux-x64" \
    --urls "http://127.0.0.1:$PORT" --Backend "http://127.0.0.1:$STUB_PORT/" "$@"
  PID=$STARTED_PID
  KEY=sim-key-1
  until curl -s -o /dev/null "http://127.0.0.1:$PORT/"; do sleep 0.2; done
fi
URL="http://127.0.0.1:$PORT$CHAT"

echo "warming $TARGET for ${WARM}s" >&2
load "$WARM" "$OUT/warm.txt"
sleep 2
c0=$(cpu "$PID"); load "$MEASURE" "$OUT/measure.txt"; sleep 3; c1=$(cpu "$PID")
requests=$(awk '/requests in/{print $1}' "$OUT/measure.txt")
cpu_us=$(awk -v c=$((c1 - c0)) -v t="$TICK" -v n="$requests" 'BEGIN{printf "%.1f", c / t / n * 1e6}')
echo "$(grep Requests/sec "$OUT/measure.txt"), CPU per request ${cpu_us} µs (including 3 s after the run)" | tee "$OUT/summary.txt" >&2

load "$MEASURE" "$OUT/sampled.txt" &
loader=$!
sleep 1
perf record -F 999 -g -p "$PID" -o "$OUT/perf.data" -- sleep $((MEASURE - 2)) 2>"$OUT/perf-record.log"
wait "$loader"
# Memory: peak and current resident set, anonymous (heaps, stacks, JIT code) against file-backed (assemblies, libraries).
{
  grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|Threads)' "/proc/$PID/status"
  echo "largest file-backed mappings (KiB resident):"
  # head closes the pipe early: without "|| true", pipefail and set -e ended the script here, before perf's report.
  awk '/^[0-9a-f]+-[0-9a-f]+ /{name = $6} /^Rss:/{if (name ~ /\//) rss[name] += $2} END{for (n in rss) print rss[n], n}' "/proc/$PID/smaps" | sort -nr | head -n 8 || true
} | tee "$OUT/memory.txt" >&2
perf script -i "$OUT/perf.data" 2>/dev/null | python3 "$BENCH/perf_categories.py" "$cpu_us" --top 12 | tee "$OUT/categories.md"
echo "profile in $OUT" >&2
