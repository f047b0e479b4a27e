#!/usr/bin/env python3
"""Attributes a `perf script` dump of one .NET process to parts of the request path, so a CPU cost per request can
be put on each part. Each sample goes to the innermost frame (nearest the leaf) that names a part; samples with no
such frame go to the library or kernel they ran in. JIT-compiled frames are named through the process's perf map
(run it with DOTNET_PerfMapEnabled=1).

usage: perf script -i perf.data | perf_categories.py CPU_US_PER_REQUEST [--top N]
"""
import collections
import re
import sys

# (part, pattern), most specific first: for a frame that several patterns match, the first one names it.
PARTS = [
    ("GC", r"gc_heap::|WKS::|SVR::|GCHeap::|GCToEEInterface|\bgc_|Alloc(?:ate)?Object|JIT_New"),
    ("JIT and tiering", r"libclrjit|TieredCompilation|CallCounting"),
    ("quota: token estimate (o200k tokenizer)", r"TokenEstimator|O200kTokenCounter|RegexGenerator_g|Microsoft\.ML\.Tokenizers"),
    ("auth: key HMAC-SHA256", r"ApiKeyHasher|HMAC|libcrypto"),
    ("config poller (database)", r"GatewayConfigurationPoller|GatewaySnapshotLoader"),
    ("metering: usage writer (EF Core + SQLite)", r"UsageWriter|UsageRollupWriter|EntityFrameworkCore|Microsoft\.Data\.Sqlite|SQLitePCL|libe_sqlite3"),
    ("logging", r"Microsoft\.Extensions\.Logging|ConsoleLogger|SimpleConsoleFormatter|System\.Console"),
    ("quota: store (in-process / Redis)", r"InProcessQuotaStore|RedisQuotaStore|FallbackQuotaStore|StackExchange\.Redis|QuotaRules|QuotaWindows"),
    ("metering: record", r"UsageMeteringMiddleware|UsageRecorder|RequestUsage"),
    ("body: read, inspect, comply, rewrite", r"RequestBodyMiddleware|RequestInspector|RequestRewriter|RequestFields|CompliancePolicy|ComplianceMiddleware|ReadOnlyMemoryStream"),
    ("response: observe JSON/SSE for usage", r"JsonResponseStream|SseResponseStream|ResponseJson|ResponseObserver"),
    ("gateway: other steps (context, auth lookup, alias, selection, transforms)", r"AiGateway\."),
    ("YARP forwarder", r"Yarp\."),
    ("HTTP client (SocketsHttpHandler)", r"System\.Net\.Http"),
    ("ASP.NET Core: authentication/authorization", r"Microsoft\.AspNetCore\.Authentication|Microsoft\.AspNetCore\.Authorization"),
    ("ASP.NET Core: other middleware, routing, hosting", r"Microsoft\.AspNetCore\.(?!Server)"),
    ("Kestrel (HTTP server)", r"Microsoft\.AspNetCore\.Server|Kestrel"),
    ("sockets", r"System\.Net\.Sockets"),
    ("thread pool (dispatch, spinning)", r"ThreadPool|LowLevelLifoSemaphore|LowLevelSpinWaiter|Thread::Sleep|SpinWait"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in PARTS]


def classify(frames):
    """frames: (symbol, dso) from the leaf up."""
    for symbol, dso in frames:
        text = f"{symbol} {dso}"
        for name, pattern in COMPILED:
            if pattern.search(text):
                return name
    leaf_dso = frames[0][1] if frames else "?"
    if "kernel" in leaf_dso:
        return "kernel (other)"
    if "coreclr" in leaf_dso:
        return "runtime (other)"
    if "System.Private.CoreLib" in leaf_dso or "JIT" in leaf_dso or "perf-" in leaf_dso:
        return "managed (other: collections, tasks, strings)"
    return "other: " + re.sub(r".*/", "", leaf_dso)


def samples(stream):
    frames = []
    for line in stream:
        line = line.rstrip("\n")
        if not line.strip():
            if frames:
                yield frames
            frames = []
            continue
        if line[0] not in " \t":
            continue  # the sample's header line
        m = re.match(r"\s*[0-9a-f]+\s+(.*?)\s+\(([^)]*)\)\s*$", line)
        if m:
            frames.append((m.group(1), m.group(2)))
    if frames:
        yield frames


def main():
    cpu_us = float(sys.argv[1])
    top = int(sys.argv[sys.argv.index("--top") + 1]) if "--top" in sys.argv else 0
    counts = collections.Counter()
    leaves = collections.defaultdict(collections.Counter)
    total = 0
    for frames in samples(sys.stdin):
        part = classify(frames)
        counts[part] += 1
        leaves[part][frames[0][0][:110]] += 1
        total += 1
    print(f"{total} samples; {cpu_us:.0f} µs of CPU per request")
    print()
    print("| part | share of CPU | µs per request |")
    print("|---|---|---|")
    for part, n in counts.most_common():
        print(f"| {part} | {n / total:.1%} | {n / total * cpu_us:.0f} |")
    if top:
        for part, n in counts.most_common():
            print(f"\n## {part}")
            for leaf, k in leaves[part].most_common(top):
                print(f"  {k / total:6.2%}  {leaf}")


if __name__ == "__main__":
    main()
