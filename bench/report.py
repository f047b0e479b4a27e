#!/usr/bin/env python3
"""Turns one bench/run.sh output folder into bench/results.md.

usage: report.py OUT_DIR RESULTS_MD     write the report
       report.py --half-load OUT_DIR    print "paced_conns paced_delay_ms" for the paced run at half of bare YARP's peak
       report.py --runtime-settings GATEWAY_RUNTIMECONFIG BARE_YARP_RUNTIMECONFIG
                                        print the GC and JIT settings both run with; fail when they differ
"""
import json
import os
import re
import statistics
import sys

ALL_TARGETS = ["direct", "bare-yarp", "gw-inprocess", "gw-redis", "gw-gateway-only"]
ALL_GATEWAYS = ["gw-inprocess", "gw-redis", "gw-gateway-only"]
LABEL = {
    "direct": "direct",
    "bare-yarp": "bare YARP",
    "gw-inprocess": "gateway, in-process quotas",
    "gw-redis": "gateway, Redis quotas",
    "gw-gateway-only": "gateway-only role, in-process quotas",
    "simulator": "simulator (zero latency)",
}
SHORT = {"gw-inprocess": "in-process", "gw-redis": "Redis", "gw-gateway-only": "gateway-only role"}
MIB = 1024

# Targets of issue 16, all relative to bare YARP in the same run. Throughput, CPU, latency and streaming are judged for
# the two shipped quota stores; memory and warm-up also for the gateway-only role (its other figures are reported).
MIN_RATIO_TO_YARP = {"gw-inprocess": 0.85, "gw-redis": 0.80}
MAX_CPU_RATIO = 1.3
MAX_ADDED_P99_MS = 1.0
MAX_ADDED_TTFB_MS = 0.5
MAX_ADDED_RSS_MIB = 80
MAX_RSS_GROWTH = 0.05
WARM_BY_MS = 10_000
WARM_WINDOWS = 2  # the share reached by 10 s: the mean of the last this many 1-s windows that end by then

# Runtime settings that change how a process collects garbage or compiles code, compared between the gateway and bare
# YARP: any configProperties key under these prefixes.
RUNTIME_PREFIXES = ("System.GC.", "System.Runtime.TieredCompilation", "System.Runtime.TieredPGO", "System.Runtime.ReadyToRun",
                    "System.Threading.ThreadPool.", "System.Globalization.Invariant")


# --- reading ---------------------------------------------------------------------------------------------------------
def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def parse_wrk(path):
    """Requests/s, latency percentiles (ms), request count and any errors from wrk's --latency output."""
    text = open(path, encoding="utf-8", errors="replace").read()
    result = {"rps": None, "requests": 0, "p": {}, "errors": 0, "error_text": []}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["rps"] = float(m.group(1))
    if m := re.search(r"(\d+) requests in ([\d.]+\w+)", text):
        result["requests"] = int(m.group(1))
    for pct, value in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)$", text, re.M):
        result["p"][int(pct)] = to_ms(value)
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        result["errors"] += int(m.group(1))
        result["error_text"].append(f"{m.group(1)} non-2xx")
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        count = sum(int(x) for x in m.groups())
        if count:
            result["errors"] += count
            result["error_text"].append(m.group(0))
    if result["rps"] is None:
        result["error_text"].append("no result: " + text.strip().splitlines()[-1] if text.strip() else "no output")
        result["errors"] += 1
    return result


