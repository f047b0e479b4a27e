#!/usr/bin/env python3
"""Turns one bench/run.sh output folder into bench/results.md.

usage: report.py OUT_DIR RESULTS_MD     write the report
       report.py --half-load OUT_DIR    print "half_conns paced_conns paced_delay_ms" for the half-load phase
"""
import json
import os
import re
import statistics
import sys

TARGETS = ["direct", "bare-yarp", "gw-inprocess", "gw-redis"]
GATEWAYS = ["gw-inprocess", "gw-redis"]
LABEL = {
    "direct": "direct",
    "bare-yarp": "bare YARP",
    "gw-inprocess": "gateway, in-process quotas",
    "gw-redis": "gateway, Redis quotas",
    "simulator": "simulator (zero latency)",
}
MIB = 1024

# Targets of issue 8.
MIN_RATIO_TO_YARP = 0.85
MAX_ADDED_P99_MS = 1.0
MAX_ADDED_TTFB_MS = 1.0
MAX_RSS_MIB = 175
MAX_RSS_GROWTH = 0.05
MIN_WARM_SHARE = 0.90
WARM_BY_MS = 10_000


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
    """The gateway's peak: the lower of the two gateways' best median req/s, and the connection count it came at."""
    best = {}
    for gw in GATEWAYS:
        cells = {c: summary(select(runs, "main", gw, c)) for c in sorted({r["conns"] for r in select(runs, "main", gw)})}
        conns, cell = max(cells.items(), key=lambda kv: kv[1]["rps"] or 0)
        best[gw] = (cell["rps"] or 0, conns)
    return min(best.values())


