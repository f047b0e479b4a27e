#!/usr/bin/env bash
# The gateway's cost against bare YARP (run with the gateway's own GC and JIT settings), measured in one interleaved
# run on this machine and judged against the targets of issue 16, written to bench/results.md.
# Usage: bench/run.sh (settings below can be overridden from the environment). The defaults take about 25-30 minutes
# on two cores, build included: 5 rounds of 8-second runs at 1, 16 and 256 connections over five targets.
#
# Targets, each on its own free loopback port, all in front of the same backend stub:
#   direct          the client calls the backend itself: the physical limit, a reference column only
#   bare-yarp       bench/BareYarp: YARP with one static route, the library's own floor; every target is relative to it
#   gw-inprocess    src/Portal as shipped (Production, demo off), Quotas:Store=InProcess
#   gw-redis        the same with Quotas:Store=Redis against a redis-server started here, in the default Redis mode
#                   (lease mode once it lands; REDIS_ARGS adds arguments, e.g. REDIS_ARGS='--Quotas:RedisMode Lease')
#   gw-gateway-only the in-process gateway serving the gateway role alone (ROLE_ARGS, default --Host:Roles Gateway;
#                   a host without that setting ignores it and serves both roles)
# Every server runs under `timeout` (PROCESS_LIMIT) and is stopped by the EXIT trap; every load run is bounded.
set -Eeuo pipefail

ROUNDS=${ROUNDS:-5}                   # interleaved rounds; medians are reported (the targets ask for at least 5)
DURATION=${DURATION:-8}               # seconds per wrk run (8, not 10, keeps five targets x 5 rounds within ~30 min)
CONNECTIONS=${CONNECTIONS:-"1 16 256"}
STREAM_RUNS=${STREAM_RUNS:-10}        # streamed requests per target, for curl and for the chunk probe each
STREAM_TOKENS=${STREAM_TOKENS:-50}    # max_tokens of a streamed request: one chunk per token
STREAM_PER_TOKEN_MS=${STREAM_PER_TOKEN_MS:-20}
STREAM_WARMUP=${STREAM_WARMUP:-200}   # untimed short streamed requests per target before the streaming runs
HALF_ROUNDS=${HALF_ROUNDS:-5}         # rounds of the paced run at half of bare YARP's peak
WARMUP_SECONDS=${WARMUP_SECONDS:-15}  # 1-second load windows from a process's launch until this long after it (judged at 10 s)
QUIET_WAIT=${QUIET_WAIT:-10}          # before each run, wait at most this long for other processes to go quiet...
QUIET_BUDGET=${QUIET_BUDGET:-60}      # ...and at most this long in all
PROCESS_LIMIT=${PROCESS_LIMIT:-2700}  # no server started here outlives this many seconds, whatever happens
TARGETS=(${TARGETS:-direct bare-yarp gw-inprocess gw-redis gw-gateway-only})  # drop gw-gateway-only to save a fifth
[[ " ${TARGETS[*]} " == *" bare-yarp "* ]] || { echo "TARGETS must include bare-yarp: every target is relative to it" >&2; exit 2; }
read -ra REDIS_ARGS <<<"${REDIS_ARGS:-}"                  # extra arguments of gw-redis
read -ra ROLE_ARGS <<<"${ROLE_ARGS:---Host:Roles Gateway}" # what makes gw-gateway-only serve the gateway alone

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
ART=$BENCH/out/artifacts
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT=${OUT:-$BENCH/out/run-$STAMP}
RESULTS=${RESULTS:-$BENCH/results.md}
TICK=$(getconf CLK_TCK)