def read_runs(out):
    machine = read_machine(out)
    tick = int(machine.get("clk_tck", os.sysconf("SC_CLK_TCK")))
    runs = []
    for line in open(os.path.join(out, "runs.tsv"), encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 14:
            continue
        wrk = parse_wrk(os.path.join(out, f[5]))
        wall = float(f[6])
        run = {
            "phase": f[0], "target": f[1], "conns": int(f[2]), "round": int(f[3]), "delay": int(f[4]),
            "file": f[5], "wall": wall, **wrk,
            "target_cpu": int(f[7]) / tick, "target_cpu_drained": int(f[8]) / tick,
            "backend_cpu": int(f[9]) / tick, "wrk_cpu": int(f[10]) / tick,
            "foreign_cores": max(0, int(f[11])) / tick / wall if wall else 0,
            "rss_kb": int(f[12]), "hwm_kb": int(f[13]),
        }
        runs.append(run)
    return runs


def read_machine(out):
    path = os.path.join(out, "machine.txt")
    if not os.path.exists(path):
        return {}
    return dict(line.rstrip("\n").split("=", 1) for line in open(path, encoding="utf-8") if "=" in line)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def select(runs, phase, target=None, conns=None):
    return [r for r in runs if r["phase"] == phase and (target is None or r["target"] == target)
            and (conns is None or r["conns"] == conns)]


def summary(runs):
    """Medians over rounds of one phase/target/connections cell."""
    if not runs:
        return None
    requests = sum(r["requests"] for r in runs)
    return {
        "rps": median(r["rps"] for r in runs),
        "rps_min": min((r["rps"] for r in runs if r["rps"] is not None), default=None),
        "rps_max": max((r["rps"] for r in runs if r["rps"] is not None), default=None),
        "p50": median(r["p"].get(50) for r in runs),
        "p90": median(r["p"].get(90) for r in runs),
        "p99": median(r["p"].get(99) for r in runs),
        "cpu_us": median(r["target_cpu_drained"] / r["requests"] * 1e6 for r in runs if r["requests"] and r["target"] != "direct"),
        "backend_cpu_us": median(r["backend_cpu"] / r["requests"] * 1e6 for r in runs if r["requests"]),
        "foreign": median(r["foreign_cores"] for r in runs),
        "foreign_max": max(r["foreign_cores"] for r in runs),
        "errors": sum(r["errors"] for r in runs),
        "error_text": sorted({t for r in runs for t in r["error_text"]}),
        "rounds": len(runs),
        "requests": requests,
    }


# --- half load -------------------------------------------------------------------------------------------------------
def peak(runs):
    """Bare YARP's peak: its best median req/s over the connection counts, and the connection count it came at."""
    cells = {c: summary(select(runs, "main", "bare-yarp", c)) for c in sorted({r["conns"] for r in select(runs, "main", "bare-yarp")})}
    conns, cell = max(cells.items(), key=lambda kv: kv[1]["rps"] or 0)
    return cell["rps"] or 0, conns


def half_load(out):
    rate, _ = peak(read_runs(out))
    if not rate:
        sys.exit("bare YARP has no req/s to take half of")
    # About 20 ms between a connection's requests: fine enough steps for wrk's whole-millisecond delay.
    paced_conns = max(1, min(512, round(rate / 2 * 0.020)))
    paced_delay = max(1, round(paced_conns * 1000 / (rate / 2)))
    print(paced_conns, paced_delay)


# --- runtime settings ------------------------------------------------------------------------------------------------
def runtime_settings(gateway_path, yarp_path):
    def settings(path):
        props = json.load(open(path, encoding="utf-8"))["runtimeOptions"].get("configProperties", {})
        return {k: v for k, v in props.items() if k.startswith(RUNTIME_PREFIXES)}
    gateway, yarp = settings(gateway_path), settings(yarp_path)
    if gateway != yarp:
        diff = ", ".join(f"{k}: gateway {gateway.get(k, 'default')}, bare YARP {yarp.get(k, 'default')}"
                         for k in sorted(set(gateway) | set(yarp)) if gateway.get(k) != yarp.get(k))
        sys.exit(f"bare YARP must run with the gateway's runtime settings (bench/BareYarp/BareYarp.csproj); they differ: {diff}")
    print(", ".join(f"{k}={json.dumps(v)}" for k, v in sorted(gateway.items())) or "runtime defaults")


# --- formatting ------------------------------------------------------------------------------------------------------
def fmt(value, digits=0, suffix=""):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}{suffix}"


def signed(value, digits=2):
    return "–" if value is None else f"{value:+,.{digits}f}"


def ratio(a, b):
    return a / b if a is not None and b else None


def pct(value):
    return "–" if value is None else f"{value * 100:.0f}%"


def verdict(ok):
    return "**PASS**" if ok else "**MISS**"