def half_load(out):
    runs = read_runs(out)
    rate, conns = peak(runs)
    half_conns = max(1, conns // 2)
    # About 20 ms between a connection's requests: fine enough steps for wrk's whole-millisecond delay.
    paced_conns = max(1, min(512, round(rate / 2 * 0.020)))
    paced_delay = max(1, round(paced_conns * 1000 / (rate / 2)))
    print(half_conns, paced_conns, paced_delay)


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


def report(out, results_path):
    runs = read_runs(out)
    machine = read_machine(out)
    conn_levels = sorted({r["conns"] for r in select(runs, "main")})
    lines = []
    w = lines.append

    main = {(t, c): summary(select(runs, "main", t, c)) for t in TARGETS for c in conn_levels}
    paced = {t: summary(select(runs, "paced", t)) for t in TARGETS}
    half = {t: summary(select(runs, "half", t)) for t in TARGETS}
    paced_runs = select(runs, "paced")
    half_runs = select(runs, "half")

    # Streaming
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
    for t in TARGETS:
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

    # Memory
    memory = {}
    if os.path.exists(os.path.join(out, "memory.tsv")):
        for line in open(os.path.join(out, "memory.tsv"), encoding="utf-8"):
            name, hwm, rss = line.rstrip("\n").split("\t")
            memory[name] = {"hwm": int(hwm or 0) / MIB, "rss": int(rss or 0) / MIB}
    rounds = sorted({r["round"] for r in select(runs, "main")})
    last_conns = conn_levels[-1] if conn_levels else None
    rss_by_round = {}
    for t in ["bare-yarp"] + GATEWAYS:
        rss_by_round[t] = [next((r["rss_kb"] / MIB for r in select(runs, "main", t, last_conns) if r["round"] == n), None) for n in rounds]

    # Warm-up
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

    floor = {t: summary(select(runs, "floor", t)) for t in ["simulator", "direct"]}

    # --- targets ---
    checks = []
    ratios = {(gw, c): ratio(main[(gw, c)]["rps"], main[("bare-yarp", c)]["rps"]) for gw in GATEWAYS for c in conn_levels if main[(gw, c)]}
    worst = min(ratios.items(), key=lambda kv: kv[1] or 0) if ratios else None
    checks.append((
        f"Throughput: the gateway keeps ≥ {MIN_RATIO_TO_YARP:.0%} of bare YARP's requests/s (every connection count, both quota stores)",
        bool(ratios) and all((v or 0) >= MIN_RATIO_TO_YARP for v in ratios.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]} at {c}: {pct(v)}" for (gw, c), v in sorted(ratios.items(), key=lambda kv: (kv[0][1], kv[0][0])))
        + (f" (worst: {pct(worst[1])})" if worst else "")))
    added_p99 = {gw: (paced[gw]["p99"] - paced["direct"]["p99"]) if paced.get(gw) and paced.get("direct") else None for gw in GATEWAYS}
    checks.append((
        f"Latency: the gateway adds < {MAX_ADDED_P99_MS:g} ms to p99 at half of its peak load (paced, against direct)",
        all(v is not None and v < MAX_ADDED_P99_MS for v in added_p99.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: {signed(v)} ms" for gw, v in added_p99.items())))
    added_ttfb = {gw: (stream[gw]["ttfb"] - stream["direct"]["ttfb"]) if stream[gw]["ttfb"] is not None and stream["direct"]["ttfb"] is not None else None for gw in GATEWAYS}
    checks.append((
        f"Streaming: added time to first byte < {MAX_ADDED_TTFB_MS:g} ms (curl, median, against direct)",
        all(v is not None and v < MAX_ADDED_TTFB_MS for v in added_ttfb.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: {signed(v)} ms" for gw, v in added_ttfb.items())))
    per_token = float(machine.get("stream_per_token_ms", 20))
    tokens = int(machine.get("stream_tokens", 50))
    flow_ok = {}
    for gw in GATEWAYS:
        s, d = stream[gw], stream["direct"]
        flow_ok[gw] = (s["runs"] > 0 and s["bad"] == 0 and s["chunks"] == tokens and s["gap"] is not None
                       and abs(s["gap"] - per_token) <= 0.25 * per_token
                       and s["last_chunk"] is not None and d["last_chunk"] is not None and s["last_chunk"] - d["last_chunk"] < 5)
    checks.append((
        "Streaming: chunks reach the client as the backend sends them (median gap within 25% of the backend's, last chunk within 5 ms of direct)",
        all(flow_ok.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: gap {fmt(stream[gw]['gap'], 1)} ms, last chunk {signed((stream[gw]['last_chunk'] or 0) - (stream['direct']['last_chunk'] or 0), 1)} ms" for gw in GATEWAYS)))
    checks.append((
        f"Memory: peak RSS (VmHWM) < {MAX_RSS_MIB} MiB",
        all(gw in memory and memory[gw]["hwm"] < MAX_RSS_MIB for gw in GATEWAYS),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: {fmt(memory.get(gw, {}).get('hwm'), 0)} MiB" for gw in GATEWAYS)))
    growth = {}
    for gw in GATEWAYS:
        series = [v for v in rss_by_round[gw] if v is not None]
        growth[gw] = (series[-1] / series[0] - 1) if len(series) >= 2 and series[0] else None
    checks.append((
        f"Memory: RSS does not grow across rounds (after the {last_conns}-connection run, last round within {MAX_RSS_GROWTH:.0%} of the first)",
        all(v is not None and v <= MAX_RSS_GROWTH for v in growth.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: " + " → ".join(fmt(v, 0) for v in rss_by_round[gw]) + " MiB" for gw in GATEWAYS)))
    warm_share = {}
    for gw in GATEWAYS:
        windows = [x for x in warm.get(gw, {}).get("windows", []) if x["to"] <= WARM_BY_MS]
        steady = median(warm.get(gw, {}).get("reference", []))
        warm_share[gw] = ratio(windows[-1]["rps"], steady) if windows and steady else None
    checks.append((
        f"Warm-up: within {WARM_BY_MS // 1000} s of launch the gateway serves ≥ {MIN_WARM_SHARE:.0%} of its steady req/s (16 connections, 1-s windows, against the same windows once warm)",
        all(v is not None and v >= MIN_WARM_SHARE for v in warm_share.values()),
        "; ".join(f"{LABEL[gw].split(', ')[1]}: {pct(v)}" for gw, v in warm_share.items())))

    bad = [r for r in runs if r["errors"] and r["phase"] in ("main", "paced", "half")]
    checks.insert(0, (
        "Validity: every load run got only 2xx answers, with no socket errors",
        not bad,
        "all runs clean" if not bad else f"{len(bad)} runs with errors, listed below; figures involving them do not count"))
    if bad:
        checks = [(name, ok and name.startswith("Validity"), detail) for name, ok, detail in checks]

    # --- document ---
    w("# Benchmark results")
    w("")
    w("The gateway's overhead, measured against a direct call to the backend and a bare YARP proxy, in one interleaved")
    took = ""
    if machine.get("started") and machine.get("finished"):
        from datetime import datetime
        parse = lambda v: datetime.strptime(v, "%Y%m%dT%H%M%SZ")  # noqa: E731
        took = f" (this run took {(parse(machine['finished']) - parse(machine['started'])).seconds // 60} minutes, build included)"
    w(f"run on one machine. Produced by `bench/run.sh`; rerun it to reproduce{took}. Raw wrk output is kept under")
    w("`bench/out/` on the machine that ran it (not committed).")
    w("")
    w(f"- **Command**: `{machine.get('command', 'bench/run.sh')}` (from the repository root)")
    w(f"- **Date**: {machine.get('date', '?')}; source {machine.get('commit', '?')}")
    w(f"- **Machine**: {machine.get('nproc', '?')} CPUs ({machine.get('cpu', '?')}), {machine.get('memory', '?')} memory, {machine.get('os', '?')}")
    w(f"- **Software**: .NET {machine.get('dotnet', '?')}; wrk {machine.get('wrk', '?')}; redis-server {machine.get('redis', '?')}")
    w(f"- **Load**: wrk with `bench/chat.lua`: an Azure OpenAI chat completion of about 1,090 bytes (four messages, `max_tokens` 64;")
    w("  the last user turn carries a counter, so it is new in every request while the earlier turns repeat, as in a conversation)")
    w(f"  with an `api-key` header, {machine.get('duration', '?')} s per run, loopback only; {machine.get('rounds', '?')} rounds, targets interleaved")
    w("  (direct, bare YARP, gateway in-process, gateway Redis, then again); every figure is the median of the rounds.")
    w("")
    w("## Targets")
    w("")
    w("| target | result | figures |")
    w("|---|---|---|")
    for name, ok, detail in checks:
        w(f"| {name} | {verdict(ok)} | {detail} |")
    w("| Scale: the same table at 1, 16 and 256 connections | reported | below |")
    w("")

    noisy = [r for r in runs if r["phase"] in ("main", "paced", "half") and r["foreign_cores"] > 0.25]
    foreign_all = [r["foreign_cores"] for r in runs if r["phase"] in ("main", "paced", "half")]
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

    w("## Throughput and latency")
    w("")
    w("Closed loop: each connection sends its next request when the previous answer has arrived. `CPU/req` is the")
    w("proxy process's own CPU time per request, including any work it finished after the run (the gateway's usage")
    w("writer); `backend CPU/req` the stub's. Ratios are of median requests/s.")
    w("")
    for c in conn_levels:
        w(f"### {c} connection{'s' if c > 1 else ''} (wrk -t{1 if c < 2 else 2} -c{c})")
        w("")
        w("| target | req/s (min–max) | p50 ms | p90 ms | p99 ms | vs direct | vs bare YARP | CPU/req µs | backend CPU/req µs |")
        w("|---|---|---|---|---|---|---|---|---|")
        for t in TARGETS:
            s = main[(t, c)]
            if not s:
                continue
            warn = " ⚠" if s["errors"] else ""
            w(f"| {LABEL[t]}{warn} | {fmt(s['rps'])} ({fmt(s['rps_min'])}–{fmt(s['rps_max'])}) | {fmt(s['p50'], 2)} | {fmt(s['p90'], 2)} | {fmt(s['p99'], 2)} "
              f"| {pct(ratio(s['rps'], main[('direct', c)]['rps']))} | {pct(ratio(s['rps'], main[('bare-yarp', c)]['rps'])) if t != 'direct' else '–'} "
              f"| {fmt(s['cpu_us'])} | {fmt(s['backend_cpu_us'])} |")
        w("")

    w("## Latency at half of the gateway's peak")
    w("")
    if paced_runs:
        p = paced_runs[0]
        offered = p["conns"] * 1000 / p["delay"]
        w(f"The gateway's peak here is the lower of the two gateways' best median req/s. **Paced**: {p['conns']} connections, each")
        w(f"waiting {p['delay']} ms after an answer before its next request, so every target is offered about {offered:,.0f} req/s")
        w("(a little less where answers are slower); wrk2's constant-rate mode is not in Debian, so this is wrk's `delay()`")
        w("hook, still a closed loop. **Half connections**: as first specified for this benchmark, half of the connection")
        w("count at which the gateway peaked, unpaced; there a slower target is simply offered less, so compare with care.")
        w("")
        for title, table, some in (("Paced", paced, paced_runs), ("Half connections", half, half_runs)):
            if not some:
                continue
            w(f"**{title}** ({some[0]['conns']} connections{', ' + str(some[0]['delay']) + ' ms delay' if some[0]['delay'] else ''})")
            w("")
            w("| target | req/s | p50 ms | p90 ms | p99 ms | p99 added vs direct, ms | p99 added vs bare YARP, ms |")
            w("|---|---|---|---|---|---|---|")
            for t in TARGETS:
                s = table.get(t)
                if not s:
                    continue
                warn = " ⚠" if s["errors"] else ""
                vs_direct = s["p99"] - table["direct"]["p99"] if t != "direct" else None
                vs_yarp = s["p99"] - table["bare-yarp"]["p99"] if t not in ("direct", "bare-yarp") else None
                w(f"| {LABEL[t]}{warn} | {fmt(s['rps'])} | {fmt(s['p50'], 2)} | {fmt(s['p90'], 2)} | {fmt(s['p99'], 2)} "
                  f"| {signed(vs_direct)} | {signed(vs_yarp)} |")
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
    w("| target | runs | TTFB ms (curl) | added ms | total ms (curl) | first text chunk ms | last text chunk ms | median gap ms | max gap ms | chunks |")
    w("|---|---|---|---|---|---|---|---|---|---|")
    for t in TARGETS:
        s = stream[t]
        added = s["ttfb"] - stream["direct"]["ttfb"] if t != "direct" and s["ttfb"] is not None and stream["direct"]["ttfb"] is not None else None
        warn = " ⚠" if s["bad"] else ""
        w(f"| {LABEL[t]}{warn} | {s['runs']} | {fmt(s['ttfb'], 2)} | {signed(added)} | {fmt(s['total'], 1)} "
          f"| {fmt(s['first_chunk'], 1)} | {fmt(s['last_chunk'], 1)} | {fmt(s['gap'], 1)} | {fmt(s['max_gap'], 1)} | {fmt(s['chunks'])} |")
    w("")

    w("## Memory")
    w("")
    w(f"Peak resident memory (`VmHWM` from `/proc/PID/status`) at the end of the run, and the resident memory (`VmRSS`)")
    w(f"after the {last_conns}-connection run of each round.")
    w("")
    w("| process | peak RSS MiB | " + " | ".join(f"RSS after round {n} MiB" for n in rounds) + " |")
    w("|---|---|" + "---|" * len(rounds))
    for t in ["bare-yarp"] + GATEWAYS + ["backend"]:
        if t in memory:
            series = rss_by_round.get(t, [None] * len(rounds))
            w(f"| {LABEL.get(t, 'backend stub')} | {fmt(memory[t]['hwm'])} | " + " | ".join(fmt(v) for v in series) + " |")
    w("")

    w("## Warm-up")
    w("")
    w("Each gateway is configured through the management API, stopped, and launched again on that database, as a")
    w("replica joining a deployment; load (16 connections, 1-second wrk runs back to back) starts as soon as `/readyz`")
    w("answers. Bare YARP is launched cold the same way, for reference. Steady = the median of five such 1-second")
    w("windows on the same process once warm (after the rounds); the 10-second figure at 16 connections is shown beside it.")
    w("")
    w("| process | ready after ms | req/s per 1-s window (ms after launch at its end) | steady req/s (1-s / 10-s) | last window by 10 s | first window ≥ 90% ends at ms |")
    w("|---|---|---|---|---|---|")
    for t in ["bare-yarp"] + GATEWAYS:
        if t not in warm:
            continue
        e = warm[t]
        steady = median(e["reference"])
        ten = main[(t, 16)]["rps"] if (t, 16) in main and main[(t, 16)] else None
        curve = ", ".join(f"{fmt(x['rps'])} ({x['to']})" + (" ⚠" if x["errors"] else "") for x in e["windows"])
        inside = [x for x in e["windows"] if x["to"] <= WARM_BY_MS]
        reached = next((x["to"] for x in e["windows"] if steady and (x["rps"] or 0) >= MIN_WARM_SHARE * steady), None)
        w(f"| {LABEL[t]} | {fmt(e['ready'])} | {curve} | {fmt(steady)} / {fmt(ten)} | {pct(ratio(inside[-1]['rps'], steady)) if inside and steady else '–'} "
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
    w("  logging included, are as shipped in `src/Portal/appsettings.json`.")
    w("- Bare YARP (`bench/BareYarp`) forwards every path to the stub with one static route; its logging is at Warning for")
    w("  YARP's categories, the library's floor. Direct and bare YARP send the stub's key; the gateways send their own key")
    w("  and swap in the backend's.")
    w("- After every run the script waits until the proxy and the backend are idle (the gateway's usage writer drains into")
    w("  SQLite) before the next target starts, so one target's backlog never runs during another's measurement.")
    w("- Alias and deployment share the name `bench-chat`, so every target serves the same path and body.")
    w("- `bench/profile.sh gateway|bare-yarp` reproduces the CPU attribution below: it warms one target for 30 s at 16")
    w("  connections, measures its CPU per request, samples it with `perf` (JIT frames named through the runtime's perf")
    w("  map) and attributes each sample to the innermost part of the request path on its stack (`bench/perf_categories.py`).")
    w("")

    hotspots = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hotspots.md")
    if os.path.exists(hotspots):
        w(open(hotspots, encoding="utf-8").read().rstrip())
        w("")

    with open(results_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--half-load":
        half_load(sys.argv[2])
    elif len(sys.argv) == 3:
        report(sys.argv[1], sys.argv[2])
    else:
        sys.exit(__doc__)