# The exact command, with any setting that differs from its default, for results.md.
command_line() {
  local settings="" name default
  for pair in ROUNDS:5 DURATION:8 "CONNECTIONS:1 16 256" STREAM_RUNS:10 STREAM_TOKENS:50 STREAM_PER_TOKEN_MS:20 STREAM_WARMUP:200 HALF_ROUNDS:5 WARMUP_SECONDS:15 QUIET_WAIT:10 QUIET_BUDGET:60; do
    name=${pair%%:*}; default=${pair#*:}
    [[ ${!name} != "$default" ]] && settings+="$name='${!name}' "
  done
  [[ ${TARGETS[*]} != "direct bare-yarp gw-inprocess gw-redis gw-gateway-only" ]] && settings+="TARGETS='${TARGETS[*]}' "
  ((${#REDIS_ARGS[@]})) && settings+="REDIS_ARGS='${REDIS_ARGS[*]}' "
  [[ ${ROLE_ARGS[*]} != "--Host:Roles Gateway" ]] && settings+="ROLE_ARGS='${ROLE_ARGS[*]}' "
  echo "${settings}bench/run.sh"
}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- processes: started under timeout in their own session, stopped by pid at exit -----------------------------
WRAPPERS=()
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for w in "${WRAPPERS[@]}"; do kill -TERM "$w" 2>/dev/null || true; done
  for _ in $(seq 50); do
    local alive=0
    for w in "${WRAPPERS[@]}"; do kill -0 "$w" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for w in "${WRAPPERS[@]}"; do kill -KILL "$w" 2>/dev/null || true; done
  [[ $status -ne 0 ]] && log "failed (exit $status); logs are in $OUT"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: runs CMD under timeout, logs to $OUT/logs/NAME.log, sets STARTED_PID to the server's own pid.
start() {
  local name=$1; shift
  setsid timeout --kill-after=10 "$PROCESS_LIMIT" "$@" >"$OUT/logs/$name.log" 2>&1 </dev/null &
  local wrapper=$!
  WRAPPERS+=("$wrapper")
  STARTED_PID=""
  for _ in $(seq 100); do
    STARTED_PID=$(pgrep -P "$wrapper" | head -n1 || true)
    [[ -n $STARTED_PID ]] && break
    sleep 0.05
  done
  [[ -n $STARTED_PID ]] || { log "$name did not start"; exit 1; }
  echo "$name $STARTED_PID $wrapper" >>"$OUT/pids"
}

# stop WRAPPER_PID: a graceful stop (the gateway drains its usage buffer), bounded.
stop() {
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 150); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$1" 2>/dev/null || true
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_http() { # URL SECONDS [EXTRA CURL ARGS...]: until it answers 2xx
  local url=$1 deadline=$((SECONDS + $2)); shift 2
  until curl -sf -o /dev/null --max-time 2 "$@" "$url"; do
    ((SECONDS < deadline)) || { log "$url did not answer"; return 1; }
    sleep 0.1
  done
}

# --- CPU accounting from /proc: what each of our processes used, and what the rest of the machine used -----------
proc_cpu() { # jiffies of user+system time of the given pids
  local total=0 p
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] && total=$((total + $(sed 's/^.*) //' "/proc/$p/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
machine_busy() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
children_cpu() { # VAR: jiffies of this shell's finished children (wrk), from `times`, which must run in this shell
  times >"$OUT/.times"
  printf -v "$1" '%s' "$(awk -v t="$TICK" 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%d", ((u[1] * 60 + u[2]) + (s[1] * 60 + s[2])) * t }' "$OUT/.times")"
}
status_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# settle PID...: wait (at most 30 s) until these processes are quiet, so that one target's backlog (the gateway's
# usage writer draining into the database) never runs during the next target's measurement.
settle() {
  local before after
  for _ in $(seq 60); do
    before=$(proc_cpu "$@"); sleep 0.5; after=$(proc_cpu "$@")
    ((after - before <= TICK / 50)) && return 0
  done
}

# quiet: before a run, wait (at most QUIET_WAIT s per run, QUIET_BUDGET s in all) while processes this script did not
# start use more than a quarter of a core; builds and tests of other people on a shared machine come in bursts.
QUIET_SPENT=0
quiet() {
  local b0 o0 b1 o1 waited=0
  while ((waited < QUIET_WAIT && QUIET_SPENT < QUIET_BUDGET)); do
    b0=$(machine_busy); o0=$(proc_cpu "${ALL_PIDS[@]}"); sleep 1; b1=$(machine_busy); o1=$(proc_cpu "${ALL_PIDS[@]}")
    (((b1 - b0) - (o1 - o0) <= TICK / 4)) && return 0
    waited=$((waited + 1)); QUIET_SPENT=$((QUIET_SPENT + 1))
  done
}

# --- one wrk run ----------------------------------------------------------------------------------------------------
# measure PHASE TARGET CONNECTIONS ROUND [DELAY_MS] [SECONDS]: appends one line to runs.tsv
measure() {
  local phase=$1 target=$2 conns=$3 round=$4 delay=${5:-0} duration=${6:-$DURATION}
  local tpid=${PID[$target]:-} threads=2 file="$OUT/wrk/$phase-$target-c$conns-r$round.txt"
  ((conns < 2)) && threads=1
  quiet
  local t0 busy0 ours0 tgt0 back0 wrk0 t1 busy1 ours1 tgt1 back1 wrk1 tgt2
  t0=$(date +%s.%N); busy0=$(machine_busy); ours0=$(proc_cpu "${ALL_PIDS[@]}"); children_cpu wrk0
  tgt0=$(proc_cpu $tpid); back0=$(proc_cpu "${PID[backend]}")
  BENCH_KEY=${KEY[$target]} BENCH_DELAY_MS=$delay timeout $((duration + 30)) \
    wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$BENCH/chat.lua" "${URL[$target]}" >"$file" 2>&1 || true
  t1=$(date +%s.%N); busy1=$(machine_busy); ours1=$(proc_cpu "${ALL_PIDS[@]}"); children_cpu wrk1
  tgt1=$(proc_cpu $tpid); back1=$(proc_cpu "${PID[backend]}")
  settle ${tpid} "${PID[backend]}"
  tgt2=$(proc_cpu $tpid)
  local rss=0 hwm=0
  [[ -n $tpid ]] && { rss=$(status_kb "$tpid" VmRSS); hwm=$(status_kb "$tpid" VmHWM); }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$phase" "$target" "$conns" "$round" "$delay" \
    "${file#"$OUT"/}" "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b - a}')" \
    $((tgt1 - tgt0)) $((tgt2 - tgt0)) $((back1 - back0)) $((wrk1 - wrk0)) \
    $(((busy1 - busy0) - (ours1 - ours0) - (wrk1 - wrk0))) "$rss" "$hwm" >>"$OUT/runs.tsv"
  grep -E 'Requests/sec' "$file" | sed "s/^/  $phase $target c=$conns r=$round: /" >&2 || log "  $phase $target c=$conns: no result"
}

# --- a gateway: configure once through the management API, then restart it cold on that database ---------------------
# The key ring stays unprotected on purpose: a throwaway database on loopback, and Production refuses to start
# without a key ring certificate unless told to accept that.
start_gateway() { # NAME PORT STORE [EXTRA ARGS...]
  local name=$1 port=$2 store=$3; shift 3
  start "$name" dotnet "$ART/publish/Portal/release_linux-x64/AiGateway.Portal.dll" \
    --contentRoot "$ART/publish/Portal/release_linux-x64" --environment Production --urls "http://127.0.0.1:$port" \
    --ConnectionStrings:Portal "Data Source=$OUT/${name%-setup}.db" --Database:MigrateOnStartup true \
    --Metering:SpoolPath "$OUT/${name%-setup}.spool" \
    --Security:ApiKeyHashSecret "$HASH_SECRET" --Admin:BootstrapToken "$ADMIN_TOKEN" \
    --Auth:DevelopmentSignIn:Enabled false --Demo:Enabled false --DataProtection:AllowUnprotectedKeyRing true \
    --Quotas:Store "$store" "$@"
}

# wait_ready NAME PORT: until /readyz answers 2xx; a host that does not serve /readyz in its role (404) is ready when
# its first chat request succeeds.
wait_ready() {
  local name=$1 port=$2 deadline=$((SECONDS + 60)) code
  while ((SECONDS < deadline)); do
    code=$(curl -s -o /dev/null --max-time 2 -w '%{http_code}' "http://127.0.0.1:$port/readyz" || true)
    [[ $code == 2* ]] && return 0
    if [[ $code == 404 ]] && curl -sf -o /dev/null --max-time 2 -X POST -H "api-key: ${KEY[$name]}" -H 'Content-Type: application/json' \
      -d '{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}' "${URL[$name]}"; then
      return 0
    fi
    sleep 0.1
  done
  log "$name did not become ready"; return 1
}

# warmup NAME PORT LAUNCH_NS: 1-second windows of load at 16 connections from readiness to WARMUP_SECONDS after launch
warmup() {
  local name=$1 port=$2 launch=$3 pid=${PID[$1]} ready now i=0
  wait_ready "$name" "$port"
  ready=$(date +%s%N)
  echo -e "$name\tready\t$(((ready - launch) / 1000000))" >>"$OUT/warmup.tsv"
  while :; do
    now=$(date +%s%N)
    ((now - launch < WARMUP_SECONDS * 1000000000)) || break
    i=$((i + 1))
    BENCH_KEY=${KEY[$name]} timeout 20 wrk -t2 -c16 -d1s -s "$BENCH/chat.lua" "${URL[$name]}" >"$OUT/wrk/warmup-$name-$i.txt" 2>&1 || true
    echo -e "$name\twindow\t$(((now - launch) / 1000000))\t$((($(date +%s%N) - launch) / 1000000))\twrk/warmup-$name-$i.txt" >>"$OUT/warmup.tsv"
  done
  settle "$pid" "${PID[backend]}"
}

# =====================================================================================================================
mkdir -p "$OUT/logs" "$OUT/wrk"
: >"$OUT/runs.tsv"; : >"$OUT/warmup.tsv"; : >"$OUT/pids"
log "output in $OUT"

# Tools: wrk and redis-server from Debian when missing (apt-get update once).
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v redis-server >/dev/null || missing+=(redis-server)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  log "installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Release builds, in bench/out/artifacts so they never touch the Debug outputs of the source tree. The two proxies
# are published ReadyToRun, as infra/Dockerfile ships the gateway; the backends are plain builds.
log "building (Release)"
for project in src/Simulator/Simulator.csproj bench/Stub/Stub.csproj; do
  dotnet build "$ROOT/$project" -c Release --artifacts-path "$ART" --nologo -v q -clp:ErrorsOnly >"$OUT/logs/build.log" 2>&1 \
    || { cat "$OUT/logs/build.log" >&2; exit 1; }
done
for project in src/Portal/Portal.csproj bench/BareYarp/BareYarp.csproj; do
  dotnet publish "$ROOT/$project" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
    --artifacts-path "$ART" --nologo -v q -clp:ErrorsOnly >"$OUT/logs/build.log" 2>&1 \
    || { cat "$OUT/logs/build.log" >&2; exit 1; }
done
# Bare YARP must run with the gateway's GC and JIT settings (bench/BareYarp/BareYarp.csproj mirrors them): stop here
# when the published runtimeconfig.json files disagree on any of them.
RUNTIME_SETTINGS=$(python3 "$BENCH/report.py" --runtime-settings \
  "$ART/publish/Portal/release_linux-x64/AiGateway.Portal.runtimeconfig.json" \
  "$ART/publish/BareYarp/release_linux-x64/AiGateway.BareYarp.runtimeconfig.json") || exit 1

declare -A PID URL KEY PORT
ADMIN_TOKEN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(36))')
HASH_SECRET=$(python3 -c 'import base64, os; print(base64.b64encode(os.urandom(32)).decode())')
CHAT_PATH="/openai/deployments/bench-chat/chat/completions?api-version=2024-10-21"
STREAM_PATH="/openai/deployments/bench-stream/chat/completions?api-version=2024-10-21"
SIM=(dotnet "$ART/bin/Simulator/release/AiGateway.Simulator.dll" --contentRoot "$ART/bin/Simulator/release"
  --environment Production --Simulator:ControlEnabled false --Logging:LogLevel:Default Warning)

# Backends: the stub (the floor under load), the simulator with zero latency (measured once, to show why the stub is
# the floor), and the simulator with a per-token delay for streaming.
# A port is picked just before its server starts: one picked early can be taken meanwhile as the local end of one of
# the load runs' connections (a bare YARP that could not bind spoiled a whole run once).
for p in backend simulator stream-backend redis; do PORT[$p]=$(free_port); done
start backend dotnet "$ART/bin/Stub/release/AiGateway.Stub.dll" --contentRoot "$ART/bin/Stub/release" --urls "http://127.0.0.1:${PORT[backend]}"
PID[backend]=$STARTED_PID
start simulator "${SIM[@]}" --urls "http://127.0.0.1:${PORT[simulator]}" --Simulator:Deployments:bench-chat:Model gpt-4o-mini
PID[simulator]=$STARTED_PID
start stream-backend "${SIM[@]}" --urls "http://127.0.0.1:${PORT[stream-backend]}" \
  --Simulator:Deployments:bench-stream:Model gpt-4o-mini --Simulator:Deployments:bench-stream:Latency:PerTokenMs "$STREAM_PER_TOKEN_MS"
PID[stream-backend]=$STARTED_PID
start redis redis-server --bind 127.0.0.1 --port "${PORT[redis]}" --save '' --appendonly no --daemonize no
PID[redis]=$STARTED_PID

for b in backend:bench-chat simulator:bench-chat stream-backend:bench-stream; do
  wait_http "http://127.0.0.1:${PORT[${b%%:*}]}/openai/deployments/${b#*:}/chat/completions?api-version=2024-10-21" 60 \
    -X POST -H 'api-key: sim-key-1' -H 'Content-Type: application/json' -d '{"messages":[{"role":"user","content":"hi"}],"max_tokens":1}'
done
until redis-cli -p "${PORT[redis]}" ping >/dev/null 2>&1; do sleep 0.1; done

URL[direct]="http://127.0.0.1:${PORT[backend]}$CHAT_PATH"; KEY[direct]=sim-key-1
URL[simulator]="http://127.0.0.1:${PORT[simulator]}$CHAT_PATH"; KEY[simulator]=sim-key-1
ALL_PIDS=("${PID[backend]}" "${PID[simulator]}" "${PID[stream-backend]}" "${PID[redis]}")

log "backend floor: the simulator against the stub"
for round in 1 2; do
  measure floor simulator 16 "$round" 0 5
  measure floor direct 16 "$round" 0 5
done

# Bare YARP, cold, with its own warm-up curve for reference.
PORT[bare-yarp]=$(free_port)
launch=$(date +%s%N)
start bare-yarp dotnet "$ART/publish/BareYarp/release_linux-x64/AiGateway.BareYarp.dll" --contentRoot "$ART/publish/BareYarp/release_linux-x64" \
  --urls "http://127.0.0.1:${PORT[bare-yarp]}" --Backend "http://127.0.0.1:${PORT[backend]}/"
PID[bare-yarp]=$STARTED_PID; ALL_PIDS+=("$STARTED_PID")
URL[bare-yarp]="http://127.0.0.1:${PORT[bare-yarp]}$CHAT_PATH"; KEY[bare-yarp]=sim-key-1
wait_http "http://127.0.0.1:${PORT[bare-yarp]}/" 60 -o /dev/null || true
log "warm-up: bare-yarp"
warmup bare-yarp "${PORT[bare-yarp]}" "$launch" 2>/dev/null || true

PORT[bare-yarp-stream]=$(free_port)
start bare-yarp-stream dotnet "$ART/publish/BareYarp/release_linux-x64/AiGateway.BareYarp.dll" --contentRoot "$ART/publish/BareYarp/release_linux-x64" \
  --urls "http://127.0.0.1:${PORT[bare-yarp-stream]}" --Backend "http://127.0.0.1:${PORT[stream-backend]}/"
PID[bare-yarp-stream]=$STARTED_PID; ALL_PIDS+=("$STARTED_PID")

# The gateways: configured through the management API (by a replica serving both roles), then restarted on that
# database, so the warm-up curve is that of a replica joining an existing deployment.
GATEWAYS=()
for t in "${TARGETS[@]}"; do [[ $t == gw-* ]] && GATEWAYS+=("$t"); done
for gw in "${GATEWAYS[@]}"; do
  store=InProcess; extra=(); launch_extra=()
  case $gw in
    gw-redis) store=Redis; extra=(--ConnectionStrings:Redis "127.0.0.1:${PORT[redis]}" "${REDIS_ARGS[@]}") ;;
    gw-gateway-only) launch_extra=("${ROLE_ARGS[@]}") ;;
  esac
  log "configuring $gw"
  PORT[$gw]=$(free_port)
  start_gateway "$gw-setup" "${PORT[$gw]}" "$store" "${extra[@]}"
  setup_wrapper=${WRAPPERS[-1]}
  wait_http "http://127.0.0.1:${PORT[$gw]}/healthz" 60
  KEY[$gw]=$(python3 "$BENCH/setup_gateway.py" "http://127.0.0.1:${PORT[$gw]}" "$ADMIN_TOKEN" \
    "http://127.0.0.1:${PORT[backend]}" "http://127.0.0.1:${PORT[stream-backend]}")
  stop "$setup_wrapper"
  mv "$OUT/logs/$gw-setup.log" "$OUT/logs/$gw-setup.done.log"

  log "warm-up: $gw (cold start on the configured database)"
  launch=$(date +%s%N)
  start_gateway "$gw" "${PORT[$gw]}" "$store" "${extra[@]}" "${launch_extra[@]}"
  PID[$gw]=$STARTED_PID; ALL_PIDS+=("$STARTED_PID")
  URL[$gw]="http://127.0.0.1:${PORT[$gw]}$CHAT_PATH"
  warmup "$gw" "${PORT[$gw]}" "$launch"
done

# The interleaved rounds: for each round and each connection count, every target in turn.
log "rounds: $ROUNDS x {$CONNECTIONS} x ${TARGETS[*]}, ${DURATION}s each"
for round in $(seq "$ROUNDS"); do
  for conns in $CONNECTIONS; do
    for target in "${TARGETS[@]}"; do
      measure main "$target" "$conns" "$round"
    done
  done
done

# The warm-up curve's reference: the same 1-second windows on the now warm processes (a 1-second wrk run opens its
# connections and ramps up, so it reads a little lower than a 10-second one).
for name in bare-yarp "${GATEWAYS[@]}"; do
  for i in 1 2 3 4 5; do
    BENCH_KEY=${KEY[$name]} timeout 20 wrk -t2 -c16 -d1s -s "$BENCH/chat.lua" "${URL[$name]}" >"$OUT/wrk/warmref-$name-$i.txt" 2>&1 || true
    echo -e "$name	reference	$i	wrk/warmref-$name-$i.txt" >>"$OUT/warmup.tsv"
  done
  settle "${PID[$name]}" "${PID[backend]}"
done

# Half of bare YARP's peak, paced: every target offered the same request rate (each connection waits a fixed delay
# between requests, so the rate is set by the client, not by how fast the target answers).
read -r paced_conns paced_delay < <(python3 "$BENCH/report.py" --half-load "$OUT")
log "half load: paced $paced_conns connections x ${paced_delay} ms delay"
for round in $(seq "$HALF_ROUNDS"); do
  for target in "${TARGETS[@]}"; do
    measure paced "$target" "$paced_conns" "$round" "$paced_delay"
  done
done

# Streaming: time to first byte and total time with curl, and every chunk's arrival with a probe, interleaved.
log "streaming: $STREAM_RUNS x ${TARGETS[*]}, $STREAM_TOKENS chunks ${STREAM_PER_TOKEN_MS} ms apart"
declare -A SURL SKEY
SURL[direct]="http://127.0.0.1:${PORT[stream-backend]}$STREAM_PATH"; SKEY[direct]=sim-key-1
SURL[bare-yarp]="http://127.0.0.1:${PORT[bare-yarp-stream]}$STREAM_PATH"; SKEY[bare-yarp]=sim-key-1
for gw in "${GATEWAYS[@]}"; do SURL[$gw]="http://127.0.0.1:${PORT[$gw]}$STREAM_PATH"; SKEY[$gw]=${KEY[$gw]}; done
STREAM_BODY="{\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the order status, in detail.\"}],\"max_tokens\":$STREAM_TOKENS,\"stream\":true}"
: >"$OUT/stream.tsv"
# Untimed short streams first: the load runs warm every target's non-streamed path with tens of thousands of requests,
# and without this the streamed path would be timed on its first calls (JIT), not as a serving replica runs it.
for target in "${TARGETS[@]}"; do
  timeout 120 python3 "$BENCH/stream_warmup.py" "${SURL[$target]}" "${SKEY[$target]}" "$STREAM_WARMUP"
done
for i in $(seq "$STREAM_RUNS"); do
  for target in "${TARGETS[@]}"; do
    printf '%s\t%s\t' "$target" "$i" >>"$OUT/stream.tsv"
    curl -sN -o /dev/null --max-time 30 -w '%{http_code}\t%{time_starttransfer}\t%{time_total}\n' \
      -H "api-key: ${SKEY[$target]}" -H 'Content-Type: application/json' -d "$STREAM_BODY" "${SURL[$target]}" >>"$OUT/stream.tsv"
  done
done
: >"$OUT/chunks.jsonl"
for i in $(seq "$STREAM_RUNS"); do
  for target in "${TARGETS[@]}"; do
    timeout 30 python3 "$BENCH/stream_probe.py" "$target" "${SURL[$target]}" "${SKEY[$target]}" "$STREAM_BODY" >>"$OUT/chunks.jsonl"
  done
done

# Peak memory of every process started here, and what the machine is.
for name in bare-yarp "${GATEWAYS[@]}" backend; do
  echo -e "$name\t$(status_kb "${PID[$name]}" VmHWM)\t$(status_kb "${PID[$name]}" VmRSS)" >>"$OUT/memory.tsv"
done
{
  echo "command=$(command_line)"
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc=$(nproc)"
  echo "cpu=$(awk -F': ' '/^model name/{print $2; exit}' /proc/cpuinfo)"
  echo "memory=$(awk '/^MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
  echo "dotnet=$(dotnet --version) SDK, runtime $(dotnet --list-runtimes | awk '/Microsoft.NETCore.App/{v=$2} END{print v}')"
  echo "wrk=$(wrk -v 2>&1 | head -n1 | awk '{print $2}')"
  echo "redis=$(redis-server --version | awk '{print $3}' | sed 's/v=//')"
  echo "commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet HEAD -- src 2>/dev/null || echo ' (with uncommitted changes in src/)')"
  echo "clk_tck=$TICK"
  echo "quiet_waited=$QUIET_SPENT"
  echo "started=$STAMP"; echo "finished=$(date -u +%Y%m%dT%H%M%SZ)"
  echo "duration=$DURATION"; echo "rounds=$ROUNDS"; echo "half_rounds=$HALF_ROUNDS"; echo "stream_tokens=$STREAM_TOKENS"; echo "stream_per_token_ms=$STREAM_PER_TOKEN_MS"; echo "stream_warmup=$STREAM_WARMUP"
  echo "loadavg_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "targets=${TARGETS[*]}"
  echo "redis_args=${REDIS_ARGS[*]}"
  echo "role_args=${ROLE_ARGS[*]}"
  echo "runtime_settings=$RUNTIME_SETTINGS"
} >"$OUT/machine.txt"

python3 "$BENCH/report.py" "$OUT" "$RESULTS"
log "results: $RESULTS"