def read_stream(out, targets):
    curl_rows = []
    if os.path.exists(os.path.join(out, "stream.tsv")):
        for line in open(os.path.join(out, "stream.tsv"), encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) == 5:
                curl_rows.append({"target": f[0], "status": f[2], "ttfb": float(f[3]) * 1000, "total": float(f[4]) * 1000})
    probes = []
    if os.path.exists(os.path.join(out, "chunks.jsonl")):
        probes = [json.loads(line) for line in open(os.path.join(out, "chunks.jsonl"), encoding="utf-8") if line.strip()]
    stream = {}
    for t in targets:
        rows = [r for r in curl_rows if r["target"] == t]
        ps = [p for p in probes if p["target"] == t]
        stream[t] = {
            "runs": len(rows),
            "bad": sum(1 for r in rows if r["status"] != "200") + sum(1 for p in ps if p["status"] != 200 or not p["done"]),
            "ttfb": median(r["ttfb"] for r in rows),
            "total": median(r["total"] for r in rows),
            "first_chunk": median(p["first_chunk_ms"] for p in ps),
            "last_chunk": median(p["last_chunk_ms"] for p in ps),
            "gap": median(p["median_gap_ms"] for p in ps),
            "max_gap": max((p["max_gap_ms"] for p in ps if p["max_gap_ms"] is not None), default=None),
            "chunks": median(p["chunks"] for p in ps),
        }
    return stream


def read_warmup(out):
    warm = {}
    if os.path.exists(os.path.join(out, "warmup.tsv")):
        for line in open(os.path.join(out, "warmup.tsv"), encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            entry = warm.setdefault(f[0], {"ready": None, "windows": [], "reference": []})
            if f[1] == "ready":
                entry["ready"] = int(f[2])
            elif f[1] == "window":
                wrk = parse_wrk(os.path.join(out, f[4]))
                entry["windows"].append({"from": int(f[2]), "to": int(f[3]), "rps": wrk["rps"], "errors": wrk["errors"]})
            elif f[1] == "reference":
                entry["reference"].append(parse_wrk(os.path.join(out, f[3]))["rps"])
    for entry in warm.values():
        entry["steady"] = median(entry["reference"])
        inside = [x for x in entry["windows"] if x["to"] <= WARM_BY_MS and x["rps"] is not None][-WARM_WINDOWS:]
        # A process that served no whole window by then (not ready yet) reached nothing of its steady throughput.
        entry["by10"] = statistics.mean(x["rps"] for x in inside) if inside else (0.0 if entry["windows"] else None)
        entry["share"] = ratio(entry["by10"], entry["steady"])
    return warm


def report(out, results_path):
    runs = read_runs(out)
    machine = read_machine(out)
    targets = [t for t in machine.get("targets", " ".join(ALL_TARGETS[:4])).split() if t in ALL_TARGETS]
    gateways = [t for t in targets if t in ALL_GATEWAYS]
    judged = [g for g in gateways if g in MIN_RATIO_TO_YARP]  # throughput, CPU, latency and streaming targets
    conn_levels = sorted({r["conns"] for r in select(runs, "main")})
    lines = []
    w = lines.append

    main = {(t, c): summary(select(runs, "main", t, c)) for t in targets for c in conn_levels}
    paced = {t: summary(select(runs, "paced", t)) for t in targets}
    paced_runs = select(runs, "paced")
    stream = read_stream(out, targets)
    warm = read_warmup(out)
    floor = {t: summary(select(runs, "floor", t)) for t in ["simulator", "direct"]}

    memory = {}
    if os.path.exists(os.path.join(out, "memory.tsv")):
        for line in open(os.path.join(out, "memory.tsv"), encoding="utf-8"):
            name, hwm, rss = line.rstrip("\n").split("\t")
            memory[name] = {"hwm": int(hwm or 0) / MIB, "rss": int(rss or 0) / MIB}
    rounds = sorted({r["round"] for r in select(runs, "main")})
    last_conns = conn_levels[-1] if conn_levels else None
    rss_by_round = {t: [next((r["rss_kb"] / MIB for r in select(runs, "main", t, last_conns) if r["round"] == n), None) for n in rounds]
                    for t in ["bare-yarp"] + gateways}

    def cell(t, c):
        return main.get((t, c)) or {}

    yarp = "bare-yarp"
    checks = []  # (target, gateway variant, ok, figures)

    # Throughput and CPU per request, at every connection count.
    for gw in judged:
        floor_ratio = MIN_RATIO_TO_YARP[gw]
        ratios = {c: ratio(cell(gw, c).get("rps"), cell(yarp, c).get("rps")) for c in conn_levels}
        checks.append((f"req/s ≥ {floor_ratio:.0%} of bare YARP's at {', '.join(map(str, conn_levels))} connections", gw,
                       bool(ratios) and all((v or 0) >= floor_ratio for v in ratios.values()),
                       "; ".join(f"{c}: {pct(v)} ({fmt(cell(gw, c).get('rps'))} vs {fmt(cell(yarp, c).get('rps'))})" for c, v in ratios.items())))
    for gw in judged:
        cpu = {c: ratio(cell(gw, c).get("cpu_us"), cell(yarp, c).get("cpu_us")) for c in conn_levels}
        checks.append((f"CPU per request ≤ {MAX_CPU_RATIO:g} × bare YARP's", gw,
                       bool(cpu) and all(v is not None and v <= MAX_CPU_RATIO for v in cpu.values()),
                       "; ".join(f"{c}: {fmt(v, 2)}× ({fmt(cell(gw, c).get('cpu_us'))} vs {fmt(cell(yarp, c).get('cpu_us'))} µs)" for c, v in cpu.items())))

    # Latency at a paced half of bare YARP's peak.
    for gw in judged:
        g, y = paced.get(gw), paced.get(yarp)
        added = g["p99"] - y["p99"] if g and y and g["p99"] is not None and y["p99"] is not None else None
        checks.append((f"p99 at a paced half of bare YARP's peak ≤ bare YARP's + {MAX_ADDED_P99_MS:g} ms", gw,
                       added is not None and added <= MAX_ADDED_P99_MS,
                       f"{fmt(g and g['p99'], 2)} vs {fmt(y and y['p99'], 2)} ms ({signed(added)} ms)"))

    # Streaming: time to first byte, and chunks passed on as they come.
    per_token = float(machine.get("stream_per_token_ms", 20))
    tokens = int(machine.get("stream_tokens", 50))
    for gw in judged:
        s, y = stream[gw], stream[yarp]
        added = s["ttfb"] - y["ttfb"] if s["ttfb"] is not None and y["ttfb"] is not None else None
        checks.append((f"streaming: time to first byte ≤ bare YARP's + {MAX_ADDED_TTFB_MS:g} ms (curl, median)", gw,
                       added is not None and added <= MAX_ADDED_TTFB_MS,
                       f"{fmt(s['ttfb'], 2)} vs {fmt(y['ttfb'], 2)} ms ({signed(added)} ms)"))
    for gw in judged:
        s, y = stream[gw], stream[yarp]
        ok = (s["runs"] > 0 and s["bad"] == 0 and s["chunks"] == tokens and s["gap"] is not None
              and abs(s["gap"] - per_token) <= 0.25 * per_token
              and s["last_chunk"] is not None and y["last_chunk"] is not None and s["last_chunk"] - y["last_chunk"] < 5)
        checks.append(("streaming: chunks unbuffered (all chunks, median gap within 25% of the backend's, last chunk within 5 ms of bare YARP's)", gw, ok,
                       f"{fmt(s['chunks'])} chunks, gap {fmt(s['gap'], 1)} ms, last chunk {signed((s['last_chunk'] or 0) - (y['last_chunk'] or 0), 1)} ms"))

    # Memory and warm-up, the gateway-only role included.
    yarp_hwm = memory.get(yarp, {}).get("hwm")
    for gw in gateways:
        hwm = memory.get(gw, {}).get("hwm")
        checks.append((f"peak RSS ≤ bare YARP's + {MAX_ADDED_RSS_MIB} MiB", gw,
                       hwm is not None and yarp_hwm is not None and hwm - yarp_hwm <= MAX_ADDED_RSS_MIB,
                       f"{fmt(hwm)} vs {fmt(yarp_hwm)} MiB ({signed(hwm - yarp_hwm if hwm is not None and yarp_hwm is not None else None, 0)} MiB)"))
    for gw in gateways:
        series = [v for v in rss_by_round.get(gw, []) if v is not None]
        growth = (series[-1] / series[0] - 1) if len(series) >= 2 and series[0] else None
        checks.append((f"RSS flat across rounds (after each round's {last_conns}-connection run, last within {MAX_RSS_GROWTH:.0%} of the first)", gw,
                       growth is not None and growth <= MAX_RSS_GROWTH,
                       " → ".join(fmt(v) for v in rss_by_round.get(gw, [])) + f" MiB ({'–' if growth is None else f'{growth:+.1%}'})"))
    yarp_share = warm.get(yarp, {}).get("share")
    for gw in gateways:
        share = warm.get(gw, {}).get("share")
        ready = warm.get(gw, {}).get("ready")
        checks.append((f"warm-up: share of steady req/s reached within {WARM_BY_MS // 1000} s of launch ≥ bare YARP's", gw,
                       share is not None and yarp_share is not None and share >= yarp_share,
                       f"{pct(share)} vs {pct(yarp_share)} (ready after {fmt(ready)} vs {fmt(warm.get(yarp, {}).get('ready'))} ms)"))

    bad = [r for r in runs if r["errors"] and r["phase"] in ("main", "paced")]
    if bad:
        checks = [(name, gw, False, detail + " (runs with errors: does not count)") for name, gw, _, detail in checks]

    # --- document ---
    w("# Benchmark results")
    w("")
    w("The gateway's cost against bare YARP, run with the gateway's own GC and JIT settings, measured in one interleaved")
    took = ""
    if machine.get("started") and machine.get("finished"):
        from datetime import datetime
        parse = lambda v: datetime.strptime(v, "%Y%m%dT%H%M%SZ")  # noqa: E731
        took = f" (this run took {(parse(machine['finished']) - parse(machine['started'])).seconds // 60} minutes, build included)"
    w(f"run on one machine and judged against the targets of issue 16. Produced by `bench/run.sh`; rerun it to reproduce{took}.")
    w("Raw wrk output is kept under `bench/out/` on the machine that ran it (not committed).")
    w("")
    w(f"- **Command**: `{machine.get('command', 'bench/run.sh')}` (from the repository root)")
    w(f"- **Date**: {machine.get('date', '?')}; source {machine.get('commit', '?')}")
    w(f"- **Machine**: {machine.get('nproc', '?')} CPUs ({machine.get('cpu', '?')}), {machine.get('memory', '?')} memory, {machine.get('os', '?')}")
    w(f"- **Software**: .NET {machine.get('dotnet', '?')}; wrk {machine.get('wrk', '?')}; redis-server {machine.get('redis', '?')}")
    w(f"- **Runtime settings of both the gateway and bare YARP** (checked equal before the run): {machine.get('runtime_settings', '?')};")
    w("  workstation GC is concurrent by default and neither changes that. The Web SDK's default for bare YARP would be")
    w("  server GC; `bench/BareYarp/BareYarp.csproj` mirrors `src/Portal/Portal.csproj` instead.")
    w(f"- **Targets**: {', '.join(LABEL[t] for t in targets)}" + (f"; gateway, Redis quotas with `{machine['redis_args']}`" if machine.get("redis_args") else "")
      + (f"; the gateway-only role with `{machine.get('role_args')}`" if "gw-gateway-only" in targets else ""))
    w(f"- **Load**: wrk with `bench/chat.lua`: an Azure OpenAI chat completion of about 1,090 bytes (four messages, `max_tokens` 64;")
    w("  the last user turn carries a counter, so it is new in every request while the earlier turns repeat, as in a conversation)")
    w(f"  with an `api-key` header, {machine.get('duration', '?')} s per run, loopback only; {machine.get('rounds', '?')} rounds, targets interleaved")
    w("  (each target in turn at each connection count, then again); every figure is the median of the rounds.")
    w("")
    w("## Targets")
    w("")
    w("Every target is relative to bare YARP in the same run (issue 16). Throughput, CPU, latency and streaming are judged for")
    w("the two quota stores; memory and warm-up also for the gateway-only role, whose other figures are in the tables below.")
    w("")
    w("| target | gateway | result | figures (gateway vs bare YARP) |")
    w("|---|---|---|---|")
    if bad:
        w(f"| every load run got only 2xx answers, with no socket errors | all | **MISS** | {len(bad)} runs with errors, listed below |")
    for name, gw, ok, detail in checks:
        w(f"| {name} | {SHORT[gw]} | {verdict(ok)} | {detail} |")
    w("")
    passed = sum(1 for c in checks if c[2])
    w(f"{passed} of {len(checks)} targets met.")
    w("")

    foreign_all = [r["foreign_cores"] for r in runs if r["phase"] in ("main", "paced")]
    noisy = [v for v in foreign_all if v > 0.25]
    if foreign_all:
        w(f"**Other load on the machine.** Each run also measured the CPU used by processes this benchmark did not start")
        w(f"(from `/proc/stat`, minus the servers and wrk): median {statistics.median(foreign_all):.2f} cores, maximum {max(foreign_all):.2f} cores,")
        w(f"over 0.25 cores in {len(noisy)} of {len(foreign_all)} runs. On a {machine.get('nproc', '?')}-CPU machine that load competes with the")
        w("targets; interleaving spreads it over all of them, and the CPU time per request (below) is the least sensitive figure.")
        w("")

    errors = [r for r in runs if r["errors"]]
    if errors:
        w("**Runs with errors** (their figures are included above and marked ⚠ in the tables):")
        w("")
        for r in errors:
            w(f"- {r['phase']} {r['target']} c={r['conns']} round {r['round']}: {', '.join(r['error_text'])}")
        w("")

    w("## Throughput and CPU")
    w("")
    w("Closed loop: each connection sends its next request when the previous answer has arrived. `CPU/req` is the")
    w("proxy process's own CPU time per request, including any work it finished after the run (the gateway's usage")
    w("writer); `backend CPU/req` the stub's. Ratios are of median requests/s and median CPU/req. Direct (the client")
    w("calling the stub itself) is the backend's floor, for reference.")
    w("")
    for c in conn_levels:
        w(f"### {c} connection{'s' if c > 1 else ''} (wrk -t{1 if c < 2 else 2} -c{c})")
        w("")
        w("| target | req/s (min–max) | p50 ms | p90 ms | p99 ms | vs direct | req/s vs bare YARP | CPU/req µs | CPU/req vs bare YARP | backend CPU/req µs |")
        w("|---|---|---|---|---|---|---|---|---|---|")
        for t in targets:
            s = main[(t, c)]
            if not s:
                continue
            warn = " ⚠" if s["errors"] else ""
            relative = t not in ("direct", yarp)
            w(f"| {LABEL[t]}{warn} | {fmt(s['rps'])} ({fmt(s['rps_min'])}–{fmt(s['rps_max'])}) | {fmt(s['p50'], 2)} | {fmt(s['p90'], 2)} | {fmt(s['p99'], 2)} "
              f"| {pct(ratio(s['rps'], cell('direct', c).get('rps')))} | {pct(ratio(s['rps'], cell(yarp, c).get('rps'))) if relative else '–'} "
              f"| {fmt(s['cpu_us'])} | {fmt(ratio(s['cpu_us'], cell(yarp, c).get('cpu_us')), 2) + '×' if relative else '–'} | {fmt(s['backend_cpu_us'])} |")
        w("")

    w("## Latency at a paced half of bare YARP's peak")
    w("")
    if paced_runs:
        p = paced_runs[0]
        offered = p["conns"] * 1000 / p["delay"]
        peak_rps, peak_conns = peak(runs)
        w(f"Bare YARP's peak here is {fmt(peak_rps)} req/s (its best median, at {peak_conns} connections). {p['conns']} connections, each")
        w(f"waiting {p['delay']} ms after an answer before its next request, offer every target about {offered:,.0f} req/s (a little")
        w("less where answers are slower); wrk2's constant-rate mode is not in Debian, so this is wrk's `delay()` hook, still a")
        w("closed loop.")
        w("")
        w("| target | req/s | p50 ms | p90 ms | p99 ms | p99 added vs bare YARP, ms | CPU/req µs |")
        w("|---|---|---|---|---|---|---|")
        for t in targets:
            s = paced.get(t)
            if not s:
                continue
            warn = " ⚠" if s["errors"] else ""
            vs_yarp = s["p99"] - paced[yarp]["p99"] if t not in ("direct", yarp) and paced.get(yarp) else None
            w(f"| {LABEL[t]}{warn} | {fmt(s['rps'])} | {fmt(s['p50'], 2)} | {fmt(s['p90'], 2)} | {fmt(s['p99'], 2)} | {signed(vs_yarp)} | {fmt(s['cpu_us'])} |")
        w("")

    w("## Streaming")
    w("")
    w(f"The backend is the simulator with `Latency:PerTokenMs={per_token:g}`: a streamed request with `max_tokens` {tokens} gets")
    w(f"{tokens} text chunks {per_token:g} ms apart. `curl -w '%{{time_starttransfer}} %{{time_total}}'` gives the time to first byte")
    w("and the total; a probe (`bench/stream_probe.py`) times each chunk's arrival. Medians of the runs, interleaved.")
    w(f"Before them every target serves {machine.get('stream_warmup', '200')} untimed short streams (`bench/stream_warmup.py`), so that")
    w("the streamed path is timed warm, as the load runs time the rest. The runs follow each other with idle gaps, so each")
    w("also pays for waking the machine's idle CPUs, once per thread hand-off; a proxy has more hand-offs than the backend alone.")
    w("")
    w("| target | runs | TTFB ms (curl) | added vs bare YARP ms | total ms (curl) | first text chunk ms | last text chunk ms | median gap ms | max gap ms | chunks |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for t in targets:
        s = stream[t]
        added = s["ttfb"] - stream[yarp]["ttfb"] if t not in ("direct", yarp) and s["ttfb"] is not None and stream[yarp]["ttfb"] is not None else None
        warn = " ⚠" if s["bad"] else ""
        w(f"| {LABEL[t]}{warn} | {s['runs']} | {fmt(s['ttfb'], 2)} | {signed(added)} | {fmt(s['total'], 1)} "
          f"| {fmt(s['first_chunk'], 1)} | {fmt(s['last_chunk'], 1)} | {fmt(s['gap'], 1)} | {fmt(s['max_gap'], 1)} | {fmt(s['chunks'])} |")
    w("")

    w("## Memory")
    w("")
    w(f"Peak resident memory (`VmHWM` from `/proc/PID/status`) at the end of the run, and the resident memory (`VmRSS`)")
    w(f"after the {last_conns}-connection run of each round.")
    w("")
    w("| process | peak RSS MiB | vs bare YARP MiB | " + " | ".join(f"RSS after round {n} MiB" for n in rounds) + " |")
    w("|---|---|---|" + "---|" * len(rounds))
    for t in ["bare-yarp"] + gateways + ["backend"]:
        if t in memory:
            series = rss_by_round.get(t, [None] * len(rounds))
            added = memory[t]["hwm"] - yarp_hwm if t in gateways and yarp_hwm is not None else None
            w(f"| {LABEL.get(t, 'backend stub')} | {fmt(memory[t]['hwm'])} | {signed(added, 0)} | " + " | ".join(fmt(v) for v in series) + " |")
    w("")

    w("## Warm-up")
    w("")
    w("Each gateway is configured through the management API, stopped, and launched again on that database, as a")
    w("replica joining a deployment; load (16 connections, 1-second wrk runs back to back) starts as soon as `/readyz`")
    w("answers. Bare YARP is launched cold the same way. Steady = the median of five such 1-second windows on the same")
    w(f"process once warm (after the rounds). The share reached within {WARM_BY_MS // 1000} s is the mean of the last {WARM_WINDOWS} windows that")
    w(f"end by then, over steady (one window alone is noisy on two cores).")
    w("")
    w("| process | ready after ms | req/s per 1-s window (ms after launch at its end) | steady req/s (1-s / 8-s runs at 16) | share by 10 s | first window ≥ 90% ends at ms |")
    w("|---|---|---|---|---|---|")
    for t in ["bare-yarp"] + gateways:
        if t not in warm:
            continue
        e = warm[t]
        steady = e["steady"]
        ten = cell(t, 16).get("rps")
        curve = ", ".join(f"{fmt(x['rps'])} ({x['to']})" + (" ⚠" if x["errors"] else "") for x in e["windows"])
        reached = next((x["to"] for x in e["windows"] if steady and (x["rps"] or 0) >= 0.9 * steady), None)
        w(f"| {LABEL[t]} | {fmt(e['ready'])} | {curve} | {fmt(steady)} / {fmt(ten)} | {pct(e['share'])} "
          f"| {fmt(reached) if reached else 'not within ' + str(e['windows'][-1]['to'] if e['windows'] else '?') + ' ms'} |")
    w("")

    w("## Why the backend is a stub")
    w("")
    if floor.get("simulator") and floor.get("direct"):
        w(f"The simulator with zero latency served {fmt(floor['simulator']['rps'])} req/s at 16 connections; the stub (`bench/Stub`: one canned Azure chat completion of")
        w(f"1.4 KB with its usage, no tokenizer, no limits) served {fmt(floor['direct']['rps'])} req/s on the same load. The simulator counts")
        w("prompt tokens with the o200k tokenizer and builds each answer, which would make the floor the simulator's own cost")
        w("and hide the proxies' differences, so the stub is the backend for the load runs and the simulator (with a per-token")
        w("delay) only for streaming.")
    w("")
    w("## Method")
    w("")
    w("- All servers listen on 127.0.0.1 on free ports; all run under `timeout` and are stopped by the script's EXIT trap.")
    w("- The gateway is `src/Portal` published in Release with ReadyToRun code (as `infra/Dockerfile` ships it; bare YARP likewise), run with `--environment Production`, `Demo:Enabled=false`,")
    w("  `Auth:DevelopmentSignIn:Enabled=false`, a random `Security:ApiKeyHashSecret`, an `Admin:BootstrapToken`, and a fresh")
    w("  SQLite database; it is configured only through the management API (`bench/setup_gateway.py`): a team, a team quota")
    w("  policy with limits no run reaches (so every counter is checked and settled, nothing refused), an Azure OpenAI")
    w("  backend with its key, a deployment, an alias and a client key. Usage metering is on (it always is); its defaults,")
    w("  logging and the access log included, are as shipped in `src/Portal/appsettings.json`. The gateway-only role is")
    w("  configured by a replica serving both roles and then launched on that database with the role setting.")
    w("- Bare YARP (`bench/BareYarp`) forwards every path to the stub with one static route; its logging is at Warning for")
    w("  YARP's categories, the library's floor; it runs with the gateway's runtime settings (above). Direct and bare YARP")
    w("  send the stub's key; the gateways send their own key and swap in the backend's.")
    w("- After every run the script waits until the proxy and the backend are idle (the gateway's usage writer drains into")
    w("  SQLite) before the next target starts, so one target's backlog never runs during another's measurement; before")
    w("  every run it waits (boundedly) for other processes on the machine to go quiet.")
    w("- Alias and deployment share the name `bench-chat`, so every target serves the same path and body.")
    w("- `bench/profile.sh gateway|bare-yarp` attributes a target's CPU: it warms one target for 30 s at 16")
    w("  connections, measures its CPU per request, samples it with `perf` (JIT frames named through the runtime's perf")
    w("  map) and attributes each sample to the innermost part of the request path on its stack (`bench/perf_categories.py`).")
    w("")

    notes = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notes.md")
    if os.path.exists(notes):
        w(open(notes, encoding="utf-8").read().rstrip())
        w("")

    with open(results_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--half-load":
        half_load(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "--runtime-settings":
        runtime_settings(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3:
        report(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
